"""A formula's tree as the words a lecturer says: ``\\partial f / \\partial x`` → "partial f by partial x"."""

from __future__ import annotations

import itertools
import re

from lecture.maths.known import (ACCENTS, BIG_OPERATORS, FRACTION_NAMES, FUNCTIONS, NUMBER_WORDS, ORDINALS,
                                 POWERS)
from lecture.maths.tree import (Accent, Apply, Atom, BigOperator, Brace, Fenced, Fraction, Function, Matrix, Node,
                                Root, Row, Scripts, Space, Styled, Text, is_letter, is_operator)

__all__ = ["speech", "speech_by_item"]

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
    if parts not in FRACTION_NAMES or count not in NUMBER_WORDS or count >= parts:
        return None
    return [NUMBER_WORDS[count], FRACTION_NAMES[parts][count > 1]]


def _power(sup: Row) -> list[str]:
    """What an exponent says: squared, cubed, to the fifth, to the minus x, to the one half, transpose."""
    only = _single(sup)
    if isinstance(only, Atom):
        if only.caption in POWERS:
            return [POWERS[only.caption]]
        if only.said in {"plus", "minus"}:
            return ["from", "above" if only.said == "plus" else "below"]  # x → 0⁺
        if only.said in {"star", "transpose"} or only.caption == "T":
            return ["star"] if only.said == "star" else ["transpose"]
        if only.caption in ORDINALS:
            return ["to", "the", ORDINALS[only.caption]]
        if is_letter(only):
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
    _caption, said, sub_means = FUNCTIONS.get(node.name, (node.name, node.name, "over"))
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


def _arithmetic(items: list[Node]) -> bool:
    """Whether the row so far (since its last comma) is numbers worked out: 4·(−5), 0 − 0.01·(−20)."""
    clause = items[max((i + 1 for i, item in enumerate(items) if isinstance(item, Atom) and item.kind == "punct"),
                       default=0):]
    terms = [item for item in clause if not isinstance(item, Space)]
    return len(terms) > 1 and all(_numeric(item) for item in terms)


def _numeric(node: Node) -> bool:
    if isinstance(node, Atom):
        return node.number or node.kind == "bin"
    if isinstance(node, Fenced):
        return len(node.parts) == 1 and all(_numeric(item) for item in node.parts[0].items
                                            if not isinstance(item, Space))
    return False


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


def _said_row(row: Row, marks: list[int] | None = None) -> list[str]:
    """The row's words; ``marks`` (if given) gets where each item's words begin, and the end."""
    words: list[str] = []
    items = row.items
    equated = False  # this clause has said "equals" already
    skip_to = 0  # items already said with an earlier one
    for index, item in enumerate(items):
        if marks is not None:
            marks.append(len(words))
        if index < skip_to or isinstance(item, Space) and item.size == 0:
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
            for left, right in zip(item.parts, items[index + 2].parts):
                words += [*_said_row(left), "equals", *_said_row(right)]
                words[-1] += ","
            words[-1] = words[-1].rstrip(",")
            skip_to, equated = index + 3, True
            continue
        if isinstance(item, Atom) and item.said == "equals" and not equated and _arithmetic(items[:index]):
            # "0 − 5 = −5": a sum worked out, said "0 minus 5, that is minus 5".
            equated = True
            words[-1] += ","
            words += ["that", "is"]
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
        if isinstance(item, Atom) and item.caption == "∇" and previous is not None and not is_operator(previous):
            said = ["times", *said]  # η∇L: "eta times the gradient of L"
        if isinstance(item, Fenced) and item.opening == "(" and len(item.parts) == 1 and _terms(item.parts[0]) > 1 \
                and isinstance(previous, (Atom, Scripts)) and not is_operator(previous):
            # 4(2w + b − 5): "4 times the quantity 2 w plus b minus 5".
            said = ["times", "the", "quantity", *said]
            if more:
                said[-1] += ","
        if isinstance(item, Brace) and item.label and isinstance(item.body.items[-1:][0], Function) and rest:
            said.append("of")  # \underbrace{\lim_{h \to 0}}_{…} \frac{…}{…}: the limit of what follows
        words += said
    if marks is not None:
        marks.append(len(words))
    return words


def speech(row: Row) -> list[str]:
    """The tree as words, a pause marked by a comma on the word before it."""
    return _said_row(row)


def speech_by_item(row: Row) -> list[list[str]]:
    """The same words, split by the row's top-level items (an item said with another has none of its own)."""
    marks: list[int] = []
    words = _said_row(row, marks)
    return [words[start:end] for start, end in itertools.pairwise(marks)]
