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
SECONDS_PER_HOUR = 3600


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
        self.miles = miles = ValueTracker(0)  # how far the car has gone: what the speed is the rate of
        dial = Knob(tracker=mph, value_range=(0, SPEEDOMETER_TOP_MPH), radius=1.05,
                    ticks=SPEEDOMETER_TOP_MPH // 20 + 1, numbered=True)
        # Snug readouts, set right: clear of the graph's x name, which would read as one label with "speed".
        speed = Readout(label="speed (mph)", value=mph.get_value, decimals=0, width=2.1)
        distance = Readout(label="distance (miles)", value=miles.get_value, width=2.5)
        readouts = VGroup(speed, distance).arrange(RIGHT, buff=0.2)
        road = Road(length=ROAD_LENGTH)
        VGroup(dial, readouts, road).arrange(DOWN, buff=0.4).move_to(RIGHT * 3.75 + DOWN * 0.1)
        car = Car().move_to(road.get_start())
        # The road behind the car: its position, the quantity whose rate the dial shows.
        travelled = Line(road.get_start(), road.get_start() + 1e-4 * RIGHT, color=theme.SECANT,
                         stroke_width=road.WIDTH, stroke_opacity=0.35)

        # Position changes at the rate the needle shows: the car moves as fast as the dial says. (The
        # road drives, not the car: an animated mobject's own updaters pause while it is animated.)
        def drive(_: Road, dt: float) -> None:
            miles.increment_value(mph.get_value() * dt / SECONDS_PER_HOUR)
            car.shift(RIGHT * mph.get_value() * ROAD_PER_MPH_SECOND * dt)
            travelled.put_start_and_end_on(road.get_start(), car.get_center() + 1e-4 * RIGHT)

        road.add_updater(drive)
        with self.beat("speedometer") as clock:
            self.describe(f"A speedometer dial numbered 0 to {SPEEDOMETER_TOP_MPH}, readouts of speed and distance, "
                          f"and a car on a road appear. The needle rises to {SPEEDOMETER_MPH} and the car drives on, "
                          "its distance in miles climbing; then the needle turns to "
                          f"{', '.join(str(mph) for mph in SPEEDS_ON_THE_WAY)}, the speed readout following.")
            self.play(FadeIn(dial, readouts, road, travelled, car, shift=UP * 0.2), run_time=0.8)
            self.play(mph.animate.set_value(SPEEDOMETER_MPH), run_time=clock.until_cue(2), rate_func=smooth)
            # "That is a derivative": the reading; "the rate at which your position is changing": the
            # miles the car covers, climbing at that rate; "at this exact instant": the needle now.
            self.play(Indicate(speed.value, color=theme.SECANT), run_time=max(1.0, clock.at("derivative")))
            clock.until("your position")
            self.play(Indicate(distance.value, color=theme.SECANT), run_time=max(1.0, clock.at("is changing")))
            clock.until("this exact")
            self.play(Circumscribe(dial.face, shape=Circle, color=theme.SECANT, fade_out=True),
                      run_time=max(1.0, clock.at("instant")))
            clock.wait_for_cue(4)
            # "not over the last hour, not on average, but right now": the needle tracks each moment.
            step = clock.until_end(leaving=0.6) / len(SPEEDS_ON_THE_WAY)
            for value in SPEEDS_ON_THE_WAY:
                self.play(mph.animate.set_value(value), run_time=step, rate_func=smooth)
        road.clear_updaters()
        # Leaves as the next beat opens: the beat's last picture (its poster, a described hold) keeps it.
        self.speedometer = VGroup(dial, readouts, road, travelled, car)

    def show_two_points(self) -> None:
        self.figure = figure = RiseRun(axes=self.axes, model=self.model)
        model = self.model
        self.x_slider = Slider(label="x", tracker=model.x, value_range=(0, 3))
        self.h_slider = Slider(label="h", tracker=model.h, value_range=(0, 1))
        sliders = VGroup(self.x_slider, self.h_slider).arrange(DOWN, buff=0.45, aligned_edge=RIGHT)
        sliders.to_edge(RIGHT, buff=0.7).shift(UP * 1.9)
        with self.beat("slope-at-a-point") as clock:
            self.describe(f"The speedometer leaves and a light runs up the curve. Point P appears on it at "
                          f"x = {START_X:g}. The x slider takes P to {X_SWEEP:g} and back. "
                          f"Point Q appears at x plus h = {START_X + START_H:g}, and the h slider pulls Q in to "
                          f"{START_X + H_SWEEP:g} and lets it go back.")
            # "the slope of a curve": a light runs up the curve; "at one specific point": P, marked.
            self.play(FadeOut(self.speedometer),
                      ShowPassingFlash(self.curve.copy().set_stroke(color=theme.HIGHLIGHT, width=12), time_width=0.5),
                      run_time=max(1.0, clock.at("of a curve")))
            self.play(FadeIn(figure.p, figure.p_name, scale=0.5), run_time=max(0.6, clock.at("one specific")))
            self.play(Flash(figure.p, color=theme.TANGENT, flash_radius=0.45),
                      Indicate(VGroup(figure.p, figure.p_name), color=theme.TANGENT, scale_factor=1.4),
                      run_time=max(1.0, clock.until_cue(2)))
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
        with self.beat("tangent-and-secant:2") as clock:
            self.describe(f"The secant runs through P and Q, and its readout shows {self.model.slope():.2f}.")
            self.play(Create(secant), FadeIn(self.secant_readout), run_time=max(1.2, clock.at("is the secant")))
            # "connects P to a nearby point Q": a light runs along the secant from P to Q.
            run = Line(axes.c2p(*model.p()), axes.c2p(*model.q()), color=theme.HIGHLIGHT, stroke_width=10)
            self.play(ShowPassingFlash(run, time_width=0.6), run_time=max(1.0, clock.at("connects P")))
            self.play(Indicate(VGroup(figure.q, figure.q_name), color=theme.SECANT, scale_factor=1.4),
                      run_time=max(1.0, clock.at("point Q")))
            clock.wait_for_cue(2)
            # "the average slope between them": the secant and its number.
            self.play(Indicate(secant, color=theme.HIGHLIGHT, scale_factor=1.0),
                      Indicate(self.secant_readout.value, color=theme.SECANT), run_time=max(1.0, clock.until_end()))

    def collapse_secant(self) -> None:
        with self.beat("tangent-and-secant:3") as clock:
            self.describe(f"The h slider falls from {self.model.run():.2f} to {SMALLEST_H:.2f}; Q slides down onto P, "
                          f"and the secant turns onto the tangent. Its slope falls from {self.model.slope():.2f} to "
                          f"{secant_slope(CURVE, self.model.x.get_value(), SMALLEST_H):.2f}, beside the "
                          f"tangent's {self.model.tangent():.2f}.")
            # Settled early enough that "2.01" beside "2.00" is read while the words end. Q's name
            # leaves as Q merges into P, where it would sit on P's.
            self.play(self.model.h.animate.set_value(SMALLEST_H), FadeOut(self.figure.q_name),
                      run_time=max(3.0, clock.narration.duration - 2.5), rate_func=smooth)
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


class Road(VGroup):
    """A stretch of road seen from above: grey asphalt with a dashed centre line."""

    WIDTH = 26  # the asphalt's stroke width

    def __init__(self, *, length: float) -> None:
        asphalt = Line(LEFT * length / 2, RIGHT * length / 2, color=theme.GRID, stroke_width=self.WIDTH)
        centre = DashedLine(LEFT * length / 2, RIGHT * length / 2, dash_length=0.18, color=theme.PAPER,
                            stroke_width=2)
        super().__init__(asphalt, centre)

    def get_start(self):
        return self[0].get_start()


class Car(VGroup):
    """A small car seen from the side, driving to the right."""

    def __init__(self) -> None:
        body = RoundedRectangle(corner_radius=0.06, width=0.5, height=0.16, fill_color=theme.SECANT, fill_opacity=1,
                                stroke_width=0)
        cabin = RoundedRectangle(corner_radius=0.05, width=0.26, height=0.12, fill_color=theme.SECANT,
                                 fill_opacity=1, stroke_width=0).next_to(body, UP, buff=0).shift(LEFT * 0.03)
        wheels = VGroup(*(Dot(radius=0.055, color=theme.INK).move_to(body.get_bottom() + RIGHT * dx)
                          for dx in (-0.15, 0.15)))
        super().__init__(body, cabin, wheels)
