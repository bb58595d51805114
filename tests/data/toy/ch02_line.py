"""§02 of the toy lecture: a line is drawn with its equation (a formula, typeset by LaTeX), then nothing more happens."""

from __future__ import annotations

from manim import *

from scenes.kit import theme
from scenes.kit.beats import LectureScene


class ALine(LectureScene):
    SECTION = "02"

    def construct(self) -> None:
        with self.beat("line"):
            self.describe_none("the narration says what is drawn")
            line = Line(3 * LEFT, 3 * RIGHT, color=theme.SECANT)
            self.play(Create(line), Write(MathTex("y = 0").next_to(line, UP)), run_time=0.6)
        with self.beat("done"):
            self.describe("The line stays.")
