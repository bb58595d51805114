"""§08 Why both w and b? Fitting y = 2x + 1 by hand, then the bowl and the slice that updating only w is held to."""

from __future__ import annotations

import re

import numpy as np
from manim import *

from scenes.kit import (
    LinearData,
    LossBowl,
    MixedLabel,
    ParameterScene,
    Readout,
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
SWING_W = 2.6  # how far w swings up the slice: from w ≈ 2.75 on, the bowl's near right wall hides it (and the ball)
SURFACE_ON_SCREEN = (-3.3, 0.1)
MINI_PLOT = (0.42, (3.7, 0.75))  # the fit beside the bowl: its scale and centre
VIEW = {"phi": 68, "theta": -112}  # from the w < 2 side, b toward the viewer: the bottom shows below the slice


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

    def light(self, on: bool) -> PresetButton:
        """Lit while the knobs sit at the preset, plain otherwise."""
        color = theme.HIGHLIGHT if on else theme.MUTED
        self.box.set_fill(theme.HIGHLIGHT if on else theme.PANEL, opacity=0.35 if on else 1).set_stroke(color)
        return self

    def press(self) -> Animation:
        # The whole button animates, so its label stays drawn over its box.
        return Succession(self.animate(run_time=0.2).scale(0.94),
                          self.animate(run_time=0.3).scale(1 / 0.94).light(True))

    def release(self) -> Animation:
        """Unlit again: the knobs have left the preset."""
        return self.animate.light(False)


class WhyWAndB(ParameterScene):
    SECTION = "08"
    FIRST_PARAMETERS = START

    def construct(self) -> None:
        self.show_the_fit()
        self.name_the_roles()
        self.pin_to_the_origin()
        self.take_the_preset()
        self.raise_the_bowl()
        self.slice_the_bowl()
        self.walk_north_south()

    def show_the_fit(self) -> None:
        title = self.overlay(self.section_title())
        self.plot = self.fit_plot(DATA, x_range=[-0.5, 4.5, 1], y_range=[-1, 10, 2], size=(5.6, 4.5), at=(-3.3, -0.15))
        self.sliders = self.column(self.parameter_sliders(w_range=(0, 3), b_range=(0, 2)), y=0.9)
        self.loss = self.column(Readout(label="loss (MSE)", value=lambda: mse(self.w.shown(), self.b.shown())),
                                y=-0.55)
        with self.beat("why-b") as clock:
            self.describe("A plot of five data points with a line, sliders for w and b, and a loss readout at "
                          f"{DATA.loss(*START):.2f}. Turning w alone to {slice_minimum()[0]:.2f} brings the loss "
                          f"down to {DATA.loss(slice_minimum()[0], SLICE_B):.2f}; then the b slider is circled and w "
                          f"returns to {START[0]:g}.")
            self.play(FadeIn(title, shift=DOWN * 0.2))
            self.play(FadeIn(self.plot), FadeIn(self.sliders, shift=LEFT * 0.2), FadeIn(self.loss, shift=LEFT * 0.2))
            # ∂L/∂w says how to change w to reduce the loss: w alone brings it down as far as it can...
            self.turn_knobs((slice_minimum()[0], None), run_time=max(1.5, clock.narration.duration - 6.0))
            # ... so why have b at all?
            self.play(self.circumscribe(self.sliders[1], color=theme.HIGHLIGHT, buff=0.15), run_time=1.5)
            self.turn_knobs((START[0], None), run_time=1.5)

    def name_the_roles(self) -> None:
        model = MathTex(inline_maths(self.section.block("look-again"))[0], color=theme.INK, font_size=44)
        # The page's lost list: w sets the tilt, b shifts the line up and down.
        roles = VGroup(
            MixedLabel(source=r"$w \;\to$ tilt (slope)", color=theme.WEIGHT, font_size=24),
            MixedLabel(source=r"$b \;\to$ shift up and down (intercept)", color=theme.BIAS, font_size=24),
        ).arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        self.roles = self.column(VGroup(model, roles).arrange(DOWN, buff=0.3), y=2.5)
        with self.beat("look-again") as clock:
            self.describe_none("the model's formula appears and is highlighted as it is said")
            self.play(FadeIn(model, shift=DOWN * 0.2), run_time=max(1.0, clock.at("Look again")))
            self.play(Indicate(model, color=theme.HIGHLIGHT, scale_factor=1.1), run_time=clock.until_end())
        with self.beat("roles-restored") as clock:
            self.describe("As w rises and returns, the line tilts about where it meets the y-axis; as b rises and "
                          "returns, the line shifts up and back down.")
            # Each role appears as it is said, its knob turning the line the way it says.
            self.play(FadeIn(roles[0]), self.w.animate.set_value(1.6), run_time=max(1.0, clock.at("the line") - 0.2))
            self.play(self.w.animate.set_value(START[0]), run_time=max(0.8, clock.at("its slope;")))
            self.play(FadeIn(roles[1]), self.b.animate.set_value(1.5), run_time=max(1.0, clock.at("up and down")))
            self.play(self.b.animate.set_value(START[1]), run_time=max(0.8, clock.until_last_word()))

    def pin_to_the_origin(self) -> None:
        origin = self.overlay(Dot(self.plot.axes.c2p(0, 0), radius=0.1, color=theme.SECANT))
        model = next(maths for maths in inline_maths(self.section.block("only-w")) if "=" in maths)  # ŷ = wx
        w_only = self.column(MathTex(model, color=theme.INK, font_size=44), y=2.5)
        with self.beat("only-w:1") as clock:
            self.describe(f"y hat equals w x is written, and the origin is marked; with b at {START[1]:g}, w swings "
                          f"the line through the origin, steeper and flatter, and back to {START[0]:g}.")
            self.play(FadeOut(self.roles), run_time=max(0.6, clock.at("only had w,")))
            # "your model would be ŷ = wx": written as it is said; "forced to pass through the origin": the
            # line turns about (0, 0).
            self.play(Write(w_only), run_time=max(1.0, clock.at("= wx")))
            # (A Flash would draw its rays in the 3D scene's space, not on this flat plot: the dot pulses.)
            self.play(FadeIn(origin, scale=0.5), run_time=0.4)
            self.play(Indicate(origin, color=theme.SECANT, scale_factor=2.2), run_time=max(0.8, clock.at("pass through")))
            self.turn_knobs((2.6, None), (0.6, None), (START[0], None), run_time=max(2.0, clock.until_end()))
        with self.beat("only-w:2"):
            self.describe_none("the data points are highlighted as the data is named")
            self.play(Indicate(self.plot.dots, color=theme.INK))
        with self.beat("only-w:3"):
            self.describe("b rises, the line lifts off the origin, and y hat equals w x fades.")
            # b lifts the line: the model is no longer ŷ = wx.
            self.play(self.b.animate.set_value(1.0), FadeOut(w_only), run_time=1.5)
        self.play(FadeOut(origin))

    def take_the_preset(self) -> None:
        block = self.section.block("no-intercept")
        truth = MathTex(inline_maths(block)[0], color=theme.INK, font_size=40)
        truth.next_to(self.plot.axes.c2p(0.2, 9.5), RIGHT, buff=0.1)
        self.overlay(truth)
        preset_name = re.search(r'"(.+?)"', block.sentences[1]).group(1)  # the preset as the page names it
        button = self.column(PresetButton(preset_name), y=-1.75)
        # Each miss named beside its dot, above the line (which runs a unit below the dots).
        misses = self.overlay(VGroup(*(
            MathTex(number(abs(miss)), color=theme.SECANT, font_size=theme.SYMBOL_SIZE).next_to(
                self.plot.axes.c2p(x, y), RIGHT, buff=0.15).shift(0.12 * UP)
            for x, y, miss in zip(DATA.x, DATA.y, DATA.residuals(*NO_INTERCEPT))
        )))
        with self.beat("no-intercept:1") as clock:
            self.describe("The true relationship is written beside the plot. The sliders move to w = "
                          f"{number(DATA.best_fit()[0])}, b = {number(DATA.best_fit()[1])}: the line meets every "
                          f"point and the loss reads {DATA.loss(*DATA.best_fit()):.2f}.")
            self.play(FadeIn(truth), Indicate(self.plot.dots, color=theme.INK), run_time=1.5)
            # "... so the perfect fit is w = 2, b = 1": the line meets every dot, the loss reads 0.
            self.turn_knobs(DATA.best_fit(), run_time=max(2.0, clock.narration.duration - 4.0))
            self.play(self.circumscribe(self.loss, color=theme.TANGENT, buff=0.1), run_time=1.5)
        origin = self.overlay(Dot(self.plot.axes.c2p(0, 0), radius=0.1, color=theme.SECANT))
        with self.beat("no-intercept:2") as clock:
            self.describe(f"A no intercept button is pressed: w = {number(NO_INTERCEPT[0])}, b = "
                          f"{number(NO_INTERCEPT[1])}. The line, lit, passes through the marked origin and runs "
                          f"parallel to the points, a gap of {DATA.best_fit()[1] - NO_INTERCEPT[1]:g} under each, "
                          f"each gap labelled; the loss reads {DATA.loss(*NO_INTERCEPT):.2f}.")
            self.play(FadeIn(button, shift=UP * 0.2), run_time=0.8)
            self.play(button.press(), run_time=max(0.8, clock.at("preset:")))
            # "even with w set to its optimal value of 2".
            self.turn_knobs(NO_INTERCEPT, run_time=max(1.5, clock.at("value of 2,")))
            # "the line is forced through the origin": the line lit, pinned at (0, 0).
            lit = self.overlay(self.plot.line.copy().clear_updaters().set_stroke(color=theme.HIGHLIGHT, width=10))
            self.play(FadeIn(origin, scale=0.5), run_time=0.4)
            self.play(Indicate(origin, color=theme.SECANT, scale_factor=2.2), ShowPassingFlash(lit, time_width=0.5),
                      run_time=max(1.0, clock.at("the origin")))
            # "and misses every point by exactly 1 unit".
            self.play(self.plot.reveal_residuals(), FadeOut(origin), run_time=max(0.8, clock.at("every point")))
            self.play(LaggedStart(*(FadeIn(miss, scale=0.6) for miss in misses), lag_ratio=0.5),
                      run_time=max(1.0, clock.at("exactly 1")))
            self.play(Indicate(self.loss.value, color=theme.SECANT), run_time=max(0.8, clock.until_end()))
        with self.beat("no-intercept:3"):
            self.describe("w swings steeper and flatter and back, never closing the gaps; then b rises to "
                          f"{number(DATA.best_fit()[1])} and the line meets the points.")
            self.play(FadeOut(misses), run_time=0.5)
            self.turn_knobs((2.4, None), (1.7, None), (NO_INTERCEPT[0], None), run_time=2.8)
            self.play(self.b.animate.set_value(DATA.best_fit()[1]), button.release(), run_time=2.0)
        with self.beat("no-intercept:4") as clock:
            self.describe("w tilts the line about its intercept and back; b shifts it up and back down.")
            # Not interchangeable: w tilts the line about its intercept, b shifts it.
            w_star, b_star = DATA.best_fit()
            self.turn_knobs((w_star + 0.5, None), (w_star, None), (None, b_star + 1.0), (None, b_star),
                            run_time=max(3.0, clock.narration.duration - 0.5))
        self.flat = VGroup(truth, button, self.sliders, self.loss)

    def raise_the_bowl(self) -> None:
        self.bowl, self.values = self.place_bowl_with_readouts(
            # b toward the viewer: the bowl's bottom (b = 1) is nearer than the slice b = 0, so it shows lower.
            LossBowl(loss=DATA.loss, w_range=W_RANGE, b_range=B_RANGE, z_range=[0, 18, 5], lengths=(4.6, 3.6, 3.0),
                     b_toward_viewer=True),
            anchor=(2, 1, 6), at=SURFACE_ON_SCREEN, loss_label="loss (MSE)", width=1.5, loss_width=2.2, readouts_y=2.5)
        scale, centre = MINI_PLOT
        with self.beat("slice-of-bowl:1"):
            self.describe("The plot shrinks to the side, and the loss surface, a bowl, rises over the w, b floor "
                          "as the view turns.")
            self.play(FadeOut(self.flat), FadeOut(self.plot.residuals), self.plot.thumbnail(scale=scale, at=centre),
                      FadeIn(self.values))
            self.raise_bowl(self.bowl, **VIEW)
        # Marked after the camera has turned: a still dot stays where it was made.
        bottom = DATA.best_fit()
        self.bottom = self.mark(self.bowl, at=bottom)
        bottom_name = MathTex(r"(w^*, b^*)", color=theme.TANGENT, font_size=theme.POINT_LABEL_SIZE)
        # Below right of it on screen: above it runs the slice and its lowest point.
        bottom_name.move_to(self.bottom.get_center() + self.view_rotation().T @ np.array([0.75, -0.3, 0.0]))
        self.face_camera(bottom_name)
        self.ball = self.model_ball(self.bowl)
        with self.beat("slice-of-bowl:2"):
            self.describe("The bowl's bottom, at w = "
                          f"{number(DATA.best_fit()[0])}, b = {number(DATA.best_fit()[1])}, is marked and labelled "
                          "w star, b star, and a ball appears on the surface.")
            self.play(FadeIn(self.bottom, scale=0.5), FadeIn(self.ball))
            self.play(Write(bottom_name))
            self.play(Flash(self.bottom, color=theme.TANGENT, line_length=0.15, flash_radius=0.2))
        self.bottom_name = bottom_name

    def slice_the_bowl(self) -> None:
        # Still once it stands, so sorted among the bowl's faces: the near side of the bowl covers it.
        plane = slice_plane(self.bowl.axes, DATA.loss, along="x", at=SLICE_B, span=W_RANGE, top=9,
                            color=theme.WEIGHT, opacity=0.15, by_depth=True)
        curve = slice_curve(self.bowl.axes, DATA.loss, along="x", at=SLICE_B, span=W_RANGE, color=theme.WEIGHT,
                            stroke_width=theme.CURVE_WIDTH + 1)
        along_slice = self.descent_on(self.bowl, w_only_path(), color=theme.WEIGHT)
        best_w, best_loss = slice_minimum()
        slice_best = self.mark(self.bowl, at=(best_w, SLICE_B), color=theme.WEIGHT)
        w_star, b_star = DATA.best_fit()
        minima = VGroup(
            Readout(label=f"lowest on slice $b = {number(SLICE_B)}$ at $w = {best_w:.2f}$",
                    value=lambda: best_loss, color=theme.WEIGHT, width=4.6),
            Readout(label=f"lowest in bowl: $(w, b) = ({number(w_star)}, {number(b_star)})$",
                    value=lambda: mse(w_star, b_star), color=theme.TANGENT, width=4.6),
        ).arrange(DOWN, buff=0.15)
        self.minima = self.column(minima, y=-1.6)
        both = self.descent_on(self.bowl, both_knobs_path(), color=theme.TANGENT)
        with self.beat("slice-of-bowl:3") as clock:
            self.describe(f"The readouts move to w = {START[0]:g}, b = {SLICE_B:g}, the ball up the bowl's side. A "
                          "vertical plane at b = "
                          f"{SLICE_B:g} cuts the bowl along a curve; as w swings, the ball rides only along that "
                          "curve.")
            self.turn_knobs((START[0], SLICE_B), run_time=1.2)
            # The surface and its axes are drawn with the fading sheet and the curve, so these are sorted among
            # its faces as they come; then all stay in the still picture, sorted (the ball moves over it).
            self.play(FadeIn(plane), Create(curve), Animation(self.bowl.axes), Animation(self.bowl.surface),
                      run_time=1.5)
            self.keep_still(self.bowl.axes, self.bowl.surface, plane, curve)
            # "... a single line through (w, b) space at your current b": the ball can only ride the slice.
            self.turn_knobs((SWING_W, None), (START[0], None),
                            run_time=max(2.0, clock.narration.duration - 3.5))
        self.follow(along_slice)
        self.add(along_slice)
        with self.beat("slice-of-bowl:4"):
            self.describe(f"The ball steps down the slice to its lowest point, w = {slice_minimum()[0]:.2f}, loss "
                          f"{slice_minimum()[1]:.2f}; that point and the bowl's bottom are both marked, apart, and readouts "
                          f"appear: lowest on slice b = {SLICE_B:g} at w = {slice_minimum()[0]:.2f}, "
                          f"{slice_minimum()[1]:.2f}; lowest in bowl, ({number(DATA.best_fit()[0])}, "
                          f"{number(DATA.best_fit()[1])}), {DATA.loss(*DATA.best_fit()):.2f}.")
            self.play(along_slice.progress.animate.set_value(W_ONLY_STEPS), run_time=3.0, rate_func=linear)
            self.play(FadeIn(slice_best, scale=0.5), FadeIn(minima[0]))
            self.play(FadeIn(minima[1]))
        self.follow(both)
        self.add(both)
        with self.beat("slice-of-bowl:5"):
            self.describe("Moving w and b together, the ball leaves the slice and runs down to the bowl's bottom, "
                          f"loss {DATA.loss(*DATA.best_fit()):.2f}.")
            self.play(both.progress.animate.set_value(BOTH_STEPS), run_time=4.0, rate_func=lambda t: t**0.6)
        self.stop_following()

    def walk_north_south(self) -> None:
        best_w = slice_minimum()[0]
        with self.beat("north-south") as clock:
            self.describe(f"Back on the slice at b = {SLICE_B:g}, w swings the ball back and forth along the "
                          "curve; it cannot leave the slice for the bottom.")
            self.turn_knobs((best_w, SLICE_B), run_time=1.5)
            swing = max(2.0, (clock.narration.duration - 2.5) / 3)
            self.turn_knobs((SWING_W, None), (W_RANGE[0] + 0.3, None), (best_w, None), run_time=3 * swing)
        self.wait(1.0)
