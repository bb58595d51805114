"""Axes among a surface's faces: the kit's depth-sorted axes are painted behind the faces nearer the camera."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DEGREES, ThreeDAxes, ThreeDScene

from scenes.kit.depth import DepthCamera
from scenes.kit.surfaces import bowl_surface, surface_axes

BOWL_VIEWS = [(72, -96), (64, -58), (62, -70)]  # §06's first and working views, §07's


def bowl_scene(axes: ThreeDAxes, *, phi: float, theta: float) -> tuple[ThreeDScene, list]:
    """A bowl z = x² + y² of radius 2 on the axes, seen from (phi, theta) degrees; returns the scene and faces."""
    scene = ThreeDScene(camera_class=DepthCamera)
    bowl = bowl_surface(axes, lambda x, y: x * x + y * y, radius=2.0)
    scene.add(axes, bowl)
    scene.set_camera_orientation(phi=phi * DEGREES, theta=theta * DEGREES)
    scene.renderer.camera.reset_rotation_matrix()
    return scene, list(bowl)


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


def pieces_behind_nearer_faces(scene: ThreeDScene, axes: ThreeDAxes, faces: list) -> tuple[int, int]:
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
    for axis in axes.get_axes():
        for piece in [*axis.pieces, *axis.ticks]:
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
    covered, painted_over = pieces_behind_nearer_faces(scene, axes, faces)
    assert covered > 10  # the axes do run under the bowl: the test looks at something
    assert painted_over == 0


def test_axes_painted_in_one_piece_are_painted_over_the_bowl():
    # The kit's axes before depth sorting: unshaded, so painted after every face.
    axes = bowl_axes()
    axes.set_shade_in_3d(False)
    scene, faces = bowl_scene(axes, phi=64, theta=-58)
    covered, painted_over = pieces_behind_nearer_faces(scene, axes, faces)
    assert painted_over == covered > 10


def test_depth_sorted_axes_keep_their_colour_under_the_light():
    axes = bowl_axes()
    scene, _ = bowl_scene(axes, phi=64, theta=-58)
    camera = scene.renderer.camera
    for piece in (axes.z_axis.pieces[0], axes.x_axis.ticks[0]):
        assert piece.shade_in_3d
        assert np.allclose(camera.get_stroke_rgbas(piece), piece.get_stroke_rgbas())

