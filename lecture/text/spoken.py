"""What the voice says: the text's words with its maths read aloud.

Captions show maths as Unicode (∂f/∂x, x², f′(x)); read as it is, a speech
engine says "delta f slash delta x" and "x two", and drops the prime. The
spoken form of each formula comes from the one reading of the maths
(``lecture/maths``: "partial f by partial x", "x squared", "f prime of x"),
and a lecturer corrects any reading in ``assets/pronunciations.toml`` without
touching code.

A sentence is handled as its caption tokens (the words a caption line is made
of, each formula one token), each paired with the words that say it, so that
the speech's word timings give every caption token a time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lecture.core.identity import pronunciations_path
from lecture.core.files import load_toml, read_text, table_lines
from lecture.maths import (MathError, hide_inline_maths, hides_maths, inline_to_text, latex_to_speech,
                           put_back_maths, read_display, said_number)
from lecture.text.document import NO_BREAK_SPACE

__all__ = [
    "Pronunciation",
    "PronunciationError",
    "SpokenToken",
    "check_pronunciations",
    "load_pronunciations",
    "plain_speech",
    "spoken_sentence",
    "spoken_tokens",
]


# Unicode maths that the text writes outside $…$ (the bold terms of §02 and §09), as LaTeX.
_UNICODE_LATEX = {"ŷ": r"\hat{y}", "∂": r"\partial ", "∇": r"\nabla ", "η": r"\eta ", "θ": r"\theta ",
                  "−": "-", "→": r"\to ", "÷": r"\div ", "²": "^2", "′": "'", "·": r"\cdot "}
# A bare token is maths when it has one of these, or applies a function: f(x+h).
_MATHS_MARKS = set(_UNICODE_LATEX) - {"²"}
_FUNCTION = re.compile(r"^[A-Za-z]′?\(.+\)$")

_OPERATORS = {"+": "plus", "-": "minus", "=": "equals", "<": "is less than", ">": "is greater than", "…": "and so on"}


_TRAILING = ",.;:!?\")"
_DASHES = {"—", "–", "-"}
_PAUSES = (",", ".", ";", ":", "!", "?")
_CLOSERS = "\"”’')"
# "(1) … (2)" in prose is a list said as a lecturer counts points.
_POINTS = {"(1)": "first", "(2)": "second", "(3)": "third", "(4)": "fourth", "(5)": "fifth"}


class PronunciationError(ValueError):
    """A pronunciation entry that is malformed or names nothing the lecture says."""


@dataclass(frozen=True)
class Pronunciation:
    """A lecturer's correction: wherever the voice would say ``phrase``, it says ``say``."""

    phrase: str
    say: str
    line: int

    def said_in(self, spoken: str) -> bool:
        """Whether the narration says the phrase (as whole words)."""
        return re.search(rf"(?<!\S){re.escape(self.phrase)}(?=[{re.escape(_TRAILING)}]*(\s|$))", spoken) is not None


@dataclass(frozen=True)
class SpokenToken:
    """One caption token and the words that say it (none for a dash)."""

    caption: str
    words: tuple[str, ...]


# --- Sentences to tokens ------------------------------------------------------

def _prose_words(text: str) -> list[str]:
    """Prose as said: §01 is "section 1", 3.00 is "3", a dash is a pause."""
    text = re.sub(r"§0*(\d+)", r"section \1", text)
    words: list[str] = []
    for word in text.split():
        if word in _OPERATORS or word == "/":
            words.append(_OPERATORS.get(word, "or"))  # "baseline / offset"
            continue
        if re.search(r"[a-z]{3}/[a-z]{3}", word):  # "heating/cooling", not "m/s"
            words += re.sub(r"(?<=[a-z])/(?=[a-z])", " or ", word).split()
            continue
        match = re.fullmatch(r"(\W*)(\d+\.\d+)(\W*)", word)
        words.append(f"{match[1]}{said_number(match[2])}{match[3]}" if match else word)
    return words


def _attach_punctuation(words: list[str]) -> list[str]:
    """Brackets around a formula are not said; quotes and commas join the word beside them."""
    out: list[str] = []
    opening = ""
    for word in words:
        if not word:
            continue
        if not any(char.isalnum() for char in word) or word.startswith("'"):
            if out:
                out[-1] += word
            else:
                opening += word
            continue
        out.append(opening + word)
        opening = ""
    return out


def _unicode_term(token: str) -> list[str] | None:
    """A bare Unicode formula of the text (∂L/∂w, f(x+h), ŷ) said as its LaTeX would be."""
    core = token.rstrip(",.;:")
    if not (set(core) & _MATHS_MARKS or _FUNCTION.match(core)):
        return None
    latex = "".join(_UNICODE_LATEX.get(char, char) for char in core)
    try:
        words = latex_to_speech(latex).split()
    except MathError:
        return None
    if words and token != core:
        words[-1] += token[len(core):]
    return words


def spoken_tokens(sentence: str, pronunciations: tuple[Pronunciation, ...] = ()) -> tuple[SpokenToken, ...]:
    """A source sentence (maths as ``$…$``) as caption tokens with their spoken words.

    The captions join a formula's parts with no-break spaces (a formula stays
    on one line); tokens here are split the same way, so they are exactly the
    caption's words.
    """
    if sentence.startswith("$$") and sentence.endswith("$$"):
        # A display formula: its pieces as the caption breaks it, each with the words that say it.
        tokens = [SpokenToken(caption, words) for caption, words in read_display(sentence[2:-2])]
        return tuple(_apply(tokens, pronunciations) if pronunciations else tokens)
    protected, maths = hide_inline_maths(sentence)
    tokens: list[SpokenToken] = []
    raws = protected.split(" ")
    for index, raw in enumerate(raws):
        caption = inline_to_text(put_back_maths(raw, maths, lambda m: m.group(0)), glue=NO_BREAK_SPACE)
        if hides_maths(raw):
            said = put_back_maths(raw, maths, lambda m: f" {latex_to_speech(m.group(1))} ")
            words = said.split()
            words = _attach_punctuation([word.strip("()") for word in words])
        else:
            words = _unicode_term(raw) or _prose_words(raw)
        if raw in _DASHES:
            # A dash is a pause, which the voice makes at a comma (it says nothing for a dash).
            words = []
            _pause_after(tokens)
        elif _repeats_the_term(words, tokens, raws[index + 1] if index + 1 < len(raws) else None):
            words = []  # "∇L — gradient (…)": the term was just said as "the gradient of L"
        else:
            words = _aside(put_back_maths(raw, maths, lambda m: ""), words, tokens)
        tokens.append(SpokenToken(caption, tuple(words)))
    _end_without_pause(tokens)
    if pronunciations:
        tokens = _apply(tokens, pronunciations)
    return tuple(tokens)


def _pause_after(tokens: list[SpokenToken]) -> None:
    """End the words said so far with a comma (the voice's pause), unless they end with a pause already."""
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].words:
            *before, last = tokens[index].words
            if not last.rstrip(_CLOSERS).endswith(_PAUSES):
                tokens[index] = SpokenToken(tokens[index].caption, (*before, last + ","))
            return


def _end_without_pause(tokens: list[SpokenToken]) -> None:
    """A sentence that ends inside an aside ends there: no comma left for the voice to hang on."""
    for index in range(len(tokens) - 1, -1, -1):
        if tokens[index].words:
            *before, last = tokens[index].words
            tokens[index] = SpokenToken(tokens[index].caption, (*before, last.removesuffix(",")))
            return


def _said_plainly(words: list[str] | tuple[str, ...]) -> list[str]:
    return [word.strip("()\"“”,.;:").lower() for word in words]


def _repeats_the_term(words: list[str], tokens: list[SpokenToken], following: str | None) -> bool:
    """Whether a one-word gloss after a dash (``term — gloss (…)``) only names what the term was said as."""
    if len(words) != 1 or len(tokens) < 2 or tokens[-1].caption not in _DASHES:
        return False
    if following is not None and not following.startswith("("):
        return False
    return _said_plainly(words)[0] in _said_plainly(tokens[-2].words)


def _aside(bare: str, words: list[str], tokens: list[SpokenToken]) -> list[str]:
    """A bracketed aside said as one: a pause before and after, its brackets unsaid.

    "(1)" and "(2)" are said "first" and "second"; a gloss that only repeats what
    was just said ("η (eta)", "∂ ("partial")") is not said again.
    """
    opens = bare.lstrip("\"“").startswith("(")
    closes = bare.count(")") > bare.count("(") or (opens and bare.count(")") == bare.count("(")
                                                   and bare.rstrip(",.;:!?\"”").endswith(")"))
    if not (opens or closes) or not words:
        return words
    after = bare[bare.rindex(")") + 1:] if closes else ""
    point = _POINTS.get(bare.rstrip(",.;:!?"))
    if point:
        _pause_after(tokens)
        return [point + (after if after.endswith(_PAUSES) else ",")]
    previous = next((token.words for token in reversed(tokens) if token.words), ())
    if opens and closes and _said_plainly(words) == _said_plainly(previous[-len(words):]):
        if after.endswith(_PAUSES) and tokens:
            _pause_after(tokens)
        return []
    words = list(words)
    if opens:
        _pause_after(tokens)
        words[0] = words[0].replace("(", "", 1)
    if closes:
        last = words[-1]
        cut = last.rfind(")")
        words[-1] = last[:cut] + last[cut + 1:] if cut >= 0 else last
        if not words[-1].rstrip(_CLOSERS).endswith(_PAUSES):
            words[-1] += ","
    return [word for word in words if word]


def _apply(tokens: list[SpokenToken], pronunciations: tuple[Pronunciation, ...]) -> list[SpokenToken]:
    """Replace each phrase in the sentence's words; a phrase over several tokens goes to its first."""
    said = [(index, word) for index, token in enumerate(tokens) for word in token.words]
    for entry in pronunciations:
        said = _replace(said, entry)
    grouped: list[list[str]] = [[] for _ in tokens]
    for owner, word in said:
        grouped[owner].append(word)
    return [SpokenToken(token.caption, tuple(group)) for token, group in zip(tokens, grouped)]


def _replace(said: list[tuple[int, str]], entry: Pronunciation) -> list[tuple[int, str]]:
    """One entry applied to (token, word) pairs; punctuation after the phrase stays."""
    phrase = entry.phrase.split()
    out: list[tuple[int, str]] = []
    index = 0
    while index < len(said):
        window = [word for _, word in said[index: index + len(phrase)]]
        tail = ""
        if len(window) == len(phrase):
            tail = window[-1][len(window[-1].rstrip(_TRAILING)):]
            window[-1] = window[-1].rstrip(_TRAILING)
        if window == phrase:
            owner = said[index][0]
            replacement = entry.say.split()
            replacement[-1] += tail
            out += [(owner, word) for word in replacement]
            index += len(phrase)
        else:
            out.append(said[index])
            index += 1
    return out


def spoken_sentence(tokens: tuple[SpokenToken, ...]) -> str:
    """The words of a sentence as the voice is given them."""
    return " ".join(word for token in tokens for word in token.words)


def plain_speech(document) -> list[str]:
    """Every prose sentence of the text as said before any pronunciation entry: what the entries must match."""
    return [spoken_sentence(spoken_tokens(document.adapted(number, sentence)))
            for number, section in document.sections.items()
            for block in section.blocks for sentence in block.sentences]


# --- The pronunciation file ---------------------------------------------------

def load_pronunciations(path: Path | None = None) -> tuple[Pronunciation, ...]:
    """The lecturer's corrections, each with its line in the file for error messages."""
    path = path or pronunciations_path()
    if not path.exists():
        return ()
    return _load(path, path.stat().st_mtime_ns)


@cache
def _load(path: Path, _mtime: int) -> tuple[Pronunciation, ...]:
    data = load_toml(path, PronunciationError)
    # The n-th entry is the n-th [[pronounce]] table: name its line in errors.
    headers = table_lines(read_text(path, PronunciationError), "pronounce")
    entries = []
    for item, line in zip(data.get("pronounce", []), headers):
        phrase, say = item.get("phrase"), item.get("say")
        if not isinstance(phrase, str) or not isinstance(say, str) or not phrase.strip() or not say.strip():
            raise PronunciationError(f"{path.name}:{line}: each [[pronounce]] needs a phrase and what to say")
        if first := next((entry.line for entry in entries if entry.phrase == phrase), None):
            # Only one entry could win; the other would be reported as used while it changes nothing.
            raise PronunciationError(f"{path.name}:{line}: the phrase {phrase!r} is already corrected at line "
                                     f"{first}; keep one of the two entries")
        entries.append(Pronunciation(phrase, say, line))
    return tuple(entries)


def check_pronunciations(said: str, pronunciations: tuple[Pronunciation, ...], path: Path | None = None) -> None:
    """Every entry must name a phrase the lecture says; a stale one is an error, not silence."""
    path = path or pronunciations_path()
    for entry in pronunciations:
        if not entry.said_in(said):
            raise PronunciationError(
                f"{path.name}:{entry.line}: the lecture never says {entry.phrase!r}; "
                "fix the phrase (see 'build.py speech') or remove the entry"
            )

