"""Inline LaTeX to plain caption text (x^2 → x², \\partial f / \\partial x → ∂f/∂x).

pylatexenc parses the structure (fractions, limits, text, spacing); unicodeit
maps what is left (scripts, accents, Greek, arrows) to Unicode.  Neither does
the whole job alone: unicodeit garbles ``\\lim`` and leaves ``\\frac``, and
pylatexenc leaves ``x^2``.
"""

from __future__ import annotations

import re
import unicodedata

import unicodeit
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexWalker,
    LatexWalkerError,
)

__all__ = ["INLINE_MATH", "MathError", "latex_to_text", "inline_to_text", "unbalanced_dollar"]

_SYMBOLS = {"cdot": "·", "leftarrow": "←", "rightarrow": "→", "to": "→", "times": "×"}
_SPACES = {"quad", "qquad", ";", ",", ":", "!", " "}
_PLAIN_TEXT = {"text", "mathrm", "textrm", "mathit", "operatorname"}
_FRACTIONS = {"frac", "dfrac", "tfrac"}
_NAMED_OPERATORS = {"lim", "sin", "cos", "log", "exp", "max", "min"}

INLINE_MATH = re.compile(r"(?<![\\$])\$([^$]+)\$(?!\$)")
_DOLLAR = re.compile(r"(?<![\\$])\$(?!\$)")
# What LaTeX left in a caption means the converter did not understand it.
_LEFT_OVER = re.compile(r"\\[A-Za-z]+|\\.|[\^_{}$]")
_COMMAND = re.compile(r"\\([A-Za-z]+)")
# Two ordinary words in a row inside $…$ (outside \text{…}): prose caught between two unrelated dollars.
_PROSE = re.compile(r"(?<![\\A-Za-z])[A-Za-z]{3,}[,;]?\s+[A-Za-z]{3,}(?![A-Za-z{])")
_TEXT_ARGUMENT = re.compile(r"\\(?:text|mathrm|textrm|mathit|operatorname)\s*\{[^{}]*\}")


class MathError(ValueError):
    """Maths the caption converter cannot turn into plain text (it would be published garbled)."""


def _needs_parentheses(text: str) -> bool:
    return bool(re.search(r"[\s+−\-=]", text.strip()))


def _group_text(node: LatexGroupNode | None) -> str:
    return _nodes_to_latex(node.nodelist if node is not None else [])


def _nodes_to_latex(nodes: list) -> str:
    """Rewrite structure as linear LaTeX that unicodeit can finish."""
    out: list[str] = []
    index = 0
    while index < len(nodes):
        node = nodes[index]
        if isinstance(node, LatexMacroNode):
            name = node.macroname
            args = node.nodeargd.argnlist if node.nodeargd is not None else []
            if name in _FRACTIONS:
                numerator, denominator = (_group_text(arg) for arg in args[:2])
                if _needs_parentheses(numerator):
                    numerator = f"({numerator})"
                if _needs_parentheses(denominator):
                    denominator = f"({denominator})"
                out.append(f"{numerator}/{denominator}")
            elif name in _PLAIN_TEXT:
                out.append(_group_text(args[0]) if args else "")
            elif name in _NAMED_OPERATORS:
                following = nodes[index + 1] if index + 1 < len(nodes) else None
                subscript = nodes[index + 2] if index + 2 < len(nodes) else None
                is_subscripted = (
                    isinstance(following, LatexCharsNode)
                    and following.chars.startswith("_")
                    and isinstance(subscript, LatexGroupNode)
                )
                if is_subscripted and following.chars == "_":
                    # "\lim_{h \to 0}" reads as "lim h→0", as on the source page.
                    below = unicodeit.replace(_group_text(subscript)).replace(" ", "")
                    out.append(f"{name} {below} ")
                    index += 3
                    continue
                out.append(f"{name} ")
            elif name in _SYMBOLS:
                # The macro swallows the space after it; put the spacing back.
                out.append(f" {_SYMBOLS[name]} ")
            elif name in _SPACES:
                out.append(" ")
            else:
                out.append(node.latex_verbatim())
        elif isinstance(node, LatexGroupNode):
            out.append("{" + _nodes_to_latex(node.nodelist) + "}")
        elif isinstance(node, LatexMathNode):
            out.append(_nodes_to_latex(node.nodelist))
        elif isinstance(node, LatexCharsNode):
            out.append(node.chars)
        else:
            out.append(node.latex_verbatim())
        index += 1
    return "".join(out)


def latex_to_text(latex: str) -> str:
    """Return a LaTeX maths fragment as plain Unicode text for a caption.

    Raises MathError for what it cannot convert: a command it does not know, a
    script with no Unicode form, unbalanced braces, or prose that a missing
    ``$`` put inside the maths.
    """
    if _PROSE.search(_TEXT_ARGUMENT.sub("", latex)):
        raise MathError(f"prose inside maths in ${latex}$ (is a '$' missing?)")
    try:
        nodes, _, _ = LatexWalker(latex, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerError as error:
        raise MathError(f"cannot read ${latex}$: {str(error).splitlines()[0]}") from None
    linear = _nodes_to_latex(nodes)
    text = unicodeit.replace(linear)
    if left := _LEFT_OVER.search(text):
        unknown = _COMMAND.search(text)
        if unknown:
            raise MathError(f"unknown LaTeX command \\{unknown.group(1)} in ${latex}$ "
                            "(the caption converter, lecture/mathtext.py, does not know it)")
        raise MathError(f"${latex}$ has no plain-text form for captions (left over: {left.group(0)!r})")
    text = text.replace("^*", "*").replace("'", "′").replace("-", "−")
    text = re.sub(r"([∂∇])\s+", r"\1", text)
    text = re.sub(r"\s*([/·])\s*", r"\1", text)
    # NFC: "ŷ" as one character, as fonts and caption counters expect.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


def unbalanced_dollar(source: str) -> bool:
    """Whether a piece of prose opens a ``$…$`` span it never closes."""
    return len(_DOLLAR.findall(source)) % 2 == 1


def inline_to_text(source: str, *, glue: str = " ") -> str:
    """Replace every ``$…$`` span of a prose string with its caption text.

    ``glue`` replaces the spaces inside each span: a no-break space keeps a
    formula on one caption line.
    """
    return INLINE_MATH.sub(lambda match: latex_to_text(match.group(1)).replace(" ", glue), source)
