"""LaTeX to a tree: pylatexenc finds braces, commands and environments; the grammar here finds scripts,
fractions, brackets, applications and each command's arguments."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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

from lecture.maths.known import (ACCENTS, BIG_OPERATORS, CHARACTERS, FENCE_MACROS, FONTS, FUNCTIONS, IGNORED,
                                 MATRICES, OPENERS, SPACES, SYMBOLS, TEXT_COMMANDS, said_number)
from lecture.maths.tree import (Accent, Apply, Atom, BigOperator, Brace, Fenced, Fraction, Function, MathError,
                                Matrix, Node, Root, Row, Scripts, Space, Styled, Text, is_letter, is_operator)

__all__ = ["parse"]

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
                                                      or FENCE_MACROS.get(token.value) in closing):
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
        applied = is_letter(node) or (isinstance(node, Scripts) and is_letter(node.base) and node.sup is None)
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
        if char in OPENERS:
            return self.fenced(char, OPENERS[char], token.spaced)
        if char[0].isdigit():
            return Atom(char, said_number(char), number=True, spaced=token.spaced)
        if char.isalpha():
            return Atom(char, char, spaced=token.spaced)
        if char in CHARACTERS:
            symbol = CHARACTERS[char]
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
        if token.kind == "macro" and token.value in FENCE_MACROS:
            return FENCE_MACROS[token.value]
        raise self.error(f"no delimiter after \\left or \\right ({token.value!r})")

    def macro(self, token: _Token) -> Node:
        name, spaced = token.value, token.spaced
        if name in SPACES:
            return Space(SPACES[name], spaced=spaced)
        if name in IGNORED:
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
        if name in FONTS:
            return Styled(name, self.argument(), spaced=spaced)
        if name in TEXT_COMMANDS:
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
        if name in FENCE_MACROS and FENCE_MACROS[name] in "|‖":
            bar = FENCE_MACROS[name]
            return self.fenced(bar, bar, spaced)
        raise self.error(f"unknown LaTeX command \\{name}")

    def plain_words(self) -> str:
        token = self.take()
        if token.kind != "group":
            raise self.error("\\text needs its words in braces")
        return re.sub(r"\s+", " ", token.verbatim)

    def matrix(self, token: _Token) -> Matrix:
        if token.value not in MATRICES:
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
                    while inner.take().value != "]":
                        pass
                rows.append([])
            elif inner.peek() is None:
                break
            else:
                raise self.error(f"an unexpected {inner.peek().value!r} in {token.value}")
        rows = [row for row in rows if row and any(cell.items for cell in row)]
        opening, closing = MATRICES[token.value]
        return Matrix(opening, closing, rows, spaced=token.spaced)


def _slashes(items: list[Node]) -> list[Node]:
    """``a/b`` in a row: the terms around the slash, up to the nearest operators, become a fraction."""
    while any(isinstance(item, Atom) and item.caption == "/" for item in items):
        slash = next(i for i, item in enumerate(items) if isinstance(item, Atom) and item.caption == "/")
        start = slash
        while start > 0 and not is_operator(items[start - 1]) and not isinstance(items[start - 1], Space):
            start -= 1
        end = slash + 1
        while end < len(items) and not is_operator(items[end]) and not isinstance(items[end], Space):
            end += 1
        fraction = Fraction(Row(items[start:slash]), Row(items[slash + 1:end]), slash=True,
                            spaced=items[start].spaced if start < slash else False)
        items = items[:start] + [fraction] + items[end:]
    return items


def parse(latex: str) -> Row:
    """The tree of one formula; a MathError names what cannot be read."""
    try:
        nodes, _, _ = LatexWalker(latex, latex_context=_CONTEXT, tolerant_parsing=False).get_latex_nodes()
    except LatexWalkerError as error:
        raise MathError(f"cannot read ${latex}$: {str(error).splitlines()[0]}") from None
    try:
        return _Parser(_tokens(nodes), latex).whole()
    except MathError as error:
        if "unknown LaTeX" in str(error):
            raise MathError(f"{error} (the maths reader, lecture/maths/known.py, does not know it)") from None
        raise
