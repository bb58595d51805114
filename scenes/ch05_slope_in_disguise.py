"""§05 Slope in disguise: the derivative renamed by its axes, then the dropped ball's velocity and acceleration."""

from __future__ import annotations

from collections.abc import Callable

from manim import *

from scenes.kit import (
    Formula,
    LectureScene,
    MixedLabel,
    Polynomial,
    Readout,
    Slider,
    SliderValue,
    TangentAt,
    clamp,
    heading_before,
    polynomial_tex,
    row_band,
    text_table,
    theme,
    themed_axes,
)

POSITION = Polynomial([0, 0, 5])  # s(t) = 5t² meters
START_T = 1.0
VELOCITY_T = 2.0  # "at t = 2 seconds, the ball moves at 20 m/s"
WANDER_T = (0.6, 2.2, VELOCITY_T)  # t moves while the acceleration stays put
UNIT_RUN = 1.0  # the unit triangles: one second of run
GENERIC = Polynomial([0.2, 0, 0.35])  # the unnamed curve whose slope gets renamed
GENERIC_X = 1.8
GENERIC_FIRST_X = 0.9  # the tangent glides from here to GENERIC_X: a slope at every point
GRAPH_WIDTH, GRAPH_HEIGHT = 4.4, 3.7
READOUT_WIDTH = 2.1  # narrow enough to leave the graph's name clear beside it
READOUT_DROP = 0.075  # a readout's top just under its graph's top
READOUT_INSET = 0.1  # seconds of the t axis between the y axis and a readout: room for the graph's name right of it
TABLE_ROW_GAP = 0.2
DROP_SECONDS = 3.0  # the ball falls for the t slider's whole range
BALL_RADIUS = 0.16
BALL_X = 0.0  # the drop column, between the position graph and the velocity graph


def velocity(position: Polynomial) -> Polynomial:
    """s′(t) from the polynomial's own derivative: 10t."""
    return position.deriv()


def acceleration(position: Polynomial) -> Polynomial:
    """v′(t) = s″(t): the derivative of the derivative, 10."""
    return position.deriv(2)


def label(tex: str, color: ManimColor = theme.INK, size: int = theme.POINT_LABEL_SIZE) -> MathTex:
    """A typeset label in the lecture's ink (or ``color``)."""
    return MathTex(tex, color=color, font_size=size)


def words(source: str, color: ManimColor = theme.INK) -> MixedLabel:
    """Words in the sans with any ``$…$`` maths typeset, as the readouts write their labels (the sans' small
    size matches the typeset labels' x-height)."""
    return MixedLabel(source=source, font_size=theme.SMALL_SIZE, color=color)


class SlopeInDisguise(LectureScene):
    SECTION = "05"

    def construct(self) -> None:
        self.t = SliderValue(START_T)
        self.show_a_slope()
        self.rename_the_axes()
        self.state_the_pattern()
        self.build_the_renaming_table()
        self.drop_the_ball()
        self.take_the_velocity()
        self.read_velocity_at_two_seconds()
        self.show_velocity_units()
        self.take_the_acceleration()
        self.hold_the_acceleration_constant()
        self.show_acceleration_units()
        self.run_both_through_one_formula()

    # The model on screen: every number below is computed from POSITION.
    def velocity_now(self) -> float:
        return float(velocity(POSITION)(self.t.shown()))

    def acceleration_now(self) -> float:
        return float(acceleration(POSITION)(self.t.shown()))

    def show_a_slope(self) -> None:
        axes = themed_axes(x_range=[0, 3, 1], y_range=[0, 3.5, 1], x_length=4.6, y_length=3.4)
        axes.move_to(LEFT * 3.6 + DOWN * 0.1)
        self.small_axes = axes
        curve = axes.plot(GENERIC, x_range=[0, 2.9], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        where = ValueTracker(GENERIC_FIRST_X)
        tangent = TangentAt(axes=axes, curve=GENERIC, x=where, half_length=1.2)
        self.axis_names = VGroup(label("y").next_to(axes.y_axis, UP, buff=0.15),
                                 label("x").next_to(axes.x_axis, RIGHT, buff=0.15))
        self.slope_name = words("slope", theme.TANGENT)
        self.generic = VGroup(axes, curve, tangent)
        with self.beat("renamed:1") as clock:
            self.describe("Axes with a rising curve appear; a tangent rides up the curve from x = "
                          f"{GENERIC_FIRST_X:g} to {GENERIC_X:g}, and is labelled slope.")
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2))
            self.play(Create(axes), Create(curve), FadeIn(self.axis_names), run_time=1.4)
            self.play(Create(tangent.line), FadeIn(tangent.dot))
            # The tangent rides up the curve while the slope is talked about; named where it stops.
            self.play(where.animate.set_value(GENERIC_X), run_time=max(1.0, clock.narration.duration - 4.2))
            self.slope_name.next_to(tangent.line.get_end(), RIGHT, buff=0.15)
            self.play(FadeIn(self.slope_name, shift=LEFT * 0.1))

    def rename_the_axes(self) -> None:
        # The first row of the text's table: position over time is velocity.
        quantity, per, name = self.section.block("renaming-table").table[1]
        axes = self.small_axes
        renamed = VGroup(
            Text(quantity, font=theme.SANS, font_size=theme.SMALL_SIZE, color=theme.INK).next_to(
                axes.y_axis, UP, buff=0.15),
            Text(per, font=theme.SANS, font_size=theme.SMALL_SIZE, color=theme.INK).next_to(
                axes.x_axis, RIGHT, buff=0.15),
        )
        renamed_slope = Text(name, font=theme.SANS, font_size=theme.SMALL_SIZE, color=theme.TANGENT)
        renamed_slope.move_to(self.slope_name, aligned_edge=LEFT)
        with self.beat("renamed:2") as clock:
            self.describe("The labels change one by one: the y-axis to Position, the x-axis to Time, and slope to "
                          "Velocity.")
            # One name at a time: the y-axis, the x-axis, then what their slope is called.
            each = clamp((clock.narration.duration - 1.0) / 3, 0.6, 1.2)
            for before, after in ((self.axis_names[0], renamed[0]), (self.axis_names[1], renamed[1]),
                                  (self.slope_name, renamed_slope)):
                self.play(ReplacementTransform(before, after), run_time=each)
        self.renamed_axes, self.renamed_slope = renamed, renamed_slope
        self.generic.add(renamed, renamed_slope)

    def state_the_pattern(self) -> None:
        self.pattern = Formula(self.section.block("pattern").math, font_size=38)
        self.pattern.move_to(RIGHT * 3.4 + DOWN * 0.1)
        if self.pattern.width > 6.4:
            self.pattern.scale_to_fit_width(6.4)
        name, over, under = pattern_parts(self.pattern)
        axis_names, slope_name = self.renamed_axes, self.renamed_slope
        with self.beat("renamed:3"):
            self.describe_none("the axis names and the slope's name are highlighted as the pattern is named")
            # "invariant": whatever the axes are called, their slope is the derivative.
            self.play(Indicate(axis_names, color=theme.HIGHLIGHT), Indicate(slope_name, color=theme.TANGENT),
                      run_time=1.4)
        with self.beat("pattern") as clock:
            self.describe_none("the pattern is written as it is read")
            # Read as written: the derivative, then the y-axis change over the x-axis change.
            self.play(Write(name), run_time=max(0.8, clock.at("derivative =")))
            self.play(Write(over), Indicate(axis_names[0], color=theme.HIGHLIGHT),
                      run_time=max(1.0, clock.at("y-axis quantity")))
            self.play(Write(under), Indicate(axis_names[1], color=theme.HIGHLIGHT),
                      run_time=clock.until_end(leaving=0.3))

    def build_the_renaming_table(self) -> None:
        block = self.section.block("renaming-table")
        table = text_table(block.table, row_gap=TABLE_ROW_GAP)
        table.to_edge(UP, buff=1.05)
        header, first, *middle, last = table.get_rows()
        # Each row's sentence as the voice reads it (adaptations.toml): its cells appear as they are named.
        first_said, *rest_said = block.sentences
        with self.beat("renaming-table") as clock:
            self.describe_none("the table fills row by row as each row is read; the position, velocity and loss "
                               "rows are highlighted")
            # The pattern has been read; the table needs the whole page.
            self.play(FadeOut(self.generic, self.pattern), run_time=0.6)
            self.play(Create(table.get_horizontal_lines()), Create(table.get_vertical_lines()), run_time=0.6)
            # Each cell comes in while it is said, whole by its last word. The first sentence reads the
            # header through its first row: a column at a time as it is named.
            for column, cell in enumerate(block.table[1]):
                self.play(FadeIn(header[column]), FadeIn(first[column], shift=UP * 0.1),
                          run_time=max(0.4, clock.at(clock.cell_words(first_said, cell))))
            bands = VGroup(row_band(table, first))
            self.play(FadeIn(bands[0]), run_time=0.4)
            for row, cells, sentence in zip(middle, block.table[2:-1], rest_said):
                # "{y} against {x}: {name}": the x-axis, most often "time" and said in every row, comes in
                # on "against", halfway to the name.
                said = clock.at(clock.cell_words(sentence, cells[0]))
                self.play(FadeIn(row[0], shift=UP * 0.1), run_time=max(0.4, said))
                name = clock.cell_words(sentence, cells[2])
                self.play(FadeIn(row[1], shift=UP * 0.1), run_time=max(0.4, clock.at(name) / 2))
                self.play(FadeIn(row[2], shift=LEFT * 0.1), run_time=max(0.4, clock.at(name)))
                if row is middle[0]:  # velocity against time: the acceleration, which the ball comes to
                    bands.add(row_band(table, row))
                    self.play(FadeIn(bands[-1]), run_time=0.4)
            # The row the lecture is heading for: loss against a model parameter, lit as "the gradient" is said.
            cells, sentence = block.table[-1], rest_said[-1]
            for cell, text in zip(last[:2], cells[:2]):
                self.play(FadeIn(cell, shift=UP * 0.1), run_time=max(0.4, clock.at(clock.cell_words(sentence, text))))
            bands.add(row_band(table, last))
            self.play(FadeIn(last[2], shift=LEFT * 0.1), FadeIn(bands[-1]), run_time=clock.until_end(leaving=0.6))
            self.play(Indicate(last[2], color=theme.HIGHLIGHT), run_time=1.0)
        self.play(FadeOut(table, bands), run_time=0.8)

    def drop_the_ball(self) -> None:
        heading = Text(heading_before(self.section, "ball"), font=theme.SANS, font_size=theme.HEADING_SIZE,
                       color=theme.INK)
        heading.to_edge(LEFT, buff=0.6).shift(UP * 2.55)
        self.position_axes = themed_axes(x_range=[0, 3.3, 1], y_range=[0, 50, 10], x_length=GRAPH_WIDTH,
                                         y_length=GRAPH_HEIGHT)
        self.position_axes.to_edge(LEFT, buff=0.9).shift(DOWN * 0.35)
        axes = self.position_axes
        self.position_curve = axes.plot(POSITION, x_range=[0, DROP_SECONDS], color=theme.INK,
                                        stroke_width=theme.CURVE_WIDTH)
        names = units(axes, "s", "m")
        curve_name = graph_name(axes, POSITION, "s", DROP_SECONDS)
        self.t_slider = Slider(label="t", tracker=self.t, value_range=(0, DROP_SECONDS), length=2.4)
        self.t_slider.to_edge(RIGHT, buff=0.7).set_y(1.95)
        self.position_tangent = TangentAt(axes=axes, curve=POSITION, x=self.t, half_length=1.2)
        self.ball = FallingBall(axes=axes, position=POSITION, t=self.t, until=DROP_SECONDS, x=BALL_X)
        with self.beat("ball") as clock:
            self.describe("Axes of position in meters against time in seconds, and a t slider. A ball falls "
                          f"beside them for {DROP_SECONDS:g} seconds as the curve s of t draws up to "
                          f"{POSITION(DROP_SECONDS):g} meters.")
            self.t.set_value(0)
            self.play(FadeIn(heading, shift=DOWN * 0.1))
            # s(t) = 5t² is named as it is said, at the start: the curve then draws up to its name.
            self.play(Create(axes), FadeIn(names), FadeIn(self.ball), FadeIn(self.t_slider), FadeIn(curve_name),
                      run_time=1.2)
            # The ball falls for the slider's three seconds while its position draws s(t).
            self.add(self.position_tangent.dot)
            self.play(self.t.animate.set_value(DROP_SECONDS), Create(self.position_curve),
                      run_time=max(2.0, clock.narration.duration - 1.6), rate_func=linear)

    def take_the_velocity(self) -> None:
        axes = self.position_axes
        self.velocity_formula, self.speed_readout = self.slope_of(
            axes, POSITION, symbol="s", at=(2.9, 8), unit=r"\mathrm{m/s}", value=self.velocity_now,
            color=theme.TANGENT)
        tangent = self.position_tangent
        with self.beat("velocity:1") as clock:
            self.describe("A tangent and a velocity readout appear; t returns to 0, the formula s prime of t "
                          f"equals 10 t is written, and t moves to {START_T:g}: the readout shows "
                          f"{POSITION.deriv()(START_T):.2f}.")
            # The slope at the landing, then back to the release: 30 m/s down to a ball at rest.
            self.play(Create(tangent.line), FadeIn(self.speed_readout))
            self.play(self.t.animate.set_value(0), run_time=max(1.0, clock.narration.cues[0].end - 1.2))
            # Write s′(t) = 10t as it is said; the readout then climbs as ten times the slider's t.
            self.play(Write(self.velocity_formula), run_time=1.4)
            self.play(self.t.animate.set_value(START_T), rate_func=linear,
                      run_time=max(1.0, clock.narration.duration - clock.narration.cues[0].end - 1.6))

    def read_velocity_at_two_seconds(self) -> None:
        with self.beat("velocity:2") as clock:
            self.describe_none("t moves to the moment said, and the velocity readout is highlighted as its value "
                               "is said")
            self.play(self.t.animate.set_value(VELOCITY_T), run_time=max(1.6, clock.narration.duration - 2.8))
            self.play(Indicate(self.speed_readout.value, color=theme.TANGENT), run_time=1.2)

    def show_velocity_units(self) -> None:
        with self.beat("velocity:3"):
            self.describe(f"A triangle on the tangent at t = {VELOCITY_T:g} marks a run of 1 s and a rise of "
                          f"{POSITION.deriv()(VELOCITY_T):g} m.")
            self.position_units = unit_triangle(self.position_axes, POSITION, VELOCITY_T, "m")
            self.play(Create(self.position_units, lag_ratio=0.4), run_time=1.6)

    def take_the_acceleration(self) -> None:
        self.velocity_axes = themed_axes(x_range=[0, 3.3, 1], y_range=[0, 35, 10], x_length=GRAPH_WIDTH,
                                         y_length=GRAPH_HEIGHT)
        # Room on the right for the "t (s)" label.
        self.velocity_axes.to_edge(RIGHT, buff=1.3).match_y(self.position_axes)
        axes = self.velocity_axes
        speed = velocity(POSITION)
        line = axes.plot(speed, x_range=[0, 3.2], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        names = units(axes, "v", r"m/s")
        line_name = graph_name(axes, speed, "v", 3.2)
        self.velocity_tangent = TangentAt(axes=axes, curve=speed, x=self.t, half_length=1.2)
        derivative, self.rate_readout = self.slope_of(
            axes, speed, symbol="v", at=(3.0, 6), unit=r"\mathrm{m/s^2}", value=self.acceleration_now,
            color=theme.SECOND)
        with self.beat("acceleration:1") as clock:
            self.describe("A second graph, velocity against time, shows the straight line v of t equals 10 t, "
                          f"with its tangent at t = {VELOCITY_T:g}. A light runs along the line, then v prime of t "
                          f"equals 10 is written and a readout shows {POSITION.deriv(2)(VELOCITY_T):.2f}.")
            self.play(Create(axes), FadeIn(names), run_time=1.0)
            # v(t) = 10t is the velocity just found: the formula carries over to name the new graph.
            self.play(Create(line), TransformFromCopy(self.velocity_formula, line_name), run_time=1.4)
            # "slope of velocity vs time": the tangent to the velocity graph.
            self.play(FadeIn(self.velocity_tangent.dot, scale=0.5), Create(self.velocity_tangent.line),
                      run_time=max(1.0, clock.until_cue(2)))
            # "apply the formula again to v(t) = 10t": the graph it is applied to, lit along its length.
            self.play(Indicate(line_name, color=theme.SECOND),
                      ShowPassingFlash(line.copy().set_stroke(color=theme.HIGHLIGHT, width=12), time_width=0.5),
                      run_time=max(1.2, clock.at("= 10t")))
            # "and get v′(t) = 10": written, and read off the tangent's readout.
            self.play(Write(derivative), FadeIn(self.rate_readout), run_time=max(1.2, clock.at("v′(t) = 10")))
            self.play(Indicate(self.rate_readout.value, color=theme.SECOND), run_time=max(1.0, clock.until_end()))

    def hold_the_acceleration_constant(self) -> None:
        with self.beat("acceleration:2") as clock:
            self.describe(f"The t slider moves to {', '.join(f'{moment:g}' for moment in WANDER_T)}; the velocity "
                          "readout changes with it, while the acceleration readout stays at "
                          f"{POSITION.deriv(2)(VELOCITY_T):.2f}.")
            # t wanders; the velocity changes while the acceleration readout never moves. The
            # position's unit triangle belongs to t = 2 only.
            self.play(FadeOut(self.position_units), run_time=0.5)
            step = max(0.8, (clock.narration.duration - 1.0) / len(WANDER_T))
            for moment in WANDER_T:
                self.play(self.t.animate.set_value(moment), run_time=step, rate_func=smooth)

    def show_acceleration_units(self) -> None:
        speed = velocity(POSITION)
        with self.beat("acceleration:3"):
            self.describe("A triangle on the velocity line marks a run of 1 s and a rise of "
                          f"{POSITION.deriv(2)(START_T):g} meters per second.")
            self.velocity_units = unit_triangle(self.velocity_axes, speed, START_T, "m/s", color=theme.SECOND)
            self.play(Create(self.velocity_units, lag_ratio=0.4), run_time=1.6)

    def run_both_through_one_formula(self) -> None:
        with self.beat("same-formula:1"):
            self.describe_none("the two readouts are highlighted as the two numbers are named")
            self.play(Indicate(self.speed_readout.value, color=theme.TANGENT),
                      Indicate(self.rate_readout.value, color=theme.SECOND), run_time=1.4)
        with self.beat("same-formula:2") as clock:
            self.describe(f"Both tangents are circled; then t runs to {DROP_SECONDS:g} and both ride along their "
                          f"graphs, velocity reaching {POSITION.deriv()(DROP_SECONDS):.2f}, acceleration "
                          f"staying {POSITION.deriv(2)(DROP_SECONDS):.2f}.")
            # The unit triangle belongs to where it was drawn: it goes before the tangents ride on.
            self.play(Circumscribe(self.position_tangent.line, color=theme.TANGENT),
                      Circumscribe(self.velocity_tangent.line, color=theme.TANGENT),
                      FadeOut(self.velocity_units), run_time=1.8)
            # Running quietly in the background: both tangents ride on as time goes on.
            self.play(self.t.animate.set_value(DROP_SECONDS), run_time=max(1.5, clock.narration.duration - 2.3),
                      rate_func=linear)
        self.wait(1.0)

    def slope_of(self, axes: Axes, graph: Polynomial, *, symbol: str, at: tuple[float, float], unit: str,
                 value: Callable[[], float], color: ManimColor) -> tuple[MathTex, Readout]:
        """The graph's derivative as a formula (right-aligned at ``at``) and as a live readout in its top-left corner."""
        formula = label(rf"{symbol}'(t) = {polynomial_tex(graph.deriv(), variable='t')}", color)
        formula.move_to(axes.c2p(*at), aligned_edge=RIGHT)
        readout = Readout(label=f"${symbol}'(t)$ in ${unit}$", value=value, color=color, width=READOUT_WIDTH)
        readout.move_to(axes.c2p(READOUT_INSET, axes.y_range[1]), aligned_edge=UL).shift(DOWN * READOUT_DROP)
        return formula, readout


def pattern_parts(pattern: Formula) -> tuple[VGroup, VGroup, VGroup]:
    """The pattern's ``derivative =``, its numerator with the fraction bar, and its denominator, by where they sit."""
    bar = pattern.fraction_bars()[0]
    glyphs = [glyph for glyph in pattern.glyphs() if glyph is not bar]
    name = VGroup(*(glyph for glyph in glyphs if glyph.get_x() < bar.get_left()[0]))
    over = VGroup(bar, *(glyph for glyph in glyphs if glyph.get_x() >= bar.get_left()[0] and glyph.get_y() > bar.get_y()))
    under = VGroup(*(glyph for glyph in glyphs if glyph.get_x() >= bar.get_left()[0] and glyph.get_y() < bar.get_y()))
    return name, over, under



def graph_name(axes: Axes, graph: Polynomial, symbol: str, end: float) -> MathTex:
    """``s(t) = 5t²`` left of the graph's end, raised so that its corner stays clear of the curve."""
    name = label(rf"{symbol}(t) = {polynomial_tex(graph, variable='t')}")
    return name.next_to(axes.c2p(end, float(graph(end))), LEFT, buff=0.15).shift(UP * 0.2)


def units(axes: Axes, quantity: str, unit: str) -> VGroup:
    """Axis names with their units: ``t (s)`` along, ``s (m)`` up."""
    along = words("$t$ (s)").next_to(axes.x_axis, RIGHT, buff=0.12)
    up = words(f"${quantity}$ ({unit})").next_to(axes.y_axis, UP, buff=0.12)
    return VGroup(along, up)


def unit_triangle(axes: Axes, curve: Polynomial, t: float, unit: str, color: ManimColor = theme.TANGENT) -> VGroup:
    """The tangent's rise over one second of run (the tangent carried on, dashed), sides labelled with units."""
    slope = float(curve.deriv()(t))
    start = axes.c2p(t, float(curve(t)))
    corner = axes.c2p(t + UNIT_RUN, float(curve(t)))
    end = axes.c2p(t + UNIT_RUN, float(curve(t)) + slope * UNIT_RUN)
    run = Line(start, corner, color=theme.HIGHLIGHT, stroke_width=theme.TANGENT_WIDTH - 1)
    rise = Line(corner, end, color=color, stroke_width=theme.TANGENT_WIDTH - 1)
    along_tangent = DashedLine(start, end, dash_length=0.1, color=color, stroke_width=theme.TANGENT_WIDTH - 2)
    run_name = words(f"{UNIT_RUN:g} s", theme.HIGHLIGHT).next_to(run, DOWN, buff=0.1)
    rise_name = words(f"{slope * UNIT_RUN:g} {unit}", color).next_to(rise, RIGHT,
                                                                                                buff=0.1)
    return VGroup(along_tangent, run, rise, run_name, rise_name)



class FallingBall(VGroup):
    """The dropped ball at ``x``, fallen s(t) from its release on the position graph's own scale.

    Released level with s(``until``) on the graph and landing level with its t-axis, so the distance
    fallen is the height of the graph's point at the same t.
    """

    def __init__(self, *, axes: Axes, position: Polynomial, t: ValueTracker, until: float, x: float) -> None:
        super().__init__()
        drop = float(position(until))
        top, ground = axes.c2p(0, drop)[1], axes.c2p(0, 0)[1]
        self.path = DashedLine([x, top, 0], [x, ground, 0], dash_length=0.08, color=theme.GRID,
                               stroke_width=theme.AXIS_WIDTH)
        self.ground = Line([x - 0.35, ground, 0], [x + 0.35, ground, 0], color=theme.MUTED,
                           stroke_width=theme.AXIS_WIDTH + 1)
        self.ball = Dot([x, top, 0], radius=BALL_RADIUS, color=theme.HIGHLIGHT)
        self.ball.add_updater(lambda ball: ball.move_to(
            [self.path.get_x(), axes.c2p(0, drop - float(position(t.get_value())))[1] + BALL_RADIUS, 0]))
        self.add(self.path, self.ground, self.ball)
