"""§05 Slope in disguise: the derivative renamed by its axes, then the dropped ball's velocity and acceleration."""

from __future__ import annotations

from manim import *

from scenes.kit import (
    Formula,
    LectureScene,
    Polynomial,
    Readout,
    Slider,
    TangentAt,
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
GRAPH_WIDTH, GRAPH_HEIGHT = 4.8, 3.7
READOUT_WIDTH = 2.5
TABLE_ROW_GAP = 0.2


def velocity(position: Polynomial) -> Polynomial:
    """s′(t) from the polynomial's own derivative: 10t."""
    return position.deriv()


def acceleration(position: Polynomial) -> Polynomial:
    """v′(t) = s″(t): the derivative of the derivative, 10."""
    return position.deriv(2)


def label(tex: str, color: ManimColor = theme.INK, size: int = theme.POINT_LABEL_SIZE) -> MathTex:
    """A typeset label in the lecture's ink (or ``color``)."""
    return MathTex(tex, color=color, font_size=size)


class SlopeInDisguise(LectureScene):
    SECTION = "05"

    def construct(self) -> None:
        self.t = ValueTracker(START_T)
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
        return float(velocity(POSITION)(self.t.get_value()))

    def acceleration_now(self) -> float:
        return float(acceleration(POSITION)(self.t.get_value()))

    def show_a_slope(self) -> None:
        axes = themed_axes(x_range=[0, 3, 1], y_range=[0, 3.5, 1], x_length=4.6, y_length=3.4)
        axes.move_to(LEFT * 3.6 + DOWN * 0.1)
        self.small_axes = axes
        curve = axes.plot(GENERIC, x_range=[0, 2.9], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        tangent = TangentAt(axes=axes, curve=GENERIC, x=ValueTracker(GENERIC_X), half_length=1.2)
        self.axis_names = VGroup(label("y").next_to(axes.y_axis, UP, buff=0.15),
                                 label("x").next_to(axes.x_axis, RIGHT, buff=0.15))
        self.slope_name = label(r"\text{slope}", theme.TANGENT).next_to(tangent.line.get_end(), RIGHT, buff=0.15)
        self.generic = VGroup(axes, curve, tangent)
        with self.beat("renamed:1"):
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2))
            self.play(Create(axes), Create(curve), FadeIn(self.axis_names), run_time=1.4)
            self.play(Create(tangent.line), FadeIn(tangent.dot), FadeIn(self.slope_name))

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
        with self.beat("renamed:2"):
            self.play(ReplacementTransform(self.axis_names, renamed),
                      ReplacementTransform(self.slope_name, renamed_slope), run_time=1.2)
        self.generic.add(renamed, renamed_slope)

    def state_the_pattern(self) -> None:
        self.pattern = Formula(self.section.block("pattern").math, font_size=38)
        self.pattern.move_to(RIGHT * 3.4 + DOWN * 0.1)
        if self.pattern.width > 6.4:
            self.pattern.scale_to_fit_width(6.4)
        with self.beat("renamed:3"):
            self.play(Write(self.pattern), run_time=1.4)

    def build_the_renaming_table(self) -> None:
        table = text_table(self.section.block("renaming-table").table, row_gap=TABLE_ROW_GAP)
        table.to_edge(UP, buff=1.05)
        rows = table.get_rows()
        # Not narrated: the text's table, a renaming per row. The pattern has been read; the table
        # needs the whole page.
        self.play(FadeOut(self.generic, self.pattern))
        self.play(FadeIn(rows[0]), Create(table.get_horizontal_lines()), Create(table.get_vertical_lines()))
        for row in rows[1:]:
            self.play(FadeIn(row, shift=UP * 0.1), run_time=0.55)
        self.wait(1.0)
        bands = VGroup(*(row_band(table, row) for row in rows[1:3]))
        self.play(FadeIn(bands))
        self.wait(1.0)
        self.play(FadeOut(table, bands))

    def drop_the_ball(self) -> None:
        heading = Text(heading_before(self.section, "ball"), font=theme.SANS, font_size=theme.HEADING_SIZE,
                       color=theme.INK)
        heading.to_edge(LEFT, buff=0.6).shift(UP * 2.55)
        self.position_axes = themed_axes(x_range=[0, 3.3, 1], y_range=[0, 50, 10], x_length=GRAPH_WIDTH,
                                         y_length=GRAPH_HEIGHT)
        self.position_axes.to_edge(LEFT, buff=0.9).shift(DOWN * 0.35)
        axes = self.position_axes
        self.position_curve = axes.plot(POSITION, x_range=[0, 3.15], color=theme.INK,
                                        stroke_width=theme.CURVE_WIDTH)
        names = units(axes, "s", "m")
        curve_name = label(rf"s(t) = {polynomial_tex(POSITION, variable='t')}")
        curve_name.next_to(axes.c2p(3.15, float(POSITION(3.15))), LEFT, buff=0.2)
        self.t_slider = Slider(label="t", tracker=self.t, value_range=(0, 3), length=2.4)
        self.t_slider.to_edge(RIGHT, buff=0.7).set_y(1.95)
        with self.beat("ball"):
            self.play(FadeIn(heading, shift=DOWN * 0.1))
            self.play(Create(axes), FadeIn(names), Create(self.position_curve), FadeIn(curve_name), run_time=1.5)
            self.play(FadeIn(self.t_slider))

    def take_the_velocity(self) -> None:
        axes = self.position_axes
        self.position_tangent = TangentAt(axes=axes, curve=POSITION, x=self.t, half_length=1.2)
        derivative = label(rf"s'(t) = {polynomial_tex(velocity(POSITION), variable='t')}", theme.TANGENT)
        derivative.move_to(axes.c2p(2.9, 8), aligned_edge=RIGHT)
        self.speed_readout = Readout(label="$s'(t)$  in m/s", value=self.velocity_now, color=theme.TANGENT,
                                     width=READOUT_WIDTH)
        self.speed_readout.move_to(axes.c2p(0.15, 49), aligned_edge=UL)
        with self.beat("velocity:1"):
            self.play(FadeIn(self.position_tangent.dot, scale=0.5), Create(self.position_tangent.line))
            self.play(FadeIn(self.speed_readout), Write(derivative))
        self.velocity_formula = derivative

    def read_velocity_at_two_seconds(self) -> None:
        with self.beat("velocity:2"):
            self.play(self.t.animate.set_value(VELOCITY_T), run_time=1.6, rate_func=smooth)

    def show_velocity_units(self) -> None:
        with self.beat("velocity:3"):
            self.position_units = unit_triangle(self.position_axes, POSITION, VELOCITY_T, "m")
            self.play(FadeIn(self.position_units))

    def take_the_acceleration(self) -> None:
        self.velocity_axes = themed_axes(x_range=[0, 3.3, 1], y_range=[0, 35, 10], x_length=GRAPH_WIDTH,
                                         y_length=GRAPH_HEIGHT)
        # Room on the right for the "t (s)" label.
        self.velocity_axes.to_edge(RIGHT, buff=1.3).match_y(self.position_axes)
        axes = self.velocity_axes
        speed = velocity(POSITION)
        line = axes.plot(speed, x_range=[0, 3.2], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        names = units(axes, "v", r"m/s")
        line_name = label(rf"v(t) = {polynomial_tex(speed, variable='t')}")
        line_name.next_to(axes.c2p(3.2, float(speed(3.2))), LEFT, buff=0.25)
        self.velocity_tangent = TangentAt(axes=axes, curve=speed, x=self.t, half_length=1.2, color=theme.SECOND)
        derivative = label(rf"v'(t) = {polynomial_tex(acceleration(POSITION), variable='t')}", theme.SECOND)
        derivative.move_to(axes.c2p(3.0, 6), aligned_edge=RIGHT)
        self.rate_readout = Readout(label="$v'(t)$  in m/s²", value=self.acceleration_now, color=theme.SECOND,
                                    width=READOUT_WIDTH)
        self.rate_readout.move_to(axes.c2p(0.15, 34.3), aligned_edge=UL)
        with self.beat("acceleration:1"):
            self.play(Create(axes), FadeIn(names), Create(line), FadeIn(line_name), run_time=1.4)
            self.play(FadeIn(self.velocity_tangent.dot, scale=0.5), Create(self.velocity_tangent.line))
            self.play(FadeIn(self.rate_readout), Write(derivative))

    def hold_the_acceleration_constant(self) -> None:
        with self.beat("acceleration:2") as narration:
            # t wanders; the velocity changes while the acceleration readout never moves. The
            # position's unit triangle belongs to t = 2 only.
            self.play(FadeOut(self.position_units), run_time=0.5)
            step = max(0.8, (narration.duration - 1.0) / len(WANDER_T))
            for moment in WANDER_T:
                self.play(self.t.animate.set_value(moment), run_time=step, rate_func=smooth)

    def show_acceleration_units(self) -> None:
        speed = velocity(POSITION)
        with self.beat("acceleration:3"):
            self.velocity_units = unit_triangle(self.velocity_axes, speed, START_T, "m/s", color=theme.SECOND)
            self.play(FadeIn(self.velocity_units))

    def run_both_through_one_formula(self) -> None:
        with self.beat("same-formula:1"):
            self.play(Indicate(self.speed_readout.value, color=theme.TANGENT),
                      Indicate(self.rate_readout.value, color=theme.SECOND))
        with self.beat("same-formula:2"):
            self.play(Circumscribe(self.position_tangent.line, color=theme.TANGENT),
                      Circumscribe(self.velocity_tangent.line, color=theme.SECOND), run_time=1.5)
        self.wait(1.0)


def units(axes: Axes, quantity: str, unit: str) -> VGroup:
    """Axis names with their units: ``t (s)`` along, ``s (m)`` up."""
    along = label(r"t\ (\text{s})", size=theme.LABEL_SIZE).next_to(axes.x_axis, RIGHT, buff=0.12)
    up = label(rf"{quantity}\ (\text{{{unit}}})", size=theme.LABEL_SIZE).next_to(axes.y_axis, UP, buff=0.12)
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
    run_name = label(rf"{UNIT_RUN:g}\ \text{{s}}", theme.HIGHLIGHT, theme.LABEL_SIZE).next_to(run, DOWN, buff=0.1)
    rise_name = label(rf"{slope * UNIT_RUN:g}\ \text{{{unit}}}", color, theme.LABEL_SIZE).next_to(rise, RIGHT,
                                                                                                buff=0.1)
    return VGroup(along_tangent, run, rise, run_name, rise_name)

