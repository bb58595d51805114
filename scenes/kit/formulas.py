"""Display maths from the text, with parts that can be lit up as the captions name them.

A scene never retypes the text's formulas: it takes the LaTeX of a ``$$…$$``
block, isolates the parts it wants to point at (Manim marks each part in the
SVG, so parts may sit inside a ``\\frac``), and lights them up one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet

from manim import (
    AnimationGroup,
    ManimColor,
    MathTex,
    SurroundingRectangle,
    VGroup,
    VMobject,
)
from manim.mobject.text.tex_mobject import MATHTEX_SUBSTRING
from numpy.polynomial import Polynomial

from scenes.kit import theme
from scenes.kit.layout import intended_overlap

__all__ = [
    "Formula",
    "Spotlight",
    "equation_sides",
    "polynomial_tex",
    "underbrace_parts",
]

# A glyph this many times wider than tall, and in no named part, is a fraction bar.
_RULE_ASPECT = 8.0


def _matching_brace(latex: str, opening: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``opening``."""
    depth = 0
    for index in range(opening, len(latex)):
        if latex[index] == "{" and latex[index - 1] != "\\":
            depth += 1
        elif latex[index] == "}" and latex[index - 1] != "\\":
            depth -= 1
            if depth == 0:
                return index
    raise ValueError(f"unbalanced braces in {latex!r}")


def underbrace_parts(latex: str) -> list[tuple[str, str]]:
    """Each ``\\underbrace{body}_{label}`` of a formula as (body, label), in order."""
    parts = []
    start = latex.find(r"\underbrace{")
    while start != -1:
        body_open = start + len(r"\underbrace")
        body_close = _matching_brace(latex, body_open)
        label_open = latex.index("{", body_close + 1)
        label_close = _matching_brace(latex, label_open)
        parts.append((latex[body_open + 1:body_close], latex[label_open + 1:label_close]))
        start = latex.find(r"\underbrace{", label_close)
    return parts


def equation_sides(latex: str) -> list[str]:
    """A chain ``a = b = c`` split at its top-level ``=`` signs, each side stripped."""
    sides, depth, current = [], 0, []
    for char in latex:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if char == "=" and depth == 0:
            sides.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    sides.append("".join(current).strip())
    return sides


def polynomial_tex(polynomial: Polynomial, *, variable: str = "x") -> str:
    """A polynomial as LaTeX, highest power first: ``[0, 0, 5]`` → ``5x^2``."""
    terms = []
    for power in range(len(polynomial.coef) - 1, -1, -1):
        coefficient = float(polynomial.coef[power])
        if coefficient == 0:
            continue
        size = abs(coefficient)
        number = f"{size:g}" if size != 1 or power == 0 else ""
        exponent = str(power) if power < 10 else f"{{{power}}}"  # x^2 as the text writes it
        symbol = "" if power == 0 else variable if power == 1 else f"{variable}^{exponent}"
        sign = "-" if coefficient < 0 else "+"
        terms.append((sign, number + symbol))
    if not terms:
        return "0"
    first_sign, first = terms[0]
    text = ("-" if first_sign == "-" else "") + first
    return text + "".join(f" {sign} {term}" for sign, term in terms[1:])


class Formula(MathTex):
    """Typeset maths whose named parts (substrings of its LaTeX) can be found and lit up.

    Parameters
    ----------
    latex
        The formula, usually ``section.block(label).math``.
    parts
        Substrings to isolate; the earliest, then longest, match wins, so list a
        long part and a short one it contains and each occurrence goes to one.
    """

    def __init__(self, latex: str, *, parts: Iterable[str] = (), font_size: float = 48, **kwargs) -> None:
        super().__init__(latex, substrings_to_isolate=list(parts), font_size=font_size, color=theme.INK,
                         **kwargs)

    def _named(self) -> list[tuple[str, str]]:
        """(substring, SVG group id) of every isolated part, in source order."""
        return [(text, match_id) for text, match_id in self.matched_strings_and_ids
                if match_id.endswith(MATHTEX_SUBSTRING)]

    def _named_glyph_ids(self) -> set[int]:
        return {id(glyph) for _, match_id in self._named() for glyph in self.id_to_vgroup_dict[match_id].submobjects}

    def part(self, tex: str) -> VGroup:
        """The glyphs of every isolated occurrence of ``tex``."""
        groups = [self.id_to_vgroup_dict[match_id] for text, match_id in self._named() if text == tex]
        if not groups:
            isolated = sorted({text for text, _ in self._named()})
            raise KeyError(f"{tex!r} is not an isolated part of {self.tex_string!r} (parts: {isolated})")
        return VGroup(*(glyph for group in groups for glyph in group.submobjects))

    def occurrences(self, tex: str) -> list[VGroup]:
        """Each isolated occurrence of ``tex`` on its own, left to right in the source."""
        return [VGroup(*self.id_to_vgroup_dict[match_id].submobjects)
                for text, match_id in self._named() if text == tex]

    def characters(self, tex: str, char: str) -> VGroup:
        """The glyphs drawing ``char`` inside the isolated part ``tex`` (a part of single-glyph characters)."""
        drawn = [c for c in tex if not c.isspace() and c not in "^_{}"]
        glyphs = self.part(tex)
        if len(drawn) * len(self.occurrences(tex)) != len(glyphs):
            raise ValueError(f"{tex!r} does not draw one glyph per character")
        return VGroup(*(glyph for index, glyph in enumerate(glyphs) if drawn[index % len(drawn)] == char))

    def glyphs(self) -> list[VMobject]:
        """Every drawn glyph, in reading order."""
        return self.family_members_with_points()

    def fraction_bars(self) -> VGroup:
        """The horizontal rules that belong to no named part: fraction bars."""
        named = self._named_glyph_ids()
        return VGroup(*(glyph for glyph in self.glyphs()
                        if id(glyph) not in named and glyph.width > _RULE_ASPECT * max(glyph.height, 1e-6)))

    def brace_under(self, body: str, label: str) -> VGroup:
        """The ``\\underbrace`` glyphs between an isolated ``body`` and its isolated ``label``."""
        top, under = self.part(body), self.part(label)
        named = self._named_glyph_ids()
        left, right = top.get_left()[0], top.get_right()[0]
        low, high = under.get_top()[1], top.get_bottom()[1]
        return VGroup(*(glyph for glyph in self.glyphs() if id(glyph) not in named
                        and left - 1e-3 <= glyph.get_center()[0] <= right + 1e-3
                        and low <= glyph.get_center()[1] <= high))

    def rest(self, *shown: VMobject) -> VGroup:
        """The glyphs outside the given groups."""
        inside = {id(glyph) for group in shown for glyph in group.family_members_with_points()}
        return VGroup(*(glyph for glyph in self.glyphs() if id(glyph) not in inside))


class Spotlight(VGroup):
    """A soft box that moves from one part of a formula to the next, the rest dimmed."""

    def __init__(self, *, formula: MathTex, buff: float = 0.1) -> None:
        super().__init__()
        self.formula = formula
        self.buff = buff
        self.box = SurroundingRectangle(formula, buff=buff, color=theme.GRID, corner_radius=0.08,
                                        fill_color=theme.PANEL, fill_opacity=1, stroke_width=2).set_opacity(0)
        self.box.set_z_index(theme.BEHIND)
        # The box lights a part inside its formula: it passes close to the glyphs beside the part.
        intended_overlap(self.box, formula)
        self.add(self.box)

    def on(self, part: VMobject, color: ManimColor, *, around: VMobject | None = None,
           dim: bool = True) -> AnimationGroup:
        """Light ``part`` in ``color``, box it (or ``around``), and mute the glyphs still in ink.

        Parts lit earlier keep their colours, so the formula fills with colour as a recipe is read.
        """
        target = SurroundingRectangle(part if around is None else around, buff=self.buff, color=color,
                                      corner_radius=0.08, fill_color=theme.PANEL, fill_opacity=1, stroke_width=2)
        target.set_z_index(theme.BEHIND)
        if self.box.get_stroke_opacity() == 0:
            # A hidden box appears where it is wanted rather than shrinking from somewhere else.
            self.box.become(target.copy().set_opacity(0))
        animations = [self.box.animate.become(target), part.animate.set_color(color)]
        lit = {id(glyph) for glyph in part.family_members_with_points()}
        in_ink = self._glyphs_coloured(theme.INK, besides=lit)
        if dim and in_ink:
            animations.append(in_ink.animate.set_color(theme.MUTED))
        return AnimationGroup(*animations)

    def off(self) -> AnimationGroup:
        """Hide the box and return muted glyphs to ink (coloured parts keep their colour)."""
        animations = [self.box.animate.set_opacity(0)]
        muted = self._glyphs_coloured(theme.MUTED)
        if muted:
            animations.append(muted.animate.set_color(theme.INK))
        return AnimationGroup(*animations)

    def _glyphs_coloured(self, color: ManimColor, *, besides: AbstractSet[int] = frozenset()) -> VGroup:
        return VGroup(*(glyph for glyph in self.formula.family_members_with_points()
                        if id(glyph) not in besides and glyph.get_color() == color))
