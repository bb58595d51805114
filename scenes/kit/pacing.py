"""Times inside a narrated beat, so the picture moves when its words are said."""

from __future__ import annotations

from manim import Scene

from lecture.captions import Narration

__all__ = ["BeatClock"]


class BeatClock:
    """Seconds since a beat began, measured against its cues.

    Make one as the beat opens (``clock = BeatClock(scene=self, narration=narration)``), then
    ``clock.wait_for_cue(2)`` holds until the second cue is shown and ``clock.until_end()``
    says how long the words still take, for a ``run_time`` that lasts as long as they do.
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

    def hold(self, *, leaving: float) -> None:
        """Hold the picture until ``leaving`` seconds before the words end, for a last move on the last words."""
        if (seconds := self.narration.duration - self.elapsed() - leaving) > 0:
            self.scene.wait(seconds)

    def until_end(self, *, leaving: float = 0.0) -> float:
        """Seconds from now until the beat's words end, less ``leaving`` (never below a short motion)."""
        return max(0.5, self.narration.duration - self.elapsed() - leaving)
