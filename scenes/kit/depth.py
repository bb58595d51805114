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

__all__ = ["DEPTH_BIAS", "DepthCamera", "depth_sorted_axes", "depth_sorted_line", "sort_by_depth"]

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
