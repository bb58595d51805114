"""Caption cues from the text, laid out and timed to common subtitle norms.

Norms (one place): at most 42 characters a line and 2 lines a cue; lines break
after punctuation or before a conjunction or preposition, never between an
article and its noun or a pronoun and its verb; at most 17 characters a second;
each cue on screen 5/6 s to 7 s, at least 2 frames between cues.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from functools import cache

from lecture.text import NO_BREAK_SPACE, Document, TextReferenceError, caption_text, load_document

__all__ = [
    "CaptionError",
    "Cue",
    "Narration",
    "MAX_LINE_CHARS",
    "MAX_LINES",
    "MAX_CHARS_PER_SECOND",
    "MIN_CUE_SECONDS",
    "MAX_CUE_SECONDS",
    "MIN_GAP_FRAMES",
    "display_length",
    "layout_cues",
    "narrate",
    "parse_reference",
]

MAX_LINE_CHARS = 42
MAX_LINES = 2
MAX_CHARS_PER_SECOND = 17
MIN_CUE_SECONDS = 5 / 6
MAX_CUE_SECONDS = 7.0
MIN_GAP_FRAMES = 2
# Pacing for a lecture: slower than the norm's ceiling, never shorter than a glance.
READING_CHARS_PER_SECOND = 14.0
SHORTEST_CUE_SECONDS = 1.5

ARTICLES = frozenset({"a", "an", "the"})
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
OBJECT_PRONOUNS = frozenset({"you", "it", "me", "us", "them", "him", "her"})
CONJUNCTIONS_AND_PREPOSITIONS = frozenset(
    """and but or nor so yet because which that while when where if then than as
    to of in on at by for with from into onto over under through between toward
    towards about across without until like via using""".split()
)
_CLAUSE_PUNCTUATION = (",", ";", ":", "—", "–", ")", ".", "?", "!", '"', "”")
_FORBIDDEN = math.inf


class CaptionError(ValueError):
    """Text that cannot be captioned within the norms."""


def display_length(text: str) -> int:
    """Characters as a viewer counts them (a combining accent adds none)."""
    return sum(1 for char in text if not unicodedata.combining(char))


def _bare(word: str) -> str:
    return word.strip('"“”()').lower()


def _is_number(word: str) -> bool:
    return _bare(word).replace(".", "", 1).isdigit()


def _break_cost(words: list[str], index: int, sentence_ends: frozenset[int]) -> float:
    """The cost of breaking a line or cue just before ``words[index]``."""
    before, after = words[index - 1], words[index]
    if index in sentence_ends:
        return 0.0
    if before.endswith(_CLAUSE_PUNCTUATION) or after in {"—", "–"}:
        return 1.0 if after not in {"—", "–"} else 2.0
    if _bare(before) in ARTICLES:
        return _FORBIDDEN
    # A subject pronoun is followed by its verb; "tells you / which" is an object.
    if _bare(before) in SUBJECT_PRONOUNS and _bare(after) not in CONJUNCTIONS_AND_PREPOSITIONS:
        return _FORBIDDEN
    if after == "=":
        return 1.5  # "derivative / = limit of secant slope": a chain reads link by link
    if _is_number(before) and not after.startswith("("):
        return 40.0  # keep "60 mph" and "20 m/s" together
    if _bare(after) in CONJUNCTIONS_AND_PREPOSITIONS:
        return 2.0
    if _bare(after) in OBJECT_PRONOUNS:
        return 9.0  # "tells / you" splits a verb from its object
    if _bare(before) in CONJUNCTIONS_AND_PREPOSITIONS:
        return 12.0
    return 6.0


def _best_lines(words: list[str], start: int, end: int, sentence_ends: frozenset[int]) -> tuple[float, tuple[str, ...]]:
    """The best one- or two-line layout of ``words[start:end]``."""
    whole = " ".join(words[start:end])
    if display_length(whole) <= MAX_LINE_CHARS:
        return 0.0, (whole,)
    best: tuple[float, tuple[str, ...]] = (_FORBIDDEN, ())
    for split in range(start + 1, end):
        first, second = " ".join(words[start:split]), " ".join(words[split:end])
        if display_length(first) > MAX_LINE_CHARS or display_length(second) > MAX_LINE_CHARS:
            continue
        cost = _break_cost(words, split, sentence_ends)
        # A bottom-heavy pyramid reads best; penalise lopsided pairs gently.
        cost += abs(display_length(first) - display_length(second)) / 12
        if cost < best[0]:
            best = (cost, (first, second))
    return best


def layout_cues(sentences: list[str]) -> list[tuple[str, ...]]:
    """Lay caption text out as cues of at most two lines.

    Sentences of one block may share a cue; a cue boundary prefers a sentence
    end, then punctuation, then a conjunction or preposition.
    """
    words: list[str] = []
    sentence_ends: set[int] = set()
    for sentence in sentences:
        words.extend(sentence.split(" "))
        sentence_ends.add(len(words))
    ends = frozenset(sentence_ends)
    for word in words:
        if display_length(word) > MAX_LINE_CHARS:
            raise CaptionError(f"{word!r} is longer than a caption line ({MAX_LINE_CHARS} characters)")

    count = len(words)
    best_cost = [math.inf] * (count + 1)
    best_from: list[tuple[int, tuple[str, ...]]] = [(0, ())] * (count + 1)
    best_cost[0] = 0.0
    for end in range(1, count + 1):
        boundary = 0.0 if end == count else 3 * _break_cost(words, end, ends)
        for start in range(end - 1, -1, -1):
            if display_length(" ".join(words[start:end])) > MAX_LINES * MAX_LINE_CHARS + 1:
                break
            if best_cost[start] == math.inf:
                continue
            line_cost, lines = _best_lines(words, start, end, ends)
            cost = best_cost[start] + line_cost + boundary + 10.0  # 10: each cue costs a read
            if cost < best_cost[end]:
                best_cost[end] = cost
                best_from[end] = (start, lines)
    if best_cost[count] == math.inf:
        raise CaptionError(f"no layout within the norms for: {' '.join(words)!r}")
    cues: list[tuple[str, ...]] = []
    end = count
    while end > 0:
        start, lines = best_from[end]
        cues.append(lines)
        end = start
    return cues[::-1]


def reading_seconds(lines: tuple[str, ...]) -> float:
    """How long a cue stays up: enough to read it, within the norms."""
    characters = sum(display_length(line) for line in lines)
    return min(MAX_CUE_SECONDS, max(SHORTEST_CUE_SECONDS, characters / READING_CHARS_PER_SECOND))


@dataclass(frozen=True)
class Cue:
    """One caption on screen: its lines and when, relative to its beat."""

    lines: tuple[str, ...]
    start: float
    end: float

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Narration:
    """What one beat of a chapter says: the text it refers to, as timed cues."""

    section: str
    reference: str
    sentences: tuple[str, ...]
    cues: tuple[Cue, ...]

    @property
    def duration(self) -> float:
        return self.cues[-1].end if self.cues else 0.0


def parse_reference(reference: str) -> tuple[str, slice]:
    """Split ``label`` / ``label:2`` / ``label:2-3`` (sentences count from 1)."""
    label, _, span = reference.partition(":")
    if not span:
        return label, slice(None)
    first, _, last = span.partition("-")
    try:
        start, stop = int(first), int(last or first)
    except ValueError:
        raise TextReferenceError(f"bad sentence span in {reference!r}: use label, label:2 or label:2-3") from None
    return label, slice(start - 1, stop)


def _frames(seconds: float, frame_rate: float) -> int:
    return math.ceil(seconds * frame_rate - 1e-9)


def narrate(section: str, reference: str, frame_rate: float, document: Document | None = None) -> Narration:
    """Resolve a scene's reference to the text into timed cues.

    Times are whole frames so that the gap between cues is exact at any rate.
    """
    return _narrate(section, reference, frame_rate, document or load_document())


@cache
def _narrate(section: str, reference: str, frame_rate: float, document: Document) -> Narration:
    label, span = parse_reference(reference)
    block = document.section(section).block(label)
    sentences = block.sentences[span]
    if block.kind != "prose" or not sentences:
        raise TextReferenceError(f"§{section} {reference!r} names no prose sentences")
    spoken = [caption_text(document.adapted(section, sentence), keep_maths_together=True) for sentence in sentences]
    try:
        layouts = [tuple(line.replace(NO_BREAK_SPACE, " ") for line in lines) for lines in layout_cues(spoken)]
    except CaptionError as error:
        raise CaptionError(f"§{section} {reference!r}: {error}") from None
    cues: list[Cue] = []
    frame = 0
    for lines in layouts:
        shown = max(_frames(reading_seconds(lines), frame_rate), _frames(MIN_CUE_SECONDS, frame_rate))
        cues.append(Cue(lines, frame / frame_rate, (frame + shown) / frame_rate))
        frame += shown + MIN_GAP_FRAMES
    return Narration(section, reference, tuple(sentences), tuple(cues))
