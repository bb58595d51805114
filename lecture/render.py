"""Rendering chapters: each in its own process and its own Manim media folder.

Two Manim processes sharing a media folder break each other (TeX temporaries,
segment names), so every render gets a private one; the TeX cache is kept per
chapter, which is safe because one chapter renders in one process at a time.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path

from lecture.audio import aac_args, normalise_speech
from lecture.chapters import Chapter
from lecture.clips import CLIPS_FOLDER, add_clip_variant, ink, save_picture, stage_clips, swap_folder, write_poster
from lecture.media import TRANSPARENT_SUFFIX, UMASK, probe, read_srt, require_tools, srt_text, vtt_text
from lecture.presets import Preset
from lecture.progress import BuildProgress, listen
from lecture.voice import VOICE_VARIABLE, Voice

__all__ = ["ChapterOutput", "WORK_FOLDER", "chapter_paths", "clean_work", "render_chapter", "render_chapters",
           "stop_workers", "transparent_path"]

WORK_FOLDER = ".work"
_PR_SET_PDEATHSIG = 1  # prctl(2)
TEX_FOLDER = "tex"  # inside WORK_FOLDER: the per-chapter TeX cache, kept between builds
# Manim lengthens an animation shorter than one frame, with a warning each time; at the smoke
# preset (5 fps) one chapter makes dozens. The build counts them instead.
_SHORT_RUN_TIME = "is too short for the current frame rate"


@dataclass(frozen=True)
class ChapterOutput:
    """One rendered chapter, staged in the work folder until the build publishes it.

    ``moves`` pairs each staged file with where it is published; ``clips`` is a
    staged clip folder that replaces the chapter's clip folder whole (None for
    the transparent variant, whose clip files join the existing folder).
    """

    chapter: Chapter
    staging: Path
    moves: tuple[tuple[Path, Path], ...]
    clips: tuple[Path, Path] | None
    seconds: float
    short_animations: int = 0

    @property
    def published(self) -> list[Path]:
        """Every file this output puts in the output folder."""
        files = [destination for _, destination in self.moves]
        if self.clips is not None:
            staged, target = self.clips
            files += [target / path.relative_to(staged) for path in sorted(staged.rglob("*")) if path.is_file()]
        return files

    def publish(self) -> None:
        """Move the staged files into place (call with the output folder's lock held)."""
        for staged, destination in self.moves:
            os.chmod(staged, 0o666 & ~UMASK)
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged, destination)
        if self.clips is not None:
            swap_folder(*self.clips)
        shutil.rmtree(self.staging, ignore_errors=True)


def chapter_paths(out_dir: Path, chapter: Chapter) -> tuple[Path, Path, Path, Path]:
    """Where a chapter's MP4, SRT, WebVTT and poster files go."""
    return tuple(out_dir / f"{chapter.stem}{suffix}" for suffix in (".mp4", ".srt", ".vtt", ".png"))


def transparent_path(out_dir: Path, chapter: Chapter) -> Path:
    """The chapter with a transparent background, for overlays (QuickTime, with alpha)."""
    return out_dir / f"{chapter.stem}{TRANSPARENT_SUFFIX}"


def clean_work(out_dir: Path) -> list[Path]:
    """Remove what builds that died left behind: staging folders, half-written files, swapped-out clip folders.

    Call with the output folder's lock held, so that no live build owns them.
    Returns what was removed.
    """
    leftovers: list[Path] = []
    work = out_dir / WORK_FOLDER
    if work.is_dir():
        leftovers += [path for path in work.iterdir() if path.name != TEX_FOLDER]
    for folder in (out_dir, out_dir / CLIPS_FOLDER, *(out_dir / CLIPS_FOLDER).glob("*/")):
        if folder.is_dir():
            leftovers += [path for path in folder.iterdir() if path.name.startswith(".")
                          and (path.name.endswith((".partial", ".old")) or path.name.startswith(".lecture-")
                               or (path.is_dir() and folder.name == CLIPS_FOLDER))]
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return leftovers


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


def _overlay(movie: Path, speech: Path | None, destination: Path) -> None:
    """The transparent chapter as QuickTime: its alpha pictures as they are, with the normalised speech."""
    if speech is None:
        shutil.copyfile(movie, destination)
        return
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(movie), "-i", str(speech), "-map", "0:v", "-map", "1:a",
                    "-c:v", "copy", "-af", "apad", *aac_args(), "-t", probe(movie).video["duration"],
                    "-f", "mov", str(destination)], check=True, capture_output=True)


def _speech(scene, work: Path) -> Path | None:
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
def _quiet_sound_mux() -> Iterator[None]:
    logger, quiet = logging.getLogger("av.container.output"), _UnusedMuxOptions()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


def render_chapter(chapter: Chapter, preset: Preset, out_dir: Path, *, transparent: bool = False) -> ChapterOutput:
    """Render one chapter in this process into a staging folder under ``.work/``.

    Nothing is published here: ``ChapterOutput.publish`` moves the files into
    place, in the build's own process, under the output folder's lock. With
    ``transparent``, render the overlay variant instead: the chapter and its
    clips as QuickTime files with an alpha channel.
    """
    from manim import tempconfig  # imported here: the CLI's light commands never load Manim

    require_tools()
    work_root = out_dir / WORK_FOLDER
    tex_dir = work_root / TEX_FOLDER / chapter.number
    tex_dir.mkdir(parents=True, exist_ok=True)
    video, srt_path, vtt_path, poster = chapter_paths(out_dir, chapter)
    clips = out_dir / CLIPS_FOLDER / chapter.stem
    frame_rate = Fraction(preset.frame_rate)
    work = Path(tempfile.mkdtemp(prefix=f"{chapter.stem}-", dir=work_root))
    try:
        media_dir, staged = work / "media", work / "out"
        staged.mkdir()
        with tempconfig(manim_settings(preset, media_dir, tex_dir, transparent)), _quiet_sound_mux():
            scene = chapter.load()()
            scene.render()
        plan = scene.renderer.file_writer.output_plan
        movie, sections = plan.primary_artifact, plan.section_index
        if transparent:
            overlay = staged / transparent_path(out_dir, chapter).name
            speech = _speech(scene, work)
            _overlay(movie, speech, overlay)
            variants = add_clip_variant(chapter.number, sections, frame_rate, staged / "clips", TRANSPARENT_SUFFIX,
                                        speech)
            moves = ((overlay, transparent_path(out_dir, chapter)),
                     *((variant, clips / variant.name) for variant in variants))
            return ChapterOutput(chapter, work, moves, None, probe(overlay).duration)
        cues = read_srt(movie.with_suffix(".srt"))
        parts = [staged / path.name for path in (video, srt_path, vtt_path, poster)]
        speech = _speech(scene, work)
        _mux(movie, movie.with_suffix(".srt"), speech, parts[0])
        parts[1].write_text(srt_text(cues), encoding="utf-8")
        parts[2].write_text(vtt_text(cues), encoding="utf-8")
        pictures = scene.beat_pictures
        # The chapter's poster: the fullest of its beats' pictures, not the empty first frame.
        if pictures:
            save_picture(max(pictures.values(), key=ink), parts[3])
        else:
            write_poster(movie, parts[3])
        stage_clips(chapter.number, sections, cues, frame_rate, staged / "clips", pictures, speech)
        shutil.rmtree(media_dir, ignore_errors=True)
        return ChapterOutput(chapter, work, tuple(zip(parts, (video, srt_path, vtt_path, poster))),
                             (staged / "clips", clips), probe(parts[0]).duration)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


class _CountShortRunTimes(logging.Filter):
    """Drops Manim's warning that an animation was lengthened to one frame, and counts it."""

    count = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if _SHORT_RUN_TIME in record.getMessage():
            _CountShortRunTimes.count += 1
            return False
        return True


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the build that started it dies, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the check below and the build's own clean-up remain
    if os.getppid() != parent:  # the build died before the request took effect
        os._exit(1)


def _start_worker(parent: int, progress_channel) -> None:
    """Set up a render worker: it dies with the build, leaves Ctrl-C to the build, and reports its beats."""
    _die_with_parent(parent)
    listen(progress_channel)
    # A terminal's Ctrl-C reaches every process of the build; the build itself decides
    # what happens (it stops the workers), so a worker does not die mid-write on its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("manim").addFilter(_CountShortRunTimes())
    # tqdm (Manim's progress bars) would make a multiprocessing lock, registered with the build's
    # resource tracker; a worker killed mid-render could never release it, and the tracker would
    # print a warning about it. A thread lock is all one worker needs.
    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


def _render_in_worker(chapter: Chapter, preset: Preset, out_dir: Path, voice: str,
                      transparent: bool) -> tuple[ChapterOutput, float]:
    os.environ[VOICE_VARIABLE] = voice  # the scene's beats read it, as they do under plain manim
    started = time.perf_counter()
    _CountShortRunTimes.count = 0
    output = render_chapter(chapter, preset, out_dir, transparent=transparent)
    output = replace(output, short_animations=_CountShortRunTimes.count)
    return output, time.perf_counter() - started


def stop_workers(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Kill render workers at once: what they were writing is staging, never a published file."""
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


def render_chapters(
    chapters: Sequence[Chapter],
    preset: Preset,
    out_dir: Path,
    *,
    jobs: int,
    voice: Voice | None = None,
    transparent: bool = False,
    progress: bool = False,
    on_done: Callable[[ChapterOutput, float], None] = lambda output, seconds: output.publish(),
) -> list[Chapter]:
    """Render chapters in separate processes, ``jobs`` at a time; ``on_done`` publishes each as it comes.

    With ``progress``, the workers report each beat and a bar (or, without a
    terminal, a line every tenth of the way) shows the whole build's progress.

    ``on_done`` runs in this process, one chapter at a time. On Ctrl-C (or any
    error) the queued chapters are cancelled and the running workers killed, so
    nothing more is published; the exception then propagates.
    """
    if not chapters:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / WORK_FOLDER).mkdir(exist_ok=True)
    done: list[Chapter] = []
    context = multiprocessing.get_context("spawn")
    channel = context.Queue() if progress else None
    shown = BuildProgress(chapters, preset.frame_rate, channel) if progress else nullcontext()
    # A fresh process per chapter: Manim keeps module-level caches (SVG mobjects, TeX
    # files) that a reused worker would carry from one chapter into the next, making a
    # chapter's frames depend on which chapters happened to run before it.
    pool = ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context, max_tasks_per_child=1,
                               initializer=_start_worker, initargs=(os.getpid(), channel))
    try:
        with shown:
            futures = [pool.submit(_render_in_worker, chapter, preset, out_dir, voice.name if voice else "none",
                                   transparent) for chapter in chapters]
            for future in as_completed(futures):
                output, seconds = future.result()
                on_done(output, seconds)
                done.append(output.chapter)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_workers(multiprocessing.active_children())
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return done
