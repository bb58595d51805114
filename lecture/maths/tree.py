"""The parse of a formula: one tree, which the caption and the speech each render."""

from __future__ import annotations

from dataclasses import dataclass, field


class MathError(ValueError):
    """A formula the reader cannot caption or say (it would be published garbled)."""


@dataclass
class Node:
    spaced: bool = field(default=False, kw_only=True)  # whitespace before it in the source (captions keep it)


@dataclass
class Atom(Node):
    """A letter, a number, a Greek letter, an operator."""

    caption: str
    said: str
    kind: str = "ord"
    number: bool = False


@dataclass
class Row(Node):
    items: list[Node]


@dataclass
class Space(Node):
    size: int  # 0: none; 1: a thin space; 2: a quad (a pause when said)


@dataclass
class Text(Node):
    words: str


@dataclass
class Scripts(Node):
    base: Node
    sub: Row | None = None
    sup: Row | None = None
    primes: int = 0


@dataclass
class Fraction(Node):
    numerator: Row
    denominator: Row
    slash: bool = False  # a/b written inline, not \frac


@dataclass
class Fenced(Node):
    """Brackets, bars or norm bars around one row, or a tuple of rows."""

    opening: str
    closing: str
    parts: list[Row]


@dataclass
class Apply(Node):
    """A letter applied to brackets: f(x), L(w, b)."""

    function: Node
    argument: Fenced


@dataclass
class Function(Node):
    name: str  # a key of FUNCTIONS, or an \operatorname's own name
    sub: Row | None = None
    sup: Row | None = None


@dataclass
class BigOperator(Node):
    name: str
    sub: Row | None = None
    sup: Row | None = None
    mean: bool = False  # 1/n before a sum to n: said "the average"


@dataclass
class Root(Node):
    body: Row
    index: Row | None = None


@dataclass
class Accent(Node):
    name: str
    body: Node


@dataclass
class Styled(Node):
    """A font command: \\mathbf{x}, \\mathbb{R}, \\mathrm{d}."""

    font: str
    body: Row


@dataclass
class Brace(Node):
    """\\underbrace{body}_{label} (or \\overbrace with ^)."""

    body: Row
    label: Row | None


@dataclass
class Matrix(Node):
    opening: str
    closing: str
    rows: list[list[Row]]


def is_letter(node: Node) -> bool:
    return isinstance(node, Atom) and len(node.caption) == 1 and node.caption.isalpha() and not node.number \
        and node.kind == "ord" and node.said not in {"infinity"}


def is_operator(node: Node) -> bool:
    return isinstance(node, Atom) and node.kind in {"bin", "rel", "punct"}
