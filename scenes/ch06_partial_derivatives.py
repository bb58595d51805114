"""§06 Partial differentiation: the bowl z = x² + y² sliced in the x-direction, then the y-direction.

The worked example f = x²y + 3xy² + 7 gets its own surface while it is worked, so the y slider moves its x-slice.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
from manim import *
from numpy.polynomial import Polynomial as Polynomial1

from scenes.kit import (
    BeatClock,
    Formula,
    MixedLabel,
    Readout,
    Slider,
    SliderValue,
    SurfaceScene,
    TangentAt,
    axis_labels,
    bowl_surface,
    graph_surface,
    inline_maths,
    joined,
    line_with_slope,
    slice_curve,
    slice_plane,
    slice_tangent,
    surface_axes,
    surface_axis_labels,
    theme,
    themed_axes,
)
from scenes.kit.layout import intended_overlap

Term = tuple[int, int, float]  # (power of x, power of y, coefficient)


@dataclass(frozen=True)
class Polynomial2:
    """A polynomial in x and y, its terms in reading order."""

    terms: tuple[Term, ...]

    def __call__(self, x, y):
        return sum(c * np.power(x, i) * np.power(y, j) for i, j, c in self.terms)

    def partial(self, variable: str) -> Polynomial2:
        """∂/∂x or ∂/∂y: the other variable frozen, so a term without this one differentiates to 0."""
        return Polynomial2(tuple(d for term in self.terms if (d := term_partial(term, variable))[2] != 0))

    def tex(self) -> str:
        return " + ".join("".join(tex for tex, _ in factors(term)) for term in self.terms) or "0"


def term_partial(term: Term, variable: str) -> Term:
    """The power rule on one term, the other variable a constant."""
    i, j, c = term
    if variable == "x":
        return (i - 1, j, c * i) if i else (0, 0, 0.0)
    return (i, j - 1, c * j) if j else (0, 0, 0.0)


def factors(term: Term) -> list[tuple[str, str | None]]:
    """A term's typeset factors with the variable each belongs to: 3xy² → 3, x, y²."""
    i, j, c = term
    if c == 0:
        return [("0", None)]
    parts: list[tuple[str, str | None]] = []
    if c != 1 or (i == 0 and j == 0):
        parts.append((f"{c:g}", None))
    for name, power in (("x", i), ("y", j)):
        if power:
            parts.append((name if power == 1 else f"{name}^{power}", name))
    return parts


BOWL = Polynomial2(((2, 0, 1.0), (0, 2, 1.0)))  # f(x, y) = x² + y²
EXAMPLE = Polynomial2(((2, 1, 1.0), (1, 2, 3.0), (0, 0, 7.0)))  # f(x, y) = x²y + 3xy² + 7
BOWL_RADIUS = 2.0
# The x and y axes reach out from under the rim on both sides: a stub on the near and left sides,
# where a longer one would reach the frame's edge and the caption band.
BOWL_AXIS_REACH = (-2.3, 2.8)
POINT = (1.0, -0.5)  # P, on the near wall: ∂f/∂x = 2 (uphill east), ∂f/∂y = −1 (downhill north)
EXAMPLE_X = 1.0  # both-depend: ∂f/∂x of the example at (1, y) as y moves
EXAMPLE_Y_START, EXAMPLE_Y_END = 0.5, 2.0
# The example's surface over x ≥ 0, y ≥ 0 (f ≥ 7 there): its x-slice at y steepens from 1.75 to 16 at x = 1.
EXAMPLE_SPAN_X, EXAMPLE_SPAN_Y, EXAMPLE_TOP = (0.0, 1.5), (0.0, EXAMPLE_Y_END), 30.0
ONE_INPUT = Polynomial1([0.0, 0.0, 1.0])  # y = x², the one-input curve the chapter starts from
ONE_INPUT_SWEEP = (-1.5, 1.5, 0.75)  # where its tangent starts, turns back and stops
VARIABLE_COLORS = {"x": theme.HIGHLIGHT, "y": theme.SECOND}  # the x-direction in gold, the y-direction in violet
OTHER = {"x": "y", "y": "x"}

# Heights in the column: each derivation, the text's result below it, where that result then settles.
EXAMPLE_ROWS = {"x": (0.85, -0.75, 1.5), "y": (-0.3, -1.9, 0.2)}
BOWL_ON_SCREEN = (-3.6, -0.1)  # where the middle of the bowl shows
WORKING_VIEW = {"phi": 64, "theta": -58}


def bowl_slope(variable: str, x: float, y: float) -> float:
    """The bowl's slope at (x, y) in one direction, from its partial derivative."""
    return float(BOWL.partial(variable)(x, y))


def example_slope_in_x(y: float) -> float:
    """∂f/∂x of the worked example at (EXAMPLE_X, y)."""
    return float(EXAMPLE.partial("x")(EXAMPLE_X, y))


class FrozenDerivation(VGroup):
    """∂/∂v of a polynomial term by term: the frozen variable boxed as a constant, each derivative below its term."""

    def __init__(self, f: Polynomial2, variable: str, *, font_size: float = 38) -> None:
        super().__init__()
        frozen = OTHER[variable]
        color = VARIABLE_COLORS[frozen]
        self.operator = MathTex(rf"\frac{{\partial}}{{\partial {variable}}}", color=theme.INK, font_size=font_size)
        self.top, top_terms, top_frozen = self._row([factors(term) for term in f.terms], frozen, font_size)
        derived = [factors(term_partial(term, variable)) for term in f.terms]
        self.bottom, bottom_terms, _ = self._row(derived, frozen, font_size)
        self.equals = MathTex("=", color=theme.INK, font_size=font_size)
        self.bottom.next_to(self.top, DOWN, buff=0.45, aligned_edge=LEFT)
        # Each derivative sits under the term it came from, on the row's baseline.
        for above, below in zip(top_terms, bottom_terms):
            below.shift(RIGHT * (above.get_center()[0] - below.get_center()[0]))
        for plus, (left, right) in zip(self._pluses(self.bottom), itertools.pairwise(bottom_terms)):
            plus.set_x((left.get_right()[0] + right.get_left()[0]) / 2)
        self.operator.next_to(self.top, LEFT, buff=0.3)
        self.equals.next_to(self.bottom, LEFT, buff=0.3).set_x(self.operator.get_center()[0])
        self.boxes = VGroup(*(SurroundingRectangle(part, color=color, buff=0.035, stroke_width=2)
                              for part in top_frozen))
        self.tag = MixedLabel(source=f"${frozen} =$ const", color=color, font_size=font_size - 12)
        self.tag.next_to(self.top, RIGHT, buff=0.35)
        intended_overlap(self.top, self.boxes)  # each box hugs its frozen factor
        self.add(self.operator, self.top, self.boxes, self.tag, self.equals, self.bottom)

    @staticmethod
    def _row(terms: list[list[tuple[str, str | None]]], frozen: str, font_size: float):
        strings, owners = [], []
        for index, term in enumerate(terms):
            if index:
                strings.append("+")
                owners.append(None)
            for tex, variable in term:
                strings.append(tex)
                owners.append((index, variable))
        row = MathTex(*strings, color=theme.INK, font_size=font_size)
        groups: list[VGroup] = [VGroup() for _ in terms]
        frozen_parts = []
        for part, owner in zip(row.submobjects, owners):
            if owner is None:
                continue
            index, variable = owner
            groups[index].add(part)
            if variable == frozen:
                part.set_color(VARIABLE_COLORS[frozen])
                frozen_parts.append(part)
        return row, groups, frozen_parts

    @staticmethod
    def _pluses(row: MathTex) -> list[VMobject]:
        return [part for part in row.submobjects if part.tex_string == "+"]


def walk_along(line: VMobject) -> Animation:
    """A bright pulse running along a line or curve, the way it is walked."""
    return ShowPassingFlash(line.copy().set_stroke(width=2 * line.get_stroke_width()), time_width=0.5)


def light_up(curve: VGroup) -> Animation:
    """A depth-sorted curve thickened and back, all of it at once: the pieces the bowl hides stay hidden."""
    return curve.animate(rate_func=there_and_back).set_stroke(width=2 * curve[0].get_stroke_width())


class SlicingASurface(SurfaceScene):
    SECTION = "06"
    COLUMN_X = 3.55  # a little left of the kit's column: the derivations are wide
    FIRST_VIEW = (72, -96)

    def construct(self) -> None:
        self.introduce_the_bowl()
        self.walk_two_ways()
        self.name_the_partials()
        self.mark_the_curly_d()
        self.freeze_the_other_variable()
        self.work_the_example()
        self.let_the_other_variable_move()
        self.slice_the_bowl()
        self.reduce_to_a_curve()

    def introduce_the_bowl(self) -> None:
        # The axes cross at the bowl's bottom: the bowl hides them where they run under it (surface_axes).
        low, high = BOWL_AXIS_REACH
        self.axes = surface_axes(x_range=[low, high, 1], y_range=[low, high, 1], z_range=[0, 4.6, 1],
                                 x_length=1.25 * (high - low), y_length=1.25 * (high - low), z_length=3.5)
        self.names = surface_axis_labels(self.axes, names=("x", "y", "z"), buff=0.5)
        self.names[1].shift(0.3 * OUT)  # the y-axis runs away from the viewer: its name sits above its end
        self.face_camera(*self.names)
        self.bowl = bowl_surface(self.axes, BOWL, radius=BOWL_RADIUS, resolution=(8, 24))
        self.pin(VGroup(self.axes, self.names, self.bowl), anchor=lambda: self.axes.c2p(0, 0, BOWL_RADIUS**2 / 2),
                 at=BOWL_ON_SCREEN)
        self.name_axes_where_seen(self.names, self.axes, self.bowl, views=[WORKING_VIEW])  # the bowl's view once turned
        # The z name beside its axis's top, right of it on screen: above the top it touched the heading.
        with self.seen_from(WORKING_VIEW):
            beside = self.view_rotation().T @ np.array([0.3, -0.2, 0.0])
        self.names[2].move_to(self.axes.z_axis.get_end() + beside)
        title = self.overlay(self.section_title())
        one_input, two_inputs = (MathTex(tex, color=theme.INK, font_size=44)
                                 for tex in inline_maths(self.section.block("two-inputs"))[:2])
        self.formula = self.column(two_inputs, y=2.55)
        self.column(one_input, y=2.55)
        # First a curve, the slope of which the viewer knows: a tangent running along y = x².
        along = ValueTracker(ONE_INPUT_SWEEP[0])
        plane = themed_axes(x_range=[-2, 2, 1], y_range=[0, 4, 1], x_length=4.6, y_length=3.4)
        curve = VGroup(plane, plane.plot(lambda x: float(ONE_INPUT(x)), x_range=[-2, 2], color=theme.INK,
                                         stroke_width=theme.CURVE_WIDTH))
        tangent = TangentAt(axes=plane, curve=ONE_INPUT, x=along, half_length=1.1)
        self.overlay(curve, tangent)
        VGroup(curve, tangent).move_to([BOWL_ON_SCREEN[0], -0.2, 0])
        # Beside the curve, what the words name: the slope of the curve (the tangent's, live), then a partial
        # derivative, a slope in one direction (the text's own ∂f/∂x and its gloss).
        slope = self.column(Readout(label="slope of the curve", value=lambda: float(ONE_INPUT.deriv()(along.get_value())),
                                    color=theme.TANGENT, width=3.0), y=0.9)
        partial = self.column(Formula(self.section.block("partial-x").math, parts=[r"\partial"], font_size=31),
                              y=-0.6)
        VGroup(*partial.glyphs()[:5]).set_color(VARIABLE_COLORS["x"])  # the fraction ∂f/∂x
        with self.beat("surface-slope") as clock:
            self.describe("The curve y equals x squared is drawn, and a tangent slides along it from x = "
                          f"{ONE_INPUT_SWEEP[0]:g} to {ONE_INPUT_SWEEP[1]:g}, its slope readout running from "
                          f"{ONE_INPUT.deriv()(ONE_INPUT_SWEEP[0]):.2f} to {ONE_INPUT.deriv()(ONE_INPUT_SWEEP[1]):.2f}. "
                          "Partial f by partial x, the slope as you move in the x-direction, is written below it.")
            self.play(FadeIn(title, shift=DOWN * 0.2), Create(curve), run_time=max(1.5, clock.at("A regular")))
            self.play(FadeIn(tangent), FadeIn(slope, shift=LEFT * 0.2), run_time=max(0.8, clock.at("slope of a curve")))
            # The tangent slides on, steadily, while the partial is named and written.
            first, last = clock.at("A partial derivative"), clock.until_last_word()
            middle = ONE_INPUT_SWEEP[0] + (ONE_INPUT_SWEEP[1] - ONE_INPUT_SWEEP[0]) * first / max(last, 1e-9)
            self.play(along.animate.set_value(middle), run_time=max(0.5, first), rate_func=linear)
            self.play(Write(partial), along.animate(rate_func=linear).set_value(ONE_INPUT_SWEEP[1]),
                      run_time=max(2.0, clock.until_last_word()))
        with self.beat("two-inputs:1") as clock:
            self.describe_none("y equals f of x is written as it is said, while the tangent slides back and the "
                               "partial fades")
            self.play(Write(one_input), FadeOut(partial), along.animate.set_value(ONE_INPUT_SWEEP[2]),
                      run_time=max(2.0, clock.until_last_word()))
        with self.beat("two-inputs:2") as clock:
            self.describe("The curve gives way to three axes, x, y and z, and the formula changes to f of x and y "
                          "equals x squared plus y squared.")
            self.play(FadeOut(curve), FadeOut(tangent), FadeOut(slope), Create(self.axes), FadeIn(self.names),
                      run_time=max(1.5, clock.at("two inputs")))
            self.play(ReplacementTransform(one_input, self.formula), run_time=max(1.0, clock.until_last_word()))
        with self.beat("two-inputs:3") as clock:
            self.describe("The bowl-shaped surface rises over the x, y floor, and the view turns.")
            # The axes animate with it, to be painted among its fading faces (scenes.kit.depth).
            # The y-axis's end runs behind the bowl until the view has turned: its name leaves as the bowl rises
            # and comes back at the end of the turn, where it shows (name_axes_where_seen).
            y_name = self.names[1]
            self.play(FadeIn(self.bowl), Animation(self.axes), FadeOut(y_name),
                      run_time=max(1.5, clock.at("spits out a number z")))
            self.keep_still(self.axes, self.bowl)
            # A turn as the bowl is named gives the eye the parallax that makes it read as 3D.
            self.turn_camera(**WORKING_VIEW, run_time=max(2.5, clock.until_last_word()),
                             added_anims=[FadeIn(y_name, rate_func=lambda t: max(0.0, t - 0.75) / 0.25)])

    def walk_two_ways(self) -> None:
        x, y = POINT
        self.point = Dot(self.axes.c2p(x, y, BOWL(x, y)), radius=0.09, color=theme.INK)
        self.point_name = MathTex("P", color=theme.INK, font_size=theme.SYMBOL_SIZE)
        # Up and to the left on screen, clear of the walks and tangents through P.
        self.point_name.move_to(self.point.get_center() + self.view_rotation().T @ np.array([-0.3, 0.3, 0.0]))
        self.face_camera(self.point, self.point_name)
        walks = VGroup(*(
            slice_tangent(self.axes, BOWL, along=variable, x=x, y=y, slope=bowl_slope(variable, x, y), ahead=1.7,
                          behind=0, color=VARIABLE_COLORS[variable], stroke_width=7)
            for variable in ("x", "y")
        ))
        self.walks = walks
        readouts = VGroup(*(
            Readout(label=f"slope along ${variable}$", value=lambda v=variable: bowl_slope(v, *POINT),
                    color=VARIABLE_COLORS[variable], width=2.7)
            for variable in ("x", "y")
        )).arrange(DOWN, buff=0.2)
        self.slope_readouts = self.column(readouts, y=-1.5)  # stacked: a row would reach the bowl's x-axis name
        # "'slope' is ambiguous": a line through P along the surface turns round it, steeper one way than another.
        heading = ValueTracker(0.0)

        def turning_line() -> Line:
            direction = np.array([np.cos(heading.get_value()), np.sin(heading.get_value())])
            rise = float(BOWL.partial("x")(*POINT) * direction[0] + BOWL.partial("y")(*POINT) * direction[1])
            ends = [(*(np.array(POINT) + t * direction), BOWL(*POINT) + t * rise) for t in (-0.7, 0.7)]
            return Line(self.axes.c2p(*ends[0]), self.axes.c2p(*ends[1]), color=theme.HIGHLIGHT, stroke_width=6)

        turning = always_redraw(turning_line)
        with self.beat("ambiguous:1") as clock:
            self.describe(f"Point P appears on the bowl's near wall, at x = {POINT[0]:g}, y = {POINT[1]:g}. A line "
                          "through P along the surface turns all the way round it, tilting steeply one way and "
                          "barely another, then fades.")
            self.play(FadeIn(self.point, scale=0.5), FadeIn(self.point_name), run_time=max(1.0, clock.at("surface")))
            self.add(turning)
            self.bring_to_front(self.point)
            self.play(heading.animate.set_value(TAU), run_time=max(1.5, clock.until_last_word() - 0.5),
                      rate_func=linear)
            self.play(FadeOut(turning), run_time=0.5)
        with self.beat("ambiguous:2") as clock:
            self.describe("Two short paths start at P: one along y, whose slope readout shows "
                          f"{BOWL.partial('y')(*POINT):.2f}, one along x, whose readout shows "
                          f"{BOWL.partial('x')(*POINT):.2f}.")
            self.play(Create(walks[1]), FadeIn(readouts[1]), run_time=max(1.0, clock.at("one steepness")))
            self.play(Create(walks[0]), FadeIn(readouts[0]), run_time=max(1.0, clock.until_last_word()))
        with self.beat("ambiguous:3") as clock:
            self.describe_none("both paths and both slopes are highlighted as the question is asked")
            # Two directions, two slopes: the question the partials answer.
            self.play(*(walk_along(walk) for walk in walks),
                      *(Indicate(readout.value, color=VARIABLE_COLORS[name], scale_factor=1.2)
                        for readout, name in zip(readouts, "xy")),
                      run_time=max(1.0, clock.until_last_word()))

    def name_the_partials(self) -> None:
        self.partials = VGroup(*(
            Formula(self.section.block(label).math, parts=[r"\partial"], font_size=31)
            for label in ("partial-x", "partial-y")
        )).arrange(DOWN, buff=0.45, aligned_edge=LEFT)
        for formula, variable in zip(self.partials, ("x", "y")):
            VGroup(*formula.glyphs()[:5]).set_color(VARIABLE_COLORS[variable])  # the fraction ∂f/∂x
        self.column(self.partials, y=0.55)
        walks, readouts = self.walks, self.slope_readouts
        with self.beat("partial-x") as clock:
            self.describe_none("the partial is written as it is said and the x path lights up")
            self.read_a_partial(clock, self.partials[0], walk=walks[0], readout=readouts[0], variable="x")
        with self.beat("partial-y") as clock:
            self.describe_none("the partial is written as it is said and the y path lights up")
            self.read_a_partial(clock, self.partials[1], walk=walks[1], readout=readouts[1], variable="y")

    def read_a_partial(self, clock: BeatClock, formula: Formula, *, walk: VMobject, readout: Readout,
                       variable: str) -> None:
        """∂f/∂x written as it is said, then its gloss as the walk in that direction lights up."""
        fraction, gloss = VGroup(*formula.glyphs()[:5]), VGroup(*formula.glyphs()[5:])
        self.play(Write(fraction), run_time=max(1.2, clock.at("∂f/∂" + variable)))
        self.play(Write(gloss), walk_along(walk),
                  Indicate(readout.value, color=VARIABLE_COLORS[variable], scale_factor=1.2),
                  run_time=max(1.0, clock.until_last_word()))

    def mark_the_curly_d(self) -> None:
        curly = VGroup(*(formula.part(r"\partial") for formula in self.partials))
        along_x, along_y = self.walks
        along_x_readout, along_y_readout = self.slope_readouts
        with self.beat("curly") as clock:
            self.describe("Each curly partial sign is ringed and turns coral; then the path along x lights up with "
                          "its slope readout, while the path along y and its readout fade back.")
            # "The curly ∂": each one ringed as it is named, then lit.
            self.play(*(self.circumscribe(glyph, shape=Circle, color=theme.SECANT, buff=0.06, fade_out=True)
                        for glyph in curly.family_members_with_points()), curly.animate.set_color(theme.SECANT),
                      run_time=max(0.8, clock.at("(\"partial\")")))
            self.play(*(Indicate(glyph, color=theme.SECANT, scale_factor=1.4)
                        for glyph in curly.family_members_with_points()),
                      run_time=max(1.0, clock.at("signals:")))
            # "with respect to one variable": the x walk and its slope; "others lurking that I'm pretending
            # are constants": y is held still, its walk and its slope fade back.
            self.play(walk_along(along_x), Indicate(along_x_readout.value, color=VARIABLE_COLORS["x"], scale_factor=1.3),
                      along_x_readout.box.animate(rate_func=there_and_back).set_stroke(width=7),
                      run_time=max(1.0, clock.at("one variable,")))
            clock.until("but there are")
            self.play(along_y.animate.set_stroke(opacity=0.3), along_y_readout.animate.set_opacity(0.35),
                      run_time=max(1.0, clock.until_last_word()))

    def freeze_the_other_variable(self) -> None:
        derivations = VGroup(*(FrozenDerivation(BOWL, variable) for variable in ("x", "y")))
        derivations.arrange(DOWN, buff=0.7, aligned_edge=LEFT)
        self.column(derivations, y=-0.1)
        with self.beat("freeze:1") as clock:
            self.describe("A derivation is written: the derivative with respect to x of x squared plus y squared, "
                          "y squared boxed and tagged y equals constant, giving 2 x plus 0; the partials, readouts and paths "
                          "leave.")
            self.play(FadeOut(self.partials), FadeOut(self.slope_readouts), FadeOut(self.walks))
            self.show_derivation(derivations[0], seconds=clock.until_last_word())
        with self.beat("freeze:2") as clock:
            self.describe("Below it the same for y: x squared boxed and tagged x equals constant, giving 0 plus 2 y.")
            self.show_derivation(derivations[1], seconds=clock.until_last_word())
        with self.beat("freeze:3-4") as clock:
            self.describe_none("the boxes and the constant tags are highlighted as the freezing is named")
            boxes = VGroup(*(derivation.boxes for derivation in derivations))
            tags = VGroup(*(derivation.tag for derivation in derivations))
            self.play(Indicate(boxes, color=theme.SECANT, scale_factor=1.15), run_time=max(1.5, clock.at("rules.")))
            self.play(Indicate(tags, color=theme.SECANT, scale_factor=1.15), run_time=max(1.5, clock.until_last_word()))
        self.play(FadeOut(derivations), FadeOut(self.formula))

    def show_derivation(self, derivation: FrozenDerivation, *, seconds: float = 3.0) -> None:
        """The term row, the frozen variable boxed, then each term's derivative beneath it, in ``seconds``."""
        seconds = max(3.0, seconds)
        self.play(FadeIn(derivation.operator), Write(derivation.top), run_time=0.33 * seconds)
        self.play(Create(derivation.boxes), FadeIn(derivation.tag, shift=LEFT * 0.2), run_time=0.27 * seconds)
        self.play(FadeIn(derivation.equals), TransformFromCopy(derivation.top, derivation.bottom),
                  run_time=0.4 * seconds)

    def work_the_example(self) -> None:
        self.example = self.column(MathTex(f"f(x, y) = {EXAMPLE.tex()}", color=theme.INK, font_size=42),
                                   y=2.55)
        self.results: list[VGroup] = []
        self.example_surface = self.surface_of_the_example()
        bowl = VGroup(self.axes, self.names, self.bowl, self.point, self.point_name)
        with self.beat("example-x") as clock:
            self.describe("The bowl gives way to the example's surface, and its formula, x squared y plus 3 x y "
                          "squared plus 7. The y's are boxed as constants and the terms differentiated in x.")
            # The bowl steps aside for the example's own surface.
            self.play(FadeIn(self.example, shift=DOWN * 0.2), FadeOut(bowl), FadeIn(self.example_surface),
                      run_time=1.2)
            self.keep_still(self.example_surface)
            derivation = self.derive_example("x", seconds=clock.until_last_word())
        with self.beat("example-x-math") as clock:
            result = self.read_result(clock, derivation, "x")
        self.settle_result(result, derivation, "x")
        with self.beat("example-y") as clock:
            self.describe("The same derivation in y: the x's boxed as constants, each term differentiated in y.")
            derivation = self.derive_example("y", seconds=clock.until_last_word())
        with self.beat("example-y-math") as clock:
            result = self.read_result(clock, derivation, "y")
        self.settle_result(result, derivation, "y")

    def surface_of_the_example(self) -> VGroup:
        """f = x²y + 3xy² + 7 over x, y ≥ 0, pinned where the bowl was."""
        axes = surface_axes(x_range=[0, 1.8, 1], y_range=[0, 2.4, 1], z_range=[0, EXAMPLE_TOP, 10],
                            x_length=3.0, y_length=3.4, z_length=3.2)
        names = surface_axis_labels(axes, names=("x", "y", "z"), buff=0.5)
        self.face_camera(*names)
        surface = graph_surface(axes, EXAMPLE, x_range=EXAMPLE_SPAN_X, y_range=EXAMPLE_SPAN_Y, resolution=12)
        self.example_axes = axes
        content = VGroup(axes, names, surface)
        self.pin(content, anchor=lambda: axes.c2p(0.75, 1.0, EXAMPLE_TOP / 2), at=(BOWL_ON_SCREEN[0], 0.6))
        self.name_axes_where_seen(names, axes, surface)
        return content

    def derive_example(self, variable: str, *, seconds: float) -> FrozenDerivation:
        derivation = FrozenDerivation(EXAMPLE, variable)
        self.column(derivation, y=EXAMPLE_ROWS[variable][0])
        self.show_derivation(derivation, seconds=seconds)
        return derivation

    def result_below(self, derivation: FrozenDerivation, variable: str) -> VGroup:
        """The text's result, boxed, below its derivation (not yet shown)."""
        result = Formula(self.section.block(f"example-{variable}-math").math, parts=["x", "y"], font_size=40)
        VGroup(*result.glyphs()[:5]).set_color(VARIABLE_COLORS[variable])  # the fraction ∂f/∂x
        box = SurroundingRectangle(result, color=VARIABLE_COLORS[variable], buff=0.15, corner_radius=0.08)
        return self.column(VGroup(result, box), y=EXAMPLE_ROWS[variable][1])

    def read_result(self, clock: BeatClock, derivation: FrozenDerivation, variable: str) -> VGroup:
        """The boxed result, made below its derivation and read aloud: its name, then its right-hand side coming
        down from the derived row, then its box."""
        self.describe_none("the result is written and boxed as it is read")
        boxed = self.result_below(derivation, variable)
        result, box = boxed
        name, rest = VGroup(*result.glyphs()[:6]), VGroup(*result.glyphs()[6:])  # ∂f/∂x =, then 2xy + 3y²
        self.play(FadeIn(name, shift=DOWN * 0.2), run_time=max(0.8, clock.at("=")))
        self.play(TransformFromCopy(derivation.bottom, rest), run_time=max(1.0, clock.until_last_word() - 0.8))
        self.play(Create(box), run_time=0.8)
        return boxed

    def settle_result(self, boxed: VGroup, derivation: FrozenDerivation, variable: str) -> None:
        """The result moved up to make room for the next one, its derivation gone."""
        self.results.append(boxed)
        self.play(FadeOut(derivation), boxed.animate.move_to([self.COLUMN_X, EXAMPLE_ROWS[variable][2], 0]))

    def let_the_other_variable_move(self) -> None:
        y = SliderValue(EXAMPLE_Y_START)
        slider = self.column(Slider(label="y", tracker=y, value_range=(0, EXAMPLE_Y_END + 0.5), length=2.6),
                             y=-0.95)
        readout = self.column(Readout(label=rf"$\partial f/\partial x$ at $x = {EXAMPLE_X:g}$",
                                      value=lambda: example_slope_in_x(y.shown()), color=VARIABLE_COLORS["x"],
                                      width=3.4), y=-2.0)
        # Every x and y on the right-hand side of both results (not those in ∂f/∂x, ∂f/∂y).
        both = VGroup(*(
            occurrence for result, _ in self.results for name in ("x", "y") for occurrence in result.occurrences(name)
            if occurrence.get_left()[0] > result.glyphs()[5].get_right()[0]
        ))
        # The example's x-slice at the slider's y, and its tangent at x = EXAMPLE_X: the readout's slope.
        axes, color = self.example_axes, VARIABLE_COLORS["x"]

        def make_slice() -> VGroup:
            at = y.get_value()
            return VGroup(
                slice_plane(axes, EXAMPLE, along="x", at=at, span=EXAMPLE_SPAN_X, top=EXAMPLE_TOP, color=color),
                slice_curve(axes, EXAMPLE, along="x", at=at, span=EXAMPLE_SPAN_X, color=color,
                            stroke_width=theme.CURVE_WIDTH + 1),
                slice_tangent(axes, EXAMPLE, along="x", x=EXAMPLE_X, y=at, slope=example_slope_in_x(at), ahead=0.9,
                              color=theme.TANGENT, stroke_width=theme.TANGENT_WIDTH),
            )

        cut = make_slice()
        cut.add_updater(lambda mobject: mobject.become(make_slice()))
        dot = Dot(radius=0.08, color=theme.INK)
        dot.add_updater(lambda mobject: mobject.move_to(axes.c2p(EXAMPLE_X, y.get_value(),
                                                                 EXAMPLE(EXAMPLE_X, y.get_value()))))
        dot.update()
        self.face_camera(dot)
        with self.beat("both-depend") as clock:
            self.describe(f"A slice at x = {EXAMPLE_X:g} crosses the surface. A y slider runs from "
                          f"{EXAMPLE_Y_START:g} to {EXAMPLE_Y_END:g}; the readout of partial f by partial x there "
                          f"rises from {EXAMPLE.partial('x')(EXAMPLE_X, EXAMPLE_Y_START):.2f} to "
                          f"{EXAMPLE.partial('x')(EXAMPLE_X, EXAMPLE_Y_END):.2f}. In both results the other variable's terms "
                          "turn coral; then everything fades out.")
            self.play(both.animate.set_color(theme.SECANT), FadeIn(slider), FadeIn(readout), FadeIn(cut),
                      FadeIn(dot), run_time=max(1.5, clock.at("both x and y")))
            self.play(y.animate.set_value(EXAMPLE_Y_END), run_time=max(3.0, clock.until_last_word()))
        cut.clear_updaters()
        self.play(FadeOut(VGroup(slider, readout, self.example, *self.results)), FadeOut(cut), FadeOut(dot),
                  FadeOut(self.example_surface))

    def slice_the_bowl(self) -> None:
        # P moves with its bowl: the slices below are cut through it.
        bowl = VGroup(self.axes, self.names, self.bowl, self.point, self.point_name)
        self.pin(bowl, anchor=lambda: self.axes.c2p(0, 0, BOWL_RADIUS**2 / 2), at=BOWL_ON_SCREEN)
        # Set aside while the bowl is away, for the slices to come: P's name above it, between the slices
        # (below right lies the x-axis, seen under the bowl); the y-axis name right of its stub, clear of the
        # y-plane's sweep.
        on_screen = self.view_rotation().T
        self.point_name.move_to(self.point.get_center() + on_screen @ np.array([0.0, 0.55, 0.0]))
        self.names[1].shift(on_screen @ np.array([0.3, 0.0, 0.0]))
        self.slope_readouts = VGroup(*(
            Readout(label=f"slope of the ${variable}$-slice at $P$", value=lambda v=variable: bowl_slope(v, *POINT),
                    color=VARIABLE_COLORS[variable], width=3.4)
            for variable in ("x", "y")
        )).arrange(DOWN, buff=0.3)
        names = VGroup(*(MathTex(rf"\frac{{\partial f}}{{\partial {variable}}}", color=VARIABLE_COLORS[variable],
                                 font_size=44) for variable in ("x", "y")))
        for name, readout in zip(names, self.slope_readouts):
            name.next_to(readout, LEFT, buff=0.3)
        self.slope_panel = self.column(VGroup(self.slope_readouts, names), y=1.3)
        self.pieces = {}
        with self.beat("slicing:1") as clock:
            self.describe("The bowl returns with P. A vertical plane running in the x-direction slides in from "
                          f"the rim and stops at y = {POINT[1]:g}, through P.")
            # The bowl comes back as the slicing is introduced, P on it.
            self.play(FadeIn(bowl), run_time=max(1.0, clock.at("at a point") - 1.0))
            self.keep_still(self.axes, self.bowl)
            self.play(Indicate(self.point, color=theme.HIGHLIGHT, scale_factor=1.6),
                      run_time=max(1.0, clock.at("point")))
            self.sweep_plane("x", start=-BOWL_RADIUS, until=POINT[1], seconds=clock.until_last_word())
        with self.beat("slicing:2") as clock:
            self.describe("The plane's cut through the bowl lights up as a curve; a tangent touches it at P as its "
                          f"slope readout appears, showing {BOWL.partial('x')(*POINT):.2f}; P pulses, and the name "
                          "partial f by partial x is written beside the readout.")
            self.play(light_up(self.pieces["x"][1]), *self.with_bowl(), run_time=max(1.5, clock.at("is a curve")))
            # "and the slope of that curve": the tangent and its slope as it is said; "at your point": P;
            # "is ∂f/∂x": its name.
            self.touch_tangent("x", self.slope_readouts[0], drawn=clock.at("of that curve"))
            self.play(Indicate(self.point, color=theme.HIGHLIGHT, scale_factor=1.8),
                      run_time=max(0.6, clock.at("at your point")))
            self.play(Write(names[0]), run_time=max(0.8, clock.until_last_word()))
        with self.beat("slicing:3") as clock:
            self.describe(f"A second plane, in the y-direction, slides in and stops at x = {POINT[0]:g}; its "
                          f"curve's tangent at P has slope {BOWL.partial('y')(*POINT):.2f}.")
            self.sweep_plane("y", start=BOWL_RADIUS, until=POINT[0], seconds=max(1.5, clock.at("y-direction)")))
            self.touch_tangent("y", self.slope_readouts[1], drawn=0.8)
            self.play(Write(names[1]), run_time=0.7)

    def with_bowl(self) -> list[Animation]:
        """The bowl and its axes redrawn with what moves: slices and planes are sorted among its faces only then.

        Cairo paints the still picture first and what moves over it (``scenes.kit.depth``).
        """
        return [Animation(self.axes), Animation(self.bowl)]

    def sweep_plane(self, along: str, *, start: float, until: float, seconds: float) -> None:
        """A vertical plane running in the ``along`` direction slides in from the rim and cuts the bowl.

        Plane and curve are sorted among the bowl's faces: its near wall covers what runs behind it.
        """
        at = ValueTracker(0.98 * start)
        color = VARIABLE_COLORS[along]

        def half_width() -> float:
            return float(np.sqrt(max(BOWL_RADIUS**2 - at.get_value() ** 2, 1e-4)))

        def make_plane() -> VGroup:
            # Only as wide as the bowl where it cuts, from the slice curve up to the rim.
            return slice_plane(self.axes, BOWL, along=along, at=at.get_value(), span=(-half_width(), half_width()),
                               top=BOWL_RADIUS**2, color=color, by_depth=True)

        def make_curve() -> ParametricFunction:
            return slice_curve(self.axes, BOWL, along=along, at=at.get_value(), span=(-half_width(), half_width()),
                               color=color, stroke_width=theme.CURVE_WIDTH + 1)

        plane, curve = make_plane(), make_curve()
        intended_overlap(plane, self.point_name)  # the plane is through P: its name is on it
        self.play(FadeIn(plane), Create(curve), *self.with_bowl(), run_time=0.6)
        plane.add_updater(lambda mobject: mobject.become(make_plane()))
        curve.add_updater(lambda mobject: mobject.become(make_curve()))
        self.play(at.animate.set_value(until), *self.with_bowl(), run_time=max(1.0, seconds - 0.6), rate_func=smooth)
        plane.clear_updaters()
        curve.clear_updaters()
        self.pieces[along] = VGroup(plane, curve)
        self.keep_still(self.axes, self.bowl, *(piece for pieces in self.pieces.values() for piece in pieces))
        self.bring_to_front(self.point)

    def touch_tangent(self, along: str, readout: Readout, *, drawn: float) -> None:
        """The slice's tangent at P and the readout of its slope, in ``drawn`` seconds."""
        x, y = POINT
        tangent = slice_tangent(self.axes, BOWL, along=along, x=x, y=y, slope=bowl_slope(along, x, y), ahead=1.2,
                                color=theme.TANGENT, stroke_width=theme.TANGENT_WIDTH)
        self.play(self.pieces[along][0].animate.set_fill(opacity=0.08), Create(tangent),
                  FadeIn(readout, shift=LEFT * 0.2), *self.with_bowl(), run_time=max(0.8, drawn))
        self.keep_still(self.axes, self.bowl, *(piece for pieces in self.pieces.values() for piece in pieces))
        self.pieces[along].add(tangent)
        self.bring_to_front(self.point)

    def reduce_to_a_curve(self) -> None:
        x0, y0 = POINT
        axes = themed_axes(x_range=[-2, 2, 1], y_range=[0, 5, 1], x_length=4.6, y_length=3.6)
        labels = axis_labels(axes, x_name="x", y_name="z")
        slice_only = Polynomial2(((2, 0, 1.0), (0, 0, float(BOWL(0.0, y0)))))  # the bowl with y frozen at y0
        curve = axes.plot(lambda x: slice_only(x, y0), x_range=[-2, 2], color=VARIABLE_COLORS["x"],
                          stroke_width=theme.CURVE_WIDTH)
        tangent = line_with_slope(axes, x0, slice_only(x0, y0), float(slice_only.partial("x")(x0, y0)),
                                  half_length=1.1, color=theme.TANGENT, stroke_width=theme.TANGENT_WIDTH)
        dot = Dot(axes.c2p(x0, slice_only(x0, y0)), color=theme.INK, radius=0.08)
        name = MathTex(f"z = {slice_only.tex()}", color=VARIABLE_COLORS["x"], font_size=34)
        name.next_to(axes, UP, buff=0.15).align_to(axes, LEFT)
        inset = VGroup(axes, labels, curve, tangent, dot, name)
        self.column(inset, y=0.15)
        with self.beat("reduces") as clock:
            self.describe("The y slice leaves. The x slice's curve is lifted out onto flat axes as z equals x "
                          f"squared plus {BOWL(0, POINT[1]):g}, with its tangent at x = {POINT[0]:g}.")
            # The two slopes of the surface stay while it is named, then the x-slice alone is lifted out.
            self.play(FadeOut(self.pieces["y"]), *self.with_bowl(),
                      Indicate(self.slope_readouts[0].value, color=VARIABLE_COLORS["x"], scale_factor=1.2),
                      run_time=max(1.0, clock.at("(slope of a surface)")))
            self.play(FadeOut(self.slope_panel), FadeIn(axes, labels), run_time=0.8)
            # The copy comes out of the picture unseen at first: whole, it would show the part the near wall hides.
            lifted = self.flat_copy(joined(self.pieces["x"][1])).set_stroke(opacity=0)
            self.play(ReplacementTransform(lifted, curve), FadeIn(name),
                      run_time=max(1.5, clock.at("2D one")))
            self.play(Create(tangent), FadeIn(dot), run_time=max(1.0, clock.at("(slope of a curve)")))
        self.wait(2.0)  # the curve and its tangent, the chapter's last picture, stay to be read
