"""Times inside a narrated beat, so the picture moves when its words are said."""

from __future__ import annotations

from manim import Scene, config

from lecture.narration.beat import Narration

__all__ = ["BeatClock", "said_by"]


def said_by(narration: Narration, words: str) -> float:
    """Seconds into the beat by which the narration has said its captions up to the end of ``words``.

    The first occurrence of ``words`` in the beat's captions; within a cue the time is shared out by
    characters between the cue's first and last word (the voice's own word times, or the reading times
    without a voice), so a picture can reveal a part as it is named. Words the captions no longer say
    are an error naming the beat, so an edited text cannot silently unpace a scene.
    """
    spans = narration.said or tuple((cue.start, cue.end) for cue in narration.cues)
    for cue, (start, end) in zip(narration.cues, spans):
        text = " ".join(cue.lines)
        found = text.find(words)
        if found >= 0:
            return start + (end - start) * (found + len(words)) / len(text)
    raise ValueError(f"{narration.section} {narration.reference!r}: its captions never say {words!r}")


class BeatClock:
    """Seconds since a beat began, measured against its cues and words.

    A scene's ``with self.beat("reference") as clock:`` hands one over, started as the beat opens;
    ``clock.narration`` is the beat's text and timing. ``clock.wait_for_cue(2)`` holds until the
    second cue is shown, ``clock.until("a phrase")`` until a phrase has been said, and
    ``clock.until_end()`` says how long the words still take, for a ``run_time`` that lasts as long
    as they do.
    """

    def __init__(self, *, scene: Scene, narration: Narration) -> None:
        self.scene = scene
        self.narration = narration
        self.start = scene.time

    def elapsed(self) -> float:
        return self.scene.time - self.start

    def cue_start(self, number: int) -> float:
        """When cue ``number`` (counting from 1, as beat references do) is shown, from the beat's start."""
        cues = self.narration.cues
        if self.narration.audio is None and cues and number > len(cues):
            # Unvoiced (--voice none), the cues are laid out for reading, not cut where the voice pauses:
            # fewer of them. A wait for a later one holds until the last is shown.
            return cues[-1].start
        if not 1 <= number <= len(cues):
            raise IndexError(f"{self.narration.reference!r} has {len(cues)} cue(s), not a cue {number}")
        return cues[number - 1].start

    def until_cue(self, number: int) -> float:
        """Seconds from now until cue ``number`` is shown (0 once it is)."""
        return max(0.0, self.cue_start(number) - self.elapsed())

    def wait_for_cue(self, number: int) -> None:
        """Hold the picture until cue ``number`` is shown."""
        if (seconds := self.until_cue(number)) > 0:
            self.scene.wait(seconds)

    def at(self, words: str) -> float:
        """Seconds from now until ``words`` have been said (0 if they already have)."""
        return max(0.0, said_by(self.narration, words) - self.elapsed())

    def until(self, words: str) -> None:
        """Hold the picture until ``words`` have been said."""
        if (seconds := self.at(words)) > 1 / config.frame_rate:
            self.scene.wait(seconds)

    def cell_words(self, sentence: str, cell: str) -> str:
        """The words that end a table cell as its row's sentence says it, within one caption cue.

        The cell as written, or lower-cased inside the sentence (as a table's reading puts it); a cell
        read across two cues by its longest ending that one cue shows, so ``until`` can find it.
        """
        said = next((form for form in (cell, cell[:1].lower() + cell[1:]) if form in sentence), None)
        if said is None:
            raise ValueError(f"the sentence {sentence!r} never names the cell {cell!r}")
        cues = [" ".join(cue.lines) for cue in self.narration.cues]
        words = said.split(" ")
        for start in range(len(words)):
            ending = " ".join(words[start:])
            if any(ending in cue for cue in cues):
                return ending
        raise ValueError(f"no caption of {self.narration.reference!r} shows the end of {cell!r}")

    def until_last_word(self) -> float:
        """Seconds from now until the beat's last word is said (0 once it is)."""
        return max(0.0, self.narration.speech_seconds - self.elapsed())

    def hold(self, *, leaving: float) -> None:
        """Hold the picture until ``leaving`` seconds before the words end, for a last move on the last words."""
        if (seconds := self.narration.duration - self.elapsed() - leaving) > 0:
            self.scene.wait(seconds)

    def until_end(self, *, leaving: float = 0.0) -> float:
        """Seconds from now until the beat's words end, less ``leaving`` (never below a short motion)."""
        return max(0.5, self.narration.duration - self.elapsed() - leaving)
