"""A formula's tree as plain Unicode caption text: ``\\partial f / \\partial x`` → ``∂f/∂x``."""

from __future__ import annotations

import re
import unicodedata

import unicodeit

from lecture.maths.known import BIG_OPERATORS, FUNCTIONS
from lecture.maths.tree import (Accent, Apply, Atom, BigOperator, Brace, Fenced, Fraction, Function, Matrix, Node,
                                Root, Row, Scripts, Space, Styled, Text)

__all__ = ["caption", "fraction_parts"]

def _script(row: Row, mark: str) -> str:
    """Sub- or superscript characters where Unicode has them all, else ``^(…)`` / ``_(…)``."""
    text = _caption_row(row).replace(" ", "")
    if text in {"*", "ᵀ"}:
        return text
    converted = [unicodeit.replace(f"{mark}{{{char}}}") for char in text]
    if all(len(char) == 1 for char in converted):
        return "".join(converted)
    return f"{mark}{text}" if len(text) == 1 else f"{mark}({text})"


def _needs_parentheses(text: str) -> bool:
    return bool(re.search(r"[\s+−\-=]", text.strip()))


def _caption(node: Node) -> str:
    space = " " if node.spaced else ""
    return space + _caption_bare(node)


def _caption_bare(node: Node) -> str:
    if isinstance(node, Atom):
        return f" {node.caption} " if node.kind == "rel" and node.caption in "→←↦⇒" or node.caption in "·×" \
            else node.caption
    if isinstance(node, Row):
        return _caption_row(node)
    if isinstance(node, Space):
        return " " if node.size else ""
    if isinstance(node, Text):
        return node.words
    if isinstance(node, Scripts):
        text = _caption(node.base).strip() + "′" * node.primes
        text = text.replace("′′′", "‴").replace("′′", "″")
        if node.sub is not None:
            text += _script(node.sub, "_")
        if node.sup is not None:
            text += _script(node.sup, "^")
        return text
    if isinstance(node, Fraction):
        return "/".join(fraction_parts(node))
    if isinstance(node, Fenced):
        return node.opening + ",".join(_caption_row(part) for part in node.parts).strip() + node.closing
    if isinstance(node, Apply):
        return _caption(node.function).strip() + _caption(node.argument)
    if isinstance(node, Function):
        name = FUNCTIONS[node.name][0] if node.name in FUNCTIONS else node.name
        if node.sub is not None:
            # "\lim_{h \to 0}" reads as "lim h→0", as on the source page.
            below = _caption_row(node.sub).replace(" ", "")
            name += (f" {below}" if node.name in {"lim", "max", "min", "argmax", "argmin"}
                     else _script(node.sub, "_"))
        if node.sup is not None:
            name += _script(node.sup, "^")
        return name
    if isinstance(node, BigOperator):
        text = BIG_OPERATORS[node.name][0]
        if node.sub is not None:
            text += _script(node.sub, "_")
        if node.sup is not None:
            text += _script(node.sup, "^")
        return f" {text}"
    if isinstance(node, Root):
        body = _caption_row(node.body).strip()
        body = f"({body})" if _needs_parentheses(body) else body
        index = _caption_row(node.index).strip() if node.index else ""
        mark = {"": "√", "2": "√", "3": "∛", "4": "∜"}.get(index) or _script(node.index, "^") + "√"
        return mark + body
    if isinstance(node, Accent):
        body = _caption(node.body).strip()
        if len(body) == 1:
            return unicodedata.normalize("NFC", unicodeit.replace(f"\\{node.name}{{{body}}}"))
        return f"{node.name}({body})"
    if isinstance(node, Styled):
        body = _caption_row(node.body).strip()
        if node.font in {"mathbf", "boldsymbol", "mathbb", "mathcal"} and body.isalpha():
            font = "mathbf" if node.font == "boldsymbol" else node.font
            styled = unicodeit.replace("".join(f"\\{font}{{{char}}}" for char in body))
            return styled if "\\" not in styled else body
        return body
    if isinstance(node, Brace):
        body = _caption_row(node.body).strip()
        return f"{body} [{_caption_row(node.label).strip()}]" if node.label else body
    if isinstance(node, Matrix):
        rows = ["; ".join(", ".join(_caption_row(cell).strip() for cell in row) for row in node.rows)]
        if all(len(row) == 1 for row in node.rows):  # a column vector
            return "(" + ", ".join(_caption_row(row[0]).strip() for row in node.rows) + ")"
        return (node.opening or "[") + rows[0] + (node.closing or "]")
    raise TypeError(node)


def fraction_parts(node: Fraction) -> tuple[str, str]:
    """A fraction's numerator and denominator as its caption writes them (bracketed where they need it)."""
    numerator, denominator = caption(node.numerator), caption(node.denominator)
    if not node.slash:
        numerator = f"({numerator})" if _needs_parentheses(numerator) else numerator
        denominator = f"({denominator})" if _needs_parentheses(denominator) else denominator
    return numerator, denominator


def _caption_row(row: Row) -> str:
    pieces = []
    for index, item in enumerate(row.items):
        pieces.append(_caption(item))
        following = row.items[index + 1] if index + 1 < len(row.items) else None
        applied = isinstance(following, Fenced) and not following.spaced and getattr(item, "sub", None) is None
        if isinstance(item, (Function, BigOperator)) and not applied:
            pieces.append(" ")  # "sin x", "lim h→0 (…)", but "max(a, b)"
    return "".join(pieces)


def caption(row: Row) -> str:
    """The tree as one line of caption text."""
    text = _caption_row(row)
    text = re.sub(r"([∂∇Δ][²³]?)\s+", r"\1", text)
    text = re.sub(r"\s*([/·])\s*", r"\1", text)
    # NFC: "ŷ" as one character, as fonts and caption counters expect.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())
