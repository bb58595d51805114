"""Rendering chapters: their segments each in its own process and its own Manim media folder, then joined.

Two Manim processes sharing a media folder break each other (TeX temporaries,
segment names), so every render gets a private one; the TeX cache is kept per
segment of a chapter, which is safe because one segment renders in one process
at a time. See ``lecture.render.segments`` for what a segment is.
"""

from __future__ import annotations

import json
import multiprocessing
from multiprocessing import forkserver
import os
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from lecture.render.assemble import concat_list
from lecture.voice.audio import aac_args
from lecture.text.chapters import Chapter
from lecture.render.clips import add_clip_variant, ink, save_picture, section_videos, stage_clips, write_poster
from lecture.core.media import swap_folder
from lecture.core.outputs import (CLIPS_FOLDER, FORMULAS_FOLDER, TEX_FOLDER, TRANSPARENT_SUFFIX, WORK_FOLDER, chapter_paths,
                                  described_paths, transparent_path)
from lecture.render.described import DescribedBeat, descriptions_cues, stage_described
from lecture.core.media import UMASK, die_with_parent, exit_with, probe, read_srt, require_tools, run_tool, srt_text, vtt_text
from lecture.core.presets import Preset
from lecture.render.formulas import keep_formulas, packed_formulas, share_formulas
from lecture.render.hooks import listen
from lecture.render.progress import BuildProgress
from lecture.render.segments import Segment, SegmentResult, SegmentTask
from lecture.render.forks import render_isolated
from lecture.render.worker import render_segment
from lecture.voice.speech import VOICE_VARIABLE, VOICES, Voice

__all__ = ["ChapterOutput", "clean_work", "render_chapters", "stage_chapter", "stop_workers"]



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
    beat_seconds: Mapping[str, float] = field(default_factory=dict)  # each beat's render time, for planning
    frame_hashes: tuple[str, ...] = ()  # md5 of each frame handed to Manim, when the build was asked for them
    fast_forward_share: float | None = None  # fast-forwarding a beat against rendering it (None: not cut)
    notes: tuple[str, ...] = ()  # what its segments found damaged in the speech cache and made again
    descriptions: tuple[DescribedBeat, ...] = ()  # its beats' descriptions, as placed in the described version

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


def clean_work(out_dir: Path) -> list[Path]:
    """Remove what builds that died left behind: staging folders, half-written files, swapped-out clip folders.

    Call with the output folder's lock held, so that no live build owns them.
    Returns what was removed.
    """
    leftovers: list[Path] = []
    work = out_dir / WORK_FOLDER
    if work.is_dir():
        leftovers += [path for path in work.iterdir() if path.name != TEX_FOLDER]
        leftovers += list((work / TEX_FOLDER).glob("*.partial"))  # a segment's cache copy cut short
        leftovers += list((work / TEX_FOLDER).glob("*/.*.partial"))  # a formula's copy cut short (formulas)
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


def _concat_input(videos: Sequence[Path], work: Path, name: str = "sections.txt") -> list[str]:
    """ffmpeg input options that read section videos one after another (stream copy joins them)."""
    listing = work / name
    listing.write_text(concat_list(videos), encoding="utf-8")
    return ["-f", "concat", "-safe", "0", "-i", str(listing)]


def _mux(movie: list[str], seconds: str, captions: Path, speech: Path | None, destination: Path) -> None:
    """Copy the video, add the (normalised) speech as one AAC track exactly as long, and the captions."""
    inputs = [*movie, "-i", str(captions)]
    maps = ["-map", "0:v", "-map", "1:s"]
    sound: list[str] = []
    if speech is not None:
        inputs += ["-i", str(speech)]
        maps += ["-map", "2:a"]
        # Silence after the last word, up to the video's last frame: the track is exactly as long.
        sound = ["-af", "apad", *aac_args(), "-t", seconds, "-metadata:s:a:0", "language=eng"]
    run_tool(
        ["ffmpeg", "-v", "error", "-y", *inputs, *maps, "-c:v", "copy", *sound, "-c:s", "mov_text",
         "-metadata:s:s:0", "language=eng", "-disposition:s:0", "default",
         "-movflags", "+faststart", "-f", "mp4", str(destination)],
        check=True, capture_output=True,
    )


def _overlay(movie: list[str], seconds: str, speech: Path | None, destination: Path) -> None:
    """The transparent chapter as QuickTime: its alpha pictures as they are, with the normalised speech."""
    inputs, maps, sound = [*movie], ["-map", "0:v"], []
    if speech is not None:
        inputs += ["-i", str(speech)]
        maps += ["-map", "1:a"]
        sound = ["-af", "apad", *aac_args(), "-t", seconds]
    run_tool(["ffmpeg", "-v", "error", "-y", *inputs, *maps, "-c:v", "copy", *sound,
              "-f", "mov", str(destination)], check=True, capture_output=True)


def stage_chapter(results: Sequence[SegmentResult], out_dir: Path) -> ChapterOutput:
    """Join a chapter's rendered segments into its staged files under ``.work/`` (nothing is published here).

    The section videos are joined by stream copy; the speech (one track, encoded
    once) and the captions come from the segment that ends the chapter, which
    registered every beat's. ``ChapterOutput.publish`` moves the files into
    place, in the build's own process, under the output folder's lock.
    """
    require_tools()
    results = sorted(results, key=lambda result: result.task.segment.index)
    task = results[0].task
    chapter, transparent, last = task.segment.chapter, task.transparent, results[-1]
    if len(results) != task.segment.count or not last.task.segment.last:
        raise RuntimeError(f"§{chapter.number}: {len(results)} of its {task.segment.count} segments came back")
    video, srt_path, vtt_path, poster = chapter_paths(out_dir, chapter.stem)
    clips = out_dir / CLIPS_FOLDER / chapter.stem
    frame_rate = Fraction(task.preset.frame_rate)
    (out_dir / WORK_FOLDER).mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"{chapter.stem}-", dir=out_dir / WORK_FOLDER))
    try:
        sections, staged = work / "sections", work / "out"
        sections.mkdir()
        staged.mkdir()
        index = []
        for section in (section for result in results for section in result.sections):
            name = f"{len(index):03}.{'mov' if transparent else 'mp4'}"
            (sections / name).write_bytes(section.data)
            index.append({"name": section.name, "video": name, "nb_frames": section.frames})
        (sections / "index.json").write_text(json.dumps(index), encoding="utf-8")
        movie = _concat_input([sections / entry["video"] for entry in index], work)
        seconds = sum(Fraction(entry["nb_frames"]) for entry in index) / frame_rate
        length = f"{float(seconds):.6f}"
        speech = None
        if last.speech is not None:
            speech = work / "speech-48k.wav"
            speech.write_bytes(last.speech)
        beat_seconds = {reference: spent for result in results for reference, spent in result.beat_seconds.items()}
        rendered = list(beat_seconds.values())
        skipped = sum(sum(rendered[:result.task.segment.first]) for result in results)
        timing = {"beat_seconds": beat_seconds,
                  "fast_forward_share": (sum(result.fast_forward_seconds for result in results) / skipped
                                         if skipped > 0 else None),
                  "frame_hashes": tuple(frame for result in results for frame in result.hashes),
                  "short_animations": sum(result.short_animations for result in results),
                  "notes": tuple(dict.fromkeys(note for result in results for note in result.notes))}
        if transparent:
            overlay = staged / transparent_path(out_dir, chapter.stem).name
            _overlay(movie, length, speech, overlay)
            variants = add_clip_variant(chapter.number, sections / "index.json", frame_rate, staged / "clips",
                                        TRANSPARENT_SUFFIX, speech)
            moves = ((overlay, transparent_path(out_dir, chapter.stem)),
                     *((variant, clips / variant.name) for variant in variants))
            return ChapterOutput(chapter, work, moves, None, probe(overlay).duration, **timing)
        captions = work / "captions.srt"
        captions.write_text(last.captions or "", encoding="utf-8")
        cues = read_srt(captions)
        parts = [staged / path.name for path in (video, srt_path, vtt_path, poster)]
        _mux(movie, length, captions, speech, parts[0])
        parts[1].write_text(srt_text(cues), encoding="utf-8")
        parts[2].write_text(vtt_text(cues), encoding="utf-8")
        pictures = {reference: picture for result in results for reference, picture in result.pictures.items()}
        # The chapter's poster: the fullest of its beats' pictures, not the empty first frame.
        if pictures:
            save_picture(max(pictures.values(), key=ink), parts[3])
        else:
            write_poster(parts[0], parts[3])
        stage_clips(chapter.number, sections / "index.json", cues, frame_rate, staged / "clips", pictures, speech)
        described = described_paths(out_dir, chapter.stem)
        described_parts = [staged / path.name for path in described]
        placed = _stage_described(results, sections, chapter, frame_rate, pictures, speech, cues, work,
                                  described_parts)
        shutil.rmtree(sections, ignore_errors=True)
        return ChapterOutput(chapter, work, tuple(zip([*parts, *described_parts],
                                                      (video, srt_path, vtt_path, poster, *described))),
                             (staged / "clips", clips), probe(parts[0]).duration, descriptions=tuple(placed),
                             **timing)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def _stage_described(results: Sequence[SegmentResult], sections: Path, chapter: Chapter, frame_rate: Fraction,
                     pictures: dict, speech: Path | None, cues: list, work: Path,
                     parts: Sequence[Path]) -> list[DescribedBeat]:
    """Stage the described chapter, its captions and the plain chapter's descriptions track (``described_paths``)."""
    descriptions = {reference: description for result in results
                    for reference, description in result.descriptions.items()}
    # A hold shows the beat's very last frame: its picture, unless its last wait still moved something.
    finals = {**pictures, **{reference: picture for result in results
                             for reference, picture in result.last_pictures.items()}}
    holds = work / "holds"
    holds.mkdir()
    index = sections / "index.json"
    placed, videos, track, captions = stage_described(
        section_videos(index, chapter.number, frame_rate), descriptions, finals, speech, cues,
        frame_rate, VOICES.get(results[0].task.voice), holds)
    caption_file = work / "described.srt"
    caption_file.write_text(srt_text(captions), encoding="utf-8")
    movie = _concat_input(videos, work, "described.txt")
    frames = sum(entry["nb_frames"] for entry in json.loads(index.read_text(encoding="utf-8"))) \
        + sum(round(beat.hold * frame_rate) for beat in placed)
    _mux(movie, f"{float(frames / frame_rate):.6f}", caption_file, track, parts[0])
    parts[1].write_text(srt_text(captions), encoding="utf-8")
    parts[2].write_text(vtt_text(captions), encoding="utf-8")
    parts[3].write_text(vtt_text(descriptions_cues(placed)), encoding="utf-8")
    return placed


def _start_worker(build: int, progress_channel, environment: dict[str, str]) -> None:
    """Set up a render worker: it dies with the build, leaves Ctrl-C to the build, and reports its beats.

    The worker is forked from the build's fork server (see ``render_chapters``), not from the build: it
    watches the build itself, and dies with the server too. It takes the build's environment as it is now,
    as a spawned process would (the server's is as it was when the server started: the lecture's identity,
    the voice and the speech cache are read from it).
    """
    os.environ.clear()
    os.environ.update(environment)
    exit_with(build)
    die_with_parent(os.getppid())
    listen(progress_channel)
    # A terminal's Ctrl-C reaches every process of the build; the build itself decides
    # what happens (it stops the workers), so a worker does not die mid-write on its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # tqdm (Manim's progress bars) would make a multiprocessing lock, registered with the build's
    # resource tracker; a worker killed mid-render could never release it, and the tracker would
    # print a warning about it. A thread lock is all one worker needs.
    from tqdm import tqdm

    tqdm.set_lock(threading.RLock())


def _render_in_worker(task: SegmentTask) -> SegmentResult:
    os.environ[VOICE_VARIABLE] = task.voice  # the scene's beats read it, as they do under plain manim
    return render_segment(task)


def stop_workers(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Kill render workers at once: what they were writing is staging, never a published file."""
    for process in processes:
        if process.is_alive():
            process.kill()
    for process in processes:
        process.join(timeout=5)


class _RenderPool(ProcessPoolExecutor):
    """A process pool that starts no new worker once it is shutting down.

    With ``max_tasks_per_child=1`` CPython 3.11's manager thread replaces each worker that ends its
    task, even after ``shutdown(wait=False)`` has dropped the pool's table of processes: when a build
    stopped on an error, that printed a stray ``TypeError: object of type 'NoneType' has no len()``
    traceback beside the build's own line, and a replacement started meanwhile could take a queued segment.
    """

    def _adjust_process_count(self) -> None:
        if self._processes is not None and not self._shutdown_thread:
            super()._adjust_process_count()


def segment_tex_cache(tex: Path, segment: Segment) -> Path:
    """The folder of a segment's own TeX cache (one process writes it at a time), kept between builds.

    A segment without one starts from a copy of the fullest cache its chapter has: the plan may cut
    a chapter differently from one build to the next, and its formulas stay the same.
    """
    number = segment.chapter.number
    own = tex / (number + (f".{segment.index}" if segment.index else ""))
    if not own.exists():
        siblings = [cache for cache in tex.glob(f"{number}*")
                    if cache.is_dir() and re.fullmatch(rf"{number}(\.\d+)?", cache.name)]
        if siblings:
            fullest = max(siblings, key=lambda cache: sum(1 for _ in cache.iterdir()))
            copying = own.with_name(own.name + ".partial")  # renamed when complete: no half-copied cache
            shutil.rmtree(copying, ignore_errors=True)
            shutil.copytree(fullest, copying)
            copying.rename(own)
    return own


def render_chapters(
    segments: Sequence[Segment],
    preset: Preset,
    out_dir: Path,
    *,
    jobs: int,
    voice: Voice | None = None,
    transparent: bool = False,
    progress: bool = False,
    cluster=None,
    frame_hashes: bool = False,
    on_done: Callable[[ChapterOutput, float], None] = lambda output, seconds: output.publish(),
) -> list[Chapter]:
    """Render chapters' segments, ``jobs`` at a time or on a Dask cluster; ``on_done`` publishes each chapter.

    Each segment renders in a fresh process: locally one of a pool (``jobs`` at
    a time), on a ``cluster`` (a connected Dask ``Client``) a subprocess of a
    worker; both sit behind one ``concurrent.futures.Executor``. Once all of a
    chapter's segments are back, they are joined (``stage_chapter``) and
    ``on_done(output, worker_seconds)`` runs, in this process, one chapter at a
    time. With ``progress``, local workers report each beat and a bar (or,
    without a terminal, a line every tenth of the way) shows the build's progress.

    On Ctrl-C (or any error) the queued segments are cancelled and the running
    workers killed, so nothing more is published; the exception then propagates.
    A segment whose cluster worker dies is run again by the scheduler on another.
    """
    if not segments:
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / WORK_FOLDER).mkdir(exist_ok=True)
    chapters = list(dict.fromkeys(segment.chapter for segment in segments))
    done: list[Chapter] = []
    # Each segment renders in a fresh process (below), forked from a server that has imported Manim once:
    # about a second of CPU a segment that a spawned process spends importing it. Nothing is rendered in
    # the server, so its Manim has no caches to hand on.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["manim"])
    channel = context.Queue() if progress and cluster is None else None
    shown = BuildProgress(chapters, preset.frame_rate, channel) if channel is not None else nullcontext()
    name = voice.name if voice else "none"
    client = cluster
    if client is not None:
        pool, run = client.get_executor(pure=False), render_isolated
    else:
        # A fresh process per segment: Manim keeps module-level caches (SVG mobjects, TeX
        # files) that a reused worker would carry from one segment into the next, making
        # frames depend on which segments happened to run before.
        pool = _RenderPool(max_workers=max(1, jobs), mp_context=context, max_tasks_per_child=1,
                           initializer=_start_worker, initargs=(os.getpid(), channel, dict(os.environ)))
        run = _render_in_worker
    tex = out_dir / WORK_FOLDER / TEX_FOLDER
    formulas = tex / FORMULAS_FOLDER
    waiting = {chapter: [] for chapter in chapters}
    # Locally each segment keeps its own TeX cache between builds; a cluster worker makes one per task,
    # handed the formulas typeset so far as data, and sends back those it typesets.
    caches = {segment: None if client else segment_tex_cache(tex, segment) for segment in segments}
    handed = packed_formulas(formulas) if client else formulas
    try:
        with shown:
            futures = [pool.submit(run, SegmentTask(
                segment, preset, name, transparent, frame_hashes, caches[segment],
                None if client else out_dir / WORK_FOLDER, handed))
                for segment in segments]
            for future in as_completed(futures):
                result = future.result()
                if result.task.tex_dir is not None:
                    share_formulas(result.task.tex_dir, formulas)
                keep_formulas(result.typeset, formulas)
                chapter = result.task.segment.chapter
                waiting[chapter].append(result)
                if len(waiting[chapter]) == result.task.segment.count:
                    results = waiting.pop(chapter)
                    on_done(stage_chapter(results, out_dir), sum(result.seconds for result in results))
                    done.append(chapter)
    except BaseException:
        if client is None:
            pool.shutdown(wait=False, cancel_futures=True)
            stop_workers(multiprocessing.active_children())
        raise
    finally:
        # Dask's executor cancels what is left when it does not wait (and takes no cancel_futures).
        pool.shutdown(wait=False) if client is not None else pool.shutdown(wait=True, cancel_futures=True)
        if client is None:
            # Stop the fork server and wait for it, as for any child: so its CPU, and its workers', is the
            # build's (``/usr/bin/time``, the benchmark), and no server outlives the build. (Python 3.11
            # has no public call for it; ``_stop`` is what its own tests use.)
            forkserver._forkserver._stop()
    return done
