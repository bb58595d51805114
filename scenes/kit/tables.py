"""Tables from the text's own tables, in the lecture's theme."""

from __future__ import annotations

import re

from manim import LEFT, RIGHT, UP, Line, VGroup

from scenes.kit import theme
from scenes.kit.typeset import baseline, sans

__all__ = ["TextTable", "text_table", "baseline"]

# A cell that is a number (-20, 2.35, 1,000): its column is set flush right, so units and decimals line up.
_NUMBER = re.compile(r"[−+-]?[\d,]*\.?\d+%?")


class TextTable(VGroup):
    """The text's table: the header row in bold, rules between rows and between columns, no outer frame.

    Cells are set flush left in their column (flush right in a column of numbers), and every row stands
    on its own baseline at an even pitch, whatever its letters' ascenders and descenders. The
    ``get_rows``, ``get_horizontal_lines`` and ``get_vertical_lines`` of Manim's ``Table`` are kept.
    """

    def __init__(self, *, rows: list[list[str]], font_size: float, column_gap: float, row_gap: float) -> None:
        super().__init__()
        if len(rows) < 2 or len({len(row) for row in rows}) != 1:
            lengths = [len(row) for row in rows]
            raise ValueError(f"a table needs a header and a body of rows of equal length, not {lengths}")
        self.rows = VGroup(*(VGroup(*(sans(text, font_size=font_size, color=theme.INK, bold=index == 0)
                                      for text in row)) for index, row in enumerate(rows)))
        written = [cell for row in self.rows for cell in row if cell.text.strip()]
        self.ascent = max(cell.get_top()[1] - baseline(cell) for cell in written)
        self.descent = max(baseline(cell) - cell.get_bottom()[1] for cell in written)
        self.pitch = self.ascent + self.descent + row_gap
        columns = list(zip(*self.rows))
        widths = [max(cell.width for cell in column) for column in columns]
        numeric = [all(_NUMBER.fullmatch(cell.text.strip()) for cell in column[1:]) for column in columns]
        left = 0.0
        edges = []  # the x where each column's cells start
        for width in widths:
            edges.append(left)
            left += width + column_gap
        for index, row in enumerate(self.rows):
            line = -(index * self.pitch + row_gap / 2 + self.ascent)
            for cell, edge, width, flush_right in zip(row, edges, widths, numeric):
                if not cell.text.strip():  # an empty cell (a corner) has no glyphs to place
                    continue
                x = edge + width - cell.get_right()[0] if flush_right else edge - cell.get_left()[0]
                cell.shift(RIGHT * x + UP * (line - baseline(cell)))
        total_width, total_height = left - column_gap, len(rows) * self.pitch
        self.horizontal_lines = VGroup(*(
            Line(LEFT * column_gap / 2, RIGHT * (total_width + column_gap / 2)).shift(UP * -index * self.pitch)
            for index in range(1, len(rows))))
        self.vertical_lines = VGroup(*(
            Line(UP * 0, UP * -total_height).shift(RIGHT * (edge - column_gap / 2)) for edge in edges[1:]))
        for rule in (*self.horizontal_lines, *self.vertical_lines):
            rule.set_stroke(color=theme.GRID, width=2)
        self.add(*self.rows, self.horizontal_lines, self.vertical_lines)
        self.center()  # where Manim's Table stands, so that scenes place it the same way

    def get_rows(self) -> VGroup:
        """The rows, header first, each a group of its cells."""
        return self.rows

    def get_horizontal_lines(self) -> VGroup:
        """The rules between rows."""
        return self.horizontal_lines

    def get_vertical_lines(self) -> VGroup:
        """The rules between columns."""
        return self.vertical_lines

    def row_span(self, row: VGroup) -> tuple[float, float]:
        """The y of a row's centre and its height: the band between the rules above and below it."""
        def line(of: VGroup) -> float:
            return baseline(next(cell for cell in of if cell.text.strip()))

        scale = (line(self.rows[0]) - line(self.rows[1])) / self.pitch  # the table may have been scaled since
        return line(row) + scale * (self.ascent - self.descent) / 2, scale * self.pitch


def text_table(rows: list[list[str]], *, font_size: int = theme.SMALL_SIZE, max_width: float = 12.5,
               column_gap: float = 0.5, row_gap: float = 0.28) -> TextTable:
    """A table of plain-text cells, header row in bold, scaled down to fit ``max_width``.

    ``rows`` is the header then the body, as ``Block.table`` gives them.
    """
    table = TextTable(rows=rows, font_size=font_size, column_gap=column_gap, row_gap=row_gap)
    if table.width > max_width:
        table.scale_to_fit_width(max_width)
    return table
