"""Render one chapter at the smoke preset and write the md5 of every frame the scene hands to Manim.

    python -m tests.frame_hashes 01 hashes.txt [video.mp4]

With a third argument the render's video (what the build publishes, before captions are muxed in)
is kept there too, so that one render serves both the frame and the video comparison.

These are the pictures the scene draws, before Manim's encoder sees them: the
determinism test compares them across two renders for equality, bit for bit.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from manim import tempconfig

from lecture.presets import PRESETS
from lecture.render import manim_settings
from lecture.segments import hash_frames
from scenes import CHAPTERS


def frame_hashes(number: str, *, video: Path | None = None) -> list[str]:
    chapter = next(chapter for chapter in CHAPTERS if chapter.number == number)
    hashes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="frame-hashes-") as work:
        with tempconfig(manim_settings(PRESETS["smoke"], Path(work) / "media", Path(work) / "tex", False)):
            scene = chapter.load()()
            hash_frames(scene.renderer.file_writer, hashes)
            scene.render()
            if video is not None:
                shutil.copyfile(scene.renderer.file_writer.movie_file_path, video)
    return hashes


if __name__ == "__main__":
    kept = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    Path(sys.argv[2]).write_text("\n".join(frame_hashes(sys.argv[1], video=kept)) + "\n", encoding="utf-8")
