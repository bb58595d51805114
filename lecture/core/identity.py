"""A lecture's identity, in one place: its text, the files that adapt and voice it, and its chapters.

The defaults are this repository's lecture: ``assets/reference.md`` and the files beside it, and the
chapter registry ``scenes`` (its ``CHAPTERS``). Each can be pointed elsewhere by an environment
variable, which render workers inherit, so the same code builds another lecture (a lecturer's edition,
or the tests' toy lecture). The names of the files a build writes are ``lecture.core.outputs``.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

__all__ = ["ADAPTATIONS_VARIABLE", "ASSETS", "CHAPTERS_VARIABLE", "PRONUNCIATIONS_VARIABLE", "RECORDINGS_VARIABLE",
           "REFERENCE", "TEXT_VARIABLE", "adaptations_path", "chapters", "pronunciations_path", "recordings_root",
           "text_path"]

ASSETS = Path(__file__).resolve().parents[2] / "assets"
REFERENCE = ASSETS / "reference.md"
TEXT_VARIABLE = "LECTURE_TEXT"  # the text
ADAPTATIONS_VARIABLE = "LECTURE_ADAPTATIONS"  # what the video says differently from it
PRONUNCIATIONS_VARIABLE = "LECTURE_PRONUNCIATIONS"  # the lecturer's corrections of the voice
RECORDINGS_VARIABLE = "LECTURE_RECORDINGS"  # the folder of the lecturer's recordings
CHAPTERS_VARIABLE = "LECTURE_CHAPTERS"  # the module whose CHAPTERS lists the chapters, in order


def _path(variable: str, default: Path) -> Path:
    return Path(os.environ.get(variable, default))


def text_path() -> Path:
    return _path(TEXT_VARIABLE, REFERENCE)


def adaptations_path() -> Path:
    return _path(ADAPTATIONS_VARIABLE, ASSETS / "adaptations.toml")


def pronunciations_path() -> Path:
    return _path(PRONUNCIATIONS_VARIABLE, ASSETS / "pronunciations.toml")


def recordings_root() -> Path:
    return _path(RECORDINGS_VARIABLE, ASSETS / "voice")


def chapters() -> tuple:
    """The lecture's chapters, in order, from its registry (importing it is cheap: no Manim)."""
    return tuple(importlib.import_module(os.environ.get(CHAPTERS_VARIABLE, "scenes")).CHAPTERS)
