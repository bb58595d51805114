"""§02 of the toy lecture: a line is drawn, then nothing more happens."""

from __future__ import annotations

from manim import *

from scenes.kit import theme
from scenes.kit.beats import LectureScene


class ALine(LectureScene):
    SECTION = "02"

    def construct(self) -> None:
        with self.beat("line"):
            self.describe_none("the narration says what is drawn")
            self.play(Create(Line(3 * LEFT, 3 * RIGHT, color=theme.SECANT)), run_time=0.6)
        with self.beat("done"):
            self.describe("The line stays.")
