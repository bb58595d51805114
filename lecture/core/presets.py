"""Render presets: frame size and rate, from a CI smoke test to a projector."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Preset", "PRESETS", "DEFAULT_PRESET"]


@dataclass(frozen=True)
class Preset:
    """A frame size and rate by name (README: smoke for CI, preview, hd for the web, fhd for a projector)."""

    name: str
    width: int
    height: int
    frame_rate: int


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("smoke", 320, 180, 5),
        Preset("preview", 854, 480, 15),
        Preset("hd", 1280, 720, 30),
        Preset("fhd", 1920, 1080, 60),
    )
}
DEFAULT_PRESET = "fhd"
