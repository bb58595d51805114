"""§02 The limit definition formula: the recipe lit part by part, then the worked example for x²."""

from __future__ import annotations

from manim import *

from scenes.kit import (
    Formula,
    LectureScene,
    Polynomial,
    Readout,
    RiseRun,
    Slider,
    Spotlight,
    TangentAt,
    axis_labels,
    equation_sides,
    heading_before,
    polynomial_tex,
    tangent_slope,
    theme,
    themed_axes,
)

CURVE = Polynomial([0, 0, 1])  # f(x) = x², the worked example
START_X, START_H = 1.0, 1.0
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
STEP_SIZE = 44
STEP_GAP = 0.45
EQUALS_X = -1.8  # the worked example's lines align on their first "="
STEPS_SCALE = 0.72  # the finished example steps aside for the curve


def numerator_of(formula: Formula) -> VGroup:
    """The rise, f(x+h) − f(x), in the limit formula."""
    return VGroup(formula.part(HEIGHT_AT_X_PLUS_H), formula.part(MINUS), formula.part(HEIGHT_AT_X))


class LimitFormula(LectureScene):
    SECTION = "02"

    def construct(self) -> None:
        self.x = ValueTracker(START_X)
        self.h = ValueTracker(START_H)
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

    # The model on screen: every number below is computed from CURVE.
    def secant(self) -> float:
        return self.rise_run.slope()

    def tangent(self) -> float:
        return tangent_slope(CURVE, self.x.get_value())

    def show_formula(self) -> None:
        self.formula = Formula(self.section.block("limit-formula").math, font_size=FORMULA_SIZE,
                               parts=[LIMIT, DERIVATIVE, HEIGHT_AT_X_PLUS_H, HEIGHT_AT_X, MINUS, STEP])
        self.formula.move_to(UP * 0.3)
        with self.beat("formally"):
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2))
            self.play(Write(self.formula), run_time=1.6)

    def set_out_the_recipe(self) -> None:
        # Tall enough at x = 1 for the heights to carry their labels.
        self.axes = themed_axes(x_range=[0, 3, 1], y_range=[0, 5, 1], x_length=5.2, y_length=5.0)
        self.axes.to_edge(RIGHT, buff=0.55).shift(DOWN * 0.05)
        self.curve = self.axes.plot(CURVE, x_range=[0, 2.2], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        self.graph = VGroup(self.axes, axis_labels(self.axes), self.curve)
        self.rise_run = RiseRun(axes=self.axes, curve=CURVE, x=self.x, h=self.h)
        with self.beat("recipe"):
            self.play(self.formula.animate.move_to(LEFT * 3.4 + UP * 1.3))
            self.spotlight = Spotlight(formula=self.formula)
            self.add(self.spotlight)
            self.play(Create(self.axes), FadeIn(self.graph[1]), Create(self.curve), run_time=1.4)

    def light_the_heights(self) -> None:
        rise_run, formula = self.rise_run, self.formula
        with self.beat("recipe-fx"):
            self.play(self.spotlight.on(formula.part(HEIGHT_AT_X), theme.TANGENT))
            self.play(FadeIn(rise_run.p, scale=0.5), Create(rise_run.p_height), FadeIn(rise_run.p_height_label))
        with self.beat("recipe-fxh"):
            self.play(self.spotlight.on(formula.part(HEIGHT_AT_X_PLUS_H), theme.SECANT))
            self.play(FadeIn(rise_run.q, scale=0.5), Create(rise_run.q_height), FadeIn(rise_run.q_height_label))

    def light_rise_and_run(self) -> None:
        rise_run, formula = self.rise_run, self.formula
        with self.beat("recipe-rise"):
            self.play(self.spotlight.on(numerator_of(formula), theme.SECOND))
            self.play(Create(rise_run.rise), FadeIn(rise_run.rise_label))
        with self.beat("recipe-run"):
            self.play(self.spotlight.on(formula.part(STEP), theme.HIGHLIGHT))
            self.play(Create(rise_run.run), FadeIn(rise_run.run_label))

    def light_the_division(self) -> None:
        rise_run, formula = self.rise_run, self.formula
        self.secant_readout = Readout(label=r"Secant slope $(P \to Q)$", value=self.secant, color=theme.SECANT)
        self.secant_readout.next_to(formula, DOWN, buff=0.8)
        with self.beat("recipe-divide"):
            fraction = VGroup(*numerator_of(formula), formula.fraction_bars(), formula.part(STEP))
            self.play(self.spotlight.on(VGroup(formula.fraction_bars(), formula.part(STEP)), theme.SECANT,
                                        around=fraction))
            self.play(FadeIn(rise_run.triangle), Create(rise_run.hypotenuse), FadeIn(self.secant_readout))

    def light_the_limit(self) -> None:
        rise_run = self.rise_run
        labels = VGroup(rise_run.p_height_label, rise_run.q_height_label, rise_run.rise_label, rise_run.run_label)
        with self.beat("recipe-limit") as narration:
            # The labels would pile up on a vanishing triangle: the lit formula names the parts now.
            self.play(self.spotlight.on(self.formula.part(LIMIT), theme.HIGHLIGHT), FadeOut(labels))
            self.play(self.h.animate.set_value(SMALLEST_H), run_time=max(3.0, narration.duration - 1.5),
                      rate_func=smooth)

    def read_the_whole_expression(self) -> None:
        self.tangent_line = TangentAt(axes=self.axes, curve=CURVE, x=self.x)
        self.tangent_readout = Readout(label="Tangent slope = $f'(x)$", value=self.tangent, color=theme.TANGENT)
        self.tangent_readout.next_to(self.secant_readout, DOWN, buff=0.25, aligned_edge=LEFT)
        rise_run = self.rise_run
        # What h → 0 leaves behind: only P, where the tangent now touches.
        collapsed = VGroup(rise_run.triangle, rise_run.p_height, rise_run.q_height, rise_run.rise, rise_run.run,
                           rise_run.hypotenuse, rise_run.q)
        with self.beat("whole-expression:1"):
            self.play(self.spotlight.off())
        with self.beat("whole-expression:2"):
            self.play(self.spotlight.on(self.formula.part(DERIVATIVE), theme.TANGENT, dim=False),
                      FadeOut(collapsed))
            self.play(Create(self.tangent_line.line), FadeIn(self.tangent_readout))
        self.play(FadeOut(VGroup(self.formula, self.spotlight, self.secant_readout, self.tangent_readout,
                                 self.tangent_line.line, rise_run.p, self.graph)))

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
        self.heading = Text(heading_before(self.section, "step-expand"), font=theme.SANS,
                            font_size=theme.HEADING_SIZE, color=theme.INK)
        self.heading.to_edge(LEFT, buff=0.6).shift(UP * 2.55)
        self.expanded = self.step("step-expand-math", [])
        with self.beat("step-expand"):
            self.play(FadeIn(self.heading, shift=DOWN * 0.1))
            self.play(Write(self.expanded), run_time=1.6)

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
        crosses = VGroup(*(Line(group.get_corner(DL) + 0.05 * DL, group.get_corner(UR) + 0.05 * UR,
                                color=theme.SECANT, stroke_width=5) for group in squares))
        kept = written_out.part(remainder)
        brackets = written_out.rest(written_out.part(difference), written_out.occurrences("=")[0], squares, kept)
        with self.beat("step-subtract"):
            self.play(Write(written_out), run_time=1.4)
        with self.beat("terms-cancel"):
            self.play(squares.animate.set_color(theme.SECANT))
            self.play(Create(crosses), run_time=0.8)
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
        self.strokes = VGroup(*(Line(glyph.get_corner(DL) + 0.04 * DL, glyph.get_corner(UR) + 0.04 * UR,
                                     color=theme.SECANT, stroke_width=4) for glyph in struck))
        with self.beat("step-divide"):
            self.play(TransformFromCopy(self.subtracted.part(remainder), top), run_time=1.0)
            self.play(Create(bar), FadeIn(bottom, shift=UP * 0.1))
        with self.beat("every-term"):
            self.play(every_h.animate.set_color(theme.HIGHLIGHT))
            self.play(Create(self.strokes), run_time=0.8)
            self.play(FadeIn(equals), TransformFromCopy(VGroup(*(g for g in top if g not in struck)), right_side),
                      run_time=1.2)

    def take_the_limit(self) -> None:
        *_, result = equation_sides(self.section.block("step-limit-math").math)
        quotient = equation_sides(self.section.block("step-divide-math").math)[-1]
        self.limit = self.step("step-limit-math", [LIMIT, quotient, result], above=self.divided)
        equals = self.limit.occurrences("=")
        vanishing = self.limit.characters(quotient, STEP)
        plus = self.limit.characters(quotient, "+")
        self.answer = self.limit.part(result)
        lead = self.limit.rest(self.limit.part(quotient), equals[1], self.answer)
        with self.beat("step-limit"):
            self.play(FadeIn(lead), TransformFromCopy(self.divided.part(quotient), self.limit.part(quotient)),
                      run_time=1.2)
            self.play(VGroup(self.limit.part(LIMIT), vanishing).animate.set_color(theme.HIGHLIGHT))
            self.play(VGroup(vanishing, plus).animate.set_opacity(0.25))
            # What is left of 2x + h is its first two glyphs, 2x.
            self.play(FadeIn(equals[1]), TransformFromCopy(self.limit.part(quotient)[:2], self.answer))

    def read_the_slopes(self) -> None:
        # The curve again, now reaching x = 3, beside the finished example.
        axes = themed_axes(x_range=[0, 3.4, 1], y_range=[0, 10, 2], x_length=4.6, y_length=5.2)
        axes.to_edge(RIGHT, buff=0.55).shift(DOWN * 0.05)
        curve = axes.plot(CURVE, x_range=[0, 3.25], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        tangent = TangentAt(axes=axes, curve=CURVE, x=self.x, half_length=1.3)
        example = VGroup(self.heading, self.expanded, self.subtracted, self.divided, self.strokes, self.limit)
        slider = Slider(label="x", tracker=self.x, value_range=(0, FINAL_X), length=1.6)
        # Above the curve's left flank, clear of the tangent even at x = 3.
        slider.move_to(axes.c2p(0.2, 9.8), aligned_edge=UL)
        with self.beat("result:1"):
            self.play(example.animate.scale(STEPS_SCALE).to_corner(UL, buff=0.5).shift(DOWN * 0.75))
            self.tangent_readout.next_to(example, DOWN, buff=0.45).align_to(example, LEFT).shift(RIGHT * 0.4)
            box = SurroundingRectangle(self.answer, buff=0.12, color=theme.TANGENT, corner_radius=0.08)
            self.play(Create(box), self.answer.animate.set_color(theme.TANGENT),
                      Create(axes), FadeIn(axis_labels(axes)), Create(curve))
            self.play(FadeIn(tangent.dot, scale=0.5), Create(tangent.line), FadeIn(slider, self.tangent_readout))
        with self.beat("result:2") as narration:
            self.wait(1.0)
            self.play(self.x.animate.set_value(FINAL_X), run_time=max(2.5, narration.duration - 3.0),
                      rate_func=smooth)
        self.wait(1.0)
