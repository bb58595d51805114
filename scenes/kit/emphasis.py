"""Ways to point at part of the screen without covering it."""

from __future__ import annotations

from manim import DL, UR, Line, RoundedRectangle, VGroup, VMobject

from scenes.kit import theme
from scenes.kit.layout import intended_overlap
from scenes.kit.tables import TextTable

__all__ = ["row_band", "strike_through"]


def row_band(table: TextTable, row: VGroup, *, pad: float = 0.2, inset: float = 0.04) -> RoundedRectangle:
    """A soft band behind one row, the width of the whole table, between the row's rules.

    ``inset`` keeps the bands of two neighbouring rows apart, so that each reads as its own row.
    """
    centre, height = table.row_span(row)
    band = RoundedRectangle(corner_radius=0.06, width=table.width + pad, height=height - 2 * inset,
                            stroke_color=theme.HIGHLIGHT, stroke_width=2, fill_color=theme.PANEL, fill_opacity=1)
    return band.move_to([table.get_x(), centre, 0]).set_z_index(theme.BEHIND)


def strike_through(*marked: VMobject, formula: VMobject, overhang: float = 0.05, stroke_width: float = 5) -> VGroup:
    """A stroke across each of ``marked`` (a term cancelled, a factor divided out), declared to cross its formula."""
    strokes = VGroup(*(Line(mobject.get_corner(DL) + overhang * DL, mobject.get_corner(UR) + overhang * UR,
                            color=theme.SECANT, stroke_width=stroke_width) for mobject in marked))
    intended_overlap(strokes, formula)
    return strokes
