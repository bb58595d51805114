"""Depth without a depth buffer: axes, slice planes and floor lines are painted behind the faces nearer the camera,
and an axis name never sits at an end the surface hides."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, Mobject, ThreeDAxes, ThreeDScene

from scenes.kit.depth import DepthCamera, depth_sorted_line
from scenes.kit.surfaces import (
    SurfaceScene,
    bowl_surface,
    hidden_by,
    last_point_in_view,
    slice_curve,
    slice_plane,
    surface_axes,
    surface_axis_labels,
)

BOWL_VIEWS = [(72, -96), (64, -58), (62, -70)]  # §06's first and working views, §07's


def bowl(x: float, y: float) -> float:
    return x * x + y * y


def bowl_scene(axes: ThreeDAxes, *, phi: float, theta: float, more: tuple[Mobject, ...] = ()
               ) -> tuple[ThreeDScene, list]:
    """A bowl z = x² + y² of radius 2 on the axes (and ``more``), seen from (phi, theta) degrees: scene and faces."""
    scene = ThreeDScene(camera_class=DepthCamera)
    surface = bowl_surface(axes, bowl, radius=2.0)
    scene.add(axes, surface, *more)
    scene.set_camera_orientation(phi=phi * DEGREES, theta=theta * DEGREES)
    scene.renderer.camera.reset_rotation_matrix()
    return scene, list(surface)


def bowl_axes() -> ThreeDAxes:
    return surface_axes(x_range=[-2.8, 2.8, 1], y_range=[-2.8, 2.8, 1], z_range=[0, 4.6, 1], x_length=7.0,
                        y_length=7.0, z_length=3.5)


def on_screen(camera: DepthCamera, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Screen (x, y) and nearness to the camera of scene points."""
    return camera.project_points(points)[:, :2], ((points - camera.frame_center) @ camera.get_rotation_matrix().T)[:, 2]


def inside_quad(point: np.ndarray, quad: np.ndarray) -> bool:
    """Whether a screen point lies inside a convex quadrilateral (its corners in order, either way round)."""
    edges = np.roll(quad, -1, axis=0) - quad
    crosses = edges[:, 0] * (point[1] - quad[:, 1]) - edges[:, 1] * (point[0] - quad[:, 0])
    return bool(np.all(crosses >= 0) or np.all(crosses <= 0))


def axis_pieces(axes: ThreeDAxes) -> list[Mobject]:
    return [piece for axis in axes.get_axes() for piece in [*axis.pieces, *axis.ticks]]


def pieces_behind_nearer_faces(scene: ThreeDScene, pieces: list[Mobject], faces: list) -> tuple[int, int]:
    """(pieces a nearer face covers, of those how many the camera paints after that face).

    A face covers a piece when the piece's middle shows inside the face and the face's middle is nearer
    the camera by more than a face's own depth spread.
    """
    camera = scene.renderer.camera
    order = {id(m): i for i, m in enumerate(camera.get_mobjects_to_display(scene.mobjects))}
    quads, face_depths = [], []
    for face in faces:
        screen, depth = on_screen(camera, face.points[::4][:4])
        quads.append(screen)
        face_depths.append((depth.mean(), np.ptp(depth)))
    covered = painted_over = 0
    for piece in pieces:
        (point,), (depth,) = on_screen(camera, piece.get_center()[None, :])
        nearer = [face for face, quad, (face_depth, spread) in zip(faces, quads, face_depths)
                  if face_depth - spread > depth + 0.05 and inside_quad(point, quad)]
        if nearer:
            covered += 1
            painted_over += any(order[id(piece)] > order[id(face)] for face in nearer)
    return covered, painted_over


@pytest.mark.parametrize("view", BOWL_VIEWS)
def test_an_axis_behind_a_nearer_face_is_painted_before_it(view):
    axes = bowl_axes()
    scene, faces = bowl_scene(axes, phi=view[0], theta=view[1])
    covered, painted_over = pieces_behind_nearer_faces(scene, axis_pieces(axes), faces)
    assert covered > 10  # the axes do run under the bowl: the test looks at something
    assert painted_over == 0


def test_axes_painted_in_one_piece_are_painted_over_the_bowl():
    # The kit's axes before depth sorting: unshaded, so painted after every face.
    axes = bowl_axes()
    axes.set_shade_in_3d(False)
    scene, faces = bowl_scene(axes, phi=64, theta=-58)
    covered, painted_over = pieces_behind_nearer_faces(scene, axis_pieces(axes), faces)
    assert painted_over == covered > 10


def test_depth_sorted_axes_keep_their_colour_under_the_light():
    axes = bowl_axes()
    scene, _ = bowl_scene(axes, phi=64, theta=-58)
    camera = scene.renderer.camera
    for piece in (axes.z_axis.pieces[0], axes.x_axis.ticks[0]):
        assert piece.shade_in_3d
        assert np.allclose(camera.get_stroke_rgbas(piece), piece.get_stroke_rgbas())



def test_a_slice_plane_by_depth_is_painted_behind_the_nearer_faces():
    # A sheet across the bowl at y = 0.4, seen from above the y < 0 side: the near wall covers its lower part.
    axes = bowl_axes()
    plane = slice_plane(axes, bowl, along="x", at=0.4, span=(-1.9, 1.9), top=4.0, color="#cc8800", by_depth=True)
    scene, faces = bowl_scene(axes, phi=75, theta=-90, more=(plane,))
    tiles = [tile for part in plane for tile in part]
    covered, painted_over = pieces_behind_nearer_faces(scene, tiles, faces)
    assert covered > 10
    assert painted_over == 0


def test_a_slice_plane_stands_on_the_surface():
    # Nothing of the sheet hangs below the slice curve: its foot is the curve, its top the height given.
    axes = bowl_axes()
    for by_depth in (False, True):
        plane = slice_plane(axes, bowl, along="y", at=0.5, span=(-1.5, 1.5), top=4.0, color="#cc8800",
                            by_depth=by_depth)
        for x, y, z in (axes.point_to_coords(point) for point in plane[0].get_all_points()):
            assert x == pytest.approx(0.5)
            assert bowl(x, y) - 1e-6 <= z <= 4.0 + 1e-6
    curve = slice_curve(axes, bowl, along="y", at=0.5, span=(-1.5, 1.5))
    lowest = min(axes.point_to_coords(point)[2] for point in curve.points)
    assert lowest == pytest.approx(0.25, abs=1e-3)


def test_a_line_on_the_floor_under_the_bowl_is_painted_behind_it():
    axes = bowl_axes()
    line = depth_sorted_line(axes.c2p(-1.5, 0.6, 0), axes.c2p(1.5, 0.6, 0))  # under the far half of the bowl
    scene, faces = bowl_scene(axes, phi=64, theta=-58, more=(line,))
    covered, painted_over = pieces_behind_nearer_faces(scene, list(line), faces)
    assert covered > 5
    assert painted_over == 0


class NamedBowl(SurfaceScene):
    FIRST_VIEW = (64, -58)


def test_an_axis_name_behind_the_bowl_moves_beside_its_axis_in_view():
    moved = 0
    for phi, theta in BOWL_VIEWS:
        scene = NamedBowl(camera_class=DepthCamera)
        scene.setup()
        axes = bowl_axes()
        surface = bowl_surface(axes, bowl, radius=2.0)
        names = surface_axis_labels(axes, names=("x", "y", "z"), buff=0.5)
        rotation = scene.view_rotation(phi=phi, theta=theta)
        before = [(name.get_center().copy(), hidden_by(surface, name.get_center(), rotation)) for name in names]
        scene.name_axes_where_seen(names, axes, surface, view={"phi": phi, "theta": theta})
        for name, (centre, hidden), axis in zip(names, before, axes.get_axes()):
            if not hidden:
                assert np.allclose(name.get_center(), centre)  # a name in view stays where it was
                continue
            moved += 1
            seen = last_point_in_view(axis.get_start(), axis.get_end(), surface, rotation)
            assert not hidden_by(surface, seen, rotation)
            assert np.linalg.norm(name.get_center() - seen) == pytest.approx(0.4)
            assert not hidden_by(surface, name.get_center(), rotation)
    # the bowl does hide names from these views (the +y end runs away from the viewer, under the far wall)
    assert moved >= 1
