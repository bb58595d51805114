"""§02 The limit definition formula: the recipe lit part by part, then the worked example for x²."""

from __future__ import annotations

from manim import *

from lecture.maths import latex_to_text

# The kit is the lecture's own layer over Manim: imported the same way.
from scenes.kit import *
from scenes.kit import theme
from scenes.kit.typeset import MixedLabel, baseline

CURVE = PARABOLA  # f(x) = x²
START_X, START_H = 1.0, 1.0  # as the page's plot opens: P at x = 1, Q at x + h = 2
SMALLEST_H = 0.01
FINAL_X = 3.0  # the result reads the slope at x = 1, then at x = 3

# The parts of the limit formula the recipe names, as they stand in its LaTeX.
LIMIT = r"\lim_{h \to 0}"
DERIVATIVE = "f'(x)"
HEIGHT_AT_X = "f(x)"
HEIGHT_AT_X_PLUS_H = "f(x+h)"
MINUS = "-"
STEP = "h"

FORMULA_SIZE = 50
# Large enough that the four steps fill the frame down to the caption band.
STEP_SIZE = 48
STEP_GAP = 0.5
EQUALS_X = -1.8  # the worked example's lines align on their first "="
HEADING_BASELINE = 2.43  # the worked example's heading stands on this line, under the section title
STEPS_SCALE = 0.72  # the finished example steps aside for the curve
ANSWER_ROOM = 0.12


def write_as_read(scene: Scene, clock: BeatClock, parts: list[tuple[VMobject, str]]) -> None:
    """Write each part of a formula by the time the captions have said ``words``, the part's own."""
    for part, words in parts:
        scene.play(Write(part), run_time=max(0.4, clock.at(words)))


def with_maths(heading: str, latex: str) -> str:
    """The heading with its maths, written in Unicode in the text (``f(x) = x²``), as ``$…$`` LaTeX.

    ``latex`` must read as the heading's own maths, so the words on screen stay the text's.
    """
    plain = latex_to_text(latex)
    if heading.count(plain) != 1:
        raise ValueError(f"the heading {heading!r} does not write {plain!r} once")
    return heading.replace(plain, f"${latex}$")


def example_heading(heading: str) -> str:
    """The worked example's heading as a mixed label: the function it works on is the model's."""
    return with_maths(heading, f"f(x) = {polynomial_tex(CURVE)}")


def numerator_of(formula: Formula) -> VGroup:
    """The rise, f(x+h) − f(x), in the limit formula."""
    return VGroup(formula.part(HEIGHT_AT_X_PLUS_H), formula.part(MINUS), formula.part(HEIGHT_AT_X))


class LimitFormula(LectureScene):
    SECTION = "02"

    def construct(self) -> None:
        self.show_formula()
        self.set_out_the_recipe()
        self.light_the_heights()
        self.light_rise_and_run()
        self.light_the_division()
        self.light_the_limit()
        self.read_the_whole_expression()
        self.expand_the_square()
        self.cancel_the_squares()
        self.divide_out_h()
        self.take_the_limit()
        self.read_the_slopes()

    def show_formula(self) -> None:
        self.formula = Formula(self.section.block("limit-formula").math, font_size=FORMULA_SIZE,
                               parts=[LIMIT, DERIVATIVE, HEIGHT_AT_X_PLUS_H, HEIGHT_AT_X, MINUS, STEP, "="])
        self.formula.move_to(UP * 0.3)
        formula = self.formula
        with self.beat("formally"):
            self.describe(f"The title reads: section {self.SECTION}, {self.section.title}.")
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2))
        with self.beat("limit-formula") as clock:
            self.describe_none("the formula is written as it is read")
            # Read aloud in full: each part is written as it is said.
            write_as_read(self, clock, [
                (VGroup(formula.part(DERIVATIVE), formula.part("=")), "f′(x) ="),
                (formula.part(LIMIT), "lim h→0"),
                (numerator_of(formula), "− f(x))"),
                (VGroup(formula.fraction_bars(), formula.part(STEP)), "/h"),
            ])

    def set_out_the_recipe(self) -> None:
        # Tall enough at x = 1 for the heights to carry their labels; its tick labels clear the caption band.
        self.axes = themed_axes(x_range=[0, 3, 1], y_range=[0, 5, 1], x_length=5.2, y_length=4.7)
        self.axes.to_edge(RIGHT, buff=0.9).shift(UP * 0.2)
        self.curve = self.axes.plot(CURVE, x_range=[0, 2.2], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        self.graph = VGroup(self.axes, axis_labels(self.axes), self.curve)
        self.model = SecantModel(curve=CURVE, x=START_X, h=START_H)
        self.rise_run = RiseRun(axes=self.axes, model=self.model)
        with self.beat("recipe"):
            self.describe("The formula moves to the left, and axes with the curve y equals x squared are drawn on "
                          "the right.")
            self.play(self.formula.animate.move_to(LEFT * 3.2 + UP * 1.3))
            self.spotlight = Spotlight(formula=self.formula)
            self.add(self.spotlight)
            self.play(Create(self.axes), FadeIn(self.graph[1]), Create(self.curve), run_time=1.4)

    def light_the_heights(self) -> None:
        rise_run, formula = self.rise_run, self.formula
        with self.beat("recipe-fx"):
            self.describe(f"f of x lights up in the formula; on the curve, point P appears at x = {START_X:g} with "
                          "a dashed line down to it, labelled f of x.")
            self.play(self.spotlight.on(formula.part(HEIGHT_AT_X), theme.TANGENT))
            self.play(FadeIn(rise_run.p, scale=0.5), Create(rise_run.p_height), FadeIn(rise_run.p_height_label))
        with self.beat("recipe-fxh"):
            self.describe(f"f of x plus h lights up; point Q appears at x = {START_X + START_H:g}, with a dashed "
                          f"line of height {CURVE(START_X + START_H):g}.")
            self.play(self.spotlight.on(formula.part(HEIGHT_AT_X_PLUS_H), theme.SECANT))
            self.play(FadeIn(rise_run.q, scale=0.5), Create(rise_run.q_height), FadeIn(rise_run.q_height_label))

    def light_rise_and_run(self) -> None:
        rise_run, formula = self.rise_run, self.formula
        with self.beat("recipe-rise") as clock:
            self.describe("The numerator lights up; a vertical segment labelled rise, "
                          f"{CURVE(START_X + START_H) - CURVE(START_X):g} long, joins the two heights.")
            self.play(self.spotlight.on(numerator_of(formula), theme.SECOND))
            self.play(Create(rise_run.rise), FadeIn(rise_run.rise_label), run_time=1.5)
            # "(the rise)": the leg is named as the words end.
            clock.hold(leaving=1.5)
            self.play(Indicate(VGroup(rise_run.rise, rise_run.rise_label), color=theme.SECOND, scale_factor=1.1))
        with self.beat("recipe-run"):
            self.describe(f"h lights up; a horizontal segment labelled run equals h, {START_H:g} long, is drawn "
                          "from P.")
            self.play(self.spotlight.on(formula.part(STEP), theme.HIGHLIGHT))
            self.play(Create(rise_run.run), FadeIn(rise_run.run_label))

    def light_the_division(self) -> None:
        rise_run, formula = self.rise_run, self.formula
        self.secant_readout = Readout(label=r"Secant slope $(P \to Q)$", value=self.model.slope, color=theme.SECANT)
        self.secant_readout.next_to(formula, DOWN, buff=0.8)
        with self.beat("recipe-divide") as clock:
            self.describe("The whole quotient is boxed; the triangle is shaded, the secant drawn through P and Q, "
                          f"and its slope readout shows {secant_slope(CURVE, START_X, START_H):.2f}.")
            self.play(self.light_the_quotient())
            self.play(FadeIn(rise_run.triangle), Create(rise_run.hypotenuse), FadeIn(self.secant_readout))
            # "the slope between the two points": the number the division gives.
            clock.hold(leaving=1.5)
            self.play(Indicate(self.secant_readout.value, color=theme.SECANT))

    def light_the_quotient(self, *, dim: bool = True) -> Animation:
        """Light "÷ h" in the limit formula, boxing the whole quotient, rise over h."""
        formula = self.formula
        quotient = VGroup(*numerator_of(formula), formula.fraction_bars(), formula.part(STEP))
        return self.spotlight.on(VGroup(formula.fraction_bars(), formula.part(STEP)), theme.SECANT, around=quotient,
                                 dim=dim)

    def light_the_limit(self) -> None:
        rise_run = self.rise_run
        labels = VGroup(rise_run.p_height_label, rise_run.q_height_label, rise_run.rise_label, rise_run.run_label)
        with self.beat("recipe-limit") as clock:
            self.describe(f"The limit lights up; h shrinks to {SMALLEST_H:g}, Q slides down onto P, and the secant "
                          f"slope falls to {secant_slope(CURVE, START_X, SMALLEST_H):.2f}.")
            # The labels would pile up on a vanishing triangle: the lit formula names the parts now.
            self.play(self.spotlight.on(self.formula.part(LIMIT), theme.HIGHLIGHT), FadeOut(labels))
            self.play(self.model.h.animate.set_value(SMALLEST_H), run_time=max(3.0, clock.narration.duration - 1.5),
                      rate_func=smooth)

    def read_the_whole_expression(self) -> None:
        model = self.model
        self.tangent_line = TangentAt(axes=self.axes, curve=CURVE, x=model.x)
        self.tangent_readout = Readout(label="Tangent slope = $f'(x)$", value=model.tangent, color=theme.TANGENT)
        # The tangent's number takes the secant's place once the secant is gone.
        self.tangent_readout.move_to(self.secant_readout, aligned_edge=LEFT)
        rise_run = self.rise_run
        # What h → 0 leaves behind: only P, where the tangent now touches.
        collapsed = VGroup(rise_run.triangle, rise_run.p_height, rise_run.q_height, rise_run.rise, rise_run.run,
                           rise_run.hypotenuse, rise_run.q, self.secant_readout)
        with self.beat("whole-expression:1") as clock:
            self.describe(f"Once more: the quotient lights as h opens to {START_H:g}, then the limit lights as h "
                          f"closes to {SMALLEST_H:g}.")
            self.play(self.spotlight.off())
            clock.wait_for_cue(2)
            # "take the slope between two nearby points, then shrink the gap to nothing": once more, whole.
            half = clock.until_end(leaving=0.8) / 2
            self.play(self.light_the_quotient(dim=False),
                      model.h.animate.set_value(START_H), run_time=half, rate_func=smooth)
            self.play(self.spotlight.on(self.formula.part(LIMIT), theme.HIGHLIGHT, dim=False),
                      model.h.animate.set_value(SMALLEST_H), run_time=half, rate_func=smooth)
        with self.beat("whole-expression:2"):
            self.describe("f prime of x lights up; the triangle goes, and the tangent at P appears with its "
                          f"slope, {tangent_slope(CURVE, START_X):.2f}; then everything fades out.")
            self.play(self.spotlight.on(self.formula.part(DERIVATIVE), theme.TANGENT, dim=False),
                      FadeOut(collapsed))
            self.play(Create(self.tangent_line.line), FadeIn(self.tangent_readout))
        self.play(FadeOut(VGroup(self.formula, self.spotlight, self.tangent_readout, self.tangent_line.line,
                                 rise_run.p, self.graph)))

    # The worked example: each line grows out of the one before it.
    def step(self, label: str, parts: list[str], above: Mobject | None = None) -> Formula:
        """A line of the worked example from the text, with "=" and ``parts`` isolated, placed."""
        line = Formula(self.section.block(label).math, parts=["=", *parts], font_size=STEP_SIZE)
        return self.place_step(line, above)

    def place_step(self, line: Formula, above: Mobject | None) -> Formula:
        """Put a line under ``above`` (or the heading) with its first "=" on the common column."""
        top = above.get_bottom()[1] - STEP_GAP if above is not None else self.heading.get_bottom()[1] - 0.5
        line.shift(RIGHT * (EQUALS_X - line.occurrences("=")[0].get_center()[0]))
        line.shift(UP * (top - line.get_top()[1]))
        return line

    def expand_the_square(self) -> None:
        # Words in the sans and the function in LaTeX, as the readouts and the steps below write maths.
        self.heading = MixedLabel(source=example_heading(heading_before(self.section, "step-expand")),
                                  font_size=theme.HEADING_SIZE, color=theme.INK)
        self.heading.to_edge(LEFT, buff=0.6).shift(UP * (HEADING_BASELINE - baseline(self.heading)))
        expansion = equation_sides(self.section.block("step-expand-math").math)[-1]
        self.expanded = self.step("step-expand-math", [HEIGHT_AT_X_PLUS_H, expansion])
        written = self.expanded.part(HEIGHT_AT_X_PLUS_H)
        first_equals, second_equals = self.expanded.occurrences("=")
        expanded = self.expanded.part(expansion)
        squared = self.expanded.rest(written, first_equals, second_equals, expanded)
        with self.beat("step-expand"):
            self.describe(f"A heading reads: {heading_before(self.section, 'step-expand')}. Below it, f of x plus h is "
                          "written as it is said.")
            self.play(FadeIn(self.heading, shift=DOWN * 0.1))
            self.play(Write(written))
        with self.beat("step-expand-math") as clock:
            self.describe_none("the line is written as it is read")
            write_as_read(self, clock, [
                (VGroup(first_equals, squared), "(x+h)²"),
                (VGroup(second_equals, expanded), "h²"),
            ])

    def cancel_the_squares(self) -> None:
        # "f(x+h) − f(x) = (x² + 2xh + h²) − x²": the subtraction written out, from the text's own pieces.
        difference, remainder = equation_sides(self.section.block("step-subtract-math").math)
        expansion = equation_sides(self.section.block("step-expand-math").math)[-1]
        square = polynomial_tex(CURVE)
        written_out = Formula(rf"{difference} = \left({expansion}\right) - {square}",
                              parts=[difference, "=", f"- {square}", square, remainder], font_size=STEP_SIZE)
        self.place_step(written_out, self.expanded)
        self.subtracted = self.step("step-subtract-math", [difference, remainder], above=self.expanded)
        squares = VGroup(written_out.occurrences(square)[0], written_out.part(f"- {square}"))
        crosses = strike_through(*squares, formula=written_out)
        kept = written_out.part(remainder)
        brackets = written_out.rest(written_out.part(difference), written_out.occurrences("=")[0], squares, kept)
        with self.beat("step-subtract"):
            self.describe_none("the difference is written as it is said")
            self.play(Write(written_out.part(difference)), run_time=1.2)
        with self.beat("step-subtract-math") as clock:
            self.describe("The subtraction is written out in full, x squared plus 2 x h plus h squared, minus x "
                          "squared; 2 x h plus h squared is lit.")
            # "… = 2xh + h²": the subtraction written out, then what it leaves lit as it is said.
            self.play(Write(written_out.rest(written_out.part(difference))), run_time=max(1.0, clock.at("=")))
            self.play(kept.animate.set_color(theme.HIGHLIGHT), run_time=max(0.8, clock.at("h²")))
        with self.beat("terms-cancel") as clock:
            self.describe("The two x squared terms are crossed out and vanish, leaving 2 x h plus h squared on "
                          "the second line.")
            # "The x² terms cancel": marked, then struck out as it is said.
            self.play(squares.animate.set_color(theme.SECANT), run_time=max(1.0, clock.until_cue(2) / 2))
            self.play(Create(crosses), run_time=max(0.8, clock.until_cue(2) - 0.3))
            # "gets subtracted away".
            self.play(FadeOut(squares, crosses, brackets))
            self.play(ReplacementTransform(kept, self.subtracted.part(remainder)), run_time=1.0)
            # The left side never moved: swap the written-out line for the text's own. Its
            # glyphs are loose in the scene by now (parts of it faded), so remove them too.
            self.remove(written_out, *written_out.glyphs())
            self.add(self.subtracted)

    def divide_out_h(self) -> None:
        quotient = equation_sides(self.section.block("step-divide-math").math)[-1]
        remainder = equation_sides(self.section.block("step-subtract-math").math)[-1]
        self.divided = self.step("step-divide-math", [remainder, quotient, STEP], above=self.subtracted)
        top = self.divided.part(remainder)
        bar, bottom = self.divided.fraction_bars(), self.divided.part(STEP)
        right_side = self.divided.part(quotient)
        equals = self.divided.occurrences("=")[0]
        every_h = VGroup(self.divided.characters(remainder, STEP), bottom)
        # Each term gives up one h: 2xh loses its h, h² its exponent, and the h below goes.
        struck = VGroup(self.divided.characters(remainder, STEP)[0], top[-1], bottom)
        self.strokes = strike_through(*struck, formula=self.divided, overhang=0.04, stroke_width=4)
        with self.beat("step-divide"):
            self.describe_none("the numerator is copied down and put over h as it is said")
            self.play(TransformFromCopy(self.subtracted.part(remainder), top), run_time=1.0)
            self.play(Create(bar), FadeIn(bottom, shift=UP * 0.1))
        with self.beat("step-divide-math") as clock:
            self.describe_none("the quotient and its result are written as they are read")
            # "(2xh + h²)/h": the quotient as it is read; "= 2x + h": what is left of each term.
            self.play(Indicate(VGroup(top, bar, bottom), color=theme.HIGHLIGHT, scale_factor=1.05),
                      run_time=max(1.0, clock.at("/h")))
            self.play(FadeIn(equals), TransformFromCopy(VGroup(*(g for g in top if g not in struck)), right_side),
                      run_time=max(1.0, clock.until_end(leaving=0.3)))
        with self.beat("every-term") as clock:
            self.describe("Each h is crossed out: one from 2 x h, the square from h squared, and the h below.")
            # "Every term … has an h": each h lit, then struck out, one from every term and the one below.
            self.play(every_h.animate.set_color(theme.HIGHLIGHT), run_time=max(1.0, clock.at("has an h")))
            self.play(Create(self.strokes), run_time=max(0.8, clock.at("in it")))
            # "that's why the limit exists": what is left has no h to divide by.
            self.play(Indicate(right_side, color=theme.TANGENT), run_time=max(1.0, clock.until_end(leaving=0.3)))

    def take_the_limit(self) -> None:
        *_, result = equation_sides(self.section.block("step-limit-math").math)
        quotient = equation_sides(self.section.block("step-divide-math").math)[-1]
        self.limit = self.step("step-limit-math", [LIMIT, quotient, result], above=self.divided)
        equals = self.limit.occurrences("=")
        vanishing = self.limit.characters(quotient, STEP)
        plus = self.limit.characters(quotient, "+")
        self.answer = self.limit.part(result)
        self.answer.shift(RIGHT * ANSWER_ROOM)  # room between "=" and the box drawn around the answer later
        lead = self.limit.rest(self.limit.part(quotient), equals[1], self.answer)
        with self.beat("step-limit"):
            self.describe("A fourth line, the limit of 2 x plus h, is written; the limit and the h in it are lit.")
            self.play(FadeIn(lead), TransformFromCopy(self.divided.part(quotient), self.limit.part(quotient)),
                      run_time=1.2)
            self.play(VGroup(self.limit.part(LIMIT), vanishing).animate.set_color(theme.HIGHLIGHT))
        with self.beat("step-limit-math") as clock:
            self.describe("The term plus h fades away, and 2 x is written as the result.")
            self.play(Indicate(self.limit.part(LIMIT), color=theme.HIGHLIGHT), run_time=max(1.0, clock.at("h→0")))
            # "(2x + h)": as h goes, so does its term.
            self.play(VGroup(vanishing, plus).animate.set_opacity(0.25), run_time=max(1.0, clock.at("h)")))
            clock.wait_for_cue(2)
            # "= 2x": what is left of 2x + h is its first two glyphs, carried over the "=" (not through it).
            self.play(FadeIn(equals[1]), TransformFromCopy(self.limit.part(quotient)[:2], self.answer,
                                                           path_arc=PI / 2),
                      run_time=max(1.0, clock.until_end(leaving=0.2)))

    def read_the_slopes(self) -> None:
        # The curve again, now reaching x = 3, beside the finished example; short enough that its
        # y name clears the title's end and its tick labels the caption band.
        axes = themed_axes(x_range=[0, 3.4, 1], y_range=[0, 12, 2], x_length=4.6, y_length=4.5)
        # Set right so its top tick's number stands clear of the first line's h².
        axes.to_edge(RIGHT, buff=0.75).shift(DOWN * 0.05)
        curve = axes.plot(CURVE, x_range=[0, 3.25], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        model = self.model
        tangent = TangentAt(axes=axes, curve=CURVE, x=model.x, half_length=1.3)
        example = VGroup(self.heading, self.expanded, self.subtracted, self.divided, self.strokes, self.limit)
        slider = Slider(label="x", tracker=model.x, value_range=(0, FINAL_X), length=1.6)
        with self.beat("result:1"):
            self.describe("The worked example shrinks to the corner, 2 x is boxed, and the curve returns with its "
                          f"tangent at x = {START_X:g}, slope {tangent_slope(CURVE, START_X):.2f}.")
            self.play(example.animate.scale(STEPS_SCALE).to_corner(UL, buff=0.5).shift(DOWN * 0.75))
            # Under the example, outside the plot: the slope and the x that moves it, side by side.
            VGroup(self.tangent_readout, slider).arrange(RIGHT, buff=0.5).next_to(example, DOWN, buff=0.4) \
                .align_to(example, LEFT)
            box = SurroundingRectangle(self.answer, buff=0.1, color=theme.TANGENT, corner_radius=0.08)
            self.play(Create(box), self.answer.animate.set_color(theme.TANGENT),
                      Create(axes), FadeIn(axis_labels(axes)), Create(curve))
            self.play(FadeIn(tangent.dot, scale=0.5), Create(tangent.line), FadeIn(slider, self.tangent_readout))
        with self.beat("result:2") as clock:
            self.describe(f"The x slider moves P from {START_X:g} to {FINAL_X:g}; the tangent follows and its "
                          f"slope readout rises from {tangent_slope(CURVE, START_X):.2f} to "
                          f"{tangent_slope(CURVE, FINAL_X):.2f}.")
            # "At x = 1 the slope is 2; at x = 3 the slope is 6".
            self.wait(1.0)
            self.play(model.x.animate.set_value(FINAL_X), run_time=max(2.5, clock.until_cue(2) - 0.3),
                      rate_func=smooth)
            clock.wait_for_cue(2)
            # "exactly what the picture in §01 shows": the tangent's slope at x = 3.
            self.play(Indicate(self.tangent_readout.value, color=theme.TANGENT), Indicate(tangent.dot, scale_factor=1.6))
        self.wait(1.0)
