"""The one reading of the maths: each formula's caption text and spoken words, from one parse.

The table holds the storyboard's "How the maths is said aloud", every display formula of the text, and the
notation of a calculus and machine-learning course. Every inline formula of the text is checked below it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.maths import MathError, read
from lecture.text.spoken import Pronunciation, spoken_sentence, spoken_tokens
from lecture.text.document import load_document
from lecture.core.identity import REFERENCE

ROOT = Path(__file__).resolve().parent.parent

READINGS = [
    # the storyboard's table
    ('f(x)',
     'f(x)',
     'f of x'),
    ('f(x+h)',
     'f(x+h)',
     'f of x plus h'),
    ("f'(x)",
     'f′(x)',
     'f prime of x'),
    ("s'(t) = 10t",
     's′(t) = 10t',
     's prime of t equals 10 t'),
    ("v'(t) = 10",
     'v′(t) = 10',
     'v prime of t equals 10'),
    ('x^2',
     'x²',
     'x squared'),
    ('x^5',
     'x⁵',
     'x to the fifth'),
    ('5x^4',
     '5x⁴',
     '5 x to the fourth'),
    ('s(t) = 5t^2',
     's(t) = 5t²',
     's of t equals 5 t squared'),
    ('(x+h)^2',
     '(x+h)²',
     'x plus h, squared'),
    ('h \\to 0',
     'h → 0',
     'h goes to 0'),
    ('\\lim_{h \\to 0}',
     'lim h→0',
     'the limit as h goes to 0'),
    ('\\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}',
     'lim h→0 (f(x+h) − f(x))/h',
     'the limit as h goes to 0 of f of x plus h minus f of x, over h'),
    ('\\frac{f(x+h) - f(x)}{h}',
     '(f(x+h) − f(x))/h',
     'f of x plus h minus f of x, over h'),
    ('\\partial f / \\partial x',
     '∂f/∂x',
     'partial f by partial x'),
    ('\\frac{\\partial L}{\\partial w}',
     '∂L/∂w',
     'partial L by partial w'),
    ('\\hat{y}',
     'ŷ',
     'y hat'),
    ('\\eta',
     'η',
     'eta'),
    ('\\theta',
     'θ',
     'theta'),
    ('-\\nabla L',
     '−∇L',
     'minus the gradient of L'),
    ('w \\leftarrow w - \\eta \\cdot (\\partial L / \\partial w)',
     'w ← w − η·(∂L/∂w)',
     'w becomes w minus eta times partial L by partial w'),
    ('\\theta \\leftarrow \\theta - \\eta \\cdot (\\partial L / \\partial \\theta)',
     'θ ← θ − η·(∂L/∂θ)',
     'theta becomes theta minus eta times partial L by partial theta'),
    ('(w, b)',
     '(w, b)',
     'w and b'),
    ('(x_i, y_i)',
     '(xᵢ, yᵢ)',
     'x i and y i'),
    ('(w^*, b^*)',
     '(w*, b*)',
     'w star and b star'),
    ('L(w, b) = (2w + b - 5)^2',
     'L(w, b) = (2w + b − 5)²',
     'L of w and b equals 2 w plus b minus 5, all squared'),
    ('\\hat{y} = 0.2 \\cdot 2 + 0.1 = 0.5',
     'ŷ = 0.2·2 + 0.1 = 0.5',
     'y hat equals 0.2 times 2 plus 0.1, which is 0.5'),
    ('\\eta = 0.01',
     'η = 0.01',
     'eta equals 0.01'),
    ('w = 0, b = 0',
     'w = 0, b = 0',
     'w equals 0, b equals 0'),
    ('(x, y) = (2, 5)',
     '(x, y) = (2, 5)',
     'x equals 2, y equals 5'),
    ('\\hat{y} = wx + b',
     'ŷ = wx + b',
     'y hat equals w x plus b'),
    ('3.00',
     '3.00',
     '3'),
    # the storyboard's restored lists: a sum worked out
    ('0 - 5 = -5',
     '0 − 5 = −5',
     '0 minus 5, that is minus 5'),
    ('0 - 0.01 \\cdot (-20) = 0.2',
     '0 − 0.01·(−20) = 0.2',
     '0 minus 0.01 times minus 20, that is 0.2'),
    # the text's display formulas
    ("f'(x) = \\lim_{h \\to 0} \\frac{f(x+h) - f(x)}{h}",
     'f′(x) = lim h→0 (f(x+h) − f(x))/h',
     'f prime of x equals the limit as h goes to 0 of f of x plus h minus f of x, over h'),
    ('f(x+h) = (x+h)^2 = x^2 + 2xh + h^2',
     'f(x+h) = (x+h)² = x² + 2xh + h²',
     'f of x plus h equals x plus h, squared, which is x squared plus 2 x h plus h squared'),
    ('f(x+h) - f(x) = 2xh + h^2',
     'f(x+h) − f(x) = 2xh + h²',
     'f of x plus h minus f of x equals 2 x h plus h squared'),
    ('\\frac{2xh + h^2}{h} = 2x + h',
     '(2xh + h²)/h = 2x + h',
     '2 x h plus h squared, over h equals 2 x plus h'),
    ("f'(x) = \\lim_{h \\to 0}(2x + h) = 2x",
     'f′(x) = lim h→0 (2x + h) = 2x',
     'f prime of x equals the limit as h goes to 0 of 2 x plus h, which is 2 x'),
    (("\\underbrace{f'(x)}_{\\text{derivative}} \\;=\\; \\underbrace{\\lim_{h \\to 0}}_{\\text{shrink h}} \\; "
     "\\underbrace{\\frac{f(x+h) - f(x)}{h}}_{\\text{secant slope}} \\;=\\; "
     "\\underbrace{\\text{slope of curve at }x}_{\\text{tangent slope}}"),
     'f′(x) [derivative] = lim h→0 [shrink h] (f(x+h) − f(x))/h [secant slope] = slope of curve at x [tangent slope]',
     ('f prime of x, derivative, equals the limit as h goes to 0, shrink h, of f of x plus h minus f of x, '
     'over h, secant slope, which is slope of curve at x, tangent slope')),
    ('\\text{derivative} = \\frac{\\text{change in y-axis quantity}}{\\text{change in x-axis quantity}}',
     'derivative = (change in y-axis quantity)/(change in x-axis quantity)',
     'derivative equals change in y-axis quantity, over change in x-axis quantity'),
    ('\\frac{\\partial f}{\\partial x} \\quad \\text{(slope as you move in the x-direction)}',
     '∂f/∂x (slope as you move in the x-direction)',
     'partial f by partial x, slope as you move in the x-direction'),
    ('\\frac{\\partial f}{\\partial y} \\quad \\text{(slope as you move in the y-direction)}',
     '∂f/∂y (slope as you move in the y-direction)',
     'partial f by partial y, slope as you move in the y-direction'),
    ('\\frac{\\partial f}{\\partial x} = 2xy + 3y^2',
     '∂f/∂x = 2xy + 3y²',
     'partial f by partial x equals 2 x y plus 3 y squared'),
    ('\\frac{\\partial f}{\\partial y} = x^2 + 6xy',
     '∂f/∂y = x² + 6xy',
     'partial f by partial y equals x squared plus 6 x y'),
    ('\\hat{y} = w \\cdot x + b',
     'ŷ = w·x + b',
     'y hat equals w times x plus b'),
    ('L(w, b) = \\frac{1}{n}\\sum_{i=1}^{n}(wx_i + b - y_i)^2',
     'L(w, b) = 1/n ∑ᵢ₌₁ⁿ (wxᵢ + b − yᵢ)²',
     'L of w and b equals the average over i from 1 to n of w x i plus b minus y i, all squared'),
    (('\\nabla L = \\begin{bmatrix} \\dfrac{\\partial L}{\\partial w} \\\\[6pt] '
     '\\dfrac{\\partial L}{\\partial b} \\end{bmatrix}'),
     '∇L = (∂L/∂w, ∂L/∂b)',
     'the gradient of L equals the vector with entries partial L by partial w and partial L by partial b'),
    ('w \\leftarrow w - \\eta \\cdot \\frac{\\partial L}{\\partial w}',
     'w ← w − η·∂L/∂w',
     'w becomes w minus eta times partial L by partial w'),
    ('b \\leftarrow b - \\eta \\cdot \\frac{\\partial L}{\\partial b}',
     'b ← b − η·∂L/∂b',
     'b becomes b minus eta times partial L by partial b'),
    ('\\frac{\\partial L}{\\partial w} = 4(2w + b - 5), \\quad \\frac{\\partial L}{\\partial b} = 2(2w + b - 5)',
     '∂L/∂w = 4(2w + b − 5), ∂L/∂b = 2(2w + b − 5)',
     ('partial L by partial w equals 4 times the quantity 2 w plus b minus 5, '
     'partial L by partial b equals 2 times the quantity 2 w plus b minus 5')),
    # functions
    ('\\sin x',
     'sin x',
     'sine of x'),
    ('\\cos^2 x',
     'cos² x',
     'cosine squared of x'),
    ('\\tan\\theta',
     'tan θ',
     'tangent of theta'),
    ('\\log_2 x',
     'log₂ x',
     'log base 2 of x'),
    ('\\ln x',
     'ln x',
     'the natural log of x'),
    ('\\exp(x)',
     'exp(x)',
     'the exponential of x'),
    ('\\max(a, b)',
     'max(a, b)',
     'the maximum of a and b'),
    ('\\min_w L',
     'min w L',
     'the minimum over w of L'),
    ('\\arg\\min_w L',
     'argmin w L',
     'the arg min over w of L'),
    ('\\operatorname{softmax}(z)',
     'softmax(z)',
     'softmax of z'),
    # roots and fractions
    ('\\sqrt{x}',
     '√x',
     'the square root of x'),
    ('\\sqrt{x + 1}',
     '√(x + 1)',
     'the square root of the quantity x plus 1'),
    ('\\sqrt[3]{x}',
     '∛x',
     'the cube root of x'),
    ('\\tfrac{1}{2}',
     '1/2',
     'one half'),
    ('\\dfrac{2}{3}',
     '2/3',
     'two thirds'),
    ('a/b',
     'a/b',
     'a over b'),
    ('\\frac{a+b}{c}',
     '(a+b)/c',
     'a plus b, over c'),
    ('\\frac{a}{b+c}',
     'a/(b+c)',
     'a over the quantity b plus c'),
    # powers and subscripts
    ('e^{-x}',
     'e⁻ˣ',
     'e to the minus x'),
    ('x^{-1}',
     'x⁻¹',
     'x to the minus 1'),
    ('x^{1/2}',
     'x^(1/2)',
     'x to the one half'),
    ('e^{x}',
     'eˣ',
     'e to the x'),
    ('x^{10}',
     'x¹⁰',
     'x to the power 10'),
    ('x^{n+1}',
     'xⁿ⁺¹',
     'x to the power n plus 1'),
    ('x_{i+1}',
     'xᵢ₊₁',
     'x sub i plus 1'),
    ('a_{ij}',
     'aᵢⱼ',
     'a sub i j'),
    ('\\hat{y}_i',
     'ŷᵢ',
     'y hat i'),
    ('x^T w',
     'xᵀ w',
     'x transpose w'),
    # derivatives
    ("f''(x)",
     'f″(x)',
     'f double prime of x'),
    ("f'''(x)",
     'f‴(x)',
     'f triple prime of x'),
    ('\\frac{dy}{dx}',
     'dy/dx',
     'd y by d x'),
    ('\\frac{d^2y}{dx^2}',
     'd²y/dx²',
     'd squared y by d x squared'),
    ('\\frac{d}{dx} f(x)',
     'd/dx f(x)',
     'd by d x of f of x'),
    ('\\frac{\\partial^2 f}{\\partial x^2}',
     '∂²f/∂x²',
     'partial squared f by partial x squared'),
    ('\\frac{\\partial^2 f}{\\partial x \\partial y}',
     '∂²f/(∂x ∂y)',
     'partial squared f by partial x partial y'),
    # integrals, sums, limits
    ('\\int_0^1 x\\,dx',
     '∫₀¹ x dx',
     'the integral from 0 to 1 of x d x'),
    ('\\int f(x)\\,dx',
     '∫ f(x) dx',
     'the integral of f of x d x'),
    ('\\sum_{i=1}^{n} x_i',
     '∑ᵢ₌₁ⁿ xᵢ',
     'the sum from i equals 1 to n of x i'),
    ('\\frac{1}{n} \\sum_{i=1}^{n} x_i',
     '1/n ∑ᵢ₌₁ⁿ xᵢ',
     'the average over i from 1 to n of x i'),
    ('\\lim_{x \\to \\infty} \\frac{1}{x}',
     'lim x→∞ 1/x',
     'the limit as x goes to infinity of 1 over x'),
    ('x \\to 0^+',
     'x → 0⁺',
     'x goes to 0 from above'),
    # bars, norms, vectors, matrices
    ('|x|',
     '|x|',
     'the absolute value of x'),
    ('\\left| x - 1 \\right|',
     '|x − 1|',
     'the absolute value of x minus 1'),
    ('\\|v\\|',
     '‖v‖',
     'the norm of v'),
    ('\\lVert w \\rVert',
     '‖w‖',
     'the norm of w'),
    ('\\|x\\|_2',
     '‖x‖₂',
     'the 2 norm of x'),
    ('\\vec{v}',
     'v⃗',
     'vector v'),
    ('\\mathbf{x}',
     '𝐱',
     'vector x'),
    ('\\mathbf{W}',
     '𝐖',
     'matrix W'),
    ('\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}',
     '(1, 2)',
     'the vector with entries 1 and 2'),
    ('\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}',
     '[a, b; c, d]',
     'the 2 by 2 matrix with rows a, b; and c, d'),
    ('[0, 1]',
     '[0, 1]',
     'the interval from 0 to 1'),
    # relations and symbols
    ('x \\le y',
     'x ≤ y',
     'x is at most y'),
    ('x \\geq 0',
     'x ≥ 0',
     'x is at least 0'),
    ('x \\ne 0',
     'x ≠ 0',
     'x is not equal to 0'),
    ('a \\approx b',
     'a ≈ b',
     'a is about b'),
    ('x \\in \\mathbb{R}',
     'x ∈ ℝ',
     'x is in the real numbers'),
    ('x \\in \\mathbb{R}^n',
     'x ∈ ℝⁿ',
     'x is in R n'),
    ('n \\to \\infty',
     'n → ∞',
     'n goes to infinity'),
    ('a \\cdot b',
     'a·b',
     'a times b'),
    ('a \\times b',
     'a × b',
     'a times b'),
    ('P(A \\mid B)',
     'P(A | B)',
     'P of A given B'),
    ('\\pm 1',
     '± 1',
     'plus or minus 1'),
    ('n!',
     'n!',
     'n factorial'),
    ('\\Delta x',
     'Δx',
     'delta x'),
    # fonts, spacing, text, braces
    ('\\mathrm{d}x',
     'dx',
     'd x'),
    ('\\mathit{x}',
     'x',
     'x'),
    ('\\text{loss}',
     'loss',
     'loss'),
    ('a \\, b \\; c \\quad d',
     'a b c d',
     'a b c, d'),
    ('\\underbrace{x + y}_{\\text{sum}}',
     'x + y [sum]',
     'x plus y, sum'),
    ('\\left( \\frac{a}{b} \\right)',
     '(a/b)',
     'a over b'),
    ('\\bar{x}',
     'x̅',
     'x bar'),
    ('\\sigma(z) = \\frac{1}{1 + e^{-z}}',
     'σ(z) = 1/(1 + e⁻ᶻ)',
     'sigma of z equals 1 over the quantity 1 plus e to the minus z'),
    ('w_{t+1} = w_t - \\eta \\nabla L(w_t)',
     'wₜ₊₁ = wₜ − η ∇L(wₜ)',
     'w sub t plus 1 equals w t minus eta times the gradient of L of w t'),
    ('4(a + b) + c',
     '4(a + b) + c',
     '4 times the quantity a plus b, plus c'),
]


def test_the_table_covers_the_course():
    assert len(READINGS) >= 80
    display = {block.math for section in load_document().sections.values() for block in section.blocks
               if block.kind == "math"}
    assert display <= {latex for latex, _, _ in READINGS}, "every display formula of the text is in the table"


@pytest.mark.parametrize(("latex", "caption", "said"), READINGS, ids=[latex for latex, _, _ in READINGS])
def test_a_formula_reads_as_caption_text_and_as_speech(latex, caption, said):
    reading = read(latex)
    assert (reading.caption, reading.said) == (caption, said)


def test_every_formula_of_the_text_gives_both_forms_with_no_latex_left():
    source = REFERENCE.read_text(encoding="utf-8")
    inline = set(re.findall(r"(?<![\\$])\$([^$]+)\$(?!\$)", source))
    display = {block.math for section in load_document().sections.values() for block in section.blocks
               if block.kind == "math"}
    assert len(inline) > 50 and len(display) == 18
    for latex in inline | display:
        reading = read(latex)
        assert reading.caption and not re.search(r"[\\{}$]|\^|_", reading.caption), (latex, reading.caption)
        # No LaTeX and no symbol left for the voice to spell out or skip.
        assert reading.said and not re.search(r"[\\^_{}/′²∂∇ŷ−=+·|‖]", reading.said), (latex, reading.said)


@pytest.mark.parametrize(("latex", "problem"), [
    (r"\frobnicate{x}", r"unknown LaTeX command \frobnicate in $\frobnicate{x}$ (the maths reader"),
    (r"\begin{cases} x \end{cases}", "unknown LaTeX environment cases"),
    (r"\frac{1}{2", "cannot read"),
    (r"(x + 1", "'(' without its ')'"),
    (r"\sqrt", "a command without its argument"),
])
def test_what_the_reader_does_not_know_is_an_error_naming_it(latex, problem):
    with pytest.raises(MathError, match=re.escape(problem)):
        read(latex)


def test_a_pronunciation_still_overrides_the_reading():
    sentence = "Here $\\ln x$ grows slowly."
    assert spoken_sentence(spoken_tokens(sentence)) == "Here the natural log of x grows slowly."
    entry = Pronunciation("the natural log of", "log", 1)
    assert spoken_sentence(spoken_tokens(sentence, (entry,))) == "Here log x grows slowly."


def edited_text(tmp_path: Path, old: str, new: str) -> Path:
    source = REFERENCE.read_text(encoding="utf-8")
    assert source.count(old) == 1
    path = tmp_path / "reference.md"
    path.write_text(source.replace(old, new), encoding="utf-8")
    return path


def build(*arguments: str, text: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", *arguments], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "LECTURE_TEXT": str(text)}, check=False)


def test_a_sentence_with_a_sine_a_root_and_an_integral_is_captioned_and_said(tmp_path):
    text = edited_text(tmp_path, "That collapse is the derivative.",
                       "That collapse is the derivative. Try $\\sin x$, $\\sqrt{x}$, $\\tfrac{1}{2}$ and "
                       "$\\int_0^1 x\\,dx$.")
    result = build("speech", "01", text=text)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert ("[collapse] Try sine of x, the square root of x, one half and the integral from 0 to 1 of x d x."
            in result.stdout)


@pytest.mark.parametrize(("old", "new", "where"), [
    ("\\underbrace{f'(x)}_{\\text{derivative}}", "\\underbrace{\\frobnicate(x)}_{\\text{derivative}}",
     "§04 'underbraced': unknown LaTeX command \\frobnicate in $"),
    ("That collapse is the derivative.", "That collapse is the $\\frobnicate x$ derivative.",
     "§01 'collapse', sentence 1: unknown LaTeX command \\frobnicate in $\\frobnicate x$"),
], ids=["display", "inline"])
def test_build_list_names_the_file_line_and_command_of_unknown_maths(tmp_path, old, new, where):
    text = edited_text(tmp_path, old, new)
    line = next(number for number, content in enumerate(text.read_text(encoding="utf-8").splitlines(), start=1)
                if "\\frobnicate" in content)
    for command in (["list", "--voice", "none"], ["speech"], ["render", "01", "-q", "smoke", "--out", "o"]):
        result = build(*command, text=text)
        assert result.returncode == 1 and result.stdout == "", command
        (message,) = result.stderr.strip().splitlines()
        assert message.startswith(f"Error: {text}:{line}: {where}"), message
        assert "(the maths reader, lecture/maths/known.py, does not know it)" in message
    assert not (ROOT / "o").exists(), "nothing renders"
