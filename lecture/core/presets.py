"""Render presets: frame size and rate, from a CI smoke test to a projector."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Preset", "PRESETS", "DEFAULT_PRESET"]


@dataclass(frozen=True)
class Preset:
    name: str
    width: int
    height: int
    frame_rate: int
    purpose: str


PRESETS: dict[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset("smoke", 320, 180, 5, "CI render-smoke: runs the whole pipeline cheaply"),
        Preset("preview", 854, 480, 15, "a quick look while editing"),
        Preset("hd", 1280, 720, 30, "the web"),
        Preset("fhd", 1920, 1080, 60, "a projector in a lecture hall"),
    )
}
DEFAULT_PRESET = "fhd"
