"""Ways to point at part of the screen without covering it."""

from __future__ import annotations

from manim import RoundedRectangle, Table, VGroup

from scenes.kit import theme

__all__ = ["row_band"]


def row_band(table: Table, row: VGroup, *, pad: float = 0.2) -> RoundedRectangle:
    """A soft band behind one row, the width of the whole table, so every row's band lines up."""
    band = RoundedRectangle(corner_radius=0.06, width=table.width + pad, height=row.height + pad,
                            stroke_color=theme.HIGHLIGHT, stroke_width=2, fill_color=theme.PANEL, fill_opacity=1)
    return band.move_to([table.get_x(), row.get_y(), 0]).set_z_index(theme.BEHIND)
