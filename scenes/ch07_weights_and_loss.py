"""§07 The ML connection: the loss surface over (w, b), its gradient, and gradient descent rolling down it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import *

from scenes.kit import (
    DescentPath,
    FitPlot,
    Formula,
    LinearData,
    LossBowl,
    ParameterReadouts,
    ParameterSliders,
    Readout,
    SurfaceScene,
    floor_arrow,
    gradient_descent,
    number,
    theme,
)

# The bowl of the general part: three points on y = 2x + 1, centred so the bowl is round.
BOWL_DATA = LinearData.on_line([-1.0, 0.0, 1.0], w=2.0, b=1.0)
SPOT = (0.5, 2.5)  # the current spot where the partials are read
BOWL_STEPS = 500  # "repeat thousands of times": at η = 0.01 the bowl needs a few hundred

# The text's example: one point (x, y) = (2, 5), so L(w, b) = (2w + b − 5)².
EXAMPLE = LinearData.points((2.0, 5.0))
START = (0.0, 0.0)
ETA = 0.01
EXAMPLE_STEPS = 80  # 0.9⁸⁰ ≈ 2·10⁻⁴: ŷ reads 5.00

W_RANGE, B_RANGE = (0.0, 4.0), (-1.0, 3.0)  # centred on the bottom (2, 1), so the bowl reads as a bowl
EXAMPLE_W_RANGE, EXAMPLE_B_RANGE = (-0.5, 3.5), (-0.5, 3.0)
GRADIENT_SCALE = 0.4  # (w, b) units of arrow per unit of gradient
SURFACE_ON_SCREEN = (-3.3, -0.75)  # where the middle of each surface shows
VIEW = {"phi": 62, "theta": -70}


def bowl_path() -> np.ndarray:
    """Gradient descent on the bowl from the current spot, at the text's learning rate."""
    return gradient_descent(lambda p: BOWL_DATA.gradient(*p), SPOT, eta=ETA, steps=BOWL_STEPS)


def example_path() -> np.ndarray:
    """Gradient descent on L(w, b) = (2w + b − 5)² from (0, 0) with η = 0.01."""
    return gradient_descent(lambda p: EXAMPLE.gradient(*p), START, eta=ETA, steps=EXAMPLE_STEPS)


@dataclass(frozen=True)
class FirstStep:
    """The text's worked step, every number computed from the example's data."""

    x: float
    y: float
    prediction: float
    error: float
    w_factor: float  # ∂L/∂w = w_factor · error (= 2x)
    b_factor: float  # ∂L/∂b = b_factor · error (= 2)
    dL_dw: float
    dL_db: float
    w: float
    b: float
    new_prediction: float


def first_step() -> FirstStep:
    (x,), (y,) = EXAMPLE.x, EXAMPLE.y
    w0, b0 = START
    prediction = float(EXAMPLE.predict(w0, b0)[0])
    error = prediction - y
    dL_dw, dL_db = EXAMPLE.gradient(w0, b0)
    w1, b1 = example_path()[1]
    return FirstStep(x, y, prediction, error, 2 * x, 2.0, float(dL_dw), float(dL_db), float(w1), float(b1),
                     float(EXAMPLE.predict(w1, b1)[0]))


def start_lines(step: FirstStep) -> list[str]:
    """The page's lost list at (0, 0): the prediction, the error, the two partials."""
    x, y, w0, b0 = (number(v) for v in (step.x, step.y, *START))
    error = number(step.error)
    return [
        rf"\hat{{y}} = {w0} \cdot {x} + {b0} = {number(step.prediction)}",
        rf"\hat{{y}} - y = {number(step.prediction)} - {y} = {error}",
        rf"\frac{{\partial L}}{{\partial w}} = {number(step.w_factor)}\cdot({error}) = {number(step.dL_dw)}",
        rf"\frac{{\partial L}}{{\partial b}} = {number(step.b_factor)}\cdot({error}) = {number(step.dL_db)}",
    ]


def update_lines(step: FirstStep) -> list[str]:
    """The page's lost list for η = 0.01: one step of the update rule."""
    w0, b0, eta = (number(v) for v in (*START, ETA))
    return [
        rf"w \leftarrow {w0} - {eta}\cdot({number(step.dL_dw)}) = {number(step.w)}",
        rf"b \leftarrow {b0} - {eta}\cdot({number(step.dL_db)}) = {number(step.b)}",
    ]


def prediction_line(step: FirstStep) -> str:
    return rf"\hat{{y}} = {number(step.w)} \cdot {number(step.x)} + {number(step.b)} = {number(step.new_prediction)}"


def math_lines(*lines: str, font_size: float = 34) -> VGroup:
    return VGroup(*(MathTex(line, color=theme.INK, font_size=font_size) for line in lines)).arrange(
        DOWN, buff=0.22, aligned_edge=LEFT)


class WeightsAndLoss(SurfaceScene):
    SECTION = "07"

    def construct(self) -> None:
        self.w = ValueTracker(SPOT[0])
        self.b = ValueTracker(SPOT[1])
        self.introduce_the_model()
        self.turn_the_knobs()
        self.define_the_loss()
        self.raise_the_bowl()
        self.read_the_partials()
        self.point_up_the_gradient()
        self.roll_down_the_bowl()
        self.take_the_tiny_dataset()
        self.take_the_first_step()
        self.repeat_until_it_fits()

    # The model and its loss, flat, before any surface.
    def introduce_the_model(self) -> None:
        title = self.overlay(self.section_title())
        self.plot = FitPlot(data=BOWL_DATA, w=self.w, b=self.b, x_range=[-1.5, 1.5, 1], y_range=[-2, 4, 1],
                            x_length=5.0, y_length=4.6)
        self.overlay(self.plot.move_to([-3.2, -0.35, 0]))
        self.model = self.column(Formula(self.section.block("model").math, font_size=48), y=2.3)
        with self.beat("most-important"):
            self.play(FadeIn(title, shift=DOWN * 0.2))
            self.play(FadeIn(self.plot.axes, self.plot.labels), FadeIn(self.plot.dots, lag_ratio=0.3))
        with self.beat("linear-model"):
            self.play(Write(self.model), Create(self.plot.line))
        # From here on the plot moves as one piece.
        self.remove(*self.plot.submobjects)
        self.add(self.plot)

    def turn_the_knobs(self) -> None:
        sliders = ParameterSliders(w=self.w, b=self.b, w_range=(-1, 4), b_range=(-1, 4))
        self.sliders = self.column(sliders, y=1.0)
        self.overlay(self.plot.residuals)
        with self.beat("knobs:1"):
            self.play(FadeIn(sliders, shift=LEFT * 0.2))
            self.play(self.w.animate.set_value(SPOT[0] + 1), run_time=1.2)
            self.play(self.b.animate.set_value(SPOT[1] - 1.5), run_time=1.2)
            self.play(self.w.animate.set_value(SPOT[0]), self.b.animate.set_value(SPOT[1]), run_time=1.2)
        with self.beat("knobs:2"):
            self.play(self.plot.reveal_residuals())

    def define_the_loss(self) -> None:
        self.mse = self.column(Formula(self.section.block("mse").math, parts=["w", "b"], font_size=40), y=-0.75)
        fixed = self.overlay(SurroundingRectangle(self.plot.dots, buff=0.2, color=theme.MUTED, corner_radius=0.1))
        with self.beat("loss-function"):
            self.play(Write(self.mse), run_time=1.5)
        with self.beat("fixed-data:1"):
            self.play(Create(fixed), Indicate(self.plot.dots, color=theme.INK))
        with self.beat("fixed-data:2"):
            self.play(self.mse.part("w").animate.set_color(theme.WEIGHT),
                      self.mse.part("b").animate.set_color(theme.BIAS),
                      FadeOut(fixed))
            self.play(Circumscribe(self.sliders, color=theme.HIGHLIGHT, buff=0.15))

    # The bowl over (w, b).
    def raise_the_bowl(self) -> None:
        self.bowl = LossBowl(loss=BOWL_DATA.loss, w_range=W_RANGE, b_range=B_RANGE, z_range=[0, 7, 2],
                             lengths=(5.2, 5.2, 3.4))
        self.axes, self.names, self.surface = self.bowl.axes, self.bowl.names, self.bowl.surface
        self.face_camera(*self.names)
        self.pin(self.bowl, anchor=lambda: self.axes.c2p(2, 1, 2.5), at=SURFACE_ON_SCREEN)
        self.progress = ValueTracker(0)
        self.descent = DescentPath(axes=self.axes, f=BOWL_DATA.loss, path=bowl_path(), progress=self.progress,
                                   color=theme.TANGENT)
        self.descent.ball.set_color(theme.INK)
        self.face_camera(self.descent.ball)
        values = ParameterReadouts(w=self.w, b=self.b, loss=BOWL_DATA.loss, loss_label="$L(w, b)$", width=1.9)
        self.values = self.column(values, y=-1.95)
        with self.beat("loss-surface:1"):
            self.play(FadeOut(self.model), FadeOut(self.sliders), FadeOut(self.plot.residuals),
                      self.plot.animate.shrink(0.55).move_to([self.COLUMN_X, 0.4, 0]),
                      self.mse.animate.scale(0.85).move_to([self.COLUMN_X, 2.45, 0]))
            self.raise_surface(axes=self.axes, names=self.names, surface=self.surface, **VIEW)
        with self.beat("loss-surface:2"):
            self.play(FadeIn(self.descent.ball, scale=0.5), FadeIn(values))
            self.play(self.plot.reveal_residuals())
        # Marked after the camera has turned: a still dot stays where it was made.
        bottom = BOWL_DATA.best_fit()
        self.bottom = self.bowl.bottom(at=bottom)
        self.bottom_name = MathTex(f"({number(bottom[0])}, {number(bottom[1])})", color=theme.TANGENT,
                                   font_size=theme.POINT_LABEL_SIZE)
        self.bottom_name.move_to(self.bottom.get_center() + 0.45 * DOWN + 0.2 * RIGHT)
        self.face_camera(self.bottom, self.bottom_name)
        with self.beat("bowl:1"):
            self.play(FadeIn(self.bottom, scale=0.5), FadeIn(self.bottom_name))
        with self.beat("bowl:2"):
            self.play(Indicate(self.descent.ball, color=theme.TANGENT, scale_factor=1.6), run_time=1.5)

    def read_the_partials(self) -> None:
        partials = VGroup(*(
            Readout(label=rf"$\partial L/\partial {name}$", value=lambda i=i: float(BOWL_DATA.gradient(*SPOT)[i]),
                    color=color, width=2.7)
            for i, (name, color) in enumerate((("w", theme.WEIGHT), ("b", theme.BIAS)))
        )).arrange(RIGHT, buff=0.3)
        self.partials = self.column(partials, y=1.25)
        # The page's lost list: the sign says which way to nudge, the size how sensitive the loss is.
        rules = math_lines(
            r"\frac{\partial L}{\partial w} > 0 \;\Rightarrow\; \text{lower } w",
            r"\frac{\partial L}{\partial w} < 0 \;\Rightarrow\; \text{raise } w",
            r"\left|\frac{\partial L}{\partial w}\right| = \text{how sensitive } L \text{ is to } w",
            font_size=32,
        )
        self.rules = self.column(rules, y=-0.85)  # a clear gap below the readouts
        gradient = self.gradient_at_spot()
        self.nudges = VGroup(*(
            floor_arrow(self.axes, SPOT, vector, z=float(BOWL_DATA.loss(*SPOT)), color=color,
                        stroke_width=6, max_tip_length_to_length_ratio=0.3)
            for vector, color in (((-GRADIENT_SCALE * gradient[0], 0), theme.WEIGHT),
                                  ((0, -GRADIENT_SCALE * gradient[1]), theme.BIAS))
        ))
        with self.beat("nudge"):
            self.play(FadeOut(self.plot), FadeOut(self.plot.residuals), FadeOut(self.values),
                      FadeOut(self.bottom_name))
            self.play(FadeIn(partials, shift=LEFT * 0.2))
        with self.beat("current-spot"):
            self.play(FadeIn(rules, shift=UP * 0.2, lag_ratio=0.3), run_time=1.5)
        with self.beat("sign-and-size:1"):
            self.play(*(GrowArrow(arrow) for arrow in self.nudges), run_time=1.2)
        self.stacked = self.column(self.gradient_readout(gradient), y=-0.6)
        with self.beat("sign-and-size:2"):
            self.play(FadeOut(rules), FadeIn(self.stacked, shift=UP * 0.2))

    def gradient_at_spot(self) -> np.ndarray:
        return BOWL_DATA.gradient(*SPOT)

    def gradient_readout(self, gradient: np.ndarray) -> VGroup:
        """The text's ∇L, then its value at the spot."""
        formula = Formula(self.section.block("gradient").math, font_size=34)
        value = MathTex(rf"= \begin{{bmatrix}} {gradient[0]:.2f} \\ {gradient[1]:.2f} \end{{bmatrix}}",
                        color=theme.INK, font_size=34)
        return VGroup(formula, value).arrange(RIGHT, buff=0.2)

    def point_up_the_gradient(self) -> None:
        gradient = self.gradient_at_spot()
        height = float(BOWL_DATA.loss(*SPOT))
        uphill = floor_arrow(self.axes, SPOT, GRADIENT_SCALE * gradient, z=height, color=theme.SECANT,
                             stroke_width=7, max_tip_length_to_length_ratio=0.25)
        downhill = floor_arrow(self.axes, SPOT, -GRADIENT_SCALE * gradient, z=height, color=theme.TANGENT,
                               stroke_width=7, max_tip_length_to_length_ratio=0.25)
        names = VGroup(
            MathTex(r"\nabla L", color=theme.SECANT, font_size=theme.SYMBOL_SIZE).move_to(
                uphill.get_end() + 0.35 * UP),
            MathTex(r"-\nabla L", color=theme.TANGENT, font_size=theme.SYMBOL_SIZE).move_to(
                downhill.get_end() + 0.55 * RIGHT + 0.15 * DOWN),
        )
        self.face_camera(*names)
        self.arrows = VGroup(uphill, downhill, names)
        with self.beat("steepest-ascent:1"):
            self.play(FadeOut(self.nudges), GrowArrow(uphill), FadeIn(names[0]))
        with self.beat("steepest-ascent:2-3"):
            self.play(GrowArrow(downhill), FadeIn(names[1]))

    def roll_down_the_bowl(self) -> None:
        rules = VGroup(*(Formula(self.section.block(label).math, font_size=36) for label in ("update-w", "update-b")))
        rules.arrange(DOWN, buff=0.2, aligned_edge=LEFT)
        self.column(rules, y=1.95).shift(LEFT * 0.9)
        eta = self.column(MathTex(rf"\eta = {number(ETA)}", color=theme.INK, font_size=40), y=1.95)
        eta.shift(RIGHT * 2.0)
        step = Readout(label="step", value=lambda: float(self.descent.step()), decimals=0, width=1.9)
        loss = Readout(label="$L(w, b)$", value=lambda: float(BOWL_DATA.loss(*self.descent.iterate())), width=1.9)
        counters = self.column(VGroup(step, loss).arrange(RIGHT, buff=0.25), y=-2.05)
        # Small enough to keep clear of the update rules above and the counters below.
        self.plot.shrink(0.75).move_to([self.COLUMN_X, -0.25, 0])
        self.descent.steer(w=self.w, b=self.b)
        self.add(self.w, self.b)
        with self.beat("learning-rate:1") as narration:
            self.play(FadeOut(self.mse), FadeOut(self.partials), FadeOut(self.stacked), FadeOut(self.arrows),
                      FadeIn(rules, shift=UP * 0.2))
            self.play(FadeIn(eta))
        with self.beat("learning-rate:2-3") as narration:
            self.add(self.descent.trail)
            self.play(FadeIn(self.plot), self.plot.reveal_residuals(FadeIn), FadeIn(counters))
            self.play(self.progress.animate.set_value(BOWL_STEPS), run_time=max(6.0, narration.duration - 1.5),
                      rate_func=linear)
        self.w.clear_updaters()
        self.b.clear_updaters()
        self.bowl_column = VGroup(rules, eta, counters, self.plot, self.plot.residuals)

    # The text's example: one data point.
    def take_the_tiny_dataset(self) -> None:
        example = LossBowl(loss=EXAMPLE.loss, w_range=EXAMPLE_W_RANGE, b_range=EXAMPLE_B_RANGE, z_range=[0, 45, 10],
                           lengths=(4.6, 4.0, 3.2))
        self.example_axes, names, trough = example.axes, example.names, example.surface
        self.face_camera(*names)
        self.pin(example, anchor=lambda: self.example_axes.c2p(1.5, 1.25, 15), at=SURFACE_ON_SCREEN)
        loss = self.column(Formula(self.section.block("example-loss").math, font_size=40), y=2.55)
        partials = self.column(Formula(self.section.block("example-partials").math, font_size=32), y=1.65)
        self.example_formulas = VGroup(loss, partials)
        self.example_progress = ValueTracker(0)
        self.example_descent = DescentPath(axes=self.example_axes, f=EXAMPLE.loss, path=example_path(),
                                           progress=self.example_progress, color=theme.TANGENT)
        self.example_descent.ball.set_color(theme.INK)
        self.face_camera(self.example_descent.ball)
        old = VGroup(self.axes, self.names, self.surface, self.descent, self.bottom, self.bowl_column)
        with self.beat("tiny-dataset"):
            self.play(FadeOut(old), run_time=0.7)
            self.play(FadeIn(loss, shift=DOWN * 0.2), Create(self.example_axes), FadeIn(names))
            self.play(FadeIn(trough), run_time=1.0)
            self.keep_still(self.example_axes, trough)
        with self.beat("chain-rule"):
            self.play(Write(partials), run_time=1.5)

    def take_the_first_step(self) -> None:
        step = first_step()
        start = self.column(math_lines(*start_lines(step), font_size=30), y=-0.25)
        update = self.column(math_lines(*update_lines(step), font_size=32), y=0.4)
        prediction = self.column(MathTex(prediction_line(step), color=theme.INK, font_size=34), y=-0.7)
        with self.beat("start"):
            self.play(FadeIn(self.example_descent.ball, scale=0.5))
            self.play(FadeIn(start, shift=UP * 0.2, lag_ratio=0.4), run_time=2.0)
        with self.beat("with-eta"):
            self.play(FadeOut(start), run_time=0.6)
            self.play(FadeIn(update, shift=UP * 0.2, lag_ratio=0.4), run_time=1.2)
            self.add(self.example_descent.trail)
            self.play(self.example_progress.animate.set_value(1), run_time=1.2)
        with self.beat("new-prediction:1-2"):
            self.play(Write(prediction))

    def repeat_until_it_fits(self) -> None:
        descent = self.example_descent
        readouts = VGroup(
            Readout(label="step", value=lambda: float(descent.step()), decimals=0, width=1.4),
            Readout(label="$w$", value=lambda: float(descent.iterate()[0]), color=theme.WEIGHT, width=1.5),
            Readout(label="$b$", value=lambda: float(descent.iterate()[1]), color=theme.BIAS, width=1.5),
            Readout(label=r"$\hat{y}$", value=lambda: float(EXAMPLE.predict(*descent.iterate())[0]),
                    color=theme.TANGENT, width=1.5),
        ).arrange(RIGHT, buff=0.15)
        self.readouts = self.column(readouts, y=-1.95)
        with self.beat("new-prediction:3") as narration:
            self.play(FadeIn(readouts, shift=UP * 0.2))
            self.play(self.example_progress.animate.set_value(EXAMPLE_STEPS),
                      run_time=max(5.0, narration.duration - 1.0), rate_func=linear)
        self.wait(1.5)
