"""Pixel regression for widgets, in the spirit of Manim's ``frames_comparison``.

Manim's own decorator skips itself on cairo < 1.18, and Debian 12 ships 1.16,
so it would never run here. This renders a scene's last frame the same way
(dry run, Manim's test resolution) and compares it with a control frame kept
in ``tests/control_data/<module>/<name>.npz``; ``--set_test`` rewrites it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from manim import Scene, tempconfig

CONTROL_DATA = Path(__file__).parent / "control_data"
# Anti-aliasing may differ by a level or two; a moved knob changes thousands of pixels.
CHANNEL_TOLERANCE = 8
MISMATCH_ALLOWED = 0.001


def last_frame(base_scene: type[Scene], build: Callable[[Scene], None], tmp_path: Path, *,
               tex_dir: Path) -> np.ndarray:
    """The scene's last frame, drawn without writing video; ``tex_dir`` is the session's shared TeX folder."""
    class PixelTest(base_scene):  # type: ignore[misc, valid-type]
        def construct(self) -> None:
            super().construct()
            build(self)

    settings = {"dry_run": True, "frame_rate": 1, "pixel_width": 854, "pixel_height": 480,
                "media_dir": str(tmp_path), "tex_dir": str(tex_dir), "text_dir": str(tmp_path / "text"),
                "disable_caching": True, "progress_bar": "none"}
    with tempconfig(settings):
        scene = PixelTest()
        scene.render()
        scene.renderer.update_frame(scene, ignore_skipping=True)
        return scene.renderer.get_frame()


def assert_matches_control(frame: np.ndarray, module: str, name: str, request: pytest.FixtureRequest) -> None:
    path = CONTROL_DATA / module / f"{name}.npz"
    if request.config.getoption("--set_test"):
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, frame_data=frame)
        return
    assert path.exists(), f"no control frame {path}: run the test once with --set_test"
    control = np.load(path)["frame_data"]
    assert control.shape == frame.shape
    differs = np.abs(control.astype(int) - frame.astype(int)).max(axis=-1) > CHANNEL_TOLERANCE
    assert differs.mean() <= MISMATCH_ALLOWED, f"{differs.sum()} pixels differ from {path.name}"
