"""§03 Heights, rise, and run: the drops to the x-axis, the run h, the rise, and the triangle between them."""

from __future__ import annotations

from manim import *

# The kit is the lecture's own layer over Manim: imported the same way.
from scenes.kit import *
from scenes.kit import theme

CURVE = PARABOLA  # f(x) = x²
START_X, START_H = 1.0, 1.0  # as the page's plot opens: P at x = 1, Q at x + h = 2
# The heights the text lists for x²: at x = 1 and at x = 2 (that is, x + h).
HEIGHT_EXAMPLES = (START_X, START_X + START_H)
# Where the sliders take the triangle as its slope is read, one tracker at a time, before both return
# to the start. x stays ≥ 1 so that f(x) keeps room for its label.
MOVES = (("x", 1.5), ("h", 0.6))
PULSED_H = 0.5  # "horizontal side h": the run shrinks to this and back as it is named
X_RANGE, H_RANGE = (0.0, 2.0), (0.0, 1.0)
READOUT_WIDTH = 2.75


def height_line(x: float) -> str:
    """``f(2) = 4``: one height of the curve, computed."""
    return rf"f({x:g}) = {float(CURVE(x)):g}"


class RiseAndRun(LectureScene):
    SECTION = "03"

    def construct(self) -> None:
        self.model = SecantModel(curve=CURVE, x=START_X, h=START_H)
        self.measure_a_height()
        self.list_the_heights()
        self.drop_a_line()
        self.show_all_three_pieces()
        self.draw_the_triangle()
        self.read_the_slope_as_the_sliders_move()
        self.wait(1.0)

    def measure_a_height(self) -> None:
        self.axes = themed_axes(x_range=[0, 3, 1], y_range=[0, 7, 1], x_length=6.2, y_length=4.8)
        self.axes.to_edge(LEFT, buff=0.9).shift(UP * 0.2)
        self.curve = self.axes.plot(CURVE, x_range=[0, 2.62], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        self.figure = RiseRun(axes=self.axes, model=self.model)
        figure = self.figure
        # §02's formula, quoted from the text: its heights are f(x + h) and f(x).
        self.formula = Formula(display_math("02", "limit-formula"), parts=["f(x+h)", "f(x)"], font_size=40)
        self.formula.move_to(RIGHT * 3.6 + UP * 2.1)
        with self.beat("height-meaning:1") as clock:
            self.describe("The limit formula from section 2 appears, its f of x plus h and f of x lit in two colours. "
                          f"Axes and the curve appear; point P on the curve at x = {START_X:g}, and a dashed "
                          "vertical line rises from the x-axis to P.")
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2), FadeIn(self.formula),
                      run_time=max(0.8, clock.at("in the formula")))
            # "Height" in the formula: its two heights light up, in the colours their drops take below.
            heights = VGroup(self.formula.part("f(x+h)"), self.formula.part("f(x)"))
            self.play(heights[0].animate.set_color(theme.SECANT), heights[1].animate.set_color(theme.TANGENT),
                      run_time=0.5)
            self.play(Indicate(heights, scale_factor=1.25, color=theme.HIGHLIGHT), run_time=1.0)
            self.play(Create(self.axes), FadeIn(axis_labels(self.axes)), Create(self.curve), FadeIn(figure.p, scale=0.5),
                      run_time=max(1.4, clock.until_cue(2)))
            # "from the x-axis up to the point on the curve": measured upward, as it is said.
            self.play(Create(figure.p_height), run_time=clock.until_end(leaving=1.8))
            self.play(FadeIn(figure.p_height_label))

    def list_the_heights(self) -> None:
        figure = self.figure
        name = MathTex(rf"f(x) = {polynomial_tex(CURVE)}", color=theme.INK, font_size=theme.SYMBOL_SIZE)
        name.next_to(self.axes.c2p(2.62, float(CURVE(2.62))), LEFT, buff=0.25)
        self.heights = VGroup(*(MathTex(height_line(x), color=theme.INK, font_size=theme.LARGE_SYMBOL_SIZE)
                                for x in HEIGHT_EXAMPLES))
        self.heights.arrange(DOWN, aligned_edge=LEFT, buff=0.35).move_to(RIGHT * 3.9 + UP * 0.6)
        self.heights[0].set_color(theme.TANGENT)
        self.heights[1].set_color(theme.SECANT)
        with self.beat("height-meaning:2"):
            self.describe_none("the formula leaves and the curve's name, f of x equals x squared, appears as it is said")
            self.play(FadeOut(self.formula), FadeIn(name, shift=LEFT * 0.2))
        with self.beat("heights-restored") as clock:
            self.describe_none("the two heights are written as they are said")
            # "The height at x is x²": the drop at x and the curve's name; then each height as it is said.
            self.play(Indicate(VGroup(figure.p_height, figure.p_height_label, name), color=theme.HIGHLIGHT,
                               scale_factor=1.08), run_time=max(1.0, clock.at("is x²:")))
            self.play(FadeIn(self.heights[0], shift=LEFT * 0.2), run_time=max(0.8, clock.at("it is 1,")))
            self.play(FadeIn(self.heights[1], shift=LEFT * 0.2), run_time=max(0.8, clock.at("it is 4.")))

    def drop_a_line(self) -> None:
        figure = self.figure
        with self.beat("drop-a-line:1") as clock:
            self.describe(f"Point Q appears at x = {START_X + START_H:g}, and a dashed line of height "
                          f"{CURVE(START_X + START_H):g} drops from it to the x-axis.")
            self.play(FadeIn(figure.q, scale=0.5))
            # Dropped from the point on the curve down to the axis.
            self.play(Create(figure.q_height), run_time=max(1.4, clock.until_cue(2)))
            # "its length is the height".
            self.play(FadeIn(figure.q_height_label))
            self.play(Indicate(VGroup(figure.q_height, figure.q_height_label), color=theme.SECANT, scale_factor=1.1))

    def show_all_three_pieces(self) -> None:
        figure = self.figure
        x_slider = Slider(label="x", tracker=self.model.x, value_range=X_RANGE)
        h_slider = Slider(label="h", tracker=self.model.h, value_range=H_RANGE)
        self.sliders = VGroup(x_slider, h_slider).arrange(DOWN, buff=0.45, aligned_edge=RIGHT)
        self.sliders.to_edge(RIGHT, buff=0.7).shift(UP * 2.1)
        self.readouts = VGroup(
            Readout(label="$f(x)$", value=self.model.height_at_x, color=theme.TANGENT, width=READOUT_WIDTH),
            Readout(label="$f(x+h)$", value=self.model.height_at_x_plus_h, color=theme.SECANT, width=READOUT_WIDTH),
            Readout(label="rise", value=self.model.rise, color=theme.SECOND, width=READOUT_WIDTH),
        )
        self.readouts.arrange_in_grid(rows=2, cols=2, buff=(0.3, 0.3), flow_order="rd")
        self.readouts.next_to(self.sliders, DOWN, buff=0.55).align_to(self.sliders, RIGHT)
        heights, f_readouts = VGroup(figure.p_height, figure.q_height), self.readouts[:2]
        with self.beat("drop-a-line:2") as clock:
            self.describe(f"Sliders for x and h appear. Readouts show f of x = {CURVE(START_X):.2f} and f of x "
                          f"plus h = {CURVE(START_X + START_H):.2f}; the run is drawn along the bottom and the "
                          f"rise up the side, rise {CURVE(START_X + START_H) - CURVE(START_X):.2f}.")
            self.play(FadeOut(self.heights), FadeIn(self.sliders, shift=LEFT * 0.2))
            # "all three pieces — heights, run, and rise": each shown as it is named.
            each = clock.until_end(leaving=0.5) / 3
            self.play(Indicate(heights, color=theme.HIGHLIGHT, scale_factor=1.05), FadeIn(f_readouts), run_time=each)
            self.play(Create(figure.run), FadeIn(figure.run_label), run_time=each)
            self.play(Create(figure.rise), FadeIn(figure.rise_label), FadeIn(self.readouts[2]), run_time=each)

    def draw_the_triangle(self) -> None:
        figure = self.figure
        # The right angle between the legs: a small mark, redrawn as the legs move.
        corner = always_redraw(lambda: RightAngle(figure.run, figure.rise, length=0.2, quadrant=(-1, 1),
                                                  color=theme.MUTED, stroke_width=2))
        with self.beat("triangle:1") as clock:
            self.describe(f"The triangle is shaded. The run shrinks to h = {PULSED_H:g} and back as it is named; "
                          "the dashed height at x slides over to x plus h, leaving the rise above it; the hypotenuse "
                          "is drawn and carried on both ways as the secant line, which then fades.")
            self.play(FadeIn(figure.triangle), Create(corner), run_time=max(1.0, clock.at("hugging the curve")))
            # "horizontal side h (run)": h moves the run in and back out.
            clock.until("horizontal side")
            # Lit, not swollen: as the run shrinks its label would swell into f(x+h)'s.
            self.play(Indicate(figure.run_label, color=theme.HIGHLIGHT, scale_factor=1.0),
                      self.model.h.animate(rate_func=there_and_back).set_value(PULSED_H),
                      run_time=max(1.2, clock.at("(run)")))
            # "vertical side f(x+h) − f(x) (rise)": the height at x, carried over to x + h, leaves the rise.
            clock.until("vertical side")
            carried = figure.p_height.copy().clear_updaters()
            run = self.axes.c2p(self.model.x.get_value() + self.model.h.get_value(), 0) - self.axes.c2p(
                self.model.x.get_value(), 0)
            self.play(carried.animate.shift(run), run_time=max(1.0, 0.6 * clock.at("(rise)")))
            self.play(Indicate(VGroup(figure.rise, figure.rise_label), color=theme.SECOND, scale_factor=1.2),
                      run_time=max(0.8, clock.at("(rise)")))
            self.play(FadeOut(carried), run_time=0.4)
            # "hypotenuse equal to the secant line": drawn, then carried on as the whole secant.
            clock.until("and hypotenuse")
            secant = secant_line(self.axes, self.model.p(), self.model.q(), reach=0.9, color=theme.SECANT,
                                 stroke_width=theme.SECANT_WIDTH)
            self.play(Create(figure.hypotenuse), run_time=max(1.0, clock.at("hypotenuse")))
            self.play(Create(secant), run_time=max(1.0, clock.at("secant line")))
            self.play(FadeOut(secant), run_time=0.5)

    def read_the_slope_as_the_sliders_move(self) -> None:
        self.slope_readout = Readout(label="rise ÷ run", value=self.model.slope, color=theme.SECANT,
                                     width=READOUT_WIDTH)
        self.slope_readout.next_to(self.readouts[2], RIGHT, buff=0.3)
        trackers = {"x": self.model.x, "h": self.model.h}
        (first, first_value), (second, second_value) = MOVES
        with self.beat("triangle:2") as clock:
            self.describe(f"A rise over run readout appears at {self.model.slope():.2f}. x moves to "
                          f"{dict(MOVES)['x']:g}: slope {secant_slope(CURVE, dict(MOVES)['x'], START_H):.2f}; h "
                          f"shrinks to {dict(MOVES)['h']:g}: slope "
                          f"{secant_slope(CURVE, dict(MOVES)['x'], dict(MOVES)['h']):.2f}; both return, the "
                          "triangle following.")
            self.play(FadeIn(self.slope_readout))
            # "Slope is rise over run — same idea as for straight lines": x moves the triangle along the
            # curve, and rise ÷ run follows it.
            self.play(trackers[first].animate.set_value(first_value), run_time=max(1.5, clock.until_cue(2)),
                      rate_func=smooth)
            # "applied to two points sitting on a curve": h moves Q, then both points slide back home
            # along the curve as it is traced.
            back = clock.until_end(leaving=0.2)
            self.play(trackers[second].animate.set_value(second_value), run_time=max(1.0, back * 0.45),
                      rate_func=smooth)
            self.play(trackers[first].animate.set_value(START_X), trackers[second].animate.set_value(START_H),
                      ShowPassingFlash(self.curve.copy().set_stroke(theme.HIGHLIGHT, width=theme.CURVE_WIDTH + 3),
                                       time_width=0.4), run_time=max(1.2, back * 0.55), rate_func=smooth)
