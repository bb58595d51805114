"""Words in the lecture's sans with their maths in LaTeX, standing on one baseline.

A label such as ``Tangent slope = $f'(x)$`` is written as the text writes prose: maths inside ``$…$``.
The words are set in the sans font and the maths as in the formulas (LaTeX), scaled so that both have
the same x-height, and every piece stands on one baseline.
"""

from __future__ import annotations

import functools
import re
import statistics

from manim import DOWN, RIGHT, UP, ManimColor, MathTex, Text, VGroup, VMobject

from lecture.maths import INLINE_MATH, inline_to_text
from scenes.kit import theme
from scenes.kit.layout import intended_overlap

__all__ = ["baseline", "line_extent", "sans", "maths", "MixedLabel"]

# Glyphs that sit on the baseline: no descender, no bracket below it.
_ON_BASELINE = set("abcdefhiklmnorstuvwxzABCDEFGHIJKLMNOPRSTUVWXYZ0123456789")
# Maths that must be typeset: written in a label outside $…$ it would show in the sans font.
_MATHS_CHARACTERS = re.compile(r"[∂∇′ŷηθ→]")


def sans(text: str, *, font_size: float, color: ManimColor = theme.INK, bold: bool = False) -> Text:
    """Words in the lecture's sans, one glyph per character (no ligatures), so ``baseline`` can read them."""
    return Text(text, font=theme.SANS, font_size=font_size, color=color, weight="BOLD" if bold else "NORMAL",
                disable_ligatures=True)


def line_extent(*, font_size: float, bold: bool = False) -> tuple[float, float]:
    """How far a line of the sans reaches above its baseline and below it, whatever its letters.

    Lines placed by these (rather than by their own ink) stand at even distances and line up side by side.
    """
    line = sans("Hg", font_size=font_size, bold=bold)
    return line.get_top()[1] - baseline(line), baseline(line) - line.get_bottom()[1]


class _Maths(MathTex):
    """A formula that knows its baseline: a reference ``x`` typeset after it, shrunk to a point at its foot.

    The point sits inside the formula's width and draws nothing (even if the formula is faded in or
    out), yet moves and scales with it, so the baseline stays known wherever the formula goes.
    """

    def __init__(self, latex: str, *, font_size: float, color: ManimColor) -> None:
        super().__init__(latex, r"\quad x", font_size=font_size, color=color)
        formula, self.reference = self.submobjects
        self.reference.set_x(formula.get_x()).scale(0, about_edge=DOWN).set_opacity(0)


def maths(latex: str, *, font_size: float, color: ManimColor = theme.INK) -> MathTex:
    """Maths to stand among words of the sans at ``font_size``: LaTeX scaled to the sans' x-height."""
    return _Maths(latex, font_size=font_size * _maths_scale(), color=color)


@functools.cache
def _maths_scale() -> float:
    """How much larger LaTeX must be set than the sans at the same font size to match its x-height."""
    return Text("x", font=theme.SANS, font_size=48).height / MathTex("x", font_size=48).height


def baseline(mobject: VMobject) -> float:
    """The y of the baseline of a line of sans (``sans``), of maths (``maths``) or of a ``MixedLabel``."""
    if isinstance(mobject, _Maths):
        return mobject.reference.get_bottom()[1]
    if isinstance(mobject, MixedLabel):
        return baseline(mobject.submobjects[0])
    # Text.text has the spaces taken out; the glyphs may or may not include the spaces' (empty) ones.
    characters = list(mobject.original_text)
    glyphs = mobject.submobjects
    if len(characters) != len(glyphs):
        characters = [char for char in characters if not char.isspace()]
    if len(characters) != len(glyphs):
        return mobject.get_bottom()[1]
    bottoms = [glyph.get_bottom()[1] for char, glyph in zip(characters, glyphs) if char in _ON_BASELINE]
    return statistics.median(bottoms) if bottoms else mobject.get_bottom()[1]


class MixedLabel(VGroup):
    """One line of words and ``$…$`` maths: words in the sans, maths in LaTeX, on one baseline.

    ``plain`` is the line as plain text (``Tangent slope = f′(x)``), as the captions write it.
    """

    def __init__(self, *, source: str, font_size: float, color: ManimColor = theme.INK) -> None:
        super().__init__()
        if stray := _MATHS_CHARACTERS.search(INLINE_MATH.sub("", source)):
            raise ValueError(f"label {source!r}: write the maths {stray.group(0)!r} inside $…$ so it is typeset")
        if not source.strip():
            raise ValueError("a label needs words or maths, not an empty string")
        self.plain = inline_to_text(source)
        # The gaps between the inks of two words, and of two letters: maths and words meet at one of them.
        letter = sans("x", font_size=font_size).width
        space = sans("x x", font_size=font_size).width - 2 * letter
        touching = max(sans("xx", font_size=font_size).width - 2 * letter, 0.25 * space)
        x, spaced = 0.0, False
        for index, run in enumerate(re.split(INLINE_MATH.pattern, source)):
            is_maths = index % 2 == 1  # re.split puts each $…$'s contents at the odd places
            if not is_maths and not run.strip():
                spaced = spaced or bool(run)
                continue
            piece = maths(run, font_size=font_size, color=color) if is_maths else sans(
                run.strip(), font_size=font_size, color=color)
            if self.submobjects:
                x += space if spaced or (not is_maths and run[0].isspace()) else touching
            piece.shift(RIGHT * (x - piece.get_left()[0]) - UP * baseline(piece))
            x = piece.get_right()[0]
            spaced = not is_maths and run[-1].isspace()
            self.add(piece)
        if len(self.submobjects) > 1:  # words and maths of one line meet closely by design ("x-slice")
            intended_overlap(*self.submobjects)
