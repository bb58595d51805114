"""§01 What a derivative is: the secant through P and Q collapses onto the tangent."""

from __future__ import annotations

from manim import *

# The kit is the lecture's own layer over Manim: imported the same way.
from scenes.kit import *
from scenes.kit import theme

CURVE = PARABOLA  # f(x) = x²
START_X, START_H = 1.0, 1.0  # as the page's plot opens: P at x = 1, Q at x + h = 2
SMALLEST_H = 0.01
FINAL_X = 3.0
NAME_AT_X = 2.8  # where "y = x²" stands beside the curve
# "watch the sliders": x takes P along the curve and back, then h pulls Q in and lets it go.
X_SWEEP, H_SWEEP = 2.0, 0.4
SPEEDOMETER_MPH = 60
SPEEDOMETER_TOP_MPH = 120
# "not on average, but right now": the speed the needle shows from moment to moment, ending on the text's.
SPEEDS_ON_THE_WAY = (45, 72, SPEEDOMETER_MPH)
ROAD_LENGTH = 5.0
ROAD_PER_MPH_SECOND = ROAD_LENGTH / (SPEEDOMETER_MPH * 18)  # at 60 mph the car crosses the road in 18 s


class SecantCollapse(LectureScene):
    SECTION = "01"

    def construct(self) -> None:
        # What the chapter moves: the speedometer's needle, then P and Q on the curve.
        self.mph = ValueTracker(0)
        self.model = SecantModel(curve=CURVE, x=START_X, h=START_H)
        self.ask_the_question()
        self.read_the_speedometer()
        self.show_two_points()
        self.draw_tangent_and_secant()
        self.collapse_secant()
        self.move_x()

    def ask_the_question(self) -> None:
        # Short enough that the y-axis' name stays clear of the title above it.
        self.axes = themed_axes(x_range=[-0.5, 3.5, 1], y_range=[-1, 11, 2], x_length=6.6, y_length=4.9)
        self.axes.to_edge(LEFT, buff=0.8).shift(DOWN * 0.05)
        self.curve = self.axes.plot(CURVE, x_range=[-0.5, 3.3], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        curve_name = MathTex("y = x^2", color=theme.INK, font_size=theme.SYMBOL_SIZE)
        # Right of the curve, below where P and its name go at x = 3 (it leaves as P comes: the lines through
        # P at x = 3 would cross it).
        curve_name.next_to(self.axes.c2p(NAME_AT_X, CURVE(NAME_AT_X)), RIGHT, buff=0.25)
        self.curve_name = curve_name
        with self.beat("question"):
            self.describe("Axes appear, and the curve y equals x squared is drawn on them, rising from the origin.")
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2))
            self.play(Create(self.axes), FadeIn(axis_labels(self.axes)), run_time=1.2)
            self.play(Create(self.curve), FadeIn(curve_name), run_time=1.2)

    def read_the_speedometer(self) -> None:
        mph = self.mph
        dial = Knob(tracker=mph, value_range=(0, SPEEDOMETER_TOP_MPH), radius=1.35,
                    ticks=SPEEDOMETER_TOP_MPH // 20 + 1)
        speed = Readout(label="speed (mph)", value=mph.get_value, decimals=0, width=2.6)
        road = Line(LEFT * ROAD_LENGTH / 2, RIGHT * ROAD_LENGTH / 2, color=theme.GRID, stroke_width=theme.TRACK_WIDTH)
        VGroup(dial, speed, road).arrange(DOWN, buff=0.35).move_to(RIGHT * 3.6 + UP * 0.2)
        car = Dot(road.get_start(), radius=0.14, color=theme.SECANT)
        # Position changes at the rate the needle shows: the car moves as fast as the dial says.
        car.add_updater(lambda dot, dt: dot.shift(RIGHT * mph.get_value() * ROAD_PER_MPH_SECOND * dt))
        with self.beat("speedometer") as narration:
            self.describe(f"A speedometer dial and a dot on a road appear. The needle swings to {SPEEDOMETER_MPH} "
                          f"and the dot moves along the road; then the needle turns to "
                          f"{', '.join(str(mph) for mph in SPEEDS_ON_THE_WAY)}, the readout following.")
            clock = BeatClock(scene=self, narration=narration)
            self.play(FadeIn(dial, speed, road, car, shift=UP * 0.2), run_time=0.8)
            self.play(mph.animate.set_value(SPEEDOMETER_MPH), run_time=clock.until_cue(2), rate_func=smooth)
            # "That is a derivative": the reading, while the car covers road at the rate it shows.
            self.play(Indicate(speed.value, color=theme.SECANT), run_time=1.2)
            clock.wait_for_cue(4)
            # "not over the last hour, not on average, but right now": the needle tracks each moment.
            step = clock.until_end(leaving=0.6) / len(SPEEDS_ON_THE_WAY)
            for value in SPEEDS_ON_THE_WAY:
                self.play(mph.animate.set_value(value), run_time=step, rate_func=smooth)
        car.clear_updaters()
        self.play(FadeOut(dial, speed, road, car))

    def show_two_points(self) -> None:
        self.figure = figure = RiseRun(axes=self.axes, model=self.model)
        model = self.model
        self.x_slider = Slider(label="x", tracker=model.x, value_range=(0, 3))
        self.h_slider = Slider(label="h", tracker=model.h, value_range=(0, 1))
        sliders = VGroup(self.x_slider, self.h_slider).arrange(DOWN, buff=0.45, aligned_edge=RIGHT)
        sliders.to_edge(RIGHT, buff=0.7).shift(UP * 1.9)
        with self.beat("slope-at-a-point") as narration:
            self.describe(f"Point P appears on the curve at x = {START_X:g}. The x slider takes P to {X_SWEEP:g} "
                          "and back. "
                          f"Point Q appears at x plus h = {START_X + START_H:g}, and the h slider pulls Q in to "
                          f"{START_X + H_SWEEP:g} and lets it go back.")
            clock = BeatClock(scene=self, narration=narration)
            # "the slope of a curve at one specific point": P first.
            self.play(FadeIn(figure.p, figure.p_name, scale=0.5))
            self.wait(1.0)
            self.play(Indicate(VGroup(figure.p, figure.p_name), color=theme.TANGENT, scale_factor=1.4))
            clock.wait_for_cue(2)
            # "x moves you along the curve".
            self.play(FadeIn(self.x_slider, shift=LEFT * 0.2), run_time=0.6)
            there = clock.until_cue(3) / 2
            self.play(model.x.animate.set_value(X_SWEEP), run_time=there, rate_func=smooth)
            self.play(model.x.animate.set_value(START_X), run_time=there, rate_func=smooth)
            # "h controls how far apart two points P and Q are".
            self.play(FadeIn(figure.q, figure.q_name, scale=0.5), FadeIn(self.h_slider, shift=LEFT * 0.2),
                      run_time=0.6)
            back = clock.until_end(leaving=0.3) / 2
            self.play(model.h.animate.set_value(H_SWEEP), run_time=back, rate_func=smooth)
            self.play(model.h.animate.set_value(START_H), run_time=back, rate_func=smooth)

    def draw_tangent_and_secant(self) -> None:
        axes, model, figure = self.axes, self.model, self.figure
        self.tangent = TangentAt(axes=axes, curve=CURVE, x=model.x, half_length=2.0)
        secant = always_redraw(lambda: secant_line(
            axes, model.p(), model.q(), reach=1.2, color=theme.SECANT, stroke_width=theme.SECANT_WIDTH))
        self.secant_readout = Readout(label=r"Secant slope $(P \to Q)$", value=model.slope, color=theme.SECANT)
        self.tangent_readout = Readout(label="Tangent slope = $f'(x)$", value=model.tangent, color=theme.TANGENT)
        readouts = VGroup(self.secant_readout, self.tangent_readout).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        readouts.next_to(VGroup(self.x_slider, self.h_slider), DOWN, buff=0.5).align_to(self.h_slider, RIGHT)
        self.bring_to_back(self.curve)
        with self.beat("tangent-and-secant:1"):
            self.describe(f"The tangent touches the curve at P, and its readout shows {self.model.tangent():.2f}.")
            self.play(Create(self.tangent.line), FadeIn(self.tangent_readout), run_time=1.2)
            self.wait(0.8)
            # "the curve's exact slope at point P".
            self.play(Indicate(self.tangent_readout.value, color=theme.TANGENT),
                      Indicate(figure.p, color=theme.TANGENT, scale_factor=1.6))
        with self.beat("tangent-and-secant:2") as narration:
            self.describe(f"The secant runs through P and Q, and its readout shows {self.model.slope():.2f}.")
            clock = BeatClock(scene=self, narration=narration)
            self.play(Create(secant), FadeIn(self.secant_readout), run_time=1.2)
            # "connects P to a nearby point Q".
            self.play(Indicate(VGroup(figure.q, figure.q_name), color=theme.SECANT, scale_factor=1.4))
            clock.wait_for_cue(2)
            # "the average slope between them".
            self.play(Indicate(self.secant_readout.value, color=theme.SECANT))

    def collapse_secant(self) -> None:
        with self.beat("tangent-and-secant:3") as narration:
            self.describe(f"The h slider falls from {self.model.run():.2f} to {SMALLEST_H:.2f}; Q slides down onto P, "
                          f"and the secant turns onto the tangent. Its slope falls from {self.model.slope():.2f} to "
                          f"{secant_slope(CURVE, self.model.x.get_value(), SMALLEST_H):.2f}, beside the "
                          f"tangent's {self.model.tangent():.2f}.")
            # Settled early enough that "2.01" beside "2.00" is read while the words end. Q's name
            # leaves as Q merges into P, where it would sit on P's.
            self.play(self.model.h.animate.set_value(SMALLEST_H), FadeOut(self.figure.q_name),
                      run_time=max(3.0, narration.duration - 2.5), rate_func=smooth)
            # One Indicate per number: a group of them would take the values out of their readouts.
            self.play(*(Indicate(readout.value, color=theme.HIGHLIGHT) for readout in (self.secant_readout,
                                                                                     self.tangent_readout)))

    def move_x(self) -> None:
        with self.beat("collapse"):
            self.describe(f"The x slider moves P up the curve to x = {FINAL_X:g}; the two lines stay together. The "
                          f"tangent's slope reads {tangent_slope(CURVE, FINAL_X):.2f} and the secant's "
                          f"{secant_slope(CURVE, FINAL_X, SMALLEST_H):.2f}.")
            # x moves while "That collapse is the derivative" is said. (One play's run_time applies to all
            # its animations: the name leaves first, then x moves.)
            self.play(FadeOut(self.curve_name), run_time=0.4)
            self.play(self.model.x.animate.set_value(FINAL_X), run_time=1.8, rate_func=smooth)
            # The slope at x = 3, read where the move ends.
            self.play(Indicate(self.tangent_readout.value, color=theme.TANGENT))
        # Long enough to read, short of dead air after the last words.
        self.wait(1.5)
