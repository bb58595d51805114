"""The one reading of the text's maths: each LaTeX formula parsed once, rendered as caption text and as speech.

``read(latex)`` parses a formula (pylatexenc finds its braces, commands and
environments; the small grammar below finds scripts, fractions, brackets and
applications) and renders the tree twice:

- as plain Unicode for captions: ``\\partial f / \\partial x`` → ``∂f/∂x``;
- as the words a lecturer says: "partial f by partial x".

Everything the reader knows is in the tables below (``SYMBOLS``, ``FUNCTIONS``,
``ACCENTS``, …). Anything else is a MathError naming the command, raised when
the text loads, so a formula is never published garbled or read aloud wrongly.
A lecturer changes a reading in ``assets/pronunciations.toml``, not here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

import unicodeit
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexWalker,
    LatexWalkerError,
)
from pylatexenc.macrospec import EnvironmentSpec, LatexContextDb, MacroSpec

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


class MathError(ValueError):
    """A formula the reader cannot caption or say (it would be published garbled)."""


# --- What the reader knows --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Symbol:
    """A command or character with its caption form, its words, and how it sits in a row."""

    caption: str
    said: str
    kind: str = "ord"  # ord: a term; bin: + − ·; rel: = ≤ →; punct: , ;


_GREEK_NAMES = """alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma tau upsilon
phi chi psi omega""".split()
SYMBOLS: dict[str, Symbol] = {
    **{name: Symbol(unicodeit.replace("\\" + name), name) for name in _GREEK_NAMES},
    **{name.capitalize(): Symbol(unicodeit.replace("\\" + name.capitalize()), name)
       for name in "gamma delta theta lambda xi pi sigma phi psi omega".split()},
    "varepsilon": Symbol("ε", "epsilon"), "varphi": Symbol("φ", "phi"), "vartheta": Symbol("ϑ", "theta"),
    "ell": Symbol("ℓ", "ell"),
    "infty": Symbol("∞", "infinity"),
    "partial": Symbol("∂", "partial"),
    "nabla": Symbol("∇", "the gradient of"),
    "ldots": Symbol("…", "and so on"), "cdots": Symbol("⋯", "and so on"), "dots": Symbol("…", "and so on"),
    "cdot": Symbol("·", "times", "bin"), "times": Symbol("×", "times", "bin"),
    "div": Symbol("÷", "divided by", "bin"), "pm": Symbol("±", "plus or minus", "bin"),
    "mp": Symbol("∓", "minus or plus", "bin"),
    "to": Symbol("→", "goes to", "rel"), "rightarrow": Symbol("→", "goes to", "rel"),
    "leftarrow": Symbol("←", "becomes", "rel"), "gets": Symbol("←", "becomes", "rel"),
    "mapsto": Symbol("↦", "maps to", "rel"), "Rightarrow": Symbol("⇒", "implies", "rel"),
    "implies": Symbol("⇒", "implies", "rel"),
    "approx": Symbol("≈", "is about", "rel"), "sim": Symbol("∼", "is distributed as", "rel"),
    "propto": Symbol("∝", "is proportional to", "rel"), "mid": Symbol("|", "given", "rel"),
    "le": Symbol("≤", "is at most", "rel"), "leq": Symbol("≤", "is at most", "rel"),
    "ge": Symbol("≥", "is at least", "rel"), "geq": Symbol("≥", "is at least", "rel"),
    "ne": Symbol("≠", "is not equal to", "rel"), "neq": Symbol("≠", "is not equal to", "rel"),
    "in": Symbol("∈", "is in", "rel"), "notin": Symbol("∉", "is not in", "rel"),
    "top": Symbol("ᵀ", "transpose"),
}
_CHARACTERS: dict[str, Symbol] = {
    "+": Symbol("+", "plus", "bin"), "-": Symbol("−", "minus", "bin"), "−": Symbol("−", "minus", "bin"),
    "=": Symbol("=", "equals", "rel"), "<": Symbol("<", "is less than", "rel"),
    ">": Symbol(">", "is greater than", "rel"), ",": Symbol(",", ",", "punct"), ";": Symbol(";", ";", "punct"),
    "…": Symbol("…", "and so on"), "!": Symbol("!", "factorial"), "*": Symbol("*", "star"),
}
# Named functions: caption name, what is said, what a subscript means ("over w", "base 2", "as h goes to 0").
FUNCTIONS: dict[str, tuple[str, str, str]] = {
    "sin": ("sin", "sine", ""), "cos": ("cos", "cosine", ""), "tan": ("tan", "tangent", ""),
    "log": ("log", "log", "base"), "ln": ("ln", "the natural log", ""), "exp": ("exp", "the exponential", ""),
    "max": ("max", "the maximum", "over"), "min": ("min", "the minimum", "over"),
    "argmax": ("argmax", "the arg max", "over"), "argmin": ("argmin", "the arg min", "over"),
    "lim": ("lim", "the limit", "as"),
}
# Big operators: caption, what is said.
BIG_OPERATORS = {"sum": ("∑", "the sum"), "prod": ("∏", "the product"), "int": ("∫", "the integral")}
# Accents and fonts on one argument: (caption of a letter, words before, words after).
ACCENTS = {"hat": ("hat", "", "hat"), "bar": ("bar", "", "bar"), "tilde": ("tilde", "", "tilde"),
           "dot": ("dot", "", "dot"), "vec": ("vec", "vector", "")}
_FONTS = {"mathrm", "mathit", "mathsf", "mathcal", "boldsymbol", "mathbf", "mathbb"}
_TEXT = {"text", "textrm", "textit", "mbox"}
_SPACES = {",": 1, ";": 1, ":": 1, "!": 0, " ": 1, "quad": 2, "qquad": 2, "enspace": 1}
_IGNORED = {"displaystyle", "textstyle", "limits", "nolimits", "big", "Big", "bigg", "Bigg"}
_OPENERS = {"(": ")", "[": "]", "|": "|", "‖": "‖"}
_FENCE_MACROS = {"lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
                 "langle": "⟨", "rangle": "⟩", "lbrack": "[", "rbrack": "]"}
_MATRICES = {"matrix": ("", ""), "bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|")}
_ORDINALS = {"4": "fourth", "5": "fifth", "6": "sixth", "7": "seventh", "8": "eighth", "9": "ninth", "n": "nth"}
_POWERS = {"2": "squared", "3": "cubed"}
_FRACTION_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}
_NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}


# --- The tree ---------------------------------------------------------------------------------------------------

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


# --- Parsing ----------------------------------------------------------------------------------------------------

@dataclass
class _Token:
    kind: str  # "macro", "char", "group", "env"
    value: str
    spaced: bool = False
    children: list[_Token] = field(default_factory=list)
    verbatim: str = ""


def _context() -> LatexContextDb:
    """pylatexenc with no argument specs: the grammar below takes each command's arguments itself."""
    db = LatexContextDb()
    db.set_unknown_macro_spec(MacroSpec(""))
    db.set_unknown_environment_spec(EnvironmentSpec(""))
    return db


_CONTEXT = _context()
_CHAR_TOKEN = re.compile(r"\s+|\d+(?:\.\d+)?|.")


def _tokens(nodes: list, spaced: bool = False) -> list[_Token]:
    out: list[_Token] = []
    for node in nodes:
        if isinstance(node, LatexCharsNode):
            for piece in _CHAR_TOKEN.findall(node.chars):
                if piece.isspace():
                    spaced = True
                    continue
                out.append(_Token("char", piece, spaced))
                spaced = False
            continue
        if isinstance(node, LatexCommentNode):
            continue
        if isinstance(node, LatexMacroNode):
            out.append(_Token("macro", node.macroname, spaced))
            # A control word swallows the spaces after it; a caption keeps one.
            spaced = bool(node.macro_post_space)
            continue
        if isinstance(node, LatexGroupNode):
            out.append(_Token("group", "{", spaced, _tokens(node.nodelist), node.latex_verbatim()[1:-1]))
        elif isinstance(node, LatexEnvironmentNode):
            out.append(_Token("env", node.environmentname, spaced, _tokens(node.nodelist)))
        elif isinstance(node, LatexMathNode):
            out.extend(_tokens(node.nodelist, spaced))
        else:
            raise MathError(f"cannot read {node.latex_verbatim()!r}")
        spaced = False
    return out


class _Parser:
    """A recursive reader over one level of tokens (a group's contents are parsed by a parser of their own)."""

    def __init__(self, tokens: list[_Token], latex: str) -> None:
        self.tokens = tokens
        self.position = 0
        self.latex = latex

    def error(self, problem: str) -> MathError:
        return MathError(f"{problem} in ${self.latex}$")

    def peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def peek_is(self, kind: str, *values: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == kind and (not values or token.value in values)

    def take(self) -> _Token:
        token = self.peek()
        if token is None:
            raise self.error("a formula that ends too soon")
        self.position += 1
        return token

    def row(self, closing: set[str] | None = None) -> Row:
        """Items up to a closing character (not taken) or the end; ``a/b`` becomes a fraction."""
        items: list[Node] = []
        while (token := self.peek()) is not None:
            if closing and token.kind == "char" and token.value in closing:
                break
            if closing and token.kind == "macro" and (token.value in {"right", "\\"} | closing
                                                      or _FENCE_MACROS.get(token.value) in closing):
                break
            if token.kind == "char" and token.value == "&":
                break
            items.append(self.item())
        return Row(_slashes(items))

    def argument(self) -> Row:
        """A command's argument: a ``{…}`` group, or the single token after it."""
        token = self.peek()
        if token is None:
            raise self.error("a command without its argument")
        if token.kind == "group":
            self.take()
            return _Parser(token.children, self.latex).whole()
        return Row([self.atom()])

    def whole(self) -> Row:
        row = self.row()
        if (left := self.peek()) is not None:
            raise self.error(f"an unexpected {left.value!r}")
        return row

    def item(self) -> Node:
        """An atom with its scripts and primes, and a function applied to brackets."""
        spaced = self.peek().spaced
        node = self.atom()
        if isinstance(node, (Space, Text, Brace)):
            return node
        sub = sup = None
        primes = 0
        while True:
            if self.peek_is("char", "'"):
                self.take()
                primes += 1
            elif self.peek_is("char", "_") and sub is None:
                self.take()
                sub = self.argument()
            elif self.peek_is("char", "^") and sup is None:
                self.take()
                sup = self.argument()
            else:
                break
        if isinstance(node, (Function, BigOperator)):
            node.sub, node.sup = sub, sup
        elif sub or sup or primes:
            node = Scripts(node, sub, sup, primes)
        node.spaced = spaced
        applied = _letter(node) or (isinstance(node, Scripts) and _letter(node.base) and node.sup is None)
        if applied and self.peek_is("char", "(") and not self.peek().spaced:
            argument = self.atom()
            return Apply(node, argument, spaced=spaced)
        return node

    def atom(self) -> Node:
        token = self.take()
        if token.kind == "group":
            return Row(_Parser(token.children, self.latex).whole().items, spaced=token.spaced)
        if token.kind == "env":
            return self.matrix(token)
        if token.kind == "macro":
            return self.macro(token)
        char = token.value
        if char in _OPENERS:
            return self.fenced(char, _OPENERS[char], token.spaced)
        if char[0].isdigit():
            return Atom(char, said_number(char), number=True, spaced=token.spaced)
        if char.isalpha():
            return Atom(char, char, spaced=token.spaced)
        if char in _CHARACTERS:
            symbol = _CHARACTERS[char]
            return Atom(symbol.caption, symbol.said, symbol.kind, spaced=token.spaced)
        raise self.error(f"no reading for {char!r}")

    def fenced(self, opening: str, closing: str, spaced: bool, *, sized: bool = False) -> Fenced:
        parts = [self.row({closing, ","} if opening in "([" else {closing})]
        while self.peek_is("char", ","):
            self.take()
            parts.append(self.row({closing, ","}))
        if sized:
            if not self.peek_is("macro", "right"):
                raise self.error(f"\\left{opening} without \\right")
            self.take()
            self.delimiter()
        elif self.peek_is("char", closing) or (closing == "‖" and self.peek_is("macro", "|", "rVert", "Vert")) \
                or (closing == "|" and self.peek_is("macro", "rvert", "vert")):
            self.take()
        else:
            raise self.error(f"{opening!r} without its {closing!r}")
        return Fenced(opening, closing, parts, spaced=spaced)

    def delimiter(self) -> str:
        token = self.take()
        if token.kind == "char" and token.value in "()[]|.":
            return token.value
        if token.kind == "macro" and token.value in _FENCE_MACROS:
            return _FENCE_MACROS[token.value]
        raise self.error(f"no delimiter after \\left or \\right ({token.value!r})")

    def macro(self, token: _Token) -> Node:
        name, spaced = token.value, token.spaced
        if name in _SPACES:
            return Space(_SPACES[name], spaced=spaced)
        if name in _IGNORED:
            return Space(0, spaced=spaced)
        if name in SYMBOLS:
            symbol = SYMBOLS[name]
            return Atom(symbol.caption, symbol.said, symbol.kind, spaced=spaced)
        if name in {"frac", "dfrac", "tfrac"}:
            return Fraction(self.argument(), self.argument(), spaced=spaced)
        if name in FUNCTIONS or name == "operatorname":
            function = self.plain_words() if name == "operatorname" else name
            return Function(function, spaced=spaced)
        if name == "arg" and self.peek_is("macro", "min", "max"):
            return Function("arg" + self.take().value, spaced=spaced)
        if name in BIG_OPERATORS:
            return BigOperator(name, spaced=spaced)
        if name == "sqrt":
            index = None
            if self.peek_is("char", "["):
                self.take()
                index = self.row({"]"})
                self.take()
            return Root(self.argument(), index, spaced=spaced)
        if name in ACCENTS:
            body = self.argument()
            return Accent(name, body.items[0] if len(body.items) == 1 else body, spaced=spaced)
        if name in _FONTS:
            return Styled(name, self.argument(), spaced=spaced)
        if name in _TEXT:
            return Text(self.plain_words(), spaced=spaced)
        if name in {"underbrace", "overbrace"}:
            body = self.argument()
            label = None
            if self.peek_is("char", "_" if name == "underbrace" else "^"):
                self.take()
                label = self.argument()
            return Brace(body, label, spaced=spaced)
        if name == "left":
            opening = self.delimiter()
            closing = {"(": ")", "[": "]", "|": "|", "‖": "‖", "⟨": "⟩"}.get(opening, ")")
            return self.fenced(opening, closing, spaced, sized=True)
        if name in _FENCE_MACROS and _FENCE_MACROS[name] in "|‖":
            bar = _FENCE_MACROS[name]
            return self.fenced(bar, bar, spaced)
        raise self.error(f"unknown LaTeX command \\{name}")

    def plain_words(self) -> str:
        token = self.take()
        if token.kind != "group":
            raise self.error("\\text needs its words in braces")
        return re.sub(r"\s+", " ", token.verbatim)

    def matrix(self, token: _Token) -> Matrix:
        if token.value not in _MATRICES:
            raise self.error(f"unknown LaTeX environment {token.value}")
        inner = _Parser(token.children, self.latex)
        rows: list[list[Row]] = [[]]
        while True:
            rows[-1].append(inner.row({"&"}))
            if inner.peek_is("char", "&"):
                inner.take()
            elif inner.peek_is("macro", "\\"):
                inner.take()
                if inner.peek_is("char", "["):  # \\[6pt]: extra space between rows
                    while not inner.take().value == "]":
                        pass
                rows.append([])
            elif inner.peek() is None:
                break
            else:
                raise self.error(f"an unexpected {inner.peek().value!r} in {token.value}")
        rows = [row for row in rows if row and any(cell.items for cell in row)]
        opening, closing = _MATRICES[token.value]
        return Matrix(opening, closing, rows, spaced=token.spaced)


def _letter(node: Node) -> bool:
    return isinstance(node, Atom) and len(node.caption) == 1 and node.caption.isalpha() and not node.number \
        and node.kind == "ord" and node.said not in {"infinity"}


def _is_operator(node: Node) -> bool:
    return isinstance(node, Atom) and node.kind in {"bin", "rel", "punct"}


def _slashes(items: list[Node]) -> list[Node]:
    """``a/b`` in a row: the terms around the slash, up to the nearest operators, become a fraction."""
    while any(isinstance(item, Atom) and item.caption == "/" for item in items):
        slash = next(i for i, item in enumerate(items) if isinstance(item, Atom) and item.caption == "/")
        start = slash
        while start > 0 and not _is_operator(items[start - 1]) and not isinstance(items[start - 1], Space):
            start -= 1
        end = slash + 1
        while end < len(items) and not _is_operator(items[end]) and not isinstance(items[end], Space):
            end += 1
        fraction = Fraction(Row(items[start:slash]), Row(items[slash + 1:end]), slash=True,
                            spaced=items[start].spaced if start < slash else False)
        items = items[:start] + [fraction] + items[end:]
    return items


_CHARACTERS["/"] = Symbol("/", "over", "ord")


def said_number(text: str) -> str:
    """3.00 → 3, 0.50 → 0.5: the voice says the value, not the printed digits."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# --- Captions ---------------------------------------------------------------------------------------------------

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
        numerator, denominator = _caption_text(node.numerator), _caption_text(node.denominator)
        if not node.slash:
            numerator = f"({numerator})" if _needs_parentheses(numerator) else numerator
            denominator = f"({denominator})" if _needs_parentheses(denominator) else denominator
        return f"{numerator}/{denominator}"
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


def _caption_row(row: Row) -> str:
    pieces = []
    for index, item in enumerate(row.items):
        pieces.append(_caption(item))
        following = row.items[index + 1] if index + 1 < len(row.items) else None
        applied = isinstance(following, Fenced) and not following.spaced and getattr(item, "sub", None) is None
        if isinstance(item, (Function, BigOperator)) and not applied:
            pieces.append(" ")  # "sin x", "lim h→0 (…)", but "max(a, b)"
    return "".join(pieces)


def _caption_text(row: Row) -> str:
    text = _caption_row(row)
    text = re.sub(r"([∂∇Δ][²³]?)\s+", r"\1", text)
    text = re.sub(r"\s*([/·])\s*", r"\1", text)
    # NFC: "ŷ" as one character, as fonts and caption counters expect.
    return unicodedata.normalize("NFC", re.sub(r"\s+", " ", text).strip())


# --- Speech -----------------------------------------------------------------------------------------------------

def _terms(row: Row) -> int:
    """How many terms a row adds up (2w + b − 5 has three)."""
    return 1 + sum(isinstance(item, Atom) and item.kind == "bin" and item.said in {"plus", "minus"}
                   for item in row.items[1:])


def _single(row: Row | None) -> Node | None:
    items = [item for item in (row.items if row else []) if not isinstance(item, Space)]
    return items[0] if len(items) == 1 else None


def _numeric_fraction(node: Node | None) -> list[str] | None:
    """1/2 as "one half", 2/3 as "two thirds"; None for any other fraction."""
    if not isinstance(node, Fraction):
        return None
    top, bottom = _single(node.numerator), _single(node.denominator)
    if not (isinstance(top, Atom) and isinstance(bottom, Atom) and top.number and bottom.number
            and top.caption.isdigit() and bottom.caption.isdigit()):
        return None
    count, parts = int(top.caption), int(bottom.caption)
    if parts not in _FRACTION_NAMES or count not in _NUMBER_WORDS or count >= parts:
        return None
    return [_NUMBER_WORDS[count], _FRACTION_NAMES[parts][count > 1]]


def _power(sup: Row) -> list[str]:
    """What an exponent says: squared, cubed, to the fifth, to the minus x, to the one half, transpose."""
    only = _single(sup)
    if isinstance(only, Atom):
        if only.caption in _POWERS:
            return [_POWERS[only.caption]]
        if only.said in {"plus", "minus"}:
            return ["from", "above" if only.said == "plus" else "below"]  # x → 0⁺
        if only.said in {"star", "transpose"} or only.caption == "T":
            return ["star"] if only.said == "star" else ["transpose"]
        if only.caption in _ORDINALS:
            return ["to", "the", _ORDINALS[only.caption]]
        if _letter(only):
            return ["to", "the", only.said]  # e to the x
    if (fraction := _numeric_fraction(only)) is not None:
        return ["to", "the", *fraction]
    words = _said_row(sup)
    if words[:1] == ["minus"]:
        return ["to", "the", *words]
    return ["to", "the", "power", *words]


def _derivative_parts(node: Fraction) -> bool:
    """dy/dx, ∂f/∂x, d²y/dx²: read "by", not "over"."""
    top, bottom = _said_row(node.numerator), _said_row(node.denominator)
    return len(bottom) >= 2 and top[:1] == bottom[:1] and top[:1] in (["d"], ["partial"])


def _said_fraction(node: Fraction, more: bool) -> list[str]:
    if (fraction := _numeric_fraction(node)) is not None:
        return fraction
    numerator, denominator = _said_row(node.numerator), _said_row(node.denominator)
    if _derivative_parts(node):
        return numerator + ["by"] + denominator + (["of"] if len(numerator) == 1 and more else [])
    if len(numerator) > 1:
        numerator[-1] += ","
    if _terms(node.denominator) > 1:
        return numerator + ["over", "the", "quantity", *denominator]
    return numerator + ["over"] + denominator


def _said_fenced(node: Fenced) -> list[str]:
    if node.opening == "|":
        return ["the", "absolute", "value", "of", *_said_row(node.parts[0])]
    if node.opening == "‖":
        return ["the", "norm", "of", *_said_row(node.parts[0])]
    if node.opening == "[" and len(node.parts) == 2:
        return ["the", "interval", "from", *_said_row(node.parts[0]), "to", *_said_row(node.parts[1])]
    if len(node.parts) > 1:
        # A pair's members: (w, b) is "w and b".
        members = [_said_row(part) for part in node.parts]
        words: list[str] = []
        for index, member in enumerate(members):
            if index == len(members) - 1:
                words.append("and")
            elif index > 0:
                words[-1] += ","
            words += member
        return words
    return _said_row(node.parts[0])


def _said_function(node: Function, more: bool) -> list[str]:
    caption, said, sub_means = FUNCTIONS.get(node.name, (node.name, node.name, "over"))
    words = said.split()
    if node.sup is not None:
        words += _power(node.sup)
    if node.sub is not None:
        below = _said_row(node.sub)
        words += [*sub_means.split(), *below] if sub_means else below
    if node.name == "lim" and node.sub is None:
        words.append("as")
    elif more:
        words.append("of")
    return words


def _said_big_operator(node: BigOperator, more: bool) -> list[str]:
    words = BIG_OPERATORS[node.name][1].split()
    if node.mean:
        # 1/n Σᵢ₌₁ⁿ: "the average over i from 1 to n of"
        variable, _, start = " ".join(_said_row(node.sub)).partition(" equals ")
        words = ["the", "average", "over", *variable.split(), "from", *start.split()]
    elif node.sub is not None:
        words += ["from", *_said_row(node.sub)]
    if node.sup is not None:
        words += ["to", *_said_row(node.sup)]
    return words + (["of"] if more else [])


def _said_scripts(node: Scripts) -> list[str]:
    base = node.base
    if isinstance(base, Fenced) and len(base.parts) == 1 and base.opening == "(" and node.sup is not None:
        inner = _said_row(base.parts[0])
        # (x+h)^2 is "x plus h, squared"; (2w + b − 5)^2 "2 w plus b minus 5, all squared".
        if _terms(base.parts[0]) > 1:
            return inner[:-1] + [inner[-1] + ","] + (["all"] if _terms(base.parts[0]) > 2 else []) \
                + _power(node.sup)
        return inner + _power(node.sup)
    if isinstance(base, Fenced) and base.opening == "‖" and node.sub is not None:
        return ["the", *_said_row(node.sub), "norm", "of", *_said_row(base.parts[0])]  # ‖x‖₂: the 2 norm of x
    if isinstance(base, Styled) and base.font == "mathbb" and node.sup is not None:
        return _said_row(base.body) + _said_row(node.sup)  # ℝⁿ: "R n"
    words = _said(base, more=False)
    words += {0: [], 1: ["prime"], 2: ["double", "prime"], 3: ["triple", "prime"]}.get(node.primes,
                                                                                       ["prime"] * node.primes)
    if node.sub is not None:
        below = _said_row(node.sub)
        words += below if len(below) == 1 else ["sub", *below]
    if node.sup is not None:
        words += _power(node.sup)
    return words


def _said_matrix(node: Matrix) -> list[str]:
    if all(len(row) == 1 for row in node.rows):
        entries = [_said_row(row[0]) for row in node.rows]
        words = ["the", "vector", "with", "entries"]
        for index, entry in enumerate(entries):
            if index == len(entries) - 1 and index > 0:
                words.append("and")
            elif index > 0:
                words[-1] += ","
            words += entry
        return words
    words = ["the", str(len(node.rows)), "by", str(len(node.rows[0])), "matrix", "with", "rows"]
    for index, row in enumerate(node.rows):
        if index > 0:
            words[-1] += ";"
            if index == len(node.rows) - 1:
                words.append("and")
        for position, cell in enumerate(row):
            if position > 0:
                words[-1] += ","
            words += _said_row(cell)
    return (["the", "determinant", "of"] if node.opening == "|" else []) + words


def _said(node: Node, more: bool) -> list[str]:
    """The words for one node; ``more`` says whether its row goes on after it (a limit then says "of")."""
    if isinstance(node, Atom):
        return node.said.split()
    if isinstance(node, Row):
        return _said_row(node)
    if isinstance(node, Space):
        return []
    if isinstance(node, Text):
        return [word for word in re.sub(r"[()]", " ", node.words).split()]
    if isinstance(node, Scripts):
        return _said_scripts(node)
    if isinstance(node, Fraction):
        return _said_fraction(node, more)
    if isinstance(node, Fenced):
        return _said_fenced(node)
    if isinstance(node, Apply):
        return _said(node.function, more=False) + ["of"] + _said_fenced(node.argument)
    if isinstance(node, Function):
        return _said_function(node, more)
    if isinstance(node, BigOperator):
        return _said_big_operator(node, more)
    if isinstance(node, Root):
        index = _said_row(node.index) if node.index else []
        name = {(): "square", ("2",): "square", ("3",): "cube"}.get(tuple(index))
        words = ["the", *([name] if name else [*index[:-1], index[-1] + "th"]), "root", "of"]
        body = _said_row(node.body)
        if _terms(node.body) > 1:  # √(x + 1): "the square root of the quantity x plus 1,"
            return [*words, "the", "quantity", *body[:-1], body[-1] + ("," if more else "")]
        return [*words, *body]
    if isinstance(node, Accent):
        _, before, after = ACCENTS[node.name]
        return [*before.split(), *_said(node.body, more=False), *after.split()]
    if isinstance(node, Styled):
        body = _said_row(node.body)
        if node.font == "mathbb" and body == ["R"]:
            return ["the", "real", "numbers"]
        if node.font in {"mathbf", "boldsymbol"} and len(body) == 1 and body[0].isalpha():
            return ["vector" if body[0].islower() else "matrix", *body]
        return body
    if isinstance(node, Brace):
        words = _said_row(node.body)
        if node.label is None:
            return words
        return [*words[:-1], words[-1] + ",", *_said_row(node.label)[:-1], _said_row(node.label)[-1] + ","]
    if isinstance(node, Matrix):
        return _said_matrix(node)
    raise TypeError(node)


def _is_tuple_assignment(items: list[Node], index: int) -> bool:
    """(x, y) = (2, 5): two tuples of one length with an equals between them."""
    if index + 2 >= len(items):
        return False
    left, sign, right = items[index:index + 3]
    return (isinstance(left, Fenced) and isinstance(right, Fenced) and isinstance(sign, Atom) and sign.said == "equals"
            and len(left.parts) == len(right.parts) > 1)


def _is_mean(item: Node, rest: list[Node]) -> bool:
    """1/n right before a sum whose upper limit is n, from a variable's "= 1"."""
    if not (isinstance(item, Fraction) and rest and isinstance(rest[0], BigOperator) and rest[0].name == "sum"):
        return False
    total = rest[0]
    return (_said_row(item.numerator) == ["1"] and total.sup is not None and total.sub is not None
            and _said_row(item.denominator) == _said_row(total.sup) and "equals" in _said_row(total.sub))


def _said_row(row: Row) -> list[str]:
    words: list[str] = []
    items = [item for item in row.items if not (isinstance(item, Space) and item.size == 0)]
    equated = False  # this clause has said "equals" already
    skip_to = 0  # items already said with an earlier one
    for index, item in enumerate(items):
        if index < skip_to:
            continue
        rest = [later for later in items[index + 1:] if not isinstance(later, Space)]
        more = bool(rest) and not (isinstance(rest[0], Atom) and rest[0].kind in {"rel", "punct"})
        if isinstance(item, Space):
            if item.size > 1 and words and not words[-1].endswith((",", ";")):
                words[-1] += ","  # a quad between two formulas is a pause
            equated = equated and item.size < 2
            continue
        if isinstance(item, Atom) and item.kind == "punct":
            if words:
                words[-1] += item.said
            equated = False
            continue
        if _is_tuple_assignment(items, index):
            # (x, y) = (2, 5): "x equals 2, y equals 5"
            for left, right in zip(items[index].parts, items[index + 2].parts):
                words += [*_said_row(left), "equals", *_said_row(right)]
                words[-1] += ","
            words[-1] = words[-1].rstrip(",")
            skip_to, equated = index + 3, True
            continue
        if isinstance(item, Atom) and item.said == "equals" and not equated:
            equated = True
        elif isinstance(item, Atom) and item.said == "equals":
            # "ŷ = 0.2 · 2 + 0.1 = 0.5": the second equals gives the result.
            words[-1] += ","
            words += ["which", "is"]
            continue
        if _is_mean(item, rest):
            rest[0].mean = True
            continue
        said = _said(item, more)
        previous = items[index - 1] if index else None
        if isinstance(item, Atom) and item.caption == "∇" and previous is not None and not _is_operator(previous):
            said = ["times", *said]  # η∇L: "eta times the gradient of L"
        if isinstance(item, Fenced) and item.opening == "(" and len(item.parts) == 1 and _terms(item.parts[0]) > 1 \
                and isinstance(previous, (Atom, Scripts)) and not _is_operator(previous):
            # 4(2w + b − 5): "4 times the quantity 2 w plus b minus 5".
            said = ["times", "the", "quantity", *said]
            if more:
                said[-1] += ","
        if isinstance(item, Brace) and item.label and isinstance(item.body.items[-1:][0], Function) and rest:
            said.append("of")  # \underbrace{\lim_{h \to 0}}_{…} \frac{…}{…}: the limit of what follows
        words += said
    return words


# --- The reading ------------------------------------------------------------------------------------------------

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
    try:
        nodes, _, _ = LatexWalker(latex, latex_context=_CONTEXT, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerError as error:
        raise MathError(f"cannot read ${latex}$: {str(error).splitlines()[0]}") from None
    try:
        row = _Parser(_tokens(nodes), latex).whole()
    except MathError as error:
        if "unknown LaTeX" in str(error):
            raise MathError(f"{error} (the maths reader, lecture/maths.py, does not know it)") from None
        raise
    words = _said_row(row)
    if not words:
        raise MathError(f"${latex}$ says nothing")
    said = " ".join(words).rstrip(",;")
    return Reading(latex, _caption_text(row), re.sub(r",+", ",", said))


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
