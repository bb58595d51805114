"""Shared fixtures: one smoke render of every chapter per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture.presets import PRESETS
from scenes import CHAPTERS


def pytest_addoption(parser: pytest.Parser) -> None:
    # Manim's frames_comparison reads these; Manim defines them only in its own conftest.
    parser.addoption("--set_test", action="store_true", default=False,
                     help="Write the control frames of the pixel tests instead of comparing.")
    parser.addoption("--show_diff", action="store_true", default=False,
                     help="Show a picture of the difference when a pixel test fails.")


@pytest.fixture(scope="session")
def smoke_renders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Every chapter rendered once at the smoke preset, two processes at a time."""
    from lecture.render import render_chapters

    out_dir: Path = tmp_path_factory.mktemp("smoke")
    outputs = render_chapters(CHAPTERS, PRESETS["smoke"], out_dir, jobs=2)
    return {output.chapter.number: output for output in outputs}
