"""§08 Why both w and b? Fitting y = 2x + 1 by hand, then the bowl and the slice that updating only w is held to."""

from __future__ import annotations

import re

import numpy as np
from manim import *

from scenes.kit import (
    DescentPath,
    FitPlot,
    LinearData,
    LossBowl,
    ParameterReadouts,
    ParameterSliders,
    Readout,
    SurfaceScene,
    gradient_descent,
    inline_maths,
    number,
    slice_curve,
    slice_plane,
    theme,
)

DATA = LinearData.on_line(np.arange(5.0), w=2.0, b=1.0)  # the page's black dots: y = 2x + 1 at x = 0…4
START = (1.0, 0.0)  # the page's sliders as it opens
NO_INTERCEPT = (2.0, 0.0)  # the preset: the right tilt, no lift
SLICE_B = 0.0  # updating only w keeps b where it is
ETA = 0.05  # steady on this bowl: its steepest curvature is about 13
W_ONLY_STEPS = 12
BOTH_STEPS = 200

W_RANGE, B_RANGE = (1.0, 3.0), (-1.0, 3.0)
SURFACE_ON_SCREEN = (-3.4, -0.7)
VIEW = {"phi": 64, "theta": -72}


def mse(w: float, b: float) -> float:
    return float(DATA.loss(w, b))


def slice_minimum() -> tuple[float, float]:
    """The best w when b stays at SLICE_B, and the loss there (least squares on the slice)."""
    w = DATA.best_w(SLICE_B)
    return w, mse(w, SLICE_B)


def w_only_path() -> np.ndarray:
    """Gradient descent that may only move w: from the page's start along the slice b = 0."""
    return gradient_descent(lambda p: DATA.gradient(*p) * [1.0, 0.0], START, eta=ETA, steps=W_ONLY_STEPS)


def both_knobs_path() -> np.ndarray:
    """Gradient descent in w and b together, from the slice's minimum to the bottom of the bowl."""
    return gradient_descent(lambda p: DATA.gradient(*p), (slice_minimum()[0], SLICE_B), eta=ETA, steps=BOTH_STEPS)


class PresetButton(VGroup):
    """The page's preset button: a label in a rounded box that lights up when pressed."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.text = Text(label, font=theme.SANS, font_size=theme.BOX_TEXT_SIZE, color=theme.INK)
        self.box = RoundedRectangle(corner_radius=0.15, width=self.text.width + 0.6, height=self.text.height + 0.4,
                                    fill_color=theme.PANEL, fill_opacity=1, stroke_color=theme.MUTED, stroke_width=2)
        self.text.move_to(self.box)
        self.add(self.box, self.text)

    def press(self) -> Animation:
        return Succession(
            self.animate(run_time=0.2).scale(0.94),
            AnimationGroup(self.animate(run_time=0.3).scale(1 / 0.94),
                           self.box.animate(run_time=0.3).set_fill(theme.HIGHLIGHT, opacity=0.35)
                           .set_stroke(theme.HIGHLIGHT)),
        )


class WhyWAndB(SurfaceScene):
    SECTION = "08"

    def construct(self) -> None:
        self.w = ValueTracker(START[0])
        self.b = ValueTracker(START[1])
        self.show_the_fit()
        self.name_the_roles()
        self.pin_to_the_origin()
        self.take_the_preset()
        self.raise_the_bowl()
        self.slice_the_bowl()
        self.walk_north_south()

    def show_the_fit(self) -> None:
        title = self.overlay(self.section_title())
        self.plot = FitPlot(data=DATA, w=self.w, b=self.b, x_range=[-0.5, 4.5, 1], y_range=[-1, 10, 2],
                            x_length=5.6, y_length=4.9)
        self.overlay(self.plot.move_to([-3.3, -0.35, 0]), self.plot.residuals)
        self.sliders = ParameterSliders(w=self.w, b=self.b, w_range=(0, 3), b_range=(0, 2))
        self.column(self.sliders, y=0.9)
        self.loss = self.column(Readout(label="loss (MSE)", value=lambda: mse(self.w.get_value(), self.b.get_value())),
                                y=-0.55)
        with self.beat("why-b"):
            self.play(FadeIn(title, shift=DOWN * 0.2))
            self.play(FadeIn(self.plot), FadeIn(self.sliders, shift=LEFT * 0.2), FadeIn(self.loss, shift=LEFT * 0.2))

    def name_the_roles(self) -> None:
        model = MathTex(inline_maths(self.section.block("look-again"))[0], color=theme.INK, font_size=44)
        # The page's lost list: w sets the tilt, b shifts the line up and down.
        roles = VGroup(
            MathTex(r"w \;\to\; \text{tilt (slope)}", color=theme.WEIGHT, font_size=34),
            MathTex(r"b \;\to\; \text{shift up and down (intercept)}", color=theme.BIAS, font_size=34),
        ).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        self.roles = self.column(VGroup(model, roles).arrange(DOWN, buff=0.3), y=2.5)
        with self.beat("look-again"):
            self.play(FadeIn(model, shift=DOWN * 0.2))
            self.play(FadeIn(roles[0]), self.w.animate.set_value(1.6), run_time=1.0)
            self.play(self.w.animate.set_value(START[0]), run_time=0.8)
            self.play(FadeIn(roles[1]), self.b.animate.set_value(1.5), run_time=1.0)
            self.play(self.b.animate.set_value(START[1]), run_time=0.8)

    def pin_to_the_origin(self) -> None:
        origin = self.overlay(Dot(self.plot.axes.c2p(0, 0), radius=0.1, color=theme.SECANT))
        with self.beat("only-w:1"):
            self.play(FadeIn(origin, scale=0.5), FadeOut(self.roles))
            self.play(self.w.animate.set_value(2.6), run_time=1.2)
            self.play(self.w.animate.set_value(0.6), run_time=1.4)
            self.play(self.w.animate.set_value(START[0]), run_time=0.8)
        with self.beat("only-w:2"):
            self.play(Indicate(self.plot.dots, color=theme.INK))
        with self.beat("only-w:3"):
            self.play(self.b.animate.set_value(1.0), run_time=1.5)
        self.play(FadeOut(origin))

    def take_the_preset(self) -> None:
        block = self.section.block("no-intercept")
        truth = MathTex(inline_maths(block)[0], color=theme.INK, font_size=40)
        truth.next_to(self.plot.axes.c2p(0.2, 9.5), RIGHT, buff=0.1)
        self.overlay(truth)
        preset_name = re.search(r'"(.+?)"', block.sentences[1]).group(1)  # the preset as the page names it
        button = self.column(PresetButton(preset_name), y=-1.75)
        misses = self.overlay(VGroup(*(
            MathTex(number(abs(miss)), color=theme.SECANT, font_size=theme.SYMBOL_SIZE).next_to(
                self.plot.axes.c2p(x, y + miss / 2), RIGHT, buff=0.15)
            for x, y, miss in zip(DATA.x, DATA.y, DATA.residuals(*NO_INTERCEPT))
        )))
        with self.beat("no-intercept:1"):
            self.play(FadeIn(truth), Indicate(self.plot.dots, color=theme.INK))
            self.play(FadeIn(button, shift=UP * 0.2))
        with self.beat("no-intercept:2"):
            self.play(button.press())
            self.play(self.w.animate.set_value(NO_INTERCEPT[0]), self.b.animate.set_value(NO_INTERCEPT[1]),
                      run_time=1.5)
            self.play(self.plot.reveal_residuals(), FadeIn(misses))
        with self.beat("no-intercept:3"):
            self.play(FadeOut(misses))
            self.play(self.w.animate.set_value(2.4), run_time=0.9)
            self.play(self.w.animate.set_value(1.7), run_time=1.1)
            self.play(self.w.animate.set_value(NO_INTERCEPT[0]), run_time=0.8)
            self.play(self.b.animate.set_value(DATA.best_fit()[1]), run_time=2.0)
        with self.beat("no-intercept:4"):
            self.play(Circumscribe(self.sliders, color=theme.HIGHLIGHT, buff=0.15))
        self.flat = VGroup(truth, button, self.sliders, self.loss)

    def raise_the_bowl(self) -> None:
        self.bowl = LossBowl(loss=DATA.loss, w_range=W_RANGE, b_range=B_RANGE, z_range=[0, 18, 5],
                             lengths=(4.6, 4.6, 3.4))
        self.axes, self.names, self.surface = self.bowl.axes, self.bowl.names, self.bowl.surface
        self.face_camera(*self.names)
        self.pin(self.bowl, anchor=lambda: self.axes.c2p(2, 1, 6), at=SURFACE_ON_SCREEN)
        values = ParameterReadouts(w=self.w, b=self.b, loss=DATA.loss, loss_label="loss (MSE)", width=1.8,
                                   loss_width=2.2)
        self.values = self.column(values, y=2.35)
        with self.beat("slice-of-bowl:1"):
            self.play(FadeOut(self.flat), FadeOut(self.plot.residuals),
                      self.plot.animate.shrink(0.42).move_to([self.COLUMN_X, 0.55, 0]), FadeIn(values))
            self.raise_surface(axes=self.axes, names=self.names, surface=self.surface, **VIEW)
        # Marked after the camera has turned: a still dot stays where it was made.
        self.bottom = self.bowl.bottom(at=DATA.best_fit())
        self.face_camera(self.bottom)
        self.ball = Dot(radius=0.09, color=theme.INK)
        self.ball.add_updater(lambda ball: ball.move_to(self.bowl.on_surface(self.w.get_value(), self.b.get_value())))
        self.face_camera(self.ball)
        with self.beat("slice-of-bowl:2"):
            self.play(FadeIn(self.bottom, scale=0.5), FadeIn(self.ball))

    def slice_the_bowl(self) -> None:
        plane = slice_plane(self.axes, along="x", at=SLICE_B, span=W_RANGE, height=(0, 12), color=theme.WEIGHT,
                            opacity=0.15)
        curve = slice_curve(self.axes, DATA.loss, along="x", at=SLICE_B, span=W_RANGE, color=theme.WEIGHT,
                            stroke_width=theme.CURVE_WIDTH + 1)
        self.progress = ValueTracker(0)
        along_slice = DescentPath(axes=self.axes, f=DATA.loss, path=w_only_path(), progress=self.progress,
                                  color=theme.WEIGHT)
        along_slice.ball.set_opacity(0)
        best_w, best_loss = slice_minimum()
        slice_best = Dot(self.axes.c2p(best_w, SLICE_B, best_loss), radius=0.08, color=theme.WEIGHT)
        self.face_camera(slice_best)
        w_star, b_star = DATA.best_fit()
        minima = VGroup(
            Readout(label=f"lowest on slice $b = {number(SLICE_B)}$: $w = {best_w:.2f}$",
                    value=lambda: best_loss, color=theme.WEIGHT, width=4.6),
            Readout(label=f"lowest in bowl: $(w, b) = ({number(w_star)}, {number(b_star)})$",
                    value=lambda: mse(w_star, b_star), color=theme.TANGENT, width=4.6),
        ).arrange(DOWN, buff=0.15)
        self.minima = self.column(minima, y=-1.45)
        self.both = ValueTracker(0)
        both = DescentPath(axes=self.axes, f=DATA.loss, path=both_knobs_path(), progress=self.both,
                           color=theme.TANGENT)
        both.ball.set_opacity(0)
        self.plane, self.curve = plane, curve
        with self.beat("slice-of-bowl:3"):
            self.play(self.w.animate.set_value(START[0]), self.b.animate.set_value(SLICE_B), run_time=1.2)
            self.play(FadeIn(plane), Create(curve), run_time=1.5)
        self.follow(along_slice)
        self.add(along_slice)
        with self.beat("slice-of-bowl:4"):
            self.play(self.progress.animate.set_value(W_ONLY_STEPS), run_time=3.0, rate_func=linear)
            self.play(FadeIn(slice_best, scale=0.5), FadeIn(minima[0]))
            self.play(FadeIn(minima[1]))
        self.follow(both)
        self.add(both)
        with self.beat("slice-of-bowl:5"):
            self.play(self.both.animate.set_value(BOTH_STEPS), run_time=4.0, rate_func=lambda t: t**0.6)
        self.stop_following()
        self.slice_best = slice_best

    def follow(self, path: DescentPath) -> None:
        """The trackers (so the ball, the line and the readouts) follow a descent path."""
        self.stop_following()
        path.steer(w=self.w, b=self.b)
        self.add(self.w, self.b)

    def stop_following(self) -> None:
        self.w.clear_updaters()
        self.b.clear_updaters()

    def walk_north_south(self) -> None:
        best_w = slice_minimum()[0]
        with self.beat("north-south") as narration:
            self.play(self.w.animate.set_value(best_w), self.b.animate.set_value(SLICE_B), run_time=1.5)
            swing = max(2.0, (narration.duration - 2.5) / 3)
            for target in (W_RANGE[1] - 0.2, W_RANGE[0] + 0.3, best_w):
                self.play(self.w.animate.set_value(target), run_time=swing, rate_func=smooth)
        self.wait(1.0)
