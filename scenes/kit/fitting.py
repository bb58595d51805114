"""A line fitted to data, drawn live: the dots, ŷ = w·x + b from two trackers, the residuals."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import Animation, Create, DashedLine, Dot, ManimColor, MoveToTarget, ValueTracker, VGroup, always_redraw

from scenes.kit import theme
from scenes.kit.graphs import axis_labels, line_with_slope, themed_axes
from scenes.kit.layout import intended_overlap
from scenes.kit.learning import LinearData

__all__ = ["FitPlot"]

NUMBER_HALO = 6  # the paper-coloured stroke behind a tick number, where the line passes behind it


class FitPlot(VGroup):
    """Data as black dots and the model's line following ``w`` and ``b``.

    ``residuals`` (not shown until a scene adds it) draws each point's miss ŷᵢ − yᵢ as a dashed
    coral segment.
    """

    def __init__(self, *, data: LinearData, w: ValueTracker, b: ValueTracker, x_range: Sequence[float],
                 y_range: Sequence[float], x_length: float, y_length: float, names: tuple[str, str] = ("x", "y"),
                 line_color: ManimColor = theme.TANGENT) -> None:
        super().__init__()
        self.data, self.w, self.b = data, w, b
        self.axes = themed_axes(x_range=x_range, y_range=y_range, x_length=x_length, y_length=y_length)
        self.numbers = self._numbers_over_the_line()
        self.labels = axis_labels(self.axes, x_name=names[0], y_name=names[1])
        self.dots = VGroup(*(Dot(self.axes.c2p(x, y), color=theme.DATA, radius=0.08)
                             for x, y in zip(data.x, data.y)))
        # Long enough to cross any plot; line_with_slope clips it to the axes.
        span = 4 * (x_length + y_length)
        self.line = always_redraw(lambda: line_with_slope(
            self.axes, 0.0, self.b.get_value(), self.w.get_value(), half_length=span,
            color=line_color, stroke_width=theme.CURVE_WIDTH))
        self.residuals = always_redraw(self._residual_lines)
        intended_overlap(self.numbers, self.line, self.residuals)
        self.add(self.axes, self.labels, self.line, self.numbers, self.dots)

    def _numbers_over_the_line(self) -> VGroup:
        """The tick numbers beside their ticks, painted over the moving line and the residuals.

        On axes that cross inside the plot the line runs past the numbers: each is painted after it,
        on a halo of paper, so the line passes behind it and it stays legible. The numbers stay in
        their axes too (drawing the axes draws them); Manim paints a mobject held twice once, at its
        last place in the plot, after the line.
        """
        numbers = VGroup(self.axes.x_axis.numbers, self.axes.y_axis.numbers)
        numbers.set_stroke(theme.PAPER, width=NUMBER_HALO, background=True)
        return numbers

    def thumbnail(self, *, scale: float, at: Sequence[float]) -> Animation:
        """Shrink the plot into a small picture centred at ``at`` (x, y); its numbers and names (too small) fade."""
        self.generate_target()
        self.target.scale(scale).move_to([at[0], at[1], 0.0])
        for text in (self.target.axes.x_axis.numbers, self.target.axes.y_axis.numbers, self.target.labels):
            text.set_opacity(0)
        return MoveToTarget(self)

    def reveal_residuals(self, animation: type[Animation] = Create) -> Animation:
        """Draw the residuals where they are now: an animation shows its mobject as last redrawn."""
        self.residuals.update()
        return animation(self.residuals)

    def _residual_lines(self) -> VGroup:
        # A miss past the plot's top or bottom is cut at its edge, where the line leaves the plot too.
        low, high = self.axes.y_range[0], self.axes.y_range[1]
        predictions = np.clip(self.data.predict(self.w.get_value(), self.b.get_value()), low, high)
        return VGroup(*(
            DashedLine(self.axes.c2p(x, y), self.axes.c2p(x, prediction), dash_length=0.08,
                       color=theme.SECANT, stroke_width=theme.SECANT_WIDTH - 1)
            for x, y, prediction in zip(self.data.x, self.data.y, predictions)
            if abs(prediction - y) > 1e-9
        ))
