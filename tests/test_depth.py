"""Depth without a depth buffer: axes, slice planes, floor lines and curves on the surface are painted behind the
faces nearer the camera (a curve on the surface over its own face), and an axis name never sits at an end the
surface hides."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, Mobject, ThreeDAxes, ThreeDScene

from scenes.kit.depth import DepthCamera, FacesOnScreen, depth_sorted_line, sort_by_depth
from scenes.kit.layout import axes_over_surfaces
from scenes.kit.surfaces import (
    SurfaceScene,
    bowl_surface,
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
    lowest = min(axes.point_to_coords(point)[2] for point in curve.get_all_points())
    assert lowest == pytest.approx(0.25, abs=1e-3)


def test_a_line_on_the_floor_under_the_bowl_is_painted_behind_it():
    axes = bowl_axes()
    line = depth_sorted_line(axes.c2p(-1.5, 0.6, 0), axes.c2p(1.5, 0.6, 0))  # under the far half of the bowl
    scene, faces = bowl_scene(axes, phi=64, theta=-58, more=(line,))
    covered, painted_over = pieces_behind_nearer_faces(scene, list(line), faces)
    assert covered > 5
    assert painted_over == 0


def curve_painted_against_faces(scene: ThreeDScene, pieces: list[Mobject], faces: list, *, covers: float = 0.5,
                                 lies_on: float = 0.1) -> tuple[int, int, int, int]:
    """For a curve lying on the surface, looked at in points along each piece: (points a nearer wall covers, of
    those how many are painted over it; points in plain view, of those how many are painted under a face they
    lie on).

    At each point, the faces showing there, at their depth there (``FacesOnScreen``): a face nearer than the
    point by over ``covers`` covers it; one within ``lies_on`` is a face it lies on. Between the two, where
    the surface folds out of sight, the order is not judged.
    """
    camera = scene.renderer.camera
    order = {id(m): i for i, m in enumerate(camera.get_mobjects_to_display(scene.mobjects))}
    face_order = np.array([order[id(face)] for face in faces] * 2)  # FacesOnScreen: two triangles a face
    along = (0.25, 0.5, 0.75)
    points = np.array([piece.point_from_proportion(t) for piece in pieces for t in along])
    painted = np.repeat([order[id(piece)] for piece in pieces], len(along))
    screen, depth = on_screen(camera, points)
    covered = over = shown = under = 0
    for at, point_depth, face_depths in zip(painted, depth, FacesOnScreen(camera, faces).covering_depth(screen)):
        nearer = face_depths > point_depth + covers
        own = np.abs(face_depths - point_depth) <= lies_on
        if nearer.any():
            covered += 1
            over += bool(np.any(at > face_order[nearer]))
        elif own.any() and not np.any(face_depths > point_depth + lies_on):
            shown += 1
            under += bool(np.any(at < face_order[own]))
    return covered, over, shown, under


@pytest.mark.parametrize(("view", "along", "at"), [((75, -90), "x", 0.4), ((64, -58), "y", 1.0),
                                                    ((64, -58), "x", -0.5), ((62, -70), "y", -0.8)])
def test_a_curve_on_the_surface_shows_on_its_face_and_hides_behind_a_nearer_wall(view, along, at):
    # A slice's curve across the bowl: the near wall covers where it runs low on the far side.
    axes = bowl_axes()
    half = float(np.sqrt(4.0 - at * at))
    curve = slice_curve(axes, bowl, along=along, at=at, span=(-half, half), color="#cc8800", stroke_width=6)
    scene, faces = bowl_scene(axes, phi=view[0], theta=view[1], more=(curve,))
    covered, over, shown, under = curve_painted_against_faces(scene, curve.family_members_with_points(), faces)
    assert over == 0  # hidden behind the nearer wall
    assert under == 0  # painted over the face it lies on
    assert covered >= 10 and shown >= 5  # the near wall does cover part of it, and part shows: the test looks


def test_a_curve_sorted_like_an_axis_is_painted_under_its_own_face():
    # Sorted as farther than it is, as an axis is, a curve on the surface would sink under its own faces:
    # on-surface pieces need the bias toward the camera.
    axes = bowl_axes()
    curve = slice_curve(axes, bowl, along="y", at=1.0, span=(-1.7, 1.7), color="#cc8800")
    sort_by_depth(curve)
    scene, faces = bowl_scene(axes, phi=64, theta=-58, more=(curve,))
    *_, shown, under = curve_painted_against_faces(scene, curve.family_members_with_points(), faces)
    assert under > shown / 4


@pytest.mark.parametrize("view", BOWL_VIEWS[1:])  # the views the bowls stay in (the first is turned from)
def test_an_axis_name_behind_the_bowl_moves_beside_its_axis_in_view(view):
    scene = SurfaceScene(camera_class=DepthCamera)
    scene.FIRST_VIEW = view
    scene.setup()
    axes = bowl_axes()
    surface = bowl_surface(axes, bowl, radius=2.0)
    names = surface_axis_labels(axes, names=("x", "y", "z"), buff=0.5)
    scene.add(axes, surface, *names)
    before = [name.get_center().copy() for name in names]
    hidden = axes_over_surfaces(scene).names_over
    scene.name_axes_where_seen(names, axes, surface)
    assert axes_over_surfaces(scene).names_over == set()  # as the layout check sees it
    for name, centre, axis in zip(names, before, axes.get_axes()):
        if f"{name.names_axis} axis name" not in hidden:
            continue
        # beside its axis on screen (0.45 square to it), no longer at the hidden end
        rotation = scene.view_rotation()
        start, end, spot = (rotation @ point for point in (axis.get_start(), axis.get_end(), name.get_center()))
        direction = (end - start)[:2] / np.linalg.norm((end - start)[:2])
        offset = (spot - start)[:2]
        assert abs(offset[0] * direction[1] - offset[1] * direction[0]) == pytest.approx(0.45)
        assert np.linalg.norm(name.get_center() - centre) > 0.3
    if view != (64, -58):
        assert "y axis name" in hidden  # the +y end runs away from the viewer, under the far wall
