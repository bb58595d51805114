"""Depth without a depth buffer: axes cut into short pieces that the 3D camera sorts among a surface's faces.

Manim's Cairo camera paints, it does not test depth. A ``ThreeDCamera`` does sort the pieces marked
``shade_in_3d`` by how near the camera their centres are (``ThreeDCamera.get_mobjects_to_display``),
and a ``Surface``'s faces are such pieces. An axis drawn as one line sorts as one point, so it lies
wholly over or wholly under the surface; cut into pieces about as long as a face is wide, each piece
is painted before the faces nearer the camera than it, which cover it, and after the ones behind it.
So an axis disappears where it runs under a surface and shows where it runs in front.

The pieces are sorted but not lit: ``DepthCamera`` leaves their colour alone (Manim would shade a
line by a normal it does not have). A line lying on the surface (a slice's curve) is cut the same way
but sorted as a little nearer than it is (``on_surface``): painted after the face it lies on, before a
wall that truly covers it. Everything unmarked (labels, dots, paths drawn on the surface) is still
painted after all the marked pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

import numpy as np
from manim import Line, Mobject, ThreeDAxes, ThreeDCamera, VGroup, VMobject
from manim.mobject.three_d.three_d_utils import (
    get_3d_vmob_end_corner,
    get_3d_vmob_end_corner_unit_normal,
    get_3d_vmob_start_corner,
    get_3d_vmob_start_corner_unit_normal,
)
from manim.utils.color import get_shaded_rgb

from scenes.kit.cameras import FamilyOnce, Kept, PathsKept

__all__ = ["DEPTH_BIAS", "ON_SURFACE_BIAS", "DepthCamera", "FacesOnScreen", "camera_points", "centre", "depth_sorted_axes",
           "depth_sorted_line", "joined", "on_surface", "on_surface_curve", "sort_by_depth"]

# Scene units an unlit piece is sorted as farther than it is (see DepthCamera).
DEPTH_BIAS = 0.15
# Scene units a piece lying on a surface is sorted as nearer than it is (negative: toward the camera). A piece
# on a face is as near as the face's centre give or take half the face's depth across (up to ~0.3 for the
# kit's bowls seen from the side); a wall that covers the piece is nearer by far more, but for where the
# surface folds out of sight.
ON_SURFACE_BIAS = -0.35


class DepthCamera(PathsKept, FamilyOnce, ThreeDCamera):
    """A ``ThreeDCamera`` that sorts ``unlit`` pieces by depth among the surface's faces, without shading them.

    An axis piece counts as ``DEPTH_BIAS`` farther than its centre: where an axis touches the surface (the
    bottom of a bowl on its axes) a face only just nearer than the piece's centre may still cover it. A
    piece on the surface counts as nearer (``ON_SURFACE_BIAS``), to be painted over its own face.

    It paints what ``ThreeDCamera`` paints with less work a frame: a piece's centre (its sort key) is
    found from its anchors' extremes without Manim's lists of points (``centre``), a lit face's corners
    and normals are measured once for its fill and stroke, and its lit colours are kept from frame to frame
    while its points, its colours and the light stay as they were (most faces, most frames).
    """

    # While a frame is being painted: a token for it, by which an axis's shading is worked out once a frame.
    painting: object | None = None

    def __init__(self, *args, **kwargs) -> None:
        self.lighting, self.shades = Kept(), Kept()  # a face's corners and normals; its colours lit
        super().__init__(*args, **kwargs)

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        DepthCamera.painting = object()
        self.lighting.next_capture()
        self.shades.next_capture()
        try:
            super().capture_mobjects(mobjects, **kwargs)
        finally:
            DepthCamera.painting = None

    def get_mobjects_to_display(self, *args, **kwargs) -> list[Mobject]:
        """Everything to paint, farthest first; a piece counts as its ``depth_bias`` farther than its centre."""
        mobjects = FamilyOnce.get_mobjects_to_display(self, *args, **kwargs)  # ThreeDCamera's sort, redone below
        towards_camera = self.get_rotation_matrix()[2]

        def nearness(mobject: Mobject) -> float:
            if not getattr(mobject, "shade_in_3d", False):
                return np.inf  # flat things are painted last, as ThreeDCamera does
            depth = float(np.dot(centre(mobject), towards_camera))
            return depth - mobject.__dict__.get("depth_bias", 0.0)

        return sorted(mobjects, key=nearness)

    def modified_rgbas(self, vmobject: VMobject, rgbas: np.ndarray) -> np.ndarray:
        """``ThreeDCamera.modified_rgbas``: the fill's or stroke's first two colours lit at the piece's two corners.

        While a frame is painted, a piece's corners and normals, and its colours lit, are kept for as long as
        its points (and the light, and the colours) stay as they were.
        """
        if vmobject.__dict__.get("unlit", False) or not self.should_apply_shading:
            return rgbas
        if not (vmobject.shade_in_3d and vmobject.get_num_points() > 0):
            return rgbas
        light = self.light_source.points[0]
        if DepthCamera.painting is None:
            return self._lit(vmobject, rgbas, light, self._corners(vmobject))
        points, colours = vmobject.points.tobytes(), rgbas.tobytes()
        source = (points, colours, light.tobytes())
        shaded = self.shades.get((id(vmobject), colours), source)  # a piece's fill and stroke kept apart
        if shaded is None:
            corners = self.lighting.get(id(vmobject), points)
            if corners is None:
                corners = self.lighting.keep(id(vmobject), points, self._corners(vmobject))
            shaded = self.shades.keep((id(vmobject), colours), source, self._lit(vmobject, rgbas, light, corners))
        return shaded

    @staticmethod
    def _corners(vmobject: VMobject) -> tuple[np.ndarray, ...]:
        return (get_3d_vmob_start_corner(vmobject), get_3d_vmob_start_corner_unit_normal(vmobject),
                get_3d_vmob_end_corner(vmobject), get_3d_vmob_end_corner_unit_normal(vmobject))

    @staticmethod
    def _lit(vmobject: VMobject, rgbas: np.ndarray, light: np.ndarray, corners: tuple[np.ndarray, ...]) -> np.ndarray:
        start, start_normal, end, end_normal = corners
        shaded = rgbas.repeat(2, axis=0) if len(rgbas) < 2 else np.array(rgbas[:2])
        shaded[0, :3] = get_shaded_rgb(shaded[0, :3], start, start_normal, light)
        shaded[1, :3] = get_shaded_rgb(shaded[1, :3], end, end_normal, light)
        shaded.flags.writeable = False  # kept, and handed out again
        return shaded


def centre(mobject: Mobject) -> np.ndarray:
    """``mobject.get_z_index_reference_point()`` (its centre), found without Manim's lists of points.

    Manim's centre of a vectorized mobject is the middle of its family's anchors' extremes along each
    axis, gathered as a list of points one by one. Minimum and maximum do not depend on order, so the
    extremes of the anchors taken as array slices are the same numbers, and so is the centre.
    """
    if not isinstance(mobject, VMobject) or hasattr(mobject, "z_index_group"):
        return mobject.get_z_index_reference_point()
    anchors = []
    for member in mobject.get_family():
        points = member.points
        if len(points) == 1:
            anchors.append(points)
            continue
        step = member.n_points_per_cubic_curve
        starts, ends = points[::step], points[step - 1::step]
        if len(starts) != len(ends):  # not whole curves: as Manim does (it raises)
            return mobject.get_z_index_reference_point()
        anchors += [starts, ends]
    found = np.concatenate(anchors) if anchors else np.zeros((0, mobject.dim))
    if len(found) == 0:
        return np.zeros(mobject.dim)
    return (found.min(axis=0) + found.max(axis=0)) / 2


def sort_by_depth(mobject: Mobject, *, bias: float = DEPTH_BIAS) -> Mobject:
    """Mark a mobject and its parts to be painted in depth order among the faces of surfaces, unlit.

    Each part is sorted as ``bias`` scene units farther from the camera than its centre.
    """
    for member in mobject.get_family():
        member.shade_in_3d = True
        member.unlit = True
        member.depth_bias = bias
    return mobject


def on_surface(mobject: Mobject) -> Mobject:
    """Mark pieces lying on a surface: painted over the face they lie on, behind a nearer wall (``ON_SURFACE_BIAS``).

    Sorted only among what is drawn in the same pass: animate the surface with them while they move.
    """
    return sort_by_depth(mobject, bias=ON_SURFACE_BIAS)


def on_surface_curve(point: Callable[[float], np.ndarray], t_range: Sequence[float], *, pieces: int = 48,
                     **style) -> VGroup:
    """A curve t → point(t) lying on a surface, cut into ``pieces`` pieces sorted by depth (``on_surface``).

    Shows where its part of the surface faces the camera, hidden where a nearer wall covers it. A piece is
    a smooth curve through five of its points; the pieces meet at so small an angle that their square ends
    join (round ends would show as dots where ``Create`` has yet to draw a piece).
    """
    cuts = np.linspace(t_range[0], t_range[1], pieces + 1)
    return on_surface(VGroup(*(VMobject(**style).set_points_smoothly([point(t) for t in np.linspace(a, b, 5)])
                               for a, b in pairwise(cuts))))


def joined(pieces: VGroup) -> VMobject:
    """The pieces of a depth-sorted curve as one unsorted curve, styled as its first piece (to lift or morph it)."""
    curve = VMobject().match_style(pieces[0])
    curve.points = np.concatenate([piece.points for piece in pieces])
    return curve


def depth_sorted_axes(axes: ThreeDAxes) -> ThreeDAxes:
    """Sort each axis's pieces and ticks by depth, unlit, so a surface hides what runs behind it.

    ``ThreeDAxes`` already draws each axis as ``num_axis_pieces`` short pieces (its own line is
    undrawn and only places points, ``c2p``); Manim sorts them by depth only when they are shaded.
    """
    for axis in axes.get_axes():
        sort_by_depth(axis.pieces)
        sort_by_depth(axis.ticks)
        ends = _ShadingEnds(axis, axes.light_source)
        for member in axis.family_members_with_points():
            member.get_gradient_start_and_end_points = ends
    return axes


class _ShadingEnds:
    """Where an axis's sheen runs, for each of its pieces: what ``ThreeDAxes`` gives them, worked out once a frame.

    Manim gives every piece and tick of an axis a function that measures the whole axis (its ends
    along the light) and calls it at every stroke and fill of every piece: a fifth of a 3D frame's CPU.
    The axis cannot change while a frame is painted, so while ``DepthCamera`` paints one the ends are
    kept; outside a frame they are measured afresh.
    """

    def __init__(self, axis: Mobject, light: np.ndarray) -> None:
        self.axis, self.light = axis, light
        self.painting: object | None = None
        self.ends: tuple[np.ndarray, np.ndarray] | None = None

    def __call__(self) -> tuple[np.ndarray, np.ndarray]:
        painting = DepthCamera.painting
        if painting is None or painting is not self.painting:
            self.ends = (self.axis.get_edge_center(-self.light), self.axis.get_edge_center(self.light))
            self.painting = painting
        return self.ends


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
