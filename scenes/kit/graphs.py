"""Themed axes and the lines the calculus chapters draw on them."""

from __future__ import annotations

import numpy as np
from manim import Axes, DashedLine, Line, MathTex, VGroup

from scenes.kit import theme

__all__ = ["themed_axes", "axis_labels", "line_with_slope", "secant_line"]


def themed_axes(*, x_range, y_range, x_length: float, y_length: float) -> Axes:
    """Axes in the lecture's muted ink, with tick numbers and no arrow tips."""
    return Axes(
        x_range=x_range,
        y_range=y_range,
        x_length=x_length,
        y_length=y_length,
        tips=False,
        axis_config={
            "color": theme.MUTED,
            "stroke_width": theme.AXIS_WIDTH,
            "include_numbers": True,
            "font_size": theme.SMALL_SIZE,
            "decimal_number_config": {"color": theme.MUTED, "num_decimal_places": 0},
        },
    )


def axis_labels(axes: Axes, *, x_name: str = "x", y_name: str = "y") -> VGroup:
    """The axes' names, typeset, just past the ends of the axes."""
    return axes.get_axis_labels(
        MathTex(x_name, color=theme.INK, font_size=theme.AXIS_LABEL_SIZE),
        MathTex(y_name, color=theme.INK, font_size=theme.AXIS_LABEL_SIZE),
    )


def _unit_direction(axes: Axes, slope: float) -> np.ndarray:
    direction = axes.c2p(1, slope) - axes.c2p(0, 0)
    return direction / np.linalg.norm(direction)


def _clipped_to_axes(axes: Axes, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The part of the segment start→end (scene points) inside the axes' ranges."""
    (x0, y0), (x1, y1) = axes.p2c(start)[:2], axes.p2c(end)[:2]
    low, high = 0.0, 1.0
    for origin, delta, lower, upper in (
        (x0, x1 - x0, axes.x_range[0], axes.x_range[1]),
        (y0, y1 - y0, axes.y_range[0], axes.y_range[1]),
    ):
        if abs(delta) < 1e-12:
            continue
        t_lower, t_upper = sorted(((lower - origin) / delta, (upper - origin) / delta))
        low, high = max(low, t_lower), min(high, t_upper)
    high = max(high, low + 1e-6)
    return start + low * (end - start), start + high * (end - start)


def line_with_slope(axes: Axes, x: float, y: float, slope: float, *, half_length: float, **style) -> Line:
    """A line through (x, y) with the given slope, of fixed on-screen length, kept inside the axes."""
    centre = axes.c2p(x, y)
    direction = _unit_direction(axes, slope)
    return Line(*_clipped_to_axes(axes, centre - half_length * direction, centre + half_length * direction), **style)


def secant_line(axes: Axes, start: tuple[float, float], end: tuple[float, float], *, reach: float,
                **style) -> DashedLine:
    """The dashed line through two points, reaching past them, kept inside the axes."""
    p, q = axes.c2p(*start), axes.c2p(*end)
    direction = (q - p) / max(np.linalg.norm(q - p), 1e-9)
    span = max(np.linalg.norm(q - p) + reach, 2 * reach)
    return DashedLine(*_clipped_to_axes(axes, p - reach * direction, p + span * direction),
                      dash_length=theme.SECANT_DASH, **style)
