"""Points that ride a curve on themed axes: one with its tangent, two with their rise and run.

Each piece is built once and follows its ``ValueTracker`` through an updater,
so a scene adds only the pieces a beat needs (``FadeIn(rise_run.rise)``) and
moves the trackers. Solid segments are moved in place; only dashed lines and
the tangent (clipped to the axes) are rebuilt each frame, which for a line is
cheap; no label is re-typeset.
"""

from __future__ import annotations

from collections.abc import Callable

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    Dot,
    Line,
    ManimColor,
    MathTex,
    Polygon,
    ValueTracker,
    VGroup,
    VMobject,
)
import numpy as np
from numpy.polynomial import Polynomial

from scenes.kit import theme
from scenes.kit.calculus import tangent_slope
from scenes.kit.secants import SecantModel
from scenes.kit.graphs import line_with_slope

__all__ = ["TangentAt", "RiseRun"]

# A zero-length line has no direction: keep every segment a hair long.
_HAIR = 1e-4


def _follow(mobject: VMobject, place: Callable[[VMobject], object]) -> VMobject:
    """Attach ``place`` as an updater and run it once so the mobject starts in place."""
    mobject.add_updater(place)
    place(mobject)
    return mobject


def _rebuild(mobject: VMobject, fresh: VMobject) -> VMobject:
    """Take the fresh shape but keep the current stroke colour and opacity.

    Manim runs updaters during animations too, so a plain ``become`` would undo a
    fade or a colour change in progress. (``match_style`` is no help for dashed
    lines: it pairs up dashes of two different counts.)
    """
    fresh.set_stroke(color=mobject.get_stroke_color(), opacity=mobject.get_stroke_opacity())
    return mobject.become(fresh)


def _label(tex: str, color: ManimColor) -> MathTex:
    return MathTex(tex, color=color, font_size=theme.POINT_LABEL_SIZE)


class TangentAt(VGroup):
    """A dot on ``curve`` at ``x`` and the tangent line through it, following the tracker."""

    def __init__(self, *, axes: Axes, curve: Polynomial, x: ValueTracker, half_length: float = 1.6,
                 color: ManimColor = theme.TANGENT) -> None:
        super().__init__()
        self.axes, self.curve, self.x = axes, curve, x
        self.line = _follow(Line(color=color, stroke_width=theme.TANGENT_WIDTH), lambda line: _rebuild(
            line, line_with_slope(axes, *self.point(), self.slope(), half_length=half_length)))
        self.dot = _follow(Dot(color=color, radius=0.09), lambda dot: dot.move_to(axes.c2p(*self.point())))
        self.add(self.line, self.dot)

    def point(self) -> tuple[float, float]:
        x = self.x.get_value()
        return x, float(self.curve(x))

    def slope(self) -> float:
        return tangent_slope(self.curve, self.x.get_value())


class RiseRun(VGroup):
    """P and Q of a ``SecantModel`` on its axes, with the pieces of rise over run between them.

    Attributes (each follows the trackers; add only those a beat shows):
    ``p``, ``q`` dots; ``p_height``, ``q_height`` the drops to the x-axis;
    ``run`` and ``rise`` the triangle's legs; ``triangle`` its light fill;
    ``hypotenuse`` the secant between P and Q; ``p_height_label``,
    ``q_height_label``, ``run_label``, ``rise_label`` their names; ``p_name``,
    ``q_name`` the points' letters.
    """

    def __init__(self, *, axes: Axes, model: SecantModel, run_name: str = r"\text{run} = h",
                 rise_name: str = r"\text{rise}", p_height_name: str = "f(x)", q_height_name: str = "f(x+h)") -> None:
        super().__init__()
        self.axes = axes
        c2p = axes.c2p
        # Closures over the model's own methods, not attributes: copies of the pieces stay light.
        p_point, q_point = model.p, model.q

        self.triangle = _follow(
            Polygon(ORIGIN, RIGHT, UP, stroke_width=0, fill_color=theme.HIGHLIGHT, fill_opacity=0.16),
            lambda shape: shape.set_points_as_corners(
                [c2p(*p_point()), c2p(q_point()[0], p_point()[1]), c2p(*q_point()),
                 c2p(*p_point())]))
        self.triangle.set_z_index(theme.BEHIND)  # a light fill under the lines it shades
        self.p_height = _follow(_dashed(theme.TANGENT), lambda line: _rebuild(
            line, _dashed(theme.TANGENT, c2p(p_point()[0], 0), c2p(*p_point()))))
        # Q's height is dropped from the curve to the axis, so ``Create`` draws it downward.
        self.q_height = _follow(_dashed(theme.SECANT), lambda line: _rebuild(
            line, _dashed(theme.SECANT, c2p(*q_point()), c2p(q_point()[0], 0))))
        self.run = _follow(Line(color=theme.HIGHLIGHT, stroke_width=theme.TANGENT_WIDTH), lambda line:
                           line.put_start_and_end_on(c2p(*p_point()),
                                                     c2p(q_point()[0], p_point()[1]) + _HAIR * RIGHT))
        self.rise = _follow(Line(color=theme.SECOND, stroke_width=theme.TANGENT_WIDTH), lambda line:
                            line.put_start_and_end_on(c2p(q_point()[0], p_point()[1]),
                                                      c2p(*q_point()) + _HAIR * UP))
        # Dashed coral, as the secant is everywhere (the page's style).
        self.hypotenuse = _follow(_dashed_secant(), lambda line: _rebuild(
            line, _dashed_secant(c2p(*p_point()), c2p(*q_point()))))
        self.p = _follow(Dot(color=theme.TANGENT, radius=0.09), lambda dot: dot.move_to(c2p(*p_point())))
        self.q = _follow(Dot(color=theme.SECANT, radius=0.09), lambda dot: dot.move_to(c2p(*q_point())))

        # Labels sit where the figure leaves room: P's height at the top of its drop, up and left of P
        # (lower down, a rising curve runs into it on the left and the run's label on the right),
        # Q's height beside its drop, the run under its leg, the rise beside its leg.
        self.p_height_label = _follow(_label(p_height_name, theme.TANGENT), lambda label: label.next_to(
            c2p(*p_point()), LEFT + UP * 0.35, buff=0.15))
        self.q_height_label = _follow(_label(q_height_name, theme.SECANT), lambda label: label.next_to(
            c2p(q_point()[0], p_point()[1] / 2), RIGHT, buff=0.12))
        self.run_label = _follow(_label(run_name, theme.HIGHLIGHT), lambda label: label.next_to(
            self.run, DOWN, buff=0.1))
        self.rise_label = _follow(_label(rise_name, theme.SECOND), lambda label: label.next_to(
            self.rise, RIGHT, buff=0.12))
        # The points' names above-left of their dots, over a rising curve and clear of the run below.
        self.p_name = _follow(_label("P", theme.TANGENT), lambda label: label.next_to(
            self.p, LEFT + UP * 0.4, buff=0.1))
        self.q_name = _follow(_label("Q", theme.SECANT), lambda label: label.next_to(
            self.q, LEFT + UP * 0.4, buff=0.1))

        self.add(self.triangle, self.p_height, self.q_height, self.hypotenuse, self.run, self.rise,
                 self.p, self.q, self.p_height_label, self.q_height_label, self.run_label, self.rise_label,
                 self.p_name, self.q_name)


def _dashed_secant(start: np.ndarray = ORIGIN, end: np.ndarray = UP) -> DashedLine:
    return DashedLine(start, end + _HAIR * UP, dash_length=theme.SECANT_DASH, color=theme.SECANT,
                      stroke_width=theme.SECANT_WIDTH)


def _dashed(color: ManimColor, start: np.ndarray = ORIGIN, end: np.ndarray = UP) -> DashedLine:
    return DashedLine(start, end + _HAIR * UP, dash_length=0.1, color=color, stroke_width=theme.AXIS_WIDTH + 1.5)
