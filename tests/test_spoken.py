"""The spoken form: the text's maths read aloud, and the lecturer's pronunciation file."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.text.spoken import (
    PronunciationError,
    check_pronunciations,
    load_pronunciations,
    spoken_sentence,
    spoken_tokens,
)
from lecture.text.document import load_document
from tests.norms import caption_text

ROOT = Path(__file__).resolve().parent.parent

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


def test_a_phrase_corrected_twice_names_both_lines(tmp_path):
    path = write(tmp_path, '[[pronounce]]\nphrase = "mph"\nsay = "miles per hour"\n\n'
                           '[[pronounce]]\nphrase = "mph"\nsay = "miles an hour"\n')
    result = subprocess.run([sys.executable, "build.py", "speech"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "LECTURE_PRONUNCIATIONS": str(path)}, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "Error: pronunciations.toml:5: the phrase 'mph' is already corrected at line 1; keep one of the two entries"]


def test_the_build_refuses_an_unknown_phrase_in_one_line(tmp_path):
    path = write(tmp_path, '[[pronounce]]\nphrase = "Zanzibar"\nsay = "zanzibar"\n')
    result = subprocess.run([sys.executable, "build.py", "render", "01", "-q", "smoke", "--out", str(tmp_path / "o")],
                            cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "LECTURE_PRONUNCIATIONS": str(path)}, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        ("Error: pronunciations.toml:1: the lecture never says 'Zanzibar'; "
        "fix the phrase (see 'build.py speech') or remove the entry")]
    assert not (tmp_path / "o").exists()


def test_the_speech_command_reports_each_pronunciation_with_its_uses():
    result = subprocess.run([sys.executable, "build.py", "speech", "--pronunciations"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "'mph' → 'miles per hour': 1 sentence(s)" in result.stdout



# The spoken form follows the prose's punctuation: asides and dashes are pauses, a gloss is said once.
PUNCTUATION_READINGS = {
    # a dash after a quotation is still a pause
    "The connection between the formula and the concept \"derivative\" is not \"they're related\" — the formula is "
    "the literal definition.":
        "The connection between the formula and the concept \"derivative\" is not \"they're related\", the formula "
        "is the literal definition.",
    # a bracketed aside is set off by pauses, its brackets unsaid
    "The little right triangle hugging the curve has horizontal side $h$ (run), vertical side $f(x+h) - f(x)$ "
    "(rise), and hypotenuse equal to the secant line.":
        "The little right triangle hugging the curve has horizontal side h, run, vertical side f of x plus h minus "
        "f of x, rise, and hypotenuse equal to the secant line.",
    "Velocity (slope of position vs time): apply the limit definition.":
        "Velocity, slope of position vs time: apply the limit definition.",
    # an aside that opens on a word and closes on maths
    "Different songs (different $x$'s) come and go through the radio.":
        "Different songs, different x's, come and go through the radio.",
    # a gloss that repeats the symbol's name is said once
    "$\\eta$ (eta) is the learning rate.": "eta is the learning rate.",
    "The curly $\\partial$ (\"partial\") signals: I'm differentiating.":
        "The curly partial signals: I'm differentiating.",
    "∇L — gradient (vector of all partials, steepest-ascent direction)":
        "the gradient of L, vector of all partials, steepest-ascent direction",
    # but a gloss that says more is kept
    "∂L/∂w, ∂L/∂b — partial derivatives (which way to nudge each parameter)":
        "partial L by partial w, partial L by partial b, partial derivatives, which way to nudge each parameter",
    # numbered points are said as points
    "Each partial tells you (1) which direction to nudge that parameter, opposite of the sign, and (2) how "
    "sensitive the loss is to it (the magnitude).":
        "Each partial tells you, first, which direction to nudge that parameter, opposite of the sign, and, second, "
        "how sensitive the loss is to it, the magnitude.",
    # pairs are said as values
    "Take a tiny dataset: one point $(x, y) = (2, 5)$.": "Take a tiny dataset: one point x equals 2, y equals 5.",
}


@pytest.mark.parametrize("sentence", PUNCTUATION_READINGS)
def test_the_spoken_form_follows_the_prose_punctuation(sentence):
    tokens = spoken_tokens(sentence)
    assert spoken_sentence(tokens) == PUNCTUATION_READINGS[sentence]
    # The captions still show every word and bracket of the text.
    assert " ".join(token.caption for token in tokens) == caption_text(sentence, keep_maths_together=True)
