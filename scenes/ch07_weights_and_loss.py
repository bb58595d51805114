"""§07 The ML connection: the loss surface over (w, b), its gradient, and gradient descent rolling down it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from manim import *

from scenes.kit import (
    BeatClock,
    DescentPath,
    Formula,
    LinearData,
    LossBowl,
    MixedLabel,
    ParameterScene,
    Readout,
    axis_labels,
    depth_sorted_line,
    floor_arrow,
    gradient_descent,
    number,
    sort_by_depth,
    theme,
    themed_axes,
)

# The bowl of the general part: three points on y = 2x + 1, centred so the bowl is round.
BOWL_DATA = LinearData.on_line([-1.0, 0.0, 1.0], w=2.0, b=1.0)
SPOT = (0.5, 2.5)  # the current spot where the partials are read
BOWL_STEPS = 500  # "repeat thousands of times": at η = 0.01 the bowl needs a few hundred
FIRST_STEPS = 40  # "we step opposite": the first steps down, before the update rule is named
# Turning the knobs by hand until the line meets the points: each guess's (w, b) less the best fit's.
SEARCH = ((0.9, -1.0), (-0.4, 0.5), (0.15, -0.2), (0.0, 0.0))

# The text's example: one point (x, y) = (2, 5), so L(w, b) = (2w + b − 5)².
EXAMPLE = LinearData.points((2.0, 5.0))
START = (0.0, 0.0)
ETA = 0.01
EXAMPLE_STEPS = 80  # 0.9⁸⁰ ≈ 2·10⁻⁴: ŷ reads 5.00
GAP = 0.3  # between the worked example's blocks in the column
SEE_THROUGH = 0.45  # the trough's opacity while the path's shadow on its floor shows through it

W_RANGE, B_RANGE = (0.0, 4.0), (-1.0, 3.0)  # centred on the bottom (2, 1), so the bowl reads as a bowl
EXAMPLE_W_RANGE, EXAMPLE_B_RANGE = (-0.5, 3.5), (-0.5, 3.0)
GRADIENT_SCALE = 0.4  # (w, b) units of arrow per unit of gradient
SURFACE_ON_SCREEN = (-3.2, -0.5)  # where the middle of the bowl shows
TROUGH_ON_SCREEN = (-3.4, -0.45)  # the example's trough: wide, so higher, clear of the captions
VIEW = {"phi": 62, "theta": -70}


def bowl_path() -> np.ndarray:
    """Gradient descent on the bowl from the current spot, at the text's learning rate."""
    return gradient_descent(lambda p: BOWL_DATA.gradient(*p), SPOT, eta=ETA, steps=BOWL_STEPS)


def example_path() -> np.ndarray:
    """Gradient descent on L(w, b) = (2w + b − 5)² from (0, 0) with η = 0.01."""
    return gradient_descent(lambda p: EXAMPLE.gradient(*p), START, eta=ETA, steps=EXAMPLE_STEPS)


@dataclass(frozen=True)
class DescentLine:
    """Why the example's path is straight: every gradient of (xw + b − y)² is a multiple of (x, 1).

    From (0, 0) each step moves along (x, 1), so (w, b) = tₙ·``end``, where ``end`` is the point of
    that line with ŷ = y; each step shrinks 1 − tₙ by ``ratio`` = 1 − 2η(x² + 1), so tₙ = 1 − ratioⁿ.
    """

    end: tuple[float, float]
    ratio: float


def descent_line() -> DescentLine:
    (x,), (y,) = EXAMPLE.x, EXAMPLE.y
    t = y / (x * x + 1)  # t·(x, 1) predicts t(x² + 1)
    return DescentLine(end=(float(t * x), float(t)), ratio=1 - 2 * ETA * (x * x + 1))


def search_settings() -> list[tuple[float, float]]:
    """The (w, b) guesses of the hand search, each closer to the best fit, the last on it."""
    w, b = BOWL_DATA.best_fit()
    return [(w + dw, b + db) for dw, db in SEARCH]


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


def update_lines(step: FirstStep) -> list[tuple[str, str, str]]:
    """The page's lost list for η = 0.01: one step of the update rule, each line cut at its arrow."""
    w0, b0, eta = (number(v) for v in (*START, ETA))
    return [
        ("w", r"\leftarrow", rf"{w0} - {eta}\cdot({number(step.dL_dw)}) = {number(step.w)}"),
        ("b", r"\leftarrow", rf"{b0} - {eta}\cdot({number(step.dL_db)}) = {number(step.b)}"),
    ]


def prediction_line(step: FirstStep) -> str:
    return rf"\hat{{y}} = {number(step.w)} \cdot {number(step.x)} + {number(step.b)} = {number(step.new_prediction)}"


def halves_of(formula: Formula, *, at: str) -> VGroup:
    """A formula's glyphs before its isolated part ``at`` and from it on: the two halves of a pair."""
    split = formula.part(at).get_left()[0]
    glyphs = formula.glyphs()
    return VGroup(VGroup(*(g for g in glyphs if g.get_center()[0] < split)),
                  VGroup(*(g for g in glyphs if g.get_center()[0] >= split)))


def math_lines(*lines: str, font_size: float = 34) -> VGroup:
    return VGroup(*(MathTex(line, color=theme.INK, font_size=font_size) for line in lines)).arrange(
        DOWN, buff=0.22, aligned_edge=LEFT)


def arrow_aligned_lines(*lines: tuple[str, str, str], font_size: float = 34) -> VGroup:
    """Lines cut in three (name, arrow, rest), stacked with their arrows one under the other."""
    group = VGroup(*(MathTex(*line, color=theme.INK, font_size=font_size) for line in lines)).arrange(
        DOWN, buff=0.3)
    return aligned_on(group, lambda line: line[1])


def aligned_on(lines: VGroup, mark: Callable[[Mobject], Mobject]) -> VGroup:
    """Stacked lines shifted sideways so that each one's ``mark`` (its arrow) sits under the first one's."""
    x = mark(lines[0]).get_center()[0]
    for line in lines[1:]:
        line.shift((x - mark(line).get_center()[0]) * RIGHT)
    return lines


def example_plot() -> VGroup:
    """The tiny dataset on x–y axes: its one point, named, with dashed guides to its x and y."""
    (x,), (y,) = EXAMPLE.x, EXAMPLE.y
    axes = themed_axes(x_range=[0, x + 1, 1], y_range=[0, y + 1, 1], x_length=2.4, y_length=2.3)
    dot = Dot(axes.c2p(x, y), color=theme.DATA, radius=0.08)
    guides = axes.get_lines_to_point(axes.c2p(x, y), color=theme.MUTED)
    name = MathTex(f"({number(x)}, {number(y)})", color=theme.INK, font_size=theme.POINT_LABEL_SIZE)
    name.next_to(dot, RIGHT, buff=0.15)
    return VGroup(axes, axis_labels(axes), guides, dot, name)


def beyond_tip(arrow: Arrow, distance: float) -> np.ndarray:
    """A point ``distance`` past an arrow's tip, along the arrow: where its name sits clear of the head."""
    start, end = arrow.get_start(), arrow.get_end()
    return end + distance * (end - start) / np.linalg.norm(end - start)


class PredictionGauge(VGroup):
    """ŷ on a number line from 0 to the true y, with the true value marked: how close the prediction is."""

    def __init__(self, *, prediction: ValueTracker, truth: float, length: float = 3.6) -> None:
        super().__init__()
        self.line = NumberLine(x_range=[0, truth, 1], length=length, color=theme.MUTED,
                               stroke_width=theme.AXIS_WIDTH, include_numbers=True, font_size=theme.SMALL_SIZE,
                               decimal_number_config={"color": theme.MUTED, "num_decimal_places": 0})
        self.truth = Dot(self.line.n2p(truth), radius=0.09, color=theme.TANGENT)
        self.truth_name = MathTex(f"y = {number(truth)}", color=theme.TANGENT, font_size=theme.POINT_LABEL_SIZE)
        self.truth_name.next_to(self.truth, RIGHT, buff=0.2)
        self.marker = Triangle(color=theme.INK, fill_opacity=1, stroke_width=0).scale(0.09).rotate(PI)
        self.marker_name = MathTex(r"\hat{y}", color=theme.INK, font_size=theme.POINT_LABEL_SIZE)
        self.marker.add_updater(lambda m: m.next_to(self.line.n2p(prediction.get_value()), UP, buff=0.06))
        self.marker_name.add_updater(lambda m: m.next_to(self.marker, UP, buff=0.08))
        self.add(self.line, self.truth, self.truth_name, self.marker, self.marker_name)
        self.update()


class WeightsAndLoss(ParameterScene):
    SECTION = "07"
    FIRST_PARAMETERS = SPOT  # the knobs start where the partials will be read
    # Risen seen from low (phi 78°): from 70° the b axis's near end reached into the caption band.
    FIRST_VIEW = (78, -100)

    def construct(self) -> None:
        self.introduce_the_model()
        self.turn_the_knobs()
        self.define_the_loss()
        self.raise_the_bowl()
        self.read_the_partials()
        self.say_which_way_to_nudge()
        self.write_the_gradient()
        self.point_up_the_gradient()
        self.roll_down_the_bowl()
        self.take_the_tiny_dataset()
        self.take_the_first_step()
        self.repeat_until_it_fits()

    # The model and its loss, flat, before any surface.
    def introduce_the_model(self) -> None:
        self.model = self.column(Formula(self.section.block("model").math, font_size=48), y=2.3)
        self.plot = self.fit_plot(BOWL_DATA, x_range=[-1.5, 1.5, 1], y_range=[-2, 4, 1], size=(5.0, 4.4),
                                  at=(-3.2, -0.15))
        title = self.overlay(self.section_title())
        # "Partial derivatives": the ones this chapter arrives at, of the loss by the model's knobs.
        partials = self.column(MathTex(r"\frac{\partial L}{\partial w} \qquad \frac{\partial L}{\partial b}",
                                       color=theme.INK, font_size=72), y=0.4)
        with self.beat("most-important") as clock:
            self.describe("The partial derivatives of L by w and by b are written large, then give way to axes with "
                          "three data points, at "
                          + ", ".join(f"({number(x)}, {number(y)})" for x, y in zip(BOWL_DATA.x, BOWL_DATA.y)) + ".")
            self.play(FadeIn(title, shift=DOWN * 0.2), Write(partials), run_time=max(1.2, clock.at("derivatives")))
            self.play(Indicate(partials, color=theme.HIGHLIGHT, scale_factor=1.15),
                      run_time=max(1.0, clock.at("math idea")))
            # "in modern machine learning": a model's data.
            self.play(Create(self.plot.axes), FadeIn(self.plot.labels), run_time=max(1.0, clock.at("learning.")))
            self.play(LaggedStart(*(FadeIn(dot, scale=0.5) for dot in self.plot.dots), lag_ratio=0.6),
                      FadeOut(partials), run_time=max(1.0, clock.until_end()))
        with self.beat("linear-model"):
            self.describe(f"A straight line, w = {number(SPOT[0])}, b = {number(SPOT[1])}, rising gently to the right, is drawn "
                          "across the plot: through the point at x = "
                          f"{number(next(x for x, y in zip(BOWL_DATA.x, BOWL_DATA.y) if abs(SPOT[0] * x + SPOT[1] - y) < 1e-9))}"
                          " and above the other two.")
            self.play(Create(self.plot.line), run_time=1.5)
        with self.beat("model") as clock:
            self.describe_none("the formula is written as it is read")
            self.play(Write(self.model), run_time=clock.until_end())
        # From here on the plot moves as one piece.
        self.remove(*self.plot.submobjects)
        self.add(self.plot)

    def turn_the_knobs(self) -> None:
        self.sliders = self.column(self.parameter_sliders(w_range=(-1, 4), b_range=(-1, 4)), y=1.0)
        with self.beat("knobs:1") as clock:
            self.describe(f"Sliders for w and b appear at w = {number(SPOT[0])}, b = {number(SPOT[1])}. w rises to "
                          f"{number(SPOT[0] + 1)} and the line steepens; b falls to {number(SPOT[1] - 1.5)} and the "
                          "line drops; both return.")
            clock.until("using two")
            self.play(FadeIn(self.sliders, shift=LEFT * 0.2), run_time=max(1.0, clock.at("tunable knobs:")))
            self.turn_knobs((SPOT[0] + 1, None), run_time=max(0.8, clock.at("a weight w")))
            self.turn_knobs((None, SPOT[1] - 1.5), run_time=max(0.8, clock.at("a bias b")))
            self.turn_knobs(SPOT, run_time=clock.until_end())
        with self.beat("knobs:2") as clock:
            self.describe("Dashed gaps join each point to the line. The sliders try settings until the line runs "
                          f"through all three points at w = {number(BOWL_DATA.best_fit()[0])}, b = "
                          f"{number(BOWL_DATA.best_fit()[1])}, and the gaps vanish.")
            # Training: finding the w and b that make the predictions match, the misses shrinking to nothing.
            self.play(self.plot.reveal_residuals())
            self.turn_knobs(*search_settings(), run_time=max(4.0, clock.at("as closely as possible")))

    def define_the_loss(self) -> None:
        self.mse = self.column(Formula(self.section.block("mse").math, parts=["w", "b"], font_size=40), y=-0.75)
        self.loss = self.column(Readout(label="$L(w, b)$", value=lambda: float(BOWL_DATA.loss(self.w.shown(),
                                                                                           self.b.shown()))),
                                y=-2.1)
        fixed = self.overlay(SurroundingRectangle(self.plot.dots, buff=0.2, color=theme.MUTED, corner_radius=0.1))
        best = BOWL_DATA.best_fit()
        with self.beat("loss-function") as clock:
            self.describe(f"A loss readout appears at {BOWL_DATA.loss(*BOWL_DATA.best_fit()):.2f}. The sliders go back "
                          f"to w = {number(SPOT[0])}, b = {number(SPOT[1])} and the loss rises to "
                          f"{BOWL_DATA.loss(*SPOT):.2f}; they return to the points and it falls to "
                          f"{BOWL_DATA.loss(*BOWL_DATA.best_fit()):.2f}.")
            self.play(FadeIn(self.loss, shift=UP * 0.2))
            # High when the predictions are bad, low when they are good.
            self.turn_knobs(SPOT, run_time=max(1.5, clock.at("predictions are bad")))
            self.turn_knobs(best, run_time=max(1.5, clock.at("they're good")))
        with self.beat("mse") as clock:
            self.describe_none("the formula is written as it is read")
            self.play(Write(self.mse), run_time=clock.until_end())
        with self.beat("fixed-data:1"):
            self.describe("A box surrounds the three data points.")
            self.play(Create(fixed), Indicate(self.plot.dots, color=theme.INK))
        with self.beat("fixed-data:2") as clock:
            self.describe("In the formula, w and b take the colours of their sliders. The sliders return to w = "
                          f"{number(SPOT[0])}, b = {number(SPOT[1])}, and the loss rises to "
                          f"{BOWL_DATA.loss(*SPOT):.2f}.")
            self.play(self.mse.part("w").animate.set_color(theme.WEIGHT),
                      self.mse.part("b").animate.set_color(theme.BIAS),
                      FadeOut(fixed))
            # The variables are w and b: each moves the loss.
            self.turn_knobs((SPOT[0], None), run_time=max(1.5, clock.at("are w")))
            self.turn_knobs((None, SPOT[1]), run_time=max(1.5, clock.at("and b")))
            self.play(self.circumscribe(self.sliders, color=theme.HIGHLIGHT, buff=0.15),
                      run_time=max(1.0, clock.at("multivariable setup")))

    # The bowl over (w, b).
    def raise_the_bowl(self) -> None:
        self.bowl, self.values = self.place_bowl_with_readouts(
            LossBowl(loss=BOWL_DATA.loss, w_range=W_RANGE, b_range=B_RANGE, z_range=[0, 7, 2], lengths=(5.2, 5.2, 3.4),
                     b_name_aside=True),
            anchor=(2, 1, 2.5), at=SURFACE_ON_SCREEN, loss_label="$L(w, b)$", width=1.6, loss_width=2.0,
            readouts_y=-1.95)
        with self.beat("loss-surface:1") as clock:
            self.describe("The plot shrinks to the side, and a bowl-shaped surface rises over the w, b floor as "
                          "the view turns.")
            self.play(FadeOut(self.model), FadeOut(self.sliders), FadeOut(self.loss), FadeOut(self.plot.residuals),
                      self.plot.thumbnail(scale=0.55, at=(self.COLUMN_X, 0.4)),
                      self.mse.animate.scale(0.85).move_to([self.COLUMN_X, 2.45, 0]))
            # The turn shows the floor the surface stands on as "the two horizontal axes are w and b" is said,
            # then the upright axis is pointed out as it is named.
            self.raise_bowl(self.bowl, **VIEW, turn_time=lambda: max(2.0, clock.at("are w and b")))
            self.play(Indicate(self.bowl.names[2], color=theme.HIGHLIGHT, scale_factor=1.5),
                      run_time=max(1.0, clock.at("the vertical axis is L")))
        self.ball = self.model_ball(self.bowl)
        with self.beat("loss-surface:2") as clock:
            self.describe("A ball appears on the surface, with readouts of w, b and the loss. As w and b change, the "
                          "ball moves over the surface and the small plot's line moves with it, ending at w = "
                          f"{number(SPOT[0])}, b = {number(SPOT[1])}, loss {BOWL_DATA.loss(*SPOT):.2f}.")
            self.play(FadeIn(self.ball, scale=0.5), FadeIn(self.values),
                      run_time=max(1.0, clock.at("on this surface")))
            self.play(self.plot.reveal_residuals())
            # Each point of the surface: "if I picked these values for w and b, here's how badly my model would do."
            self.turn_knobs((3.2, 0.0), (1.0, 0.3), SPOT, run_time=max(3.0, clock.at("would do")))
        # Marked after the camera has turned: a still dot stays where it was made.
        bottom = BOWL_DATA.best_fit()
        self.bottom = self.mark(self.bowl, at=bottom)
        self.bottom_name = MathTex(f"({number(bottom[0])}, {number(bottom[1])})", color=theme.TANGENT,
                                   font_size=theme.POINT_LABEL_SIZE)
        self.bottom_name.move_to(self.bottom.get_center() + 0.6 * DOWN + 0.35 * RIGHT)
        self.face_camera(self.bottom_name)
        with self.beat("bowl:1") as clock:
            self.describe(f"The lowest point is marked at w = {number(BOWL_DATA.best_fit()[0])}, b = "
                          f"{number(BOWL_DATA.best_fit()[1])}. The ball moves there, the loss reads "
                          f"{BOWL_DATA.loss(*BOWL_DATA.best_fit()):.2f}, and the ball returns up the side.")
            self.play(FadeIn(self.bottom, scale=0.5), FadeIn(self.bottom_name))
            # The lowest point is the (w, b) that makes the model best: there the line meets the points.
            self.turn_knobs(bottom, run_time=max(1.5, clock.at("a lowest point")))
            self.play(self.circumscribe(self.values[2], color=theme.TANGENT, buff=0.08),
                      run_time=max(1.0, clock.at("makes the model best")))
            self.turn_knobs(SPOT, run_time=clock.until_end())
        # "walking downhill": a walker sets off from the ball's spot and steps down to the bottom; the ball
        # itself stays at the spot, where the partials are read next.
        walker = self.descent_on(self.bowl, bowl_path(), color=theme.HIGHLIGHT)
        walker.ball.set_opacity(1)
        self.face_camera(walker.ball)
        with self.beat("bowl:2") as clock:
            self.describe(f"The ball is highlighted up the side of the bowl, at loss {BOWL_DATA.loss(*SPOT):.2f}. A "
                          "gold ball sets off from it and steps down the bowl to the lowest point, leaving a trail; "
                          "both fade, and the ball stays where it was.")
            self.play(Indicate(self.ball, color=theme.HIGHLIGHT, scale_factor=1.6), run_time=1.0)
            self.add(walker)
            self.play(walker.progress.animate.set_value(BOWL_STEPS), run_time=clock.until_end(leaving=0.6),
                      rate_func=rate_functions.ease_out_cubic)
            self.play(FadeOut(walker), run_time=0.6)
        # Set aside as the partials are read: the small plot and its gaps, the readouts, the bottom's name.
        self.bowl_readings = (self.plot, self.plot.residuals, self.values, self.bottom_name)

    def read_the_partials(self) -> None:
        # The ball rolls down from the spot later (point_up_the_gradient); the partials are read along its way.
        self.rolling = rolling = self.descent_on(self.bowl, bowl_path(), color=theme.TANGENT)
        # Read where the ball is: at the spot until it rolls, then along its way down.
        partials = VGroup(*(
            Readout(label=rf"$\partial L/\partial {name}$",
                    value=lambda i=i: float(BOWL_DATA.gradient(*rolling.iterate())[i]), color=color, width=2.7)
            for i, (name, color) in enumerate((("w", theme.WEIGHT), ("b", theme.BIAS)))
        )).arrange(RIGHT, buff=0.3)
        self.partials = self.column(partials, y=1.25)
        with self.beat("nudge") as clock:
            self.describe("The small plot leaves. Readouts of the two partial derivatives appear: "
                          f"{self.gradient_at_spot()[0]:.2f} for w and {self.gradient_at_spot()[1]:.2f} for b, "
                          "each outlined in turn; the w, b and loss readouts leave.")
            self.play(*(FadeOut(piece) for piece in self.bowl_readings))
            self.play(FadeIn(partials, shift=LEFT * 0.2), run_time=max(0.8, clock.at("partial derivative")))
            # "which way to nudge one parameter": one readout, then the other.
            for readout, color in zip(partials, (theme.WEIGHT, theme.BIAS)):
                self.play(self.circumscribe(readout, color=color, buff=0.08),
                          run_time=max(0.8, clock.until_end() / 2))
        with self.beat("current-spot") as clock:
            self.describe_none("the ball at the current spot is highlighted as it is named")
            self.play(Indicate(self.ball, color=theme.HIGHLIGHT, scale_factor=2.2),
                      run_time=max(1.5, clock.until_end()))

    def say_which_way_to_nudge(self) -> None:
        gradient, partials = self.gradient_at_spot(), self.partials
        # The page's lost list: the sign says which way to nudge, the size how sensitive the loss is.
        # Written as the readouts write ∂L/∂w, on one line each.
        rules = VGroup(*(MixedLabel(source=line, font_size=24) for line in (
            r"$\partial L/\partial w > 0 \;\Rightarrow$ lower $w$",
            r"$\partial L/\partial w < 0 \;\Rightarrow$ raise $w$",
            r"$|\partial L/\partial w| =$ how sensitive $L$ is to $w$",
        ))).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        self.rules = self.column(rules, y=-0.85)  # a clear gap below the readouts
        self.nudges = VGroup(*(
            floor_arrow(self.bowl.axes, SPOT, vector, z=float(BOWL_DATA.loss(*SPOT)), color=color,
                        stroke_width=6, max_tip_length_to_length_ratio=0.3)
            for vector, color in (((-GRADIENT_SCALE * gradient[0], 0), theme.WEIGHT),
                                  ((0, -GRADIENT_SCALE * gradient[1]), theme.BIAS))
        ))
        with self.beat("nudge-restored") as clock:
            self.describe_none("the three rules are written as they are read")
            # Each rule as it is read, with what it names at this spot: ∂L/∂w; the nudge the sign calls for
            # here (negative: raise w, and the ball goes down); the sizes.
            starts = ["A positive", "a negative one", "The size"]
            for index, line in enumerate(rules):
                clock.until(starts[index])
                run_time = (clock.until_end() if index == len(rules) - 1
                            else max(0.8, 0.75 * clock.at(starts[index + 1])))
                if index == 0:
                    self.play(Write(line), self.circumscribe(partials[0], color=theme.WEIGHT, buff=0.08),
                              run_time=run_time)
                elif index == 1:
                    # The ball goes the way the rule says while it is read, and comes back as the size is.
                    nudged = SPOT[0] + (1.0 if gradient[0] < 0 else -1.0)  # far enough to see the ball go down
                    self.play(Write(line), self.w.animate.set_value(nudged), run_time=run_time)
                else:
                    self.play(Write(line), Indicate(VGroup(*(readout.value for readout in partials)),
                                                    color=theme.HIGHLIGHT),
                              self.w.animate.set_value(SPOT[0]), run_time=run_time)
        with self.beat("sign-and-size:1") as clock:
            self.describe("Under the ball, one arrow points along the w axis toward "
                          f"{'larger' if gradient[0] < 0 else 'smaller'} w, another along the b axis toward "
                          f"{'larger' if gradient[1] < 0 else 'smaller'} b: each against its partial's sign.")
            # Which way: against the sign (the rule this spot's ∂L/∂w follows lights up), then b the same.
            self.play(GrowArrow(self.nudges[0]), self.circumscribe(partials[0], color=theme.WEIGHT, buff=0.08),
                      Indicate(rules[0 if gradient[0] > 0 else 1], color=theme.WEIGHT),
                      run_time=max(1.2, clock.at("nudge that parameter")))
            self.play(GrowArrow(self.nudges[1]), self.circumscribe(partials[1], color=theme.BIAS, buff=0.08),
                      run_time=max(1.2, clock.at("of the sign")))
            # How sensitive: the size.
            self.play(Indicate(rules[2], color=theme.HIGHLIGHT), run_time=max(1.2, clock.at("(the magnitude)")))
        with self.beat("sign-and-size:2"):
            self.describe_none("the rules leave and the two partials are highlighted as they are stacked")
            self.play(FadeOut(rules), Indicate(partials, color=theme.HIGHLIGHT, scale_factor=1.05), run_time=1.5)

    def write_the_gradient(self) -> None:
        gradient = self.gradient_at_spot()
        self.stacked = self.column(self.gradient_readout(gradient), y=-0.6)
        with self.beat("gradient") as clock:
            self.describe(f"After the formula, its value at the ball is written: the column {gradient[0]:.2f}, "
                          f"{gradient[1]:.2f}.")
            # ∇L is written as it is read, then its value at the spot.
            self.play(Write(self.stacked[0]), run_time=clock.until_end(leaving=1.0))
            self.play(FadeIn(self.stacked[1], shift=LEFT * 0.2), run_time=1.0)

    def write_as_said(self, clock: BeatClock, lines: VGroup, *, starts: list[str], leaving: float = 0.0) -> None:
        """Write each line while it is said: from its first words (``starts``) until the next line's, the last
        until the words end (less ``leaving``, for a last move)."""
        for index, line in enumerate(lines):
            clock.until(starts[index])
            last = index + 1 == len(lines)
            # Done a little before the next line starts: its last words (a result) are said by then.
            run_time = clock.until_end(leaving=leaving) if last else max(0.8, 0.75 * clock.at(starts[index + 1]))
            self.play(Write(line), run_time=run_time)

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
        uphill = floor_arrow(self.bowl.axes, SPOT, GRADIENT_SCALE * gradient, z=height, color=theme.SECANT,
                             stroke_width=7, max_tip_length_to_length_ratio=0.25)
        downhill = floor_arrow(self.bowl.axes, SPOT, -GRADIENT_SCALE * gradient, z=height, color=theme.TANGENT,
                               stroke_width=7, max_tip_length_to_length_ratio=0.25)
        names = VGroup(
            MathTex(r"\nabla L", color=theme.SECANT, font_size=theme.SYMBOL_SIZE).move_to(
                beyond_tip(uphill, 0.5) + 0.3 * OUT),
            # Beside the tip rather than past it: past it lie the b axis and its name.
            MathTex(r"-\nabla L", color=theme.TANGENT, font_size=theme.SYMBOL_SIZE).move_to(
                beyond_tip(downhill, 0.3) + 0.75 * RIGHT),
        )
        self.face_camera(*names)
        self.arrows = VGroup(uphill, downhill, names)
        with self.beat("steepest-ascent:1"):
            self.describe("An arrow named gradient of L grows from under the ball, pointing up the bowl, toward "
                          f"{'larger' if gradient[0] > 0 else 'smaller'} w and "
                          f"{'larger' if gradient[1] > 0 else 'smaller'} b.")
            self.play(FadeOut(self.nudges), GrowArrow(uphill), FadeIn(names[0]))
        with self.beat("steepest-ascent:2-3") as clock:
            self.describe(f"An opposite arrow, minus the gradient, appears. Both arrows fade, and the ball steps "
                          f"{FIRST_STEPS} times down the bowl, leaving a trail; its partials read "
                          f"{BOWL_DATA.gradient(*bowl_path()[FIRST_STEPS])[0]:.2f} and "
                          f"{BOWL_DATA.gradient(*bowl_path()[FIRST_STEPS])[1]:.2f}.")
            self.play(GrowArrow(downhill), FadeIn(names[1]), run_time=max(1.0, clock.at("we step opposite")))
            # "... so we step opposite": the ball takes its first steps down.
            self.follow(self.rolling)
            self.add(self.rolling.trail)
            # ∇L's value and its arrows were the spot's: they go as the ball leaves, and the partials follow
            # the ball down.
            self.play(FadeOut(self.stacked[1]), FadeOut(self.arrows), run_time=0.6)
            self.play(self.rolling.progress.animate.set_value(FIRST_STEPS), run_time=max(2.0, clock.until_last_word()),
                      rate_func=linear)

    def roll_down_the_bowl(self) -> None:
        rules = VGroup(*(Formula(self.section.block(label).math, parts=[r"\eta"], font_size=36)
                         for label in ("update-w", "update-b")))
        # One under the other on their arrows (w and b are not the same width).
        aligned_on(rules.arrange(DOWN, buff=0.2), lambda rule: rule.glyphs()[1])
        self.column(rules, y=1.95).shift(LEFT * 0.9)
        eta = self.column(MathTex(rf"\eta = {number(ETA)}", color=theme.INK, font_size=40), y=1.95)
        eta.shift(RIGHT * 2.0)
        rolling = self.rolling
        step = Readout(label="step", value=lambda: float(rolling.step()), decimals=0, width=1.9)
        loss = Readout(label="$L(w, b)$", value=lambda: float(BOWL_DATA.loss(*rolling.iterate())), width=1.9)
        counters = self.column(VGroup(step, loss).arrange(RIGHT, buff=0.25), y=-2.05)
        # Small enough to keep clear of the update rules above and the counters below.
        self.plot.scale(0.75).move_to([self.COLUMN_X, -0.25, 0])
        with self.beat("update-w") as clock:
            self.describe_none("the rule is written as it is read")
            self.play(FadeOut(self.mse), FadeOut(self.partials), FadeOut(self.stacked[0]), run_time=0.6)
            self.play(Write(rules[0]), run_time=clock.until_end())
        with self.beat("update-b") as clock:
            self.describe_none("the rule is written as it is read")
            self.play(Write(rules[1]), run_time=clock.until_end())
        with self.beat("learning-rate:1") as clock:
            self.describe_none("eta is highlighted in both rules and its value shown as it is said")
            # η is named in both rules, then given its value.
            etas = VGroup(*(rule.part(r"\eta") for rule in rules))
            self.play(Indicate(etas, color=theme.HIGHLIGHT, scale_factor=1.4), run_time=1.5)
            clock.until("a small positive number")
            self.play(FadeIn(eta, shift=LEFT * 0.2), run_time=1.0)
            self.play(Indicate(eta, color=theme.HIGHLIGHT), run_time=clock.until_end())
        with self.beat("learning-rate:2-3") as clock:
            self.describe(f"The small plot returns with a step counter at {FIRST_STEPS} and the loss at "
                          f"{BOWL_DATA.loss(*bowl_path()[FIRST_STEPS]):.2f}. The ball rolls on to step {BOWL_STEPS}, "
                          f"at the lowest point; the loss falls to {BOWL_DATA.loss(*bowl_path()[-1]):.2f}, "
                          "and the line meets the points.")
            self.play(FadeIn(self.plot), self.plot.reveal_residuals(FadeIn), FadeIn(counters))
            self.play(rolling.progress.animate.set_value(BOWL_STEPS), run_time=max(6.0, clock.until_last_word()),
                      rate_func=linear)
        self.stop_following()
        self.bowl_column = VGroup(rules, eta, counters, self.plot, self.plot.residuals)

    # The text's example: one data point.
    def take_the_tiny_dataset(self) -> None:
        example = self.place_bowl(
            LossBowl(loss=EXAMPLE.loss, w_range=EXAMPLE_W_RANGE, b_range=EXAMPLE_B_RANGE, z_range=[0, 45, 10],
                     lengths=(4.2, 3.6, 2.8)),
            anchor=(1.5, 1.25, 15), at=TROUGH_ON_SCREEN)
        self.example_axes, self.example_surface = example.axes, example.surface
        self.name_axes_where_seen(example.names, example.axes, example.surface)
        loss = self.column(Formula(self.section.block("example-loss").math, font_size=40), y=2.55)
        partials = self.column(Formula(self.section.block("example-partials").math,
                                       parts=[r"\frac{\partial L}{\partial b}"], font_size=28), y=1.65)
        self.example_partials = partials
        old = VGroup(self.bowl, self.rolling, self.ball, self.bottom, self.bowl_column)
        # The data the example takes, beside its trough until the ball sets off.
        self.example_data = data = self.column(example_plot(), y=-0.45)
        (x,), (y,) = EXAMPLE.x, EXAMPLE.y
        with self.beat("tiny-dataset") as clock:
            self.describe("The bowl leaves, and new axes for w, b and L are drawn.")
            self.play(FadeOut(old), run_time=0.7)
            axes, names, guides, dot, name = data
            self.play(Create(axes), FadeIn(names), run_time=max(1.0, clock.at("tiny dataset:")))
            self.play(FadeIn(dot, scale=0.5), Create(guides), FadeIn(name),
                      run_time=max(1.0, clock.at(f"({number(x)}, {number(y)}).")))
            self.play(Create(self.example_axes), FadeIn(example.names), run_time=clock.until_end())
        with self.beat("example-loss") as clock:
            self.describe("As the formula is written, its surface rises: a trough whose floor, where the loss is "
                          "zero, is a straight line across w and b.")
            # The formula is written as it is read, its surface rising over the floor.
            # Its axes animate with it, to be painted among its fading faces (scenes.kit.depth).
            self.play(Write(loss), FadeIn(example.surface), Animation(self.example_axes), run_time=clock.until_end())
            self.keep_still(self.example_axes, example.surface)
        with self.beat("chain-rule"):
            self.describe_none("the loss formula is highlighted as the chain rule is named")
            self.play(Indicate(loss, color=theme.HIGHLIGHT, scale_factor=1.05), run_time=1.2)
        with self.beat("example-partials") as clock:
            self.describe_none("the two partials are written as they are read")
            # ∂L/∂w as it is read, then ∂L/∂b.
            self.write_as_said(clock, halves_of(partials, at=r"\frac{\partial L}{\partial b}"),
                               starts=["∂L/∂w", "∂L/∂b"])

    def take_the_first_step(self) -> None:
        step = first_step()
        # The ball that takes the steps, from (0, 0).
        self.example_progress = ValueTracker(0)
        self.example_descent = DescentPath(axes=self.example_axes, f=EXAMPLE.loss, path=example_path(),
                                           progress=self.example_progress, color=theme.TANGENT)
        self.example_descent.ball.set_color(theme.INK)
        self.face_camera(self.example_descent.ball)
        self.start_lines = self.column(math_lines(*start_lines(step), font_size=30), y=-0.2)
        self.update_lines = self.column(arrow_aligned_lines(*update_lines(step), font_size=32), y=-1.95)
        eta = self.column(MathTex(rf"\eta = {number(ETA)}", color=theme.INK, font_size=32), y=-1.0)
        # With η the list moves up under the partials' formulas: ∂L/∂w and ∂L/∂b, η, then the update.
        partials = self.start_lines[2:]
        partials_target = partials.copy().shift(
            UP * (self.example_partials.get_bottom()[1] - GAP - partials.get_top()[1]))
        eta.next_to(partials_target, DOWN, buff=GAP)
        self.update_lines.next_to(eta, DOWN, buff=GAP)
        self.prediction = self.overlay(MathTex(prediction_line(step), color=theme.INK, font_size=34))
        self.y_hat = ValueTracker(step.prediction)
        self.gauge = self.column(PredictionGauge(prediction=self.y_hat, truth=step.y), y=-1.85)
        with self.beat("start") as clock:
            self.describe(f"A ball appears on the surface at w = {number(START[0])}, b = {number(START[1])}, high "
                          f"on the trough's side, at loss {EXAMPLE.loss(*START):.0f}.")
            ball = self.example_descent.ball
            self.play(FadeIn(ball, scale=0.5), FadeOut(self.example_data), run_time=1.0)
            self.play(Indicate(ball, color=theme.HIGHLIGHT, scale_factor=1.6), run_time=clock.until_end())
        with self.beat("start-restored") as clock:
            self.describe_none("each line is written as it is read")
            self.write_as_said(clock, self.start_lines,
                               starts=["The prediction", "so the error", "The partials", "and 2"])
        with self.beat("with-eta") as clock:
            self.describe_none("the two partials just found are highlighted as the step is set up")
            # The step uses the two partials just found, and η, written as it is said.
            self.play(FadeOut(self.start_lines[:2]), partials.animate.move_to(partials_target), run_time=0.8)
            self.play(Write(eta), Indicate(partials, color=theme.HIGHLIGHT, scale_factor=1.05),
                      run_time=max(1.0, clock.until_end()))
        with self.beat("update-restored") as clock:
            self.describe(f"After the two updates are written, the ball takes that step, to w = {number(step.w)}, "
                          f"b = {number(step.b)}; the loss there is {EXAMPLE.loss(step.w, step.b):.2f}.")
            self.write_as_said(clock, self.update_lines, starts=["w becomes", "and b becomes"], leaving=1.2)
            # The ball takes that step.
            self.add(self.example_descent.trail)
            self.play(self.example_progress.animate.set_value(1), run_time=1.2)
        was = self.start_lines[0]
        with self.beat("new-prediction:1-2") as clock:
            self.describe(f"A number line shows the true value {number(step.y)}; its marker for the prediction "
                          f"moves from {number(step.prediction)} to {number(step.new_prediction)}, toward it.")
            # From predicting 0 to predicting 0.5, closer to the true value.
            # The update moves up under the formulas, the old prediction returns under it, the new one under that.
            self.update_lines.generate_target().next_to(self.example_partials, DOWN, buff=GAP)
            was.next_to(self.update_lines.target, DOWN, buff=GAP).set_x(self.COLUMN_X)
            self.play(FadeOut(partials), FadeOut(eta), FadeIn(was), MoveToTarget(self.update_lines), run_time=1.0)
            self.prediction.next_to(was, DOWN, buff=0.3)
            self.play(Write(self.prediction), run_time=max(1.5, clock.at(f"= {number(step.new_prediction)}.")))
            self.play(FadeIn(self.gauge), run_time=max(1.0, clock.at("We've moved")))
            self.play(self.y_hat.animate.set_value(step.new_prediction),
                      run_time=max(2.0, clock.at(f"to predicting {number(step.new_prediction)}")))
            self.play(Indicate(VGroup(self.gauge.truth, self.gauge.truth_name), color=theme.TANGENT),
                      run_time=max(1.0, clock.until_last_word()))

    def repeat_until_it_fits(self) -> None:
        descent = self.example_descent
        readouts = VGroup(
            Readout(label="step", value=lambda: float(descent.step()), decimals=0, width=1.3),
            Readout(label="$w$", value=lambda: float(descent.iterate()[0]), color=theme.WEIGHT, width=1.35),
            Readout(label="$b$", value=lambda: float(descent.iterate()[1]), color=theme.BIAS, width=1.35),
            Readout(label=r"$\hat{y}$", value=lambda: float(EXAMPLE.predict(*descent.iterate())[0]),
                    color=theme.TANGENT, width=1.35),
        ).arrange(RIGHT, buff=0.12)
        self.readouts = self.column(readouts, y=-0.45)
        line = descent_line()
        end = f"({number(line.end[0])}, {number(line.end[1])})"
        path_formula = self.column(MathTex(rf"(w, b) = t_n \cdot {end}, \quad t_n = 1 - {number(line.ratio)}^n",
                                           color=theme.INK, font_size=32), y=0.65)
        floor = self.floor_projection(line)
        self.y_hat.add_updater(lambda tracker: tracker.set_value(float(EXAMPLE.predict(*descent.position())[0])))
        self.add(self.y_hat)
        with self.beat("new-prediction:3") as clock:
            self.describe(f"Readouts of step, w, b and y hat appear, and the path's formula: w, b equals t n times "
                          f"({number(descent_line().end[0])}, {number(descent_line().end[1])}), t n equals 1 minus "
                          f"{number(descent_line().ratio)} to the n. In {EXAMPLE_STEPS} steps the ball slides down the "
                          "trough's side to its floor at the point labelled "
                          f"({number(descent_line().end[0])}, {number(descent_line().end[1])}), while a straight line "
                          "on the floor traces its path from (0, 0); the y hat marker reaches "
                          f"{number(EXAMPLE.y[0])}, and the readouts reach w = "
                          f"{example_path()[-1][0]:.2f}, b = {example_path()[-1][1]:.2f}, y hat = "
                          f"{EXAMPLE.predict(*example_path()[-1])[0]:.2f}.")
            # The trough turns see-through over its floor, where the path's shadow runs: the floor's lines are
            # sorted among its faces, so the trough is redrawn with them while they move.
            surface = self.example_surface
            self.play(FadeOut(self.update_lines), FadeOut(self.start_lines[0]), FadeOut(self.prediction),
                      FadeIn(readouts, shift=UP * 0.2), FadeIn(path_formula), FadeIn(floor),
                      surface.animate.set_fill(opacity=SEE_THROUGH))
            # Fast at first, as the steps are: ŷ settles on 5.00 while "converge" is said, and stays.
            self.play(self.example_progress.animate.set_value(EXAMPLE_STEPS), Animation(surface),
                      run_time=max(4.0, clock.at("converge")), rate_func=rate_functions.ease_out_quad)
            for line in floor[1:3]:
                line.clear_updaters()
            self.keep_still(self.example_axes, surface, *floor[:3])
            self.play(Indicate(readouts[3].value, color=theme.TANGENT), run_time=max(1.0, clock.until_end()))
        self.y_hat.clear_updaters()
        self.wait(2.5)

    def floor_projection(self, line: DescentLine) -> VGroup:
        """The path's shadow on the w–b floor: the dashed line t·end, its end named, the ball's foot on it.

        The floor runs under the trough, so the lines on it are sorted among the trough's faces (seen
        through them: the trough is made see-through while they show).
        """
        axes, descent = self.example_axes, self.example_descent
        guide = sort_by_depth(DashedLine(axes.c2p(0, 0, 0), axes.c2p(*line.end, 0), color=theme.MUTED,
                                         dash_length=0.1, stroke_width=3))
        # Named past the end of the line, clear of the ball that comes to rest on it.
        past = np.array(line.end) * (1 + 0.6 / np.linalg.norm(line.end))
        end_name = MathTex(f"({number(line.end[0])}, {number(line.end[1])})", color=theme.INK,
                           font_size=theme.POINT_LABEL_SIZE).move_to(axes.c2p(*past, 0))
        self.face_camera(end_name)
        shadow = always_redraw(lambda: depth_sorted_line(axes.c2p(0, 0, 0), axes.c2p(*descent.position(), 0),
                                                         color=theme.TANGENT, stroke_width=4))
        drop = always_redraw(lambda: sort_by_depth(DashedLine(axes.c2p(*descent.position(), 0),
                                                              descent.ball.get_center(), color=theme.TANGENT,
                                                              dash_length=0.08, stroke_width=2)))
        return VGroup(guide, shadow, drop, end_name)
