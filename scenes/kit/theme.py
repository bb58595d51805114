"""The lecture's theme, named once (values live in ``assets/theme.toml``)."""

from __future__ import annotations

from manim import ManimColor

from lecture.core.files import load_toml
from lecture.text.document import TextError
from lecture.core.identity import ASSETS

__all__ = [
    "PAPER", "INK", "MUTED", "GRID", "TANGENT", "SECANT", "DATA", "HIGHLIGHT", "SECOND", "PANEL", "SANS",
    "SURFACE_LOW", "SURFACE_HIGH",
    "TITLE_SIZE", "HEADING_SIZE", "LABEL_SIZE", "READOUT_LABEL_SIZE", "READOUT_VALUE_SIZE", "SMALL_SIZE",
    "POINT_LABEL_SIZE", "AXIS_LABEL_SIZE", "SYMBOL_SIZE", "LARGE_SYMBOL_SIZE", "SUBHEADING_SIZE", "BOX_TEXT_SIZE",
    "BODY_SIZE", "FINE_SIZE", "TERM_SIZE", "WEIGHT", "BIAS", "BEHIND", "CURVE_WIDTH", "TANGENT_WIDTH", "SECANT_WIDTH",
    "SECANT_DASH", "AXIS_WIDTH", "TRACK_WIDTH", "CAPTION_SAFE_BOTTOM",
]

_THEME = load_toml(ASSETS / "theme.toml", TextError)


def _colors(*names: str) -> tuple[ManimColor, ...]:
    """The theme's colours of these names, in order."""
    return tuple(ManimColor(_THEME["colors"][name]) for name in names)


# The page and its quiet parts.
PAPER, INK, MUTED, GRID, PANEL = _colors("paper", "ink", "muted", "grid", "panel")
# The accents, named for what they mark (theme.toml names them by hue).
TANGENT, SECANT, DATA, HIGHLIGHT, SECOND = _colors("teal", "coral", "data", "gold", "violet")
# A surface z = f(x, y), shaded from its lowest to its highest.
SURFACE_LOW, SURFACE_HIGH = _colors("surface_low", "surface_high")
# The two parameters of ŷ = w·x + b, the same colours in every chapter that shows them.
WEIGHT = HIGHLIGHT
BIAS = SECOND

SANS: str = _THEME["fonts"]["sans"]

TITLE_SIZE: int = _THEME["sizes"]["title"]
HEADING_SIZE: int = _THEME["sizes"]["heading"]
LABEL_SIZE: int = _THEME["sizes"]["label"]
READOUT_LABEL_SIZE: int = _THEME["sizes"]["readout_label"]
READOUT_VALUE_SIZE: int = _THEME["sizes"]["readout_value"]
SMALL_SIZE: int = _THEME["sizes"]["small"]
POINT_LABEL_SIZE: int = _THEME["sizes"]["point_label"]
AXIS_LABEL_SIZE: int = _THEME["sizes"]["axis_label"]
SYMBOL_SIZE: int = _THEME["sizes"]["symbol"]
LARGE_SYMBOL_SIZE: int = _THEME["sizes"]["large_symbol"]
SUBHEADING_SIZE: int = _THEME["sizes"]["subheading"]
BOX_TEXT_SIZE: int = _THEME["sizes"]["box_text"]
BODY_SIZE: int = _THEME["sizes"]["body"]
FINE_SIZE: int = _THEME["sizes"]["fine"]
TERM_SIZE: int = _THEME["sizes"]["term"]

CURVE_WIDTH: float = _THEME["strokes"]["curve"]
TANGENT_WIDTH: float = _THEME["strokes"]["tangent"]
SECANT_WIDTH: float = _THEME["strokes"]["secant"]
SECANT_DASH: float = _THEME["strokes"]["secant_dash"]
AXIS_WIDTH: float = _THEME["strokes"]["axis"]
TRACK_WIDTH: float = _THEME["strokes"]["track"]

CAPTION_SAFE_BOTTOM: float = _THEME["layout"]["caption_safe_bottom"]

# The z-index of fills, bands and boxes drawn under what they mark, whatever order they were added in.
BEHIND: int = -1
