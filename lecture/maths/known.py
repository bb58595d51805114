"""What the maths reader knows: every command and character, with its caption form and its words.

Anything not in these tables is a MathError when the text loads. A lecturer changes how something is
*said* in ``assets/pronunciations.toml``; a new command is taught here.
"""

from __future__ import annotations

from dataclasses import dataclass

import unicodeit

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
CHARACTERS: dict[str, Symbol] = {
    "+": Symbol("+", "plus", "bin"), "-": Symbol("−", "minus", "bin"), "−": Symbol("−", "minus", "bin"),
    "=": Symbol("=", "equals", "rel"), "<": Symbol("<", "is less than", "rel"),
    ">": Symbol(">", "is greater than", "rel"), ",": Symbol(",", ",", "punct"), ";": Symbol(";", ";", "punct"),
    "…": Symbol("…", "and so on"), "!": Symbol("!", "factorial"), "*": Symbol("*", "star"),
    "/": Symbol("/", "over"),  # a/b: the parser makes it a fraction
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
FONTS = {"mathrm", "mathit", "mathsf", "mathcal", "boldsymbol", "mathbf", "mathbb"}
TEXT_COMMANDS = {"text", "textrm", "textit", "mbox"}
SPACES = {",": 1, ";": 1, ":": 1, "!": 0, " ": 1, "quad": 2, "qquad": 2, "enspace": 1}
IGNORED = {"displaystyle", "textstyle", "limits", "nolimits", "big", "Big", "bigg", "Bigg"}
OPENERS = {"(": ")", "[": "]", "|": "|", "‖": "‖"}
FENCE_MACROS = {"lvert": "|", "rvert": "|", "vert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
                 "langle": "⟨", "rangle": "⟩", "lbrack": "[", "rbrack": "]"}
MATRICES = {"matrix": ("", ""), "bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|")}
ORDINALS = {"4": "fourth", "5": "fifth", "6": "sixth", "7": "seventh", "8": "eighth", "9": "ninth", "n": "nth"}
POWERS = {"2": "squared", "3": "cubed"}
FRACTION_NAMES = {2: ("half", "halves"), 3: ("third", "thirds"), 4: ("quarter", "quarters")}
NUMBER_WORDS = {1: "one", 2: "two", 3: "three"}


def said_number(text: str) -> str:
    """3.00 → 3, 0.50 → 0.5: the voice says the value, not the printed digits."""
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
