"""The one reading of the text's maths: each LaTeX formula parsed once, rendered as caption text and as speech.

``read(latex)`` parses a formula into one tree (``parse``) and renders it twice:

- as plain Unicode for captions (``caption``): ``\\partial f / \\partial x`` → ``∂f/∂x``;
- as the words a lecturer says (``speech``): "partial f by partial x".

Everything the reader knows is in ``known`` (``SYMBOLS``, ``FUNCTIONS``,
``ACCENTS``, …). Anything else is a MathError naming the command, raised when
the text loads, so a formula is never published garbled or read aloud wrongly.
A lecturer changes a reading in ``assets/pronunciations.toml``, not here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from lecture.maths.caption import caption, fraction_parts
from lecture.maths.known import said_number
from lecture.maths.parse import parse
from lecture.maths.speech import speech, speech_by_item
from lecture.maths.tree import Atom, Fraction, MathError, Row, Space

__all__ = [
    "INLINE_MATH",
    "hide_inline_maths",
    "hides_maths",
    "put_back_maths",
    "MathError",
    "Reading",
    "inline_to_text",
    "latex_to_speech",
    "latex_to_text",
    "read",
    "read_display",
    "said_number",
    "unbalanced_dollar",
]

INLINE_MATH = re.compile(r"(?<![\\$])\$([^$]+)\$(?!\$)")
_DOLLAR = re.compile(r"(?<![\\$])\$(?!\$)")
# Two ordinary words in a row inside $…$ (outside \text{…}): prose caught between two unrelated dollars.
_PROSE = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}[,;]?\s+[A-Za-z]{3,}(?![A-Za-z{])")
_TEXT_ARGUMENT = re.compile(r"\\(?:text|textrm|textit|mathrm|mathit|operatorname)\s*\{[^{}]*\}")

@dataclass(frozen=True)
class Reading:
    """One formula as a caption shows it and as the voice says it."""

    latex: str
    caption: str
    said: str


@cache
def _tree(latex: str) -> Row:
    """One parse per formula, shared by its whole reading and its display pieces."""
    return parse(latex)


@cache
def read(latex: str) -> Reading:
    """Parse ``latex`` once and render it twice.

    Raises MathError for what it cannot read: a command it does not know,
    unbalanced braces or brackets, or prose that a missing ``$`` put inside
    the maths.
    """
    if _PROSE.search(_TEXT_ARGUMENT.sub("", latex)):
        raise MathError(f"prose inside maths in ${latex}$ (is a '$' missing?)")
    row = _tree(latex)
    words = speech(row)
    if not words:
        raise MathError(f"${latex}$ says nothing")
    return Reading(latex, caption(row), re.sub(r",+", ",", " ".join(words).rstrip(",;")))


# A display formula is captioned in pieces that each fit a caption line: it breaks before a relation
# (=, ←, ≤), after a comma or a quad, and, in a piece still too long, before a + or − (short pieces, so
# that each is said within the time a caption may stay up).
DISPLAY_PIECE_CHARACTERS = 24
DISPLAY_PIECE_WORDS = 12


@cache
def read_display(latex: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A display formula as caption pieces, each with the words that say it.

    The pieces joined by spaces are the formula's caption text, and their words
    are its reading; a piece keeps its inner spaces as no-break spaces, so a
    caption line never breaks inside it.
    """
    reading = read(latex)
    row = _tree(latex)
    said = speech_by_item(row)
    groups: list[list[int]] = [[]]
    for index, item in enumerate(row.items):
        if groups[-1] and (isinstance(item, Atom) and item.kind == "rel"):
            groups.append([])
        groups[-1].append(index)
        if isinstance(item, Atom) and item.kind == "punct" or isinstance(item, Space) and item.size > 1:
            groups.append([])
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for group in (group for group in groups if group):
        for part in _fitting(row, group, said):
            text = caption(Row([row.items[index] for index in part]))
            words = tuple(word for index in part for word in said[index])
            if not text:
                continue
            last = row.items[part[-1]]
            if len(text) > DISPLAY_PIECE_CHARACTERS and isinstance(last, Fraction):
                # A long fraction breaks after its slash: "(change in y)/" "(change in x)".
                numerator, denominator = fraction_parts(last)
                first = caption(Row([row.items[index] for index in part[:-1]]))
                over = len(words) - len(said[part[-1]]) + len(speech(last.numerator)) + 1
                pieces += [(f"{first} {numerator}/".strip(), words[:over]), (denominator, words[over:])]
                continue
            if not words:  # a piece nobody says (a bracket on its own) joins the piece before it
                if pieces:
                    pieces[-1] = (f"{pieces[-1][0]} {text}", pieces[-1][1])
                continue
            pieces.append((text, words))
    if "".join(text for text, _ in pieces).replace(" ", "") != reading.caption.replace(" ", ""):
        raise MathError(f"${latex}$ cannot be captioned in pieces")  # a guard: the pieces are the caption
    pieces = [(text, tuple(re.sub(r"[,;]+", lambda pause: pause.group(0)[0], word) for word in words))
              for text, words in pieces]
    text, words = pieces[-1]
    pieces[-1] = (text, (*words[:-1], words[-1].rstrip(",;")))
    return tuple((text.replace(" ", "\u00a0"), words) for text, words in pieces)


def _fitting(row: Row, group: list[int], said_by_item: list[list[str]]) -> list[list[int]]:
    """A group of items split before a + or − (or, failing that, anywhere) until each part fits."""
    text = caption(Row([row.items[index] for index in group]))
    words = sum(len(said_by_item[index]) for index in group)
    if len(text) <= DISPLAY_PIECE_CHARACTERS and words <= DISPLAY_PIECE_WORDS or len(group) == 1:
        return [group]
    def said(part: list[int]) -> bool:
        return any(not isinstance(row.items[index], Space) and not (isinstance(row.items[index], Atom)
                   and row.items[index].kind == "rel") for index in part)

    cuts = [position for position in range(1, len(group)) if said(group[:position]) and said(group[position:])]
    if not cuts:
        return [group]
    before_sums = [position for position in cuts
                   if isinstance(row.items[group[position]], Atom) and row.items[group[position]].kind == "bin"]
    cut = min(before_sums or cuts, key=lambda position: abs(position - len(group) / 2))
    return _fitting(row, group[:cut], said_by_item) + _fitting(row, group[cut:], said_by_item)


_PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


def hide_inline_maths(text: str) -> tuple[str, list[re.Match[str]]]:
    """The text with each ``$…$`` swapped for a placeholder that no split into sentences or words looks
    inside, and the formulas' matches in order (``put_back_maths`` restores them)."""
    found: list[re.Match[str]] = []

    def hide(match: re.Match[str]) -> str:
        found.append(match)
        return f"\x00{len(found) - 1}\x00"

    return INLINE_MATH.sub(hide, text), found


def hides_maths(text: str) -> bool:
    """Whether ``text`` (a part of a text ``hide_inline_maths`` made) holds a formula's placeholder."""
    return _PLACEHOLDER.search(text) is not None


def put_back_maths(text: str, found: list[re.Match[str]], shown: Callable[[re.Match[str]], str]) -> str:
    """Each placeholder of ``text`` as ``shown`` writes its formula's match (``m.group(1)`` is the LaTeX)."""
    return _PLACEHOLDER.sub(lambda placeholder: shown(found[int(placeholder.group(1))]), text)


def latex_to_text(latex: str) -> str:
    """A formula as plain Unicode caption text: ``x^2`` → ``x²``."""
    return read(latex).caption


def latex_to_speech(latex: str) -> str:
    """A formula as a lecturer reads it aloud: ``x^2`` → "x squared"."""
    return read(latex).said


def unbalanced_dollar(source: str) -> bool:
    """Whether a piece of prose opens a ``$…$`` span it never closes."""
    return len(_DOLLAR.findall(source)) % 2 == 1


def inline_to_text(source: str, *, glue: str = " ") -> str:
    """Replace every ``$…$`` span of a prose string with its caption text.

    ``glue`` replaces the spaces inside each span: a no-break space keeps a
    formula on one caption line.
    """
    return INLINE_MATH.sub(lambda match: latex_to_text(match.group(1)).replace(" ", glue), source)
