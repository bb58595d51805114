"""The parameters w and b of ŷ = w·x + b on screen: sliders, readouts, the loss bowl over them (§07, §08)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from manim import DOWN, RIGHT, Dot, ManimColor, ValueTracker, VGroup

from scenes.kit import theme
from scenes.kit.surfaces import graph_surface, surface_axes, surface_axis_labels
from scenes.kit.widgets import Readout, Slider

__all__ = ["LossBowl", "ParameterReadouts", "ParameterSliders"]

Loss = Callable[[float, float], float]


class LossBowl(VGroup):
    """Axes over (w, b, L), their names and the loss surface: pin it, then show ``axes``, ``names``, ``surface``.

    The scene makes ``names`` face the camera and adds each part when its beat comes.
    """

    def __init__(self, *, loss: Loss, w_range: Sequence[float], b_range: Sequence[float],
                 z_range: Sequence[float], lengths: Sequence[float], resolution: int = 16) -> None:
        super().__init__()
        self.loss = loss
        x_length, y_length, z_length = lengths
        self.axes = surface_axes(x_range=[*w_range, 1], y_range=[*b_range, 1], z_range=z_range, x_length=x_length,
                                 y_length=y_length, z_length=z_length)
        self.names = surface_axis_labels(self.axes, names=("w", "b", "L"))
        self.surface = graph_surface(self.axes, loss, x_range=w_range, y_range=b_range, resolution=resolution)
        self.add(self.axes, self.names, self.surface)

    def on_surface(self, w: float, b: float) -> np.ndarray:
        """The scene point of (w, b, L(w, b))."""
        return self.axes.c2p(w, b, float(self.loss(w, b)))

    def bottom(self, *, at: Sequence[float], color: ManimColor = theme.TANGENT) -> Dot:
        """A dot at the lowest point ``at`` (make it once the camera has turned: a still dot stays as it was made)."""
        return Dot(self.on_surface(*at), radius=0.08, color=color)


class ParameterSliders(VGroup):
    """The page's two sliders, w above b, in the parameters' colours."""

    def __init__(self, *, w: ValueTracker, b: ValueTracker, w_range: tuple[float, float],
                 b_range: tuple[float, float], buff: float = 0.4) -> None:
        super().__init__(
            Slider(label="w", tracker=w, value_range=w_range, color=theme.WEIGHT),
            Slider(label="b", tracker=b, value_range=b_range, color=theme.BIAS),
        )
        self.arrange(DOWN, buff=buff, aligned_edge=RIGHT)


class ParameterReadouts(VGroup):
    """w, b and the loss there, side by side, each following the trackers."""

    def __init__(self, *, w: ValueTracker, b: ValueTracker, loss: Loss, loss_label: str, width: float,
                 loss_width: float | None = None, buff: float = 0.2) -> None:
        super().__init__(
            Readout(label="$w$", value=w.get_value, color=theme.WEIGHT, width=width),
            Readout(label="$b$", value=b.get_value, color=theme.BIAS, width=width),
            Readout(label=loss_label, value=lambda: float(loss(w.get_value(), b.get_value())),
                    width=width if loss_width is None else loss_width),
        )
        self.arrange(RIGHT, buff=buff)
