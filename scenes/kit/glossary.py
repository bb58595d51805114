"""Glossary cards: a term from the text (typeset when it is maths) over its definition."""

from __future__ import annotations

import re

from manim import DOWN, LEFT, UL, ManimColor, MathTex, RoundedRectangle, Text, VGroup, VMobject

from scenes.kit import theme

__all__ = ["GlossaryCard", "term_tex", "wrapped_text"]

# Unicode maths in the text's terms and the LaTeX that typesets it.
_LATEX = {"ŷ": r"\hat{y}", "∂": r"\partial ", "∇": r"\nabla ", "η": r"\eta ", "θ": r"\theta ", ",": r",\quad "}
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
        if lines and Text(trial, font=theme.SANS, font_size=font_size).width <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    rows = [Text(line, font=theme.SANS, font_size=font_size, color=color) for line in lines]
    return VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=line_spacing)


class GlossaryCard(VGroup):
    """A card: the term on top in the highlight colour, the definition wrapped beneath it."""

    def __init__(self, *, term: str, definition: str, width: float, height: float,
                 term_size: float = theme.HEADING_SIZE, definition_size: float = theme.FINE_SIZE,
                 color: ManimColor = theme.HIGHLIGHT) -> None:
        super().__init__()
        self.term_text = term  # as the text writes it: what the captions say
        self.box = RoundedRectangle(corner_radius=0.12, width=width, height=height, fill_color=theme.PANEL,
                                    fill_opacity=1, stroke_color=theme.GRID, stroke_width=2)
        latex = term_tex(term)
        self.term: VMobject = (MathTex(latex, color=color, font_size=term_size + 6) if latex is not None
                               else Text(term, font=theme.SANS, font_size=term_size - 6, color=color,
                                         weight="BOLD"))
        pad = 0.18
        if self.term.width > width - 2 * pad:
            self.term.scale_to_fit_width(width - 2 * pad)
        self.definition = wrapped_text(definition, width=width - 2 * pad, font_size=definition_size)
        self.term.move_to(self.box.get_corner(UL) + [pad, -pad, 0], aligned_edge=UL)
        self.definition.next_to(self.term, DOWN, buff=0.14, aligned_edge=LEFT)
        room = height - 2 * pad - self.term.height - 0.14
        if self.definition.height > room:  # a long definition on a small card: shrink rather than spill
            self.definition.scale_to_fit_height(room).next_to(self.term, DOWN, buff=0.14, aligned_edge=LEFT)
        self.add(self.box, self.term, self.definition)
