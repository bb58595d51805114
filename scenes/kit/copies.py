"""Copies of text and formulas without copying the SVG they were parsed from.

Manim copies a mobject whole (``copy.deepcopy``) at every Transform and fade, at every ``.copy()``,
and twice as it makes a Text or a formula (its SVG cache keeps one copy and hands out another). Each
glyph of a Text or a formula (``VMobjectFromSVGPath``) keeps the parsed SVG path it was made from
(``path_obj``: an svgelements ``Path`` of points, Béziers, colours and matrices). Manim reads it once,
as it makes the glyph's points, and never writes it after; copying it was three quarters of the CPU
of a copy (§09 at smoke rebuilt 229,653 svgelements points). So a copy shares it with its original,
as it shares a function: what is drawn is made from the glyph's own points, copied as before.
"""

from __future__ import annotations

import svgelements

__all__ = ["share_parsed_svg_paths"]


def share_parsed_svg_paths() -> None:
    """Make a deep copy of a mobject share its glyphs' parsed SVG paths instead of copying them."""
    svgelements.Path.__deepcopy__ = _shared


def _shared(path: svgelements.Path, memo: dict) -> svgelements.Path:
    return path
