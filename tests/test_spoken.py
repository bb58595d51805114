"""The spoken form: the text's maths read aloud, and the lecturer's pronunciation file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.spoken import (
    PronunciationError,
    check_pronunciations,
    latex_to_speech,
    load_pronunciations,
    spoken_sentence,
    spoken_tokens,
)
from lecture.text import REFERENCE, caption_text, load_document

ROOT = Path(__file__).resolve().parent.parent

# The storyboard's table of how the maths is said aloud, and a few more.
SAID = {
    "f(x)": "f of x",
    "f(x+h)": "f of x plus h",
    "f'(x)": "f prime of x",
    "s'(t) = 10t": "s prime of t equals 10 t",
    "v'(t) = 10": "v prime of t equals 10",
    "x^2": "x squared",
    "x^5": "x to the fifth",
    "5x^4": "5 x to the fourth",
    "s(t) = 5t^2": "s of t equals 5 t squared",
    "(x+h)^2": "x plus h, squared",
    r"h \to 0": "h goes to 0",
    r"\lim_{h \to 0} \frac{f(x+h) - f(x)}{h}": "the limit as h goes to 0 of f of x plus h minus f of x, over h",
    r"\partial f / \partial x": "partial f by partial x",
    r"\frac{\partial L}{\partial w}": "partial L by partial w",
    r"\hat{y}": "y hat",
    r"\eta": "eta",
    r"\theta": "theta",
    r"-\nabla L": "minus the gradient of L",
    r"w \leftarrow w - \eta \cdot (\partial L / \partial w)": "w becomes w minus eta times partial L by partial w",
    "(w, b)": "w and b",
    "(x_i, y_i)": "x i and y i",
    "(w^*, b^*)": "w star and b star",
    "L(w, b) = (2w + b - 5)^2": "L of w and b equals 2 w plus b minus 5, all squared",
    r"\hat{y} = 0.2 \cdot 2 + 0.1 = 0.5": "y hat equals 0.2 times 2 plus 0.1, which is 0.5",
    r"\eta = 0.01": "eta equals 0.01",
    "w = 0, b = 0": "w equals 0, b equals 0",
    "3.00": "3",
}


@pytest.mark.parametrize("latex", SAID)
def test_maths_is_said_as_a_lecturer_reads_it(latex):
    assert latex_to_speech(latex) == SAID[latex]


def test_every_inline_formula_of_the_text_is_said_in_words():
    formulas = sorted(set(re.findall(r"(?<![\\$])\$([^$]+)\$(?!\$)", REFERENCE.read_text(encoding="utf-8"))))
    assert len(formulas) > 50
    for latex in formulas:
        said = latex_to_speech(latex)
        assert said, latex
        # No LaTeX and no symbol left for the voice to spell out or skip.
        assert not re.search(r"[\\^_{}/′²∂∇ŷ−=+·]", said), f"{latex!r} is said {said!r}"


def test_an_unknown_command_is_an_error_not_a_silent_pass():
    with pytest.raises(ValueError, match=r"no reading for \\frobnicate"):
        latex_to_speech(r"\frobnicate{x}")


def test_tokens_are_the_caption_words_each_with_its_spoken_words():
    sentence = "So $f'(x) = 2x$. At $x = 1$ the slope is $2$; in §01 it reads 3.00 — exactly."
    tokens = spoken_tokens(sentence)
    assert " ".join(token.caption for token in tokens) == caption_text(sentence, keep_maths_together=True)
    assert spoken_sentence(tokens) == ("So f prime of x equals 2 x. At x equals 1 the slope is 2; "
                                       "in section 1 it reads 3, exactly.")


def test_the_texts_bare_unicode_terms_are_said_too():
    document = load_document()
    (sentence,) = document.section("09").block(
        next(block.label for block in document.section("09").prose if "∂L/∂w" in block.source)).sentences
    assert spoken_sentence(spoken_tokens(sentence)).startswith("partial L by partial w, partial L by partial b")


def test_the_captions_of_every_sentence_are_its_tokens():
    document = load_document()
    for number, section in document.sections.items():
        for block in section.prose:
            for sentence in block.sentences:
                adapted = document.adapted(number, sentence)
                tokens = spoken_tokens(adapted, load_pronunciations())
                assert " ".join(t.caption for t in tokens) == caption_text(adapted, keep_maths_together=True)
                assert all(re.search(r"\w", word) for token in tokens for word in token.words)


def write(folder: Path, text: str) -> Path:
    path = folder / "pronunciations.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_pronunciation_replaces_the_phrase_and_keeps_its_punctuation(tmp_path):
    entries = load_pronunciations(write(tmp_path, '[[pronounce]]\nphrase = "mph"\nsay = "miles per hour"\n'))
    tokens = spoken_tokens("Your speedometer reads 60 mph.", entries)
    assert spoken_sentence(tokens) == "Your speedometer reads 60 miles per hour."
    # The words belong to the caption token they replace, so the caption gets their time.
    assert tokens[-1].caption == "mph." and tokens[-1].words == ("miles", "per", "hour.")


def test_a_pronunciation_the_lecture_never_says_names_file_and_line(tmp_path):
    path = write(tmp_path, '[[pronounce]]\nphrase = "mph"\nsay = "miles per hour"\n\n'
                           '[[pronounce]]\nphrase = "kph"\nsay = "kilometres per hour"\n')
    with pytest.raises(PronunciationError, match=r"pronunciations.toml:5: the lecture never says 'kph'"):
        check_pronunciations("reads 60 mph", load_pronunciations(path), path)


def test_a_malformed_pronunciation_names_file_and_line(tmp_path):
    path = write(tmp_path, '[[pronounce]]\nphrase = "mph"\nsay = "miles per hour"\n\n[[pronounce]]\nphrase = "x"\n')
    with pytest.raises(PronunciationError, match=r"pronunciations.toml:5: each \[\[pronounce\]\] needs"):
        load_pronunciations(path)


def test_the_build_refuses_an_unknown_phrase_in_one_line(tmp_path):
    path = write(tmp_path, '[[pronounce]]\nphrase = "Zanzibar"\nsay = "zanzibar"\n')
    result = subprocess.run([sys.executable, "build.py", "render", "01", "-q", "smoke", "--out", str(tmp_path / "o")],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "LECTURE_PRONUNCIATIONS": str(path)})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: pronunciations.toml:1: the lecture never says 'Zanzibar'; "
        "fix the phrase (see 'build.py speech') or remove the entry"]
    assert not (tmp_path / "o").exists()


def test_the_speech_command_reports_each_pronunciation_with_its_uses():
    result = subprocess.run([sys.executable, "build.py", "speech", "--pronunciations"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "'mph' → 'miles per hour': 1 sentence(s)" in result.stdout

