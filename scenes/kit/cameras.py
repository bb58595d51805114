"""Cameras that paint exactly what Manim's paint, finding what to paint with less work a frame.

Before each frame Manim lists what to paint: every mobject it was handed with all of its
descendants (``extract_mobject_family_members``). It is handed the moving mobjects already listed
with their descendants, and walks each one's whole subtree again, so a surface's faces are walked
once as faces and once more under the surface: about a sixth of a 3D frame's CPU. ``painted_family``
gives the same list in the same order walking each mobject once.
"""

from __future__ import annotations

from collections.abc import Iterable

from manim import Camera, Mobject

__all__ = ["FamilyOnce", "LectureCamera", "painted_family"]


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


class LectureCamera(FamilyOnce, Camera):
    """The 2D chapters' camera: Manim's, listing what to paint once a frame with ``painted_family``."""
