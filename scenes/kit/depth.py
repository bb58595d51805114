"""Depth without a depth buffer: axes cut into short pieces that the 3D camera sorts among a surface's faces.

Manim's Cairo camera paints, it does not test depth. A ``ThreeDCamera`` does sort the pieces marked
``shade_in_3d`` by how near the camera their centres are (``ThreeDCamera.get_mobjects_to_display``),
and a ``Surface``'s faces are such pieces. An axis drawn as one line sorts as one point, so it lies
wholly over or wholly under the surface; cut into pieces about as long as a face is wide, each piece
is painted before the faces nearer the camera than it, which cover it, and after the ones behind it.
So an axis disappears where it runs under a surface and shows where it runs in front.

The pieces are sorted but not lit: ``DepthCamera`` leaves their colour alone (Manim would shade a
line by a normal it does not have). Everything unmarked (labels, dots, slices and paths drawn on the
surface) is still painted after all the marked pieces, so what lies on the surface stays on it.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from manim import Camera, Line, Mobject, ThreeDAxes, ThreeDCamera, VGroup, VMobject

__all__ = ["DEPTH_BIAS", "DepthCamera", "FacesOnScreen", "camera_points", "depth_sorted_axes", "depth_sorted_line",
           "sort_by_depth"]

# Scene units an unlit piece is sorted as farther than it is (see DepthCamera).
DEPTH_BIAS = 0.15


class DepthCamera(ThreeDCamera):
    """A ``ThreeDCamera`` that sorts ``unlit`` pieces by depth among the surface's faces, without shading them.

    A piece counts as ``DEPTH_BIAS`` farther than its centre: where an axis touches the surface (the
    bottom of a bowl on its axes) a face only just nearer than the piece's centre may still cover it.
    """

    def get_mobjects_to_display(self, *args, **kwargs) -> list[Mobject]:
        mobjects = Camera.get_mobjects_to_display(self, *args, **kwargs)  # ThreeDCamera's sort, redone below
        towards_camera = self.get_rotation_matrix()[2]

        def nearness(mobject: Mobject) -> float:
            if not getattr(mobject, "shade_in_3d", False):
                return np.inf  # flat things are painted last, as ThreeDCamera does
            depth = float(np.dot(mobject.get_z_index_reference_point(), towards_camera))
            return depth - DEPTH_BIAS if getattr(mobject, "unlit", False) else depth

        return sorted(mobjects, key=nearness)

    def modified_rgbas(self, vmobject: VMobject, rgbas: np.ndarray) -> np.ndarray:
        if getattr(vmobject, "unlit", False):
            return rgbas
        return super().modified_rgbas(vmobject, rgbas)


def sort_by_depth(mobject: Mobject) -> Mobject:
    """Mark a mobject and its parts to be painted in depth order among the faces of surfaces, unlit."""
    for member in mobject.get_family():
        member.shade_in_3d = True
        member.unlit = True
    return mobject


def depth_sorted_axes(axes: ThreeDAxes) -> ThreeDAxes:
    """Sort each axis's pieces and ticks by depth, unlit, so a surface hides what runs behind it.

    ``ThreeDAxes`` already draws each axis as ``num_axis_pieces`` short pieces (its own line is
    undrawn and only places points, ``c2p``); Manim sorts them by depth only when they are shaded.
    """
    for axis in axes.get_axes():
        sort_by_depth(axis.pieces)
        sort_by_depth(axis.ticks)
    return axes


def depth_sorted_line(start: np.ndarray, end: np.ndarray, *, piece_length: float = 0.15, **style) -> VGroup:
    """A straight line cut into pieces about ``piece_length`` long, sorted by depth: hidden where a surface covers it.

    For a line under or through a surface (a path's shadow on the floor). Sorted only among what is drawn
    in the same pass: the surface must be still with it, or animated with it.
    """
    start, end = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    count = max(1, int(np.ceil(np.linalg.norm(end - start) / piece_length)))
    cuts = [start + (end - start) * k / count for k in range(count + 1)]
    return sort_by_depth(VGroup(*(Line(a, b, **style) for a, b in pairwise(cuts))))


def camera_points(camera: ThreeDCamera, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the camera shows scene points (x, y) and how near it they are (larger is nearer)."""
    depth = ((points - camera.frame_center) @ camera.get_rotation_matrix().T)[:, 2]
    return camera.project_points(points)[:, :2], depth


class FacesOnScreen:
    """A surface's four-sided faces as the camera shows them: which face covers a screen point, at what depth."""

    def __init__(self, camera: ThreeDCamera, faces: list[VMobject]) -> None:
        corners = np.array([face.points[::4][:4] for face in faces])  # a face is four straight sides
        screen, depth = camera_points(camera, corners.reshape(-1, 3))
        screen, depth = screen.reshape(-1, 4, 2), depth.reshape(-1, 4)
        self.camera = camera
        self.triangles = np.concatenate([screen[:, [0, 1, 2]], screen[:, [0, 2, 3]]])
        self.depths = np.concatenate([depth[:, [0, 1, 2]], depth[:, [0, 2, 3]]])

    def covering_depth(self, points: np.ndarray) -> np.ndarray:
        """For every screen point and face triangle, the triangle's depth at the point (-inf where it misses)."""
        a, b, c = (self.triangles[None, :, index] for index in range(3))
        p = points[:, None, :]
        v0, v1, v2 = b - a, c - a, p - a
        det = v0[..., 0] * v1[..., 1] - v0[..., 1] * v1[..., 0]
        flat = np.abs(det) < 1e-12  # a face seen edge-on covers nothing
        det = np.where(flat, 1.0, det)
        u = (v2[..., 0] * v1[..., 1] - v2[..., 1] * v1[..., 0]) / det
        v = (v0[..., 0] * v2[..., 1] - v0[..., 1] * v2[..., 0]) / det
        inside = (u >= 0) & (v >= 0) & (u + v <= 1) & ~flat
        depths = self.depths
        depth = depths[None, :, 0] + u * (depths[None, :, 1] - depths[None, :, 0]) + v * (depths[None, :, 2] - depths[None, :, 0])
        return np.where(inside, depth, -np.inf)

    def nearer(self, points: np.ndarray, *, tolerance: float) -> np.ndarray:
        """For every scene point and face triangle: whether the triangle covers it, nearer by over ``tolerance``."""
        screen, depth = camera_points(self.camera, points)
        return self.covering_depth(screen) > depth[:, None] + tolerance
