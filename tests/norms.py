"""An independent check of the subtitle norms, for the tests to apply to real cues."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from lecture.maths import inline_to_text, read_display
from lecture.text.document import NO_BREAK_SPACE

ARTICLES = {"a", "an", "the"}
SUBJECT_PRONOUNS = {"i", "you", "he", "she", "it", "we", "they"}
# Words that may follow a pronoun without being its verb ("tells you / which way").
NOT_A_VERB = {"which", "that", "to", "and", "or", "but", "if", "when", "as", "in", "on", "at", "for", "with", "so",
              "until", "because", "while", "where", "than", "from", "of", "by", "into", "like", "through", "about"}


def visible_length(text: str) -> int:
    return sum(1 for char in text if not unicodedata.combining(char))


def violations(cues: list[tuple[float, float, str]], frame_rate: float) -> list[str]:
    """Every way a list of (start, end, text) cues breaks the norms."""
    found = []
    # SRT stores milliseconds: allow half a millisecond of rounding either way.
    slack = 0.0015
    for index, (start, end, text) in enumerate(cues):
        lines = text.split("\n")
        where = f"cue {index + 1} {text!r}"
        if len(lines) > 2:
            found.append(f"{where}: {len(lines)} lines")
        for line in lines:
            if visible_length(line) > 42:
                found.append(f"{where}: line of {visible_length(line)} characters")
        duration = end - start
        if duration < 5 / 6 - slack or duration > 7 + slack:
            found.append(f"{where}: on screen {duration:.3f} s")
        characters = sum(visible_length(line) for line in lines)
        if characters / duration > 17 + 1e-6:
            found.append(f"{where}: {characters / duration:.1f} characters a second")
        following = lines[1:] + ([cues[index + 1][2].split("\n")[0]] if index + 1 < len(cues) else [])
        for upper, lower in zip(lines, following):
            last = upper.split(" ")[-1].strip('"“(').lower()
            first = lower.split(" ")[0].strip('"“(').lower()
            if upper.endswith((",", ";", ":", ".", "—", "?", "!", '"')):
                continue
            if last in ARTICLES:
                found.append(f"{where}: breaks between the article {last!r} and its noun")
            if last in SUBJECT_PRONOUNS and first not in NOT_A_VERB:
                found.append(f"{where}: breaks between {last!r} and its verb {first!r}")
        if index:
            gap = start - cues[index - 1][1]
            if gap < 2 / frame_rate - slack:
                found.append(f"{where}: {gap:.3f} s after the previous cue (< 2 frames)")
    return found


def seconds(moment: timedelta) -> float:
    return moment.total_seconds()


def caption_text(sentence: str, *, keep_maths_together: bool = False) -> str:
    """A source sentence as a caption reads it: maths as plain Unicode text (a display formula in its pieces)."""
    glue = NO_BREAK_SPACE if keep_maths_together else " "
    if sentence.startswith("$$") and sentence.endswith("$$"):
        return " ".join(piece.replace(NO_BREAK_SPACE, glue) for piece, _ in read_display(sentence[2:-2]))
    return inline_to_text(sentence, glue=glue)
