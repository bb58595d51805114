"""Read a chapter's on-screen readouts at the end of each of its beats, without writing video."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from manim import Scene, tempconfig

from scenes.kit import Readout

SETTINGS = {"dry_run": True, "frame_rate": 2, "pixel_width": 320, "pixel_height": 180, "progress_bar": "none",
            "verbosity": "WARNING"}


def two_decimals(value: float) -> str:
    return f"{value:.2f}"


def readouts_by_beat(scene_class: type[Scene], tmp_path: Path, *, tex_dir: Path
                     ) -> tuple[Scene, dict[str, dict[str, str]]]:
    """Run the scene (dry run) and note every readout on screen, as shown, when each beat ends.

    ``tex_dir`` is the session's shared TeX folder (the ``tex_dir`` fixture): formulas compile once.
    """
    readings: dict[str, dict[str, str]] = {}

    class Recording(scene_class):  # type: ignore[misc, valid-type]
        @contextmanager
        def beat(self, reference: str) -> Iterator[object]:
            with super().beat(reference) as narration:
                yield narration
            readings[reference] = {
                mobject.label_text: two_decimals(mobject.value.get_value())
                for mobject in self.get_mobject_family_members() if isinstance(mobject, Readout)
            }

    with tempconfig({**SETTINGS, "media_dir": str(tmp_path), "tex_dir": str(tex_dir)}):
        scene = Recording()
        scene.render()
    return scene, readings
