"""The parameters w and b of ŷ = w·x + b on screen: sliders, readouts, the loss bowl over them (§07, §08)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

import numpy as np
from manim import DOWN, RIGHT, Dot, ManimColor, ValueTracker, VGroup

from scenes.kit import theme
from scenes.kit.fitting import FitPlot
from scenes.kit.learning import LinearData
from scenes.kit.surfaces import DescentPath, SurfaceScene, graph_surface, surface_axes, surface_axis_labels
from scenes.kit.widgets import Readout, Slider, SliderValue

__all__ = ["LossBowl", "ParameterReadouts", "ParameterScene", "ParameterSliders"]

Loss = Callable[[float, float], float]


class LossBowl(VGroup):
    """Axes over (w, b, L), their names and the loss surface: pin it, then show ``axes``, ``names``, ``surface``.

    The scene makes ``names`` face the camera and adds each part when its beat comes.
    """

    def __init__(self, *, loss: Loss, w_range: Sequence[float], b_range: Sequence[float],
                 z_range: Sequence[float], lengths: Sequence[float], resolution: int = 16,
                 b_name_aside: bool = False, b_toward_viewer: bool = False) -> None:
        super().__init__()
        self.loss = loss
        x_length, y_length, z_length = lengths
        self.axes = surface_axes(x_range=[*w_range, 1], y_range=[*b_range, 1], z_range=z_range, x_length=x_length,
                                 y_length=y_length, z_length=z_length)
        if b_toward_viewer:
            # b grows toward the viewer, w still to the right: a lower point further along b is then nearer,
            # so it also shows lower on screen (seen from above, a farther point shows higher).
            self.axes.stretch(-1, 1)
        # Further out than the kit's default: a descent and its ball pass close by the b axis's end.
        self.names = surface_axis_labels(self.axes, names=("w", "b", "L"), buff=0.55)
        if b_name_aside:
            # A descent that starts high on the far side crosses the name past the b axis's end: set it
            # aside, off the w < 0 side, where no descent goes.
            self.names[1].shift(-0.7 * self.axes.x_axis.get_unit_vector())
        self.surface = graph_surface(self.axes, loss, x_range=w_range, y_range=b_range, resolution=resolution)
        if b_toward_viewer:
            for face in self.surface:
                face.reverse_points()  # the mirror turned each face's outline round: its lit side up again
        self.add(self.axes, self.names, self.surface)

    def on_surface(self, w: float, b: float) -> np.ndarray:
        """The scene point of (w, b, L(w, b))."""
        return self.axes.c2p(w, b, float(self.loss(w, b)))

    def bottom(self, *, at: Sequence[float], color: ManimColor = theme.TANGENT) -> Dot:
        """A dot at the lowest point ``at`` (make it once the camera has turned: a still dot stays as it was made)."""
        return Dot(self.on_surface(*at), radius=0.08, color=color)

    def ball(self, *, w: SliderValue, b: SliderValue) -> Dot:
        """The model on the surface: a ball at (w, b, L(w, b)) that follows the trackers."""
        ball = Dot(radius=0.09, color=theme.INK)
        ball.add_updater(lambda dot: dot.move_to(self.on_surface(w.get_value(), b.get_value())))
        return ball


class ParameterSliders(VGroup):
    """The page's two sliders, w above b, in the parameters' colours."""

    def __init__(self, *, w: SliderValue, b: SliderValue, w_range: tuple[float, float],
                 b_range: tuple[float, float], buff: float = 0.4) -> None:
        super().__init__(
            Slider(label="w", tracker=w, value_range=w_range, color=theme.WEIGHT),
            Slider(label="b", tracker=b, value_range=b_range, color=theme.BIAS),
        )
        self.arrange(DOWN, buff=buff, aligned_edge=RIGHT)


class ParameterReadouts(VGroup):
    """w, b and the loss there, side by side, each following the trackers."""

    def __init__(self, *, w: SliderValue, b: SliderValue, loss: Loss, loss_label: str, width: float,
                 loss_width: float | None = None, buff: float = 0.2) -> None:
        super().__init__(
            Readout(label="$w$", value=w.shown, color=theme.WEIGHT, width=width),
            Readout(label="$b$", value=b.shown, color=theme.BIAS, width=width),
            Readout(label=loss_label, value=lambda: float(loss(w.shown(), b.shown())),
                    width=width if loss_width is None else loss_width),
        )
        self.arrange(RIGHT, buff=buff)


class ParameterScene(SurfaceScene):
    """A chapter about ŷ = w·x + b: trackers ``w`` and ``b`` that everything on screen follows.

    Sliders, the fitted line, readouts and the ball on a loss bowl all read the two trackers; a
    descent moves the ball by steering them (``follow``).
    """

    FIRST_PARAMETERS: ClassVar[tuple[float, float]] = (0.0, 0.0)  # (w, b) as the chapter opens

    def setup(self) -> None:
        super().setup()
        self.w = SliderValue(self.FIRST_PARAMETERS[0])
        self.b = SliderValue(self.FIRST_PARAMETERS[1])

    def parameter_sliders(self, *, w_range: tuple[float, float], b_range: tuple[float, float]) -> ParameterSliders:
        """The page's w and b sliders on the trackers."""
        return ParameterSliders(w=self.w, b=self.b, w_range=w_range, b_range=b_range)

    def parameter_readouts(self, *, loss: Loss, loss_label: str, width: float, loss_width: float | None = None
                 ) -> ParameterReadouts:
        """w, b and the loss there, following the trackers."""
        return ParameterReadouts(w=self.w, b=self.b, loss=loss, loss_label=loss_label, width=width,
                                 loss_width=loss_width)

    def fit_plot(self, data: LinearData, *, x_range: Sequence[float], y_range: Sequence[float],
                 size: tuple[float, float], at: tuple[float, float]) -> FitPlot:
        """The data and the trackers' line, centred at ``at``, fixed in the frame (an animation adds them)."""
        plot = FitPlot(data=data, w=self.w, b=self.b, x_range=x_range, y_range=y_range, x_length=size[0],
                       y_length=size[1])
        self.overlay(plot.move_to([at[0], at[1], 0.0]), plot.residuals)
        return plot

    def place_bowl(self, bowl: LossBowl, *, anchor: Sequence[float], at: Sequence[float]) -> LossBowl:
        """Pin the bowl so its point ``anchor`` (w, b, L) shows at the screen point ``at``, names upright."""
        self.face_camera(*bowl.names)
        self.pin(bowl, anchor=lambda: bowl.axes.c2p(*anchor), at=at)
        return bowl

    def place_bowl_with_readouts(self, bowl: LossBowl, *, anchor: Sequence[float], at: Sequence[float],
                                 loss_label: str, width: float, loss_width: float, readouts_y: float
                                 ) -> tuple[LossBowl, ParameterReadouts]:
        """The bowl pinned (``place_bowl``) and w, b and its loss read out in the column at ``readouts_y``."""
        self.place_bowl(bowl, anchor=anchor, at=at)
        readouts = self.parameter_readouts(loss=bowl.loss, loss_label=loss_label, width=width, loss_width=loss_width)
        self.column(readouts, y=readouts_y)
        return bowl, readouts

    def raise_bowl(self, bowl: LossBowl, *, phi: float, theta: float,
                   turn_time: float | Callable[[], float] = 2.0) -> None:
        """Draw the bowl's axes and surface, then turn the camera to (phi, theta) degrees (``raise_surface``)."""
        self.raise_surface(axes=bowl.axes, names=bowl.names, surface=bowl.surface, phi=phi, theta=theta,
                           turn_time=turn_time)

    def mark(self, bowl: LossBowl, *, at: Sequence[float], color: ManimColor = theme.TANGENT) -> Dot:
        """A dot on the surface at (w, b), upright (mark once the camera has turned: it stays as made)."""
        dot = bowl.bottom(at=at, color=color)
        self.face_camera(dot)
        return dot

    def model_ball(self, bowl: LossBowl) -> Dot:
        """The ball at the trackers' (w, b) on the bowl, upright."""
        ball = bowl.ball(w=self.w, b=self.b)
        self.face_camera(ball)
        return ball

    def descent_on(self, bowl: LossBowl, path: np.ndarray, *, color: ManimColor) -> DescentPath:
        """A descent's trail over the bowl, its progress at 0; the model ball shows where it is (``follow``)."""
        descent = DescentPath(axes=bowl.axes, f=bowl.loss, path=path, progress=ValueTracker(0), color=color)
        descent.ball.set_opacity(0)
        return descent

    def turn_knobs(self, *settings: tuple[float | None, float | None], run_time: float) -> None:
        """Move (w, b) through the settings in turn, each in an equal share of ``run_time``; None keeps a knob."""
        for w, b in settings:
            moves = [tracker.animate.set_value(value) for tracker, value in ((self.w, w), (self.b, b))
                     if value is not None]
            self.play(*moves, run_time=run_time / len(settings))

    def follow(self, descent: DescentPath) -> None:
        """The trackers (so the ball, the line and the readouts) follow a descent."""
        self.stop_following()
        descent.steer(w=self.w, b=self.b)
        self.add(self.w, self.b)

    def stop_following(self) -> None:
        self.w.clear_updaters()
        self.b.clear_updaters()
