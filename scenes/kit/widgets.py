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
    VMobject,
    config,
)
from manim.constants import RendererType

from manim.mobject.text import numbers

from scenes.kit import theme
from scenes.kit.calculus import clamp
from scenes.kit.typeset import MixedLabel, baseline, line_extent

__all__ = ["LiveNumber", "Slider", "SliderValue", "Readout", "places_for"]

# What a number's later changes write into (in place, some of them): copied for each digit; the rest is shared.
_OWN_ARRAYS = ("points", "fill_rgbas", "stroke_rgbas", "background_stroke_rgbas", "sheen_direction")


def _own_copy(glyph: VMobject) -> VMobject:
    """A copy of ``glyph`` and its parts with their own points and colours, sharing everything else."""
    copy = object.__new__(type(glyph))
    attributes = copy.__dict__
    attributes.update(glyph.__dict__)
    for name in _OWN_ARRAYS:
        if name in attributes:
            attributes[name] = attributes[name].copy()
    attributes["submobjects"] = [_own_copy(part) for part in glyph.submobjects]
    attributes["updaters"] = list(glyph.updaters)
    return copy


class LiveNumber(DecimalNumber):
    """A ``DecimalNumber`` that is cheap to change: what a readout shows as its value moves.

    Manim's ``set_value`` deep-copies each glyph of the new string from its shared table (TeX
    template, SVG tables and all): most of a readout's cost a frame. Here a glyph's copy owns only
    its points, colours and parts, which is all that the number's later changes write to; the
    result is the same to the bit.
    """

    def _string_to_mob(self, string: str, mob_class: type | None = None, **kwargs) -> VMobject:
        mob_class = mob_class or self.mob_class
        if string not in numbers.string_to_mob_map:
            numbers.string_to_mob_map[string] = mob_class(string, **kwargs)
        glyph = _own_copy(numbers.string_to_mob_map[string])
        glyph.font_size = self._font_size
        return glyph

    def set_value(self, number: float) -> LiveNumber:
        """Manim's ``DecimalNumber.set_value``, step for step, without matching the new glyphs' style to the old
        where its last step (``init_colors``, the number's colours set on every glyph) overwrites all of it."""
        if self.show_ellipsis or self.unit is not None or self.include_background_rectangle:
            return super().set_value(number)
        old_family = self.get_family()
        old_font_size = self.font_size
        move_to_point = self.get_edge_center(self.edge_to_fix)
        old_submobjects = self.submobjects
        self._set_submobjects_from_number(number)
        self.font_size = old_font_size
        self.move_to(move_to_point, self.edge_to_fix)
        if not _recoloured_whole(old_family, self.get_family()):
            for new, old in zip(self.submobjects, old_submobjects, strict=False):
                new.match_style(old)
        if config.renderer == RendererType.CAIRO:
            for mobject in old_family:
                mobject.points[:] = 0  # Manim's Cairo renderer needs the old glyphs emptied (see its set_value)
        self.init_colors()
        return self


def _recoloured_whole(old_family: list[VMobject], new_family: list[VMobject]) -> bool:
    """Whether ``init_colors`` leaves nothing of what matching the new glyphs' style to the old would write.

    Matching sets each glyph's fill, stroke and background stroke (colours, opacities, widths) and, where
    the old has them, a sheen and a background image; ``init_colors`` then sets the fill, stroke, background
    stroke and sheen of every glyph from the number's own. That overwrites it all when no old glyph has a
    sheen or a background image and every colour array holds one colour (matching a longer one would
    lengthen the new glyph's array, and a colour repeated along it paints as a gradient).
    """
    for mobject in old_family[1:]:
        if mobject.sheen_factor or mobject.get_background_image() is not None:
            return False
    return all(len(mobject.fill_rgbas) == len(mobject.stroke_rgbas) == len(mobject.background_stroke_rgbas) == 1
               for family in (old_family[1:], new_family[1:]) for mobject in family)


class SliderValue(ValueTracker):
    """The value a slider sets, in the slider's steps of ``10**-decimals``.

    The picture follows ``get_value()``, which moves smoothly; numbers read ``shown()``, the value as
    the slider shows it, so that a readout computed from it agrees with the slider beside it.
    """

    def __init__(self, value: float = 0.0, *, decimals: int = 2, **kwargs) -> None:
        super().__init__(value, **kwargs)
        self.decimals = decimals

    def shown(self) -> float:
        """The value as the slider shows it."""
        return round(self.get_value(), self.decimals)


def places_for(value: float, *, decimals: int, figures: int | None) -> int:
    """Decimal places to show ``value`` with: ``decimals``, or more where ``figures`` significant ones need them."""
    if figures is None or value == 0:
        return decimals
    return max(decimals, figures - 1 - int(np.floor(np.log10(abs(value)))))


def _follow(number: LiveNumber, value: Callable[[], float], *, figures: int | None = None) -> None:
    """Keep ``number`` showing ``value()``, retypesetting only when what it shows changes (~30 ms a time).

    With ``figures``, a small value keeps that many significant figures: 0.0201, not 0.02.
    """
    decimals = number.num_decimal_places

    def update(mobject: LiveNumber) -> None:
        new = value()
        places = places_for(new, decimals=decimals, figures=figures)
        if places != mobject.num_decimal_places or round(new, places) != round(mobject.get_value(), places):
            mobject.num_decimal_places = places
            mobject.set_value(new)

    number.add_updater(update)
    update(number)


class Slider(VGroup):
    """A labelled track whose knob and value follow a ``SliderValue`` (the value in its steps)."""

    def __init__(
        self,
        *,
        label: str,
        tracker: SliderValue,
        value_range: tuple[float, float],
        length: float = 3.2,
        color: ManimColor = theme.HIGHLIGHT,
    ) -> None:
        if not isinstance(tracker, SliderValue):
            raise TypeError(f"the slider {label!r} needs a SliderValue (its numbers read the value it shows)")
        super().__init__()
        self.tracker = tracker
        self.value_range = value_range
        self.label = MathTex(label, color=theme.INK, font_size=theme.LARGE_SYMBOL_SIZE)
        self.track = Line(LEFT * length / 2, RIGHT * length / 2, color=theme.GRID, stroke_width=theme.TRACK_WIDTH)
        self.fill = Line(self.track.get_start(), self.track.get_start(), color=color, stroke_width=theme.TRACK_WIDTH)
        self.knob = Dot(radius=0.13, color=color)
        self.value = LiveNumber(tracker.shown(), num_decimal_places=tracker.decimals, color=theme.INK,
                                   font_size=theme.AXIS_LABEL_SIZE)
        self.label.next_to(self.track, LEFT, buff=0.3)
        self.value.next_to(self.track, RIGHT, buff=0.3)
        self.add(self.label, self.track, self.fill, self.knob, self.value)
        self.knob.add_updater(lambda knob: knob.move_to(self.knob_position()))
        # A zero-length line has no direction; keep the filled part a hair long.
        self.fill.add_updater(
            lambda fill: fill.put_start_and_end_on(self.track.get_start(), self.knob_position() + 1e-4 * RIGHT)
        )
        _follow(self.value, self.tracker.shown)
        self.update()

    def knob_position(self) -> np.ndarray:
        """Where the knob sits on the track for the tracker's value."""
        low, high = self.value_range
        fraction = clamp((self.tracker.get_value() - low) / (high - low), 0.0, 1.0)
        start, end = self.track.get_start(), self.track.get_end()
        return start + fraction * (end - start)


class Readout(VGroup):
    """A boxed live value with two decimals, like the page's readout boxes.

    With ``figures``, a value too small for ``decimals`` to show it keeps that many significant
    figures (a rise of 0.0201 beside a run of 0.0100, where two decimals would read 0.02 and 0.01).

    ``label`` writes its maths inside ``$…$`` (``Tangent slope = $f'(x)$``): typeset as in the formulas.
    ``label_text`` is the label as plain text (``Tangent slope = f′(x)``).
    """

    def __init__(
        self,
        *,
        label: str,
        value: Callable[[], float],
        decimals: int = 2,
        figures: int | None = None,
        color: ManimColor = theme.INK,
        width: float = 3.6,
    ) -> None:
        super().__init__()
        self.caption = MixedLabel(source=label, font_size=theme.READOUT_LABEL_SIZE, color=theme.MUTED)
        self.label_text = self.caption.plain
        self.value = LiveNumber(value(), num_decimal_places=decimals, color=color,
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
        _follow(self.value, value, figures=figures)
