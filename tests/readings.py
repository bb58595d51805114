"""Read a chapter's on-screen readouts at the end of each of its beats, without writing video.

The same dry run checks the chapter's layout (scenes.kit.layout): ``assert_layout_clean`` reads it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from manim import Scene

from scenes.kit import BeatClock, Readout
from scenes.kit.layout import dry_run, summary


def two_decimals(value: float) -> str:
    return f"{value:.2f}"


def readouts_by_beat(scene_class: type[Scene], tmp_path: Path, *, tex_dir: Path
                     ) -> tuple[Scene, dict[str, dict[str, str]]]:
    """Run the scene (dry run) and note every readout on screen, as shown, when each beat ends.

    The scene keeps each beat's clock too, with its time as the beat opened (``scene.beat_clocks``).

    ``tex_dir`` is the session's shared TeX folder (the ``tex_dir`` fixture): formulas compile once.
    """
    readings: dict[str, dict[str, str]] = {}
    clocks: dict[str, tuple[float, BeatClock]] = {}

    class Recording(scene_class):  # type: ignore[misc, valid-type]
        @contextmanager
        def beat(self, reference: str) -> Iterator[BeatClock]:
            opened = self.time
            with super().beat(reference) as clock:
                clocks[reference] = (opened, clock)
                yield clock
            readings[reference] = {
                mobject.label_text: two_decimals(mobject.value.get_value())
                for mobject in self.get_mobject_family_members() if isinstance(mobject, Readout)
            }

    scene = dry_run(Recording, media_dir=tmp_path, tex_dir=tex_dir)
    scene.beat_clocks = clocks  # each beat's clock, with the scene's time as the beat opened
    return scene, readings


def assert_layout_clean(scene: Scene) -> None:
    """Nothing in the caption band or at the edges, no text on text or lines, none too small, no long stills."""
    violations = scene.layout_check.violations()
    assert not violations, f"{len(violations)} layout violation(s):\n{summary(violations)}"
