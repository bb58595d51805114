"""Ways to point at part of the screen without covering it."""

from __future__ import annotations

from manim import RoundedRectangle, VGroup

from scenes.kit import theme
from scenes.kit.tables import TextTable

__all__ = ["row_band"]


def row_band(table: TextTable, row: VGroup, *, pad: float = 0.2, inset: float = 0.04) -> RoundedRectangle:
    """A soft band behind one row, the width of the whole table, between the row's rules.

    ``inset`` keeps the bands of two neighbouring rows apart, so that each reads as its own row.
    """
    centre, height = table.row_span(row)
    band = RoundedRectangle(corner_radius=0.06, width=table.width + pad, height=height - 2 * inset,
                            stroke_color=theme.HIGHLIGHT, stroke_width=2, fill_color=theme.PANEL, fill_opacity=1)
    return band.move_to([table.get_x(), centre, 0]).set_z_index(theme.BEHIND)
