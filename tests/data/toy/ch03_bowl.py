"""§03 of the toy lecture: a dot rolls in a bowl while the camera turns, in six beats (3D, an updater, a camera
move: what a chapter cut into segments must carry from one segment to the next)."""

from __future__ import annotations

from manim import *

from scenes.kit import theme
from scenes.kit.surfaces import SurfaceScene, bowl_surface, surface_axes


def height(x: float, y: float) -> float:
    return 0.5 * (x * x + y * y)


class ABowl(SurfaceScene):
    SECTION = "03"

    def construct(self) -> None:
        axes = surface_axes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], z_range=[0, 2, 1],
                            x_length=4, y_length=4, z_length=2)
        bowl = bowl_surface(axes, height, radius=1.8, resolution=(3, 8))
        along = ValueTracker(-1.5)
        dot = Dot3D(color=theme.SECANT, radius=0.1)
        dot.add_updater(lambda d: d.move_to(axes.c2p(along.get_value(), 0, height(along.get_value(), 0))))
        with self.beat("bowl"):
            self.describe_none("the narration says what appears")
            self.play(FadeIn(axes), FadeIn(bowl), run_time=0.4)
        with self.beat("dot"):
            self.describe_none("the narration says what appears")
            self.play(FadeIn(dot), run_time=0.4)
        with self.beat("roll"):
            self.describe_none("the narration says where the dot goes")
            self.play(along.animate.set_value(0), run_time=0.6)
        with self.beat("turn"):
            self.describe_none("the narration says how the view moves")
            self.move_camera(theta=-40 * DEGREES, run_time=0.6)
        with self.beat("climb"):
            self.describe_none("the narration says where the dot goes")
            self.play(along.animate.set_value(1.5), run_time=0.6)
        with self.beat("rest"):
            self.describe("The dot rests on the rim of the bowl.")
