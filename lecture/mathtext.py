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
)

__all__ = ["INLINE_MATH", "latex_to_text", "inline_to_text"]

_SYMBOLS = {"cdot": "·", "leftarrow": "←", "rightarrow": "→", "to": "→", "times": "×"}
_SPACES = {"quad", "qquad", ";", ",", ":", "!", " "}
_PLAIN_TEXT = {"text", "mathrm", "textrm", "mathit", "operatorname"}
_FRACTIONS = {"frac", "dfrac", "tfrac"}
_NAMED_OPERATORS = {"lim", "sin", "cos", "log", "exp", "max", "min"}

INLINE_MATH = re.compile(r"(?<![\\$])\$([^$]+)\$(?!\$)")


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
    """Return a LaTeX maths fragment as plain Unicode text for a caption."""
    nodes, _, _ = LatexWalker(latex, tolerant_parsing=False).get_latex_nodes()
    text = unicodeit.replace(_nodes_to_latex(nodes))
    text = text.replace("^*", "*").replace("'", "′").replace("-", "−")
    text = re.sub(r"([∂∇])\s+", r"\1", text)
    text = re.sub(r"\s*([/·])\s*", r"\1", text)
    # NFC: "ŷ" as one character, as fonts and caption counters expect.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


def inline_to_text(source: str, *, glue: str = " ") -> str:
    """Replace every ``$…$`` span of a prose string with its caption text.

    ``glue`` replaces the spaces inside each span: a no-break space keeps a
    formula on one caption line.
    """
    return INLINE_MATH.sub(lambda match: latex_to_text(match.group(1)).replace(" ", glue), source)
