"""Pacing a beat's picture by its words: when the narration has said a given part of its captions."""

from __future__ import annotations

from manim import Scene, config

from lecture.captions import Narration

__all__ = ["Pace", "said_by"]


def said_by(narration: Narration, words: str) -> float:
    """Seconds into the beat by which the narration has said its captions up to the end of ``words``.

    The first occurrence of ``words`` in the beat's captions; within a cue the time is shared out by
    characters between the cue's first and last word (the voice's own word times, or the reading times
    without a voice), so a picture can reveal a part as it is named.
    """
    spans = narration.said or tuple((cue.start, cue.end) for cue in narration.cues)
    for cue, (start, end) in zip(narration.cues, spans):
        text = " ".join(cue.lines)
        found = text.find(words)
        if found >= 0:
            return start + (end - start) * (found + len(words)) / len(text)
    raise ValueError(f"{narration.section} {narration.reference!r}: its captions never say {words!r}")


class Pace:
    """Times a beat's animations to its words: made at the beat's start, it waits until words are said.

    ``pace = Pace(self, narration)`` inside ``with self.beat(...) as narration:``, then
    ``pace.until("a phrase")`` before the animation that shows what the phrase names.
    """

    def __init__(self, scene: Scene, narration: Narration) -> None:
        self.scene, self.narration, self.start = scene, narration, scene.time

    def at(self, words: str) -> float:
        """Seconds from now until ``words`` have been said (0 if they already have)."""
        return max(0.0, self.start + said_by(self.narration, words) - self.scene.time)

    def until(self, words: str) -> None:
        """Hold the picture until ``words`` have been said."""
        if (seconds := self.at(words)) > 1 / config.frame_rate:
            self.scene.wait(seconds)

    def left(self) -> float:
        """Seconds from now until the beat's last word."""
        return max(0.0, self.start + self.narration.speech_seconds - self.scene.time)
