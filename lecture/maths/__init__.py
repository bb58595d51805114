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
from dataclasses import dataclass
from functools import cache

from lecture.maths.caption import caption
from lecture.maths.known import said_number
from lecture.maths.parse import parse
from lecture.maths.speech import speech
from lecture.maths.tree import MathError

__all__ = [
    "INLINE_MATH",
    "MathError",
    "Reading",
    "inline_to_text",
    "latex_to_speech",
    "latex_to_text",
    "read",
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
def read(latex: str) -> Reading:
    """Parse ``latex`` once and render it twice.

    Raises MathError for what it cannot read: a command it does not know,
    unbalanced braces or brackets, or prose that a missing ``$`` put inside
    the maths.
    """
    if _PROSE.search(_TEXT_ARGUMENT.sub("", latex)):
        raise MathError(f"prose inside maths in ${latex}$ (is a '$' missing?)")
    row = parse(latex)
    words = speech(row)
    if not words:
        raise MathError(f"${latex}$ says nothing")
    return Reading(latex, caption(row), re.sub(r",+", ",", " ".join(words).rstrip(",;")))


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
