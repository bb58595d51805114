"""One scene rendered by Manim for the build: its configuration, its speech track, its warnings quieted."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from lecture.core.presets import Preset
from lecture.voice.audio import normalise_speech

__all__ = ["ENCODER_OPTIONS", "manim_settings", "normalised_speech", "quiet_render"]

# Manim lengthens an animation shorter than one frame, with a warning each time; at the smoke
# preset (5 fps) one chapter makes dozens. The build counts them instead.
_SHORT_RUN_TIME = "is too short for the current frame rate"

# x264's settings for the chapters' pictures, chosen by measured CPU, size and SSIM (benchmarks/RESULTS.md,
# `bench.py encoders`): Manim's default preset (medium) spent about 40% of a build's CPU at fhd.
ENCODER_OPTIONS = {"crf": "23", "preset": "veryfast"}


def manim_settings(preset: Preset, media_dir: Path, tex_dir: Path, transparent: bool) -> dict:
    """The Manim configuration of one chapter's render (used with ``tempconfig``)."""
    return {
        "media_dir": str(media_dir),
        "tex_dir": str(tex_dir),
        "pixel_width": preset.width,
        "pixel_height": preset.height,
        "frame_rate": preset.frame_rate,
        "disable_caching": True,
        "write_to_movie": True,
        "save_sections": True,
        "transparent": transparent,
        "format": "mov" if transparent else "mp4",
        # The overlay's QuickTime animation codec takes no x264 options.
        "video_encoder_options": {} if transparent else dict(ENCODER_OPTIONS),
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
    }



def normalised_speech(scene, work: Path) -> Path | None:
    """The scene's own track (before Manim's lossy encoding), normalised: None for a silent chapter."""
    writer = scene.renderer.file_writer
    if not writer.includes_sound:
        return None
    placed, speech = work / "speech.wav", work / "speech-48k.wav"
    writer.audio_segment.export(str(placed), format="wav")
    normalise_speech(placed, speech)
    return speech


class _UnusedMuxOptions(logging.Filter):
    """Manim warns on every voiced render that PyAV ignored its 'shortest' option; we set the length ourselves."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Some options were not used" not in record.getMessage()


@contextmanager
def quiet_render() -> Iterator[list[int]]:
    """Quiet two of Manim's warnings for a render: yields a one-item list, the count of lengthened animations."""
    sound, unused, manim, short = (logging.getLogger("av.container.output"), _UnusedMuxOptions(),
                                   logging.getLogger("manim"), _CountShortRunTimes())
    sound.addFilter(unused)
    manim.addFilter(short)
    try:
        yield short.count
    finally:
        sound.removeFilter(unused)
        manim.removeFilter(short)


class _CountShortRunTimes(logging.Filter):
    """Drops Manim's warning that an animation was lengthened to one frame, and counts it."""

    def __init__(self) -> None:
        super().__init__()
        self.count = [0]

    def filter(self, record: logging.LogRecord) -> bool:
        if _SHORT_RUN_TIME in record.getMessage():
            self.count[0] += 1
            return False
        return True
