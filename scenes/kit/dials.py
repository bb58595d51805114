"""A volume knob that follows a tracker, and a signal trace that follows a function of time."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    DEGREES,
    ORIGIN,
    Axes,
    Circle,
    Dot,
    Line,
    MathTex,
    ManimColor,
    ValueTracker,
    VGroup,
    VMobject,
)

from scenes.kit import theme
from scenes.kit.calculus import clamp

__all__ = ["Knob", "SignalTrace"]

# The knob turns through 270°, from lower left (lowest value) over the top to lower right.
_LOWEST_ANGLE = 225 * DEGREES
_SWEEP = 270 * DEGREES


class Knob(VGroup):
    """A round knob whose pointer shows a tracker's value within ``value_range``.

    With ``numbered``, each tick carries its value outside the rim, as a speedometer's dial does.
    """

    def __init__(self, *, tracker: ValueTracker, value_range: tuple[float, float], radius: float = 0.8,
                 ticks: int = 11, numbered: bool = False, color: ManimColor = theme.HIGHLIGHT) -> None:
        super().__init__()
        self.tracker, self.value_range, self.radius = tracker, value_range, radius
        self.face = Circle(radius=radius, fill_color=theme.PANEL, fill_opacity=1, stroke_color=theme.INK,
                           stroke_width=3)
        self.ticks = VGroup(*(
            Line(ORIGIN, 0.14 * _direction(angle), color=theme.MUTED, stroke_width=2).shift(
                (radius + 0.08) * _direction(angle))
            for angle in np.linspace(_LOWEST_ANGLE, _LOWEST_ANGLE - _SWEEP, ticks)
        ))
        self.pointer = Line(ORIGIN, 0.8 * radius * _direction(self.angle()), color=color, stroke_width=7)
        self.hub = Dot(ORIGIN, radius=0.09, color=theme.INK)
        self.add(self.face, self.ticks, self.pointer, self.hub)
        if numbered:
            low, high = value_range
            self.numbers = VGroup()
            for value, angle in zip(np.linspace(low, high, ticks),
                                    np.linspace(_LOWEST_ANGLE, _LOWEST_ANGLE - _SWEEP, ticks)):
                number = MathTex(f"{value:g}", font_size=theme.AXIS_LABEL_SIZE, color=theme.MUTED)
                direction = _direction(angle)
                # Clear of the tick's outer end by a gap, whichever way the number's box faces the rim.
                reach = abs(direction[0]) * number.width / 2 + abs(direction[1]) * number.height / 2
                self.numbers.add(number.move_to((radius + 0.22 + 0.14 + reach) * direction))
            self.add(self.numbers)
        self.pointer.add_updater(lambda pointer: pointer.put_start_and_end_on(
            self.face.get_center(), self.face.get_center() + 0.8 * self.face.width / 2 * _direction(self.angle())))

    def angle(self) -> float:
        """The pointer's angle for the tracker's value (clamped to the dial)."""
        low, high = self.value_range
        fraction = clamp((self.tracker.get_value() - low) / (high - low), 0.0, 1.0)
        return _LOWEST_ANGLE - fraction * _SWEEP


def _direction(angle: float) -> np.ndarray:
    return np.array([np.cos(angle), np.sin(angle), 0.0])


class SignalTrace(VMobject):
    """The graph of ``signal(t)`` over the axes' t-range, redrawn each frame from numpy samples.

    Cheaper than ``always_redraw(axes.plot(...))``: one vectorised call and a polyline.
    """

    def __init__(self, *, axes: Axes, signal: Callable[[np.ndarray], np.ndarray], samples: int = 160,
                 color: ManimColor = theme.TANGENT, stroke_width: float = theme.CURVE_WIDTH - 1) -> None:
        super().__init__(color=color, stroke_width=stroke_width)
        t = np.linspace(axes.x_range[0], axes.x_range[1], samples)
        low, high = axes.y_range[0], axes.y_range[1]

        # A closure, not attributes: copies (FadeIn makes them) must not deep-copy a scene's bound method.
        def redraw(trace: VMobject) -> None:
            values = np.clip(np.asarray(signal(t), dtype=float), low, high)
            trace.set_points_as_corners(np.asarray(axes.c2p(t, values)).T)

        redraw(self)
        self.add_updater(redraw)
