"""Cameras that paint exactly what Manim's paint, with less work a frame.

Before each frame Manim lists what to paint: every mobject it was handed with all of its
descendants (``extract_mobject_family_members``). It is handed the moving mobjects already listed
with their descendants, and walks each one's whole subtree again, so a surface's faces are walked
once as faces and once more under the surface: about a sixth of a 3D frame's CPU. ``painted_family``
gives the same list in the same order walking each mobject once.

Then it traces each one's outline for Cairo, a Python call per curve. Most of what a frame repaints
has not moved since the last frame (it only comes after something that moves in the drawing order),
so ``PathsKept`` hands Cairo the outline it traced last time when the points are the same.
"""

from __future__ import annotations

from collections.abc import Iterable

import cairo
import numpy as np
from manim import Camera, Mobject, VMobject

__all__ = ["FamilyOnce", "Kept", "LectureCamera", "PathsKept", "painted_family", "trace_outline"]


def painted_family(mobjects: Iterable[Mobject]) -> list[Mobject]:
    """``extract_mobject_family_members(mobjects, only_those_with_points=True)``, each mobject visited once.

    Manim concatenates each mobject's family (itself, then each submobject's family, in order) and
    keeps the last place of each mobject that appears more than once. Read backwards, that last place
    is the first met: so walk the mobjects and their submobjects backwards, each subtree once, and a
    mobject already met has its whole subtree met already (it was met inside an ancestor's family,
    which holds that subtree).
    """
    met: set[int] = set()
    backwards: list[Mobject] = []
    for root in reversed(list(mobjects)):
        stack: list[tuple[Mobject, bool]] = [(root, False)]
        while stack:
            mobject, children_done = stack.pop()
            if children_done:
                backwards.append(mobject)
            elif id(mobject) not in met:
                met.add(id(mobject))
                stack.append((mobject, True))
                stack.extend((child, False) for child in mobject.submobjects)
    backwards.reverse()
    return [mobject for mobject in backwards if mobject.has_points()]


class FamilyOnce:
    """Mixin for a Cairo camera: ``get_mobjects_to_display`` by ``painted_family``, the same list as Manim's."""

    def get_mobjects_to_display(self, mobjects: Iterable[Mobject], include_submobjects: bool = True,
                                excluded_mobjects: list | None = None) -> list[Mobject]:
        if not include_submobjects or excluded_mobjects:
            return Camera.get_mobjects_to_display(self, mobjects, include_submobjects, excluded_mobjects)
        family = painted_family(mobjects)
        return sorted(family, key=lambda mobject: mobject.z_index) if self.use_z_index else family


def trace_outline(ctx: cairo.Context, vmobject: VMobject, points: np.ndarray) -> None:
    """Trace ``points`` (as shown) as ``vmobject``'s outline, curve by curve: Manim's ``set_cairo_context_path``."""
    ctx.new_path()
    per_curve = vmobject.n_points_per_cubic_curve
    xy = points[:, :2].tolist()
    for start, end in vmobject.get_subpath_split_indices_from_points(points, n_dims=2).tolist():
        if end - start < per_curve:
            continue
        ctx.new_sub_path()
        ctx.move_to(*xy[start])
        for i in range(start + 1, end - per_curve + 2, per_curve):
            ctx.curve_to(*xy[i], *xy[i + 1], *xy[i + 2])
        if vmobject.consider_points_equals_2d(points[start], points[end - 1]):
            ctx.close_path()


class Kept:
    """What a camera worked out for each mobject at the last capture and at this one, each with what it came from.

    A value is handed back only while what it was worked out from (the mobject's points as bytes, say) is the
    same; what one capture used is kept for the next, the rest let go.
    """

    def __init__(self) -> None:
        self.before: dict[object, tuple[object, object]] = {}
        self.now: dict[object, tuple[object, object]] = {}

    def next_capture(self) -> None:
        self.before, self.now = self.now, {}

    def get(self, key: object, source: object) -> object | None:
        found = self.now.get(key) or self.before.get(key)
        if found is None or found[0] != source:
            return None
        self.now[key] = found
        return found[1]

    def keep(self, key: object, source: object, value: object) -> object:
        self.now[key] = (source, value)
        return value


class PathsKept:
    """Mixin for a Cairo camera: a VMobject shown at the same points as at the last capture reuses its outline.

    The outline is a function of the points as shown (after a 3D camera's projection) alone, so it is
    kept with those points' bytes and handed back to Cairo whole when they match.
    """

    def __init__(self, *args, **kwargs) -> None:
        self.outlines = Kept()
        super().__init__(*args, **kwargs)

    def capture_mobjects(self, mobjects, **kwargs) -> None:
        self.outlines.next_capture()
        super().capture_mobjects(mobjects, **kwargs)

    def set_cairo_context_path(self, ctx: cairo.Context, vmobject: VMobject):
        points = self.transform_points_pre_display(vmobject, vmobject.points)
        if len(points) == 0:
            return self  # as Manim: the path is left as it was
        shown = points.tobytes()
        outline = self.outlines.get(id(vmobject), shown)
        if outline is not None:
            ctx.new_path()
            ctx.append_path(outline)
        else:
            trace_outline(ctx, vmobject, points)
            self.outlines.keep(id(vmobject), shown, ctx.copy_path())
        return self


class LectureCamera(PathsKept, FamilyOnce, Camera):
    """The 2D chapters' camera: Manim's, listing what to paint once a frame with ``painted_family``,
    each still outline traced once."""
