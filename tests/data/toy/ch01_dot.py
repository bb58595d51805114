"""§01 of the toy lecture: a dot appears."""

from __future__ import annotations

from manim import *

from scenes.kit import theme
from scenes.kit.beats import LectureScene


class ADot(LectureScene):
    SECTION = "01"

    def construct(self) -> None:
        with self.beat("dot"):
            self.describe_none("the narration says what appears")
            self.play(FadeIn(Dot(color=theme.TANGENT)), run_time=0.4)
