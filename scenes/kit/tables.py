"""Tables from the text's own tables, in the lecture's theme."""

from __future__ import annotations

import statistics

from manim import UP, Table, Text, VMobject

from scenes.kit import theme

__all__ = ["text_table", "baseline"]

# Glyphs that sit on the baseline: no descender, no bracket below it.
_ON_BASELINE = set("abcdefhiklmnorstuvwxzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789")


def baseline(text: Text) -> float:
    """The y of a Text's baseline: where its letters without descenders stand."""
    glyphs = [c for c in text.text if not c.isspace()]
    if len(glyphs) != len(text.submobjects):
        return text.get_bottom()[1]
    bottoms = [glyph.get_bottom()[1] for char, glyph in zip(glyphs, text.submobjects) if char in _ON_BASELINE]
    return statistics.median(bottoms) if bottoms else text.get_bottom()[1]


def text_table(rows: list[list[str]], *, font_size: int = theme.SMALL_SIZE, max_width: float = 12.5,
               column_gap: float = 0.5, row_gap: float = 0.28) -> Table:
    """A table of plain-text cells, header row in bold, scaled down to fit ``max_width``.

    ``rows`` is the header then the body, as ``Block.table`` gives them.
    """
    header, *body = rows

    def cell(text: str, bold: bool) -> VMobject:
        # No ligatures: one glyph per character, so baseline() can find the letters.
        return Text(text, font=theme.SANS, font_size=font_size, color=theme.INK, weight="BOLD" if bold else "NORMAL",
                    disable_ligatures=True)

    table = Table(
        [[cell(text, False) for text in row] for row in body],
        col_labels=[cell(text, True) for text in header],
        include_outer_lines=False,
        h_buff=column_gap,
        v_buff=row_gap,
        element_to_mobject=lambda mobject: mobject,
        line_config={"color": theme.GRID, "stroke_width": 2},
    )
    # Centring each cell's box would set "Velocity" lower than "Time"; put a row on one baseline.
    for row in table.get_rows():
        written = [cell for cell in row if cell.text.strip()]  # an empty cell (a corner) has no baseline
        lines = [baseline(cell) for cell in written]
        for cell, line in zip(written, lines):
            cell.shift(UP * (statistics.mean(lines) - line))
    if table.width > max_width:
        table.scale_to_fit_width(max_width)
    return table
