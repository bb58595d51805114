"""On-screen stand-ins for the page's sliders and readout boxes."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from manim import (
    LEFT,
    RIGHT,
    UP,
    DecimalNumber,
    Dot,
    Line,
    ManimColor,
    MathTex,
    RoundedRectangle,
    ValueTracker,
    VGroup,
)

from scenes.kit import theme
from scenes.kit.calculus import clamp
from scenes.kit.typeset import MixedLabel, baseline, line_extent

__all__ = ["Slider", "Readout"]


def _follow(number: DecimalNumber, value: Callable[[], float]) -> None:
    """Keep ``number`` showing ``value()``, retypesetting only when what it shows changes (~30 ms a time)."""

    def update(mobject: DecimalNumber) -> None:
        new, places = value(), mobject.num_decimal_places
        if round(new, places) != round(mobject.get_value(), places):
            mobject.set_value(new)

    number.add_updater(update)


class Slider(VGroup):
    """A labelled track whose knob and value follow a ``ValueTracker``."""

    def __init__(
        self,
        *,
        label: str,
        tracker: ValueTracker,
        value_range: tuple[float, float],
        length: float = 3.2,
        decimals: int = 2,
        color: ManimColor = theme.HIGHLIGHT,
    ) -> None:
        super().__init__()
        self.tracker = tracker
        self.value_range = value_range
        self.label = MathTex(label, color=theme.INK, font_size=theme.LARGE_SYMBOL_SIZE)
        self.track = Line(LEFT * length / 2, RIGHT * length / 2, color=theme.GRID, stroke_width=theme.TRACK_WIDTH)
        self.fill = Line(self.track.get_start(), self.track.get_start(), color=color, stroke_width=theme.TRACK_WIDTH)
        self.knob = Dot(radius=0.13, color=color)
        self.value = DecimalNumber(tracker.get_value(), num_decimal_places=decimals, color=theme.INK,
                                   font_size=theme.AXIS_LABEL_SIZE)
        self.label.next_to(self.track, LEFT, buff=0.3)
        self.value.next_to(self.track, RIGHT, buff=0.3)
        self.add(self.label, self.track, self.fill, self.knob, self.value)
        self.knob.add_updater(lambda knob: knob.move_to(self.knob_position()))
        # A zero-length line has no direction; keep the filled part a hair long.
        self.fill.add_updater(
            lambda fill: fill.put_start_and_end_on(self.track.get_start(), self.knob_position() + 1e-4 * RIGHT)
        )
        _follow(self.value, self.tracker.get_value)
        self.update()

    def knob_position(self) -> np.ndarray:
        """Where the knob sits on the track for the tracker's value."""
        low, high = self.value_range
        fraction = clamp((self.tracker.get_value() - low) / (high - low), 0.0, 1.0)
        start, end = self.track.get_start(), self.track.get_end()
        return start + fraction * (end - start)


class Readout(VGroup):
    """A boxed live value with two decimals, like the page's readout boxes.

    ``label`` writes its maths inside ``$…$`` (``Tangent slope = $f'(x)$``): typeset as in the formulas.
    ``label_text`` is the label as plain text (``Tangent slope = f′(x)``).
    """

    def __init__(
        self,
        *,
        label: str,
        value: Callable[[], float],
        decimals: int = 2,
        color: ManimColor = theme.INK,
        width: float = 3.6,
    ) -> None:
        super().__init__()
        self.caption = MixedLabel(source=label, font_size=theme.READOUT_LABEL_SIZE, color=theme.MUTED)
        self.label_text = self.caption.plain
        self.value = DecimalNumber(value(), num_decimal_places=decimals, color=color,
                                   font_size=theme.READOUT_VALUE_SIZE)
        # The label's line is as tall as any line of the sans (whether or not its letters reach up or
        # down), so that readouts side by side have the same height and their values line up.
        ascent, descent = line_extent(font_size=theme.READOUT_LABEL_SIZE)
        pad, gap = 0.2, 0.15
        self.box = RoundedRectangle(
            corner_radius=0.12,
            width=max(width, max(self.caption.width, self.value.width) + 0.5),
            height=2 * pad + ascent + descent + gap + self.value.height,
            fill_color=theme.PANEL,
            fill_opacity=1,
            stroke_color=color,
            stroke_width=2,
        )
        left, top = self.box.get_left()[0] + 0.25, self.box.get_top()[1]
        self.caption.shift(RIGHT * (left - self.caption.get_left()[0])
                           + UP * (top - pad - ascent - baseline(self.caption)))
        self.value.shift(RIGHT * (left - self.value.get_left()[0])
                         + UP * (top - pad - ascent - descent - gap - self.value.get_top()[1]))
        self.add(self.box, self.caption, self.value)
        # A closure, not an attribute: copies of the widget (FadeIn makes them)
        # must not deep-copy the scene that a bound method would drag along.
        _follow(self.value, value)
