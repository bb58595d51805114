"""§01 What a derivative is: the secant through P and Q collapses onto the tangent."""

from __future__ import annotations

from manim import *

from scenes.kit import (
    LectureScene,
    Polynomial,
    Readout,
    Slider,
    axis_labels,
    line_with_slope,
    secant_line,
    secant_slope,
    tangent_slope,
    theme,
    themed_axes,
)

CURVE = Polynomial([0, 0, 1])  # y = x²
START_X, START_H = 1.0, 1.0
SMALLEST_H = 0.01
FINAL_X = 3.0
SPEEDOMETER_MPH = 60
SPEEDOMETER_TOP_MPH = 120


def speedometer(mph: float) -> VGroup:
    """A dial reading ``mph``: the derivative of position on a dashboard."""
    dial = Arc(radius=1.3, start_angle=PI, angle=-PI, color=theme.MUTED, stroke_width=6)
    ticks = VGroup(
        *(
            Line(1.3 * LEFT, 1.1 * LEFT, color=theme.MUTED, stroke_width=3)
            .rotate(-PI * value / SPEEDOMETER_TOP_MPH, about_point=ORIGIN)
            for value in range(0, SPEEDOMETER_TOP_MPH + 1, 20)
        )
    )
    needle = Line(ORIGIN, 1.1 * LEFT, color=theme.SECANT, stroke_width=6).rotate(
        -PI * mph / SPEEDOMETER_TOP_MPH, about_point=ORIGIN
    )
    reading = Text(f"{mph} mph", font=theme.SANS, font_size=theme.HEADING_SIZE, color=theme.INK)
    reading.next_to(ORIGIN, DOWN, buff=0.3)
    return VGroup(dial, ticks, needle, Dot(ORIGIN, color=theme.INK), reading)


class SecantCollapse(LectureScene):
    SECTION = "01"

    def construct(self) -> None:
        self.x = ValueTracker(START_X)
        self.h = ValueTracker(START_H)
        self.ask_the_question()
        self.read_the_speedometer()
        self.show_two_points()
        self.draw_tangent_and_secant()
        self.collapse_secant()
        self.move_x()

    # The model on screen: every number below is computed from CURVE.
    def p(self) -> tuple[float, float]:
        x = self.x.get_value()
        return x, float(CURVE(x))

    def q(self) -> tuple[float, float]:
        x = self.x.get_value() + self.h.get_value()
        return x, float(CURVE(x))

    def secant(self) -> float:
        return secant_slope(CURVE, self.x.get_value(), self.h.get_value())

    def tangent(self) -> float:
        return tangent_slope(CURVE, self.x.get_value())

    def ask_the_question(self) -> None:
        self.axes = themed_axes(x_range=[-0.5, 3.5, 1], y_range=[-1, 11, 2], x_length=6.6, y_length=5.4)
        self.axes.to_edge(LEFT, buff=0.8).shift(UP * 0.1)
        self.curve = self.axes.plot(CURVE, x_range=[-0.5, 3.3], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        curve_name = MathTex("y = x^2", color=theme.INK, font_size=theme.SYMBOL_SIZE)
        curve_name.next_to(self.axes.c2p(3.3, CURVE(3.3)), LEFT, buff=0.25)
        with self.beat("question"):
            self.play(FadeIn(self.section_title(), shift=DOWN * 0.2))
            self.play(Create(self.axes), FadeIn(axis_labels(self.axes)), run_time=1.2)
            self.play(Create(self.curve), FadeIn(curve_name), run_time=1.2)

    def read_the_speedometer(self) -> None:
        dial = speedometer(SPEEDOMETER_MPH).scale(1.3).move_to(RIGHT * 3.6 + UP * 0.4)
        with self.beat("speedometer"):
            self.play(FadeIn(dial, shift=UP * 0.2))
        self.play(FadeOut(dial))

    def show_two_points(self) -> None:
        axes = self.axes
        p_dot = always_redraw(lambda: Dot(axes.c2p(*self.p()), color=theme.TANGENT, radius=0.1))
        q_dot = always_redraw(lambda: Dot(axes.c2p(*self.q()), color=theme.SECANT, radius=0.1))
        p_label = always_redraw(lambda: MathTex("P", color=theme.TANGENT, font_size=theme.SYMBOL_SIZE)
                                .next_to(p_dot, RIGHT + DOWN * 0.6, buff=0.12))
        q_label = always_redraw(lambda: MathTex("Q", color=theme.SECANT, font_size=theme.SYMBOL_SIZE)
                                .next_to(q_dot, LEFT + UP * 0.4, buff=0.12))
        self.x_slider = Slider(label="x", tracker=self.x, value_range=(0, 3))
        self.h_slider = Slider(label="h", tracker=self.h, value_range=(0, 1))
        sliders = VGroup(self.x_slider, self.h_slider).arrange(DOWN, buff=0.45, aligned_edge=RIGHT)
        sliders.to_edge(RIGHT, buff=0.7).shift(UP * 1.9)
        with self.beat("slope-at-a-point"):
            self.play(FadeIn(p_dot, p_label, q_dot, q_label))
            self.play(FadeIn(sliders, shift=LEFT * 0.2))

    def draw_tangent_and_secant(self) -> None:
        axes = self.axes
        tangent = always_redraw(lambda: line_with_slope(
            axes, *self.p(), self.tangent(), half_length=2.0, color=theme.TANGENT, stroke_width=theme.TANGENT_WIDTH))
        secant = always_redraw(lambda: secant_line(
            axes, self.p(), self.q(), reach=1.2, color=theme.SECANT, stroke_width=theme.SECANT_WIDTH))
        secant_readout = Readout(label=r"Secant slope $(P \to Q)$", value=self.secant, color=theme.SECANT)
        tangent_readout = Readout(label="Tangent slope = $f'(x)$", value=self.tangent, color=theme.TANGENT)
        readouts = VGroup(secant_readout, tangent_readout).arrange(DOWN, buff=0.3, aligned_edge=LEFT)
        readouts.next_to(VGroup(self.x_slider, self.h_slider), DOWN, buff=0.5).align_to(self.h_slider, RIGHT)
        self.bring_to_back(self.curve)
        with self.beat("tangent-and-secant:1"):
            self.play(Create(tangent), FadeIn(tangent_readout))
        with self.beat("tangent-and-secant:2"):
            self.play(Create(secant), FadeIn(secant_readout))
        self.lines = VGroup(tangent, secant)

    def collapse_secant(self) -> None:
        with self.beat("tangent-and-secant:3") as narration:
            self.play(self.h.animate.set_value(SMALLEST_H), run_time=max(3.0, narration.duration - 0.5),
                      rate_func=smooth)

    def move_x(self) -> None:
        with self.beat("collapse"):
            self.play(self.x.animate.set_value(FINAL_X), run_time=3.0, rate_func=smooth)
        self.wait(1.0)
