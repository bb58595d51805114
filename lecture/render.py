"""Rendering chapters: each in its own process and its own Manim media folder.

Two Manim processes sharing a media folder break each other (TeX temporaries,
segment names), so every render gets a private one; the TeX cache is kept per
chapter, which is safe because one chapter renders in one process at a time.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from lecture.audio import aac_args, normalise_speech
from lecture.chapters import Chapter
from lecture.clips import CLIPS_FOLDER, add_clip_variant, ink, publish_clips, save_picture, write_poster
from lecture.media import TRANSPARENT_SUFFIX, atomic_paths, probe, read_srt, require_tools, srt_text, vtt_text
from lecture.presets import Preset
from lecture.voice import VOICE_VARIABLE, Voice

__all__ = ["ChapterOutput", "render_chapter", "render_chapters", "chapter_paths", "transparent_path"]

WORK_FOLDER = ".work"


@dataclass(frozen=True)
class ChapterOutput:
    """The published files of one rendered chapter."""

    chapter: Chapter
    video: Path
    srt: Path
    vtt: Path
    poster: Path
    clips: Path
    seconds: float


def chapter_paths(out_dir: Path, chapter: Chapter) -> tuple[Path, Path, Path, Path]:
    """Where a chapter's MP4, SRT, WebVTT and poster files go."""
    return tuple(out_dir / f"{chapter.stem}{suffix}" for suffix in (".mp4", ".srt", ".vtt", ".png"))


def transparent_path(out_dir: Path, chapter: Chapter) -> Path:
    """The chapter with a transparent background, for overlays (QuickTime, with alpha)."""
    return out_dir / f"{chapter.stem}{TRANSPARENT_SUFFIX}"


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
        "progress_bar": "none",
        "verbosity": "WARNING",
        "preview": False,
    }


def _mux(movie: Path, captions: Path, speech: Path | None, destination: Path) -> None:
    """Copy the video, add the (normalised) speech as one AAC track exactly as long, and the captions."""
    inputs = ["-i", str(movie), "-i", str(captions)]
    maps = ["-map", "0:v", "-map", "1:s"]
    sound: list[str] = []
    if speech is not None:
        inputs += ["-i", str(speech)]
        maps += ["-map", "2:a"]
        # Silence after the last word, up to the video's last frame: the track is exactly as long.
        sound = ["-af", "apad", *aac_args(), "-t", probe(movie).video["duration"], "-metadata:s:a:0", "language=eng"]
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", *inputs, *maps, "-c:v", "copy", *sound, "-c:s", "mov_text",
         "-metadata:s:s:0", "language=eng", "-disposition:s:0", "default",
         "-movflags", "+faststart", "-f", "mp4", str(destination)],
        check=True, capture_output=True,
    )


class _UnusedMuxOptions(logging.Filter):
    """Manim warns on every voiced render that PyAV ignored its 'shortest' option; we set the length ourselves."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "Some options were not used" not in record.getMessage()


@contextmanager
def _quiet_sound_mux() -> Iterator[None]:
    logger, quiet = logging.getLogger("av.container.output"), _UnusedMuxOptions()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def render_chapter(chapter: Chapter, preset: Preset, out_dir: Path, *, transparent: bool = False) -> ChapterOutput:
    """Render one chapter in this process and publish its files atomically.

    With ``transparent``, render the overlay variant instead: the chapter and
    its clips as QuickTime files with an alpha channel.
    """
    from manim import tempconfig  # imported here: the CLI's light commands never load Manim

    require_tools()
    work_root = out_dir / WORK_FOLDER
    tex_dir = work_root / "tex" / chapter.number
    tex_dir.mkdir(parents=True, exist_ok=True)
    video, srt_path, vtt_path, poster = chapter_paths(out_dir, chapter)
    clips = out_dir / CLIPS_FOLDER / chapter.stem
    frame_rate = Fraction(preset.frame_rate)
    with tempfile.TemporaryDirectory(prefix=f"{chapter.stem}-", dir=work_root) as work:
        media_dir = Path(work) / "media"
        with tempconfig(manim_settings(preset, media_dir, tex_dir, transparent)), _quiet_sound_mux():
            scene = chapter.load()()
            scene.render()
        plan = scene.renderer.file_writer.output_plan
        movie, sections = plan.primary_artifact, plan.section_index
        if transparent:
            with atomic_paths(transparent_path(out_dir, chapter)) as (part,):
                shutil.copyfile(movie, part)
            add_clip_variant(chapter.number, sections, frame_rate, clips, TRANSPARENT_SUFFIX)
        else:
            cues = read_srt(movie.with_suffix(".srt"))
            writer = scene.renderer.file_writer
            speech = None
            if writer.includes_sound:
                # The scene's own track, before Manim's lossy encoding: normalised, then encoded once.
                placed, speech = Path(work) / "speech.wav", Path(work) / "speech-48k.wav"
                writer.audio_segment.export(str(placed), format="wav")
                normalise_speech(placed, speech)
            with atomic_paths(video, srt_path, vtt_path, poster) as (video_part, srt_part, vtt_part, poster_part):
                _mux(movie, movie.with_suffix(".srt"), speech, video_part)
                srt_part.write_text(srt_text(cues), encoding="utf-8")
                vtt_part.write_text(vtt_text(cues), encoding="utf-8")
                pictures = scene.beat_pictures
                # The chapter's poster: the fullest of its beats' pictures, not the empty first frame.
                if pictures:
                    save_picture(max(pictures.values(), key=ink), poster_part)
                else:
                    write_poster(movie, poster_part)
                publish_clips(chapter.stem, chapter.number, sections, cues, frame_rate, out_dir, pictures, speech)
    return ChapterOutput(chapter, video, srt_path, vtt_path, poster, clips / "index.json", probe(video).duration)


def _render_in_worker(chapter: Chapter, preset: Preset, out_dir: Path, voice: str,
                      transparent: bool) -> tuple[ChapterOutput, float]:
    os.environ[VOICE_VARIABLE] = voice  # the scene's beats read it, as they do under plain manim
    started = time.perf_counter()
    output = render_chapter(chapter, preset, out_dir, transparent=transparent)
    return output, time.perf_counter() - started


def render_chapters(
    chapters: Sequence[Chapter],
    preset: Preset,
    out_dir: Path,
    *,
    jobs: int,
    voice: Voice | None = None,
    transparent: bool = False,
    on_done: Callable[[ChapterOutput, float], None] = lambda output, seconds: None,
) -> list[ChapterOutput]:
    """Render chapters in separate processes, ``jobs`` at a time, in the text's order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / WORK_FOLDER).mkdir(exist_ok=True)
    results: dict[str, ChapterOutput] = {}
    context = multiprocessing.get_context("spawn")
    # A fresh process per chapter: Manim keeps module-level caches (SVG mobjects, TeX
    # files) that a reused worker would carry from one chapter into the next, making a
    # chapter's frames depend on which chapters happened to run before it.
    with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context, max_tasks_per_child=1) as pool:
        futures = [pool.submit(_render_in_worker, chapter, preset, out_dir, voice.name if voice else "none",
                               transparent) for chapter in chapters]
        for future in as_completed(futures):
            output, seconds = future.result()
            results[output.chapter.number] = output
            on_done(output, seconds)
    return [results[chapter.number] for chapter in chapters]
