"""Glossary cards: a term from the text (typeset when it is maths) over its definition."""

from __future__ import annotations

import re

from manim import RIGHT, UL, UP, ManimColor, RoundedRectangle, VGroup, VMobject

from scenes.kit import theme
from scenes.kit.layout import intended_overlap
from scenes.kit.typeset import baseline, line_extent, maths, sans

__all__ = ["GlossaryCard", "term_tex", "wrapped_text"]

# Unicode maths in the text's terms and the LaTeX that typesets it.
_LATEX = {"ŷ": r"\hat{y}", "∂": r"\partial ", "∇": r"\nabla ", "η": r"\eta ", "θ": r"\theta ", ",": r",\; "}
_WORD = re.compile(r"[^\W\d_]{2,}")


def term_tex(term: str) -> str | None:
    """The LaTeX of a maths term (``∂L/∂w`` → ``\\partial L/\\partial w``); None for a word like "gradient"."""
    if _WORD.search(term):
        return None
    return "".join(_LATEX.get(char, char) for char in term if not char.isspace())


def wrapped_text(text: str, *, width: float, font_size: float, color: ManimColor = theme.INK, line_spacing: float = 0.08
                 ) -> VGroup:
    """Plain text broken at spaces into left-aligned lines no wider than ``width``."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and sans(trial, font_size=font_size).width <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    # Each line on its own baseline at an even leading, whether or not its letters reach down.
    ascent, descent = line_extent(font_size=font_size)
    rows = VGroup()
    for index, line in enumerate(lines):
        row = sans(line, font_size=font_size, color=color)
        depth = index * (ascent + descent + line_spacing)
        rows.add(row.shift(-RIGHT * row.get_left()[0] - UP * (baseline(row) + depth)))
    if len(rows) > 1:  # the lines of one paragraph sit at its leading, closer than separate texts
        intended_overlap(*rows)
    return rows


class GlossaryCard(VGroup):
    """A card: the term on top in the highlight colour, the definition wrapped beneath it."""

    def __init__(self, *, term: str, definition: str, width: float, height: float,
                 term_size: float = theme.TERM_SIZE, definition_size: float = theme.FINE_SIZE,
                 color: ManimColor = theme.HIGHLIGHT) -> None:
        super().__init__()
        self.term_text = term  # as the text writes it: what the captions say
        self.box = RoundedRectangle(corner_radius=0.12, width=width, height=height, fill_color=theme.PANEL,
                                    fill_opacity=1, stroke_color=theme.GRID, stroke_width=2)
        # Every card's term stands on the same line, and its definition starts at the same depth below,
        # whether the term is a word or maths, reaches up (∂, ŷ) or down (y, /): the cards read as a set.
        latex = term_tex(term)
        self.term: VMobject = (maths(latex, font_size=term_size, color=color) if latex is not None
                               else sans(term, font_size=term_size, color=color, bold=True))
        pad, top_pad, gap = 0.18, 0.15, 0.1  # three lines of definition fit a card 1.55 high
        if self.term.width > width - 2 * pad:
            self.term.scale_to_fit_width(width - 2 * pad)
        ascent, descent = line_extent(font_size=term_size, bold=True)
        corner = self.box.get_corner(UL)
        self.term.shift(RIGHT * (corner[0] + pad - self.term.get_left()[0])
                        + UP * (corner[1] - top_pad - ascent - baseline(self.term)))
        self.definition = wrapped_text(definition, width=width - 2 * pad, font_size=definition_size)
        top = corner[1] - top_pad - ascent - descent - gap
        room = top - (corner[1] - height + top_pad)
        if self.definition.height > room:  # a long definition on a small card: shrink rather than spill
            self.definition.scale_to_fit_height(room)
        self.definition.move_to([corner[0] + pad, top, 0], aligned_edge=UL)
        self.add(self.box, self.term, self.definition)
