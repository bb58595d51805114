"""Segments: a chapter rendered as runs of whole beats, each in its own process.

A segment renders beats ``first`` to ``end`` (exclusive) of its chapter. The
beats before it are *fast-forwarded*: every play and wait steps through exactly
the same per-frame times as in a whole render (the same ``dt``s reach every
updater, the same random draws are made, sounds and subcaptions are registered
at the same times), but nothing is drawn and nothing reaches the file writer.
At the segment's first beat the render switches to drawing; at its ``end`` beat
the scene stops. Manim's own skipping (``-n``, ``skip_animations``) is not
used: it calls an updater once with a whole run time, does not round skipped
time to frames, and so ends elsewhere.

The segment that ends the chapter has registered every sound and subcaption, so
its speech track and captions are the chapter's, exactly as a whole render
gives them; the others return only their section videos (one per beat), their
beats' pictures and timings. A result carries bytes, not paths: a segment may
have been rendered on another machine (``lecture.render.cluster``).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lecture.narration.chapters import Chapter
from lecture.render.described import Description
from lecture.core.presets import Preset

__all__ = ["DEFAULT_FAST_FORWARD_SHARE", "hash_frames", "BeatCosts", "Segment", "SegmentResult", "SegmentTask", "SectionVideo",
           "beat_starting", "fast_forwarding",
           "plan_segments", "render_isolated", "render_segment", "simulate_wall", "split_beats"]

# Before the first segment has been timed: what fast-forwarding a beat costs against rendering it
# (measured at smoke and preview on 2D and 3D chapters), and a segment process's start-up in seconds.
DEFAULT_FAST_FORWARD_SHARE = 0.15
DEFAULT_STARTUP_SECONDS = 4.0


@dataclass(frozen=True)
class Segment:
    """Beats ``first`` to ``end`` (exclusive; None: to the chapter's end) of a chapter, ``index`` of ``count``."""

    chapter: Chapter
    first: int = 0
    end: int | None = None
    index: int = 0
    count: int = 1

    @property
    def last(self) -> bool:
        """Whether it ends the chapter (and so carries its speech and captions)."""
        return self.end is None

    def __str__(self) -> str:
        if self.count == 1:
            return f"§{self.chapter.number}"
        end = "end" if self.end is None else self.end
        return f"§{self.chapter.number} beats {self.first + 1}–{end} ({self.index + 1}/{self.count})"


@dataclass(frozen=True)
class SegmentTask:
    """Everything a process needs to render one segment: nothing refers to the build's folders."""

    segment: Segment
    preset: Preset
    voice: str  # a voice name or "none", as the scenes read it from the environment
    transparent: bool = False
    frame_hashes: bool = False
    tex_dir: Path | None = None  # a TeX cache only this segment uses at a time; None: a fresh one
    # Where its Manim media go while it renders: the build's .work/ locally (a killed build's leftovers are
    # cleaned by the next), None on a cluster worker (its temporary folder).
    work_root: Path | None = None


@dataclass(frozen=True)
class SectionVideo:
    """One of Manim's section videos (a beat, or what comes before the first beat), as bytes."""

    name: str
    frames: int
    data: bytes


@dataclass(frozen=True)
class SegmentResult:
    """What a segment's process sends back: videos, pictures, and (from the last) speech and captions."""

    task: SegmentTask
    sections: tuple[SectionVideo, ...]
    pictures: Mapping[str, np.ndarray]  # each of its beats' last picture, by reference
    captions: str | None  # the chapter's SRT, from the segment that ends it
    speech: bytes | None  # the chapter's normalised speech (WAV), from the segment that ends it
    hashes: tuple[str, ...]  # md5 of every frame handed to Manim's file writer, when asked
    beat_seconds: Mapping[str, float]  # wall time of each beat it rendered
    fast_forward_seconds: float  # wall time spent fast-forwarding the beats before it
    startup_seconds: float  # from the process's start to the scene's first beat
    seconds: float  # the whole task, process start-up included
    short_animations: int = 0
    notes: tuple[str, ...] = ()  # what it found damaged in the speech cache and made again
    descriptions: Mapping[str, Description] = field(default_factory=dict)  # its beats' descriptions
    last_pictures: Mapping[str, np.ndarray] = field(default_factory=dict)  # a beat's last frame, if not its picture


# --- inside the segment's process -------------------------------------------------------------

@dataclass
class _Run:
    first: int
    end: int | None
    started: float = field(default_factory=time.perf_counter)
    beat: int = -1
    starts: list[tuple[str, float]] = field(default_factory=list)
    fast_forward: bool = False


_active: _Run | None = None


def fast_forwarding() -> bool:
    """Whether this process is stepping through beats before its segment (nothing drawn, nothing written)."""
    return _active is not None and _active.fast_forward


def beat_starting(scene, reference: str) -> None:
    """Called by ``Narrated.beat`` as a beat starts: switch to drawing at the segment's first beat, stop at its end.

    A no-op in a whole render and under plain ``manim``.
    """
    run = _active
    if run is None:
        return
    run.beat += 1
    run.starts.append((reference, time.perf_counter()))
    if run.end is not None and run.beat >= run.end:
        from manim.utils.exceptions import EndSceneEarlyException

        # Only the segment that ends the chapter makes its sound track.
        scene.renderer.file_writer.includes_sound = False
        raise EndSceneEarlyException()
    run.fast_forward = run.beat < run.first


def _install(scene, run: _Run) -> None:
    """Make the scene's renderer and file writer skip their work while ``run`` fast-forwards.

    Time advances exactly as ``CairoRenderer.add_frame`` advances it, frame by frame.
    """
    renderer, writer = scene.renderer, scene.renderer.file_writer

    def advance(frame=None, num_frames: int = 1) -> None:
        renderer.time += num_frames * (1 / renderer.camera.frame_rate)

    def clear_static(*args, **kwargs) -> None:
        renderer.static_image = None

    skipped: dict[object, dict[str, Callable]] = {
        renderer: {"update_frame": lambda *a, **k: None, "save_static_frame_data": clear_static,
                   "render": lambda scene_, t, moving=None: advance(), "add_frame": advance},
        writer: {name: lambda *a, **k: None for name in ("begin_animation", "end_animation", "write_frame")},
    }
    # Manim finds a play's file by its index in the writer's list: keep a place, but none in the beat's section.
    skipped[writer]["add_partial_movie_file"] = lambda *a, **k: writer.partial_movie_files.append(None)
    for target, methods in skipped.items():
        for name, skip in methods.items():
            real = getattr(target, name)
            setattr(target, name,
                    lambda *a, _real=real, _skip=skip, **k: (_skip if run.fast_forward else _real)(*a, **k))


def hash_frames(writer, hashes: list[str]) -> None:
    """Take the md5 of every frame handed to the file writer: the pictures the scene draws, before encoding."""
    real = writer.write_frame

    def hashing(pixels, *, repeat: int = 1) -> None:
        hashes.extend([hashlib.md5(pixels.tobytes()).hexdigest()] * repeat)
        real(pixels, repeat=repeat)

    writer.write_frame = hashing


def render_segment(task: SegmentTask) -> SegmentResult:
    """Render one segment in this process (a fresh one: Manim's module caches must not carry over)."""
    global _active
    from manim import tempconfig

    from lecture.render.chapter import manim_settings, normalised_speech, quiet_render
    from lecture.voice.speech import collected_notes

    started = time.perf_counter()
    segment = task.segment
    work = Path(tempfile.mkdtemp(prefix=f"{segment.chapter.stem}-segment-{segment.index}-", dir=task.work_root))
    try:
        tex_dir = task.tex_dir or work / "tex"
        tex_dir.mkdir(parents=True, exist_ok=True)
        # What comes before the first beat belongs to the first segment: the others fast-forward from the start.
        run = _Run(segment.first, segment.end, started=started, fast_forward=segment.first > 0)
        hashes: list[str] = []
        with tempconfig(manim_settings(task.preset, work / "media", tex_dir, task.transparent)), \
                quiet_render() as short_animations, collected_notes() as notes:
            scene = segment.chapter.load()()
            if task.frame_hashes:
                hash_frames(scene.renderer.file_writer, hashes)
            _install(scene, run)
            _active = run
            try:
                scene.render()
            finally:
                _active = None
        finished = time.perf_counter()
        plan = scene.renderer.file_writer.output_plan
        index = plan.section_index
        sections = tuple(SectionVideo(entry["name"], int(entry["nb_frames"]),
                                      (index.parent / entry["video"]).read_bytes())
                         for entry in json.loads(index.read_text(encoding="utf-8")))
        mine = [reference for reference, _ in run.starts[segment.first:segment.end]]
        captions = speech = None
        if segment.last:
            subtitles = plan.subcaption_file
            captions = subtitles.read_text(encoding="utf-8") if subtitles and subtitles.is_file() else ""
            track = normalised_speech(scene, work)
            speech = track.read_bytes() if track is not None else None
        times = [moment for _, moment in run.starts] + [finished]
        beat_seconds = {reference: times[i + 1] - times[i] for i, (reference, _) in enumerate(run.starts)
                        if segment.first <= i and (segment.end is None or i < segment.end)}
        first_start = times[min(segment.first, len(run.starts))] if run.starts else finished
        return SegmentResult(
            task=task, sections=sections,
            pictures={reference: scene.beat_pictures[reference] for reference in mine
                      if reference in scene.beat_pictures},
            captions=captions, speech=speech, hashes=tuple(hashes), beat_seconds=beat_seconds,
            fast_forward_seconds=first_start - (times[0] if run.starts else finished),
            startup_seconds=(times[0] if run.starts else finished) - started,
            seconds=time.perf_counter() - started, short_animations=short_animations[0], notes=tuple(notes),
            descriptions={reference: scene.beat_descriptions[reference] for reference in mine
                          if reference in scene.beat_descriptions},
            last_pictures={reference: scene.beat_last_pictures[reference] for reference in mine
                           if reference in scene.beat_last_pictures},
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


def render_isolated(task: SegmentTask) -> SegmentResult:
    """Render a segment in a fresh Python process and return its result: what a cluster worker runs.

    A Dask worker is long-lived; Manim's module caches (TeX files, SVG mobjects)
    would carry from one task into the next and make frames depend on which
    tasks ran before. The child dies with the worker if the worker is killed.
    """
    from lecture.voice.speech import VOICE_VARIABLE

    with tempfile.TemporaryDirectory(prefix="segment-task-") as folder:
        request, answer = Path(folder) / "task.pickle", Path(folder) / "result.pickle"
        request.write_bytes(pickle.dumps(task))
        environment = {**os.environ, VOICE_VARIABLE: task.voice}
        done = subprocess.run([sys.executable, "-m", "lecture.render.segments", str(request), str(answer)],
                              env=environment, capture_output=True, text=True)
        if done.returncode != 0 or not answer.is_file():
            lines = (done.stderr or "").strip().splitlines()
            raise RuntimeError(f"{task.segment} failed on {os.uname().nodename}: "
                               f"{lines[-1] if lines else f'exit status {done.returncode}'}")
        return pickle.loads(answer.read_bytes())


# --- planning -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class BeatCosts:
    """What a chapter's beats cost to render, and to fast-forward, in seconds of one worker."""

    render: tuple[float, ...]
    fast_forward_share: float = DEFAULT_FAST_FORWARD_SHARE
    startup: float = DEFAULT_STARTUP_SECONDS

    def segment(self, first: int, end: int) -> float:
        """A segment's cost: start-up, fast-forwarding the beats before it, rendering its own."""
        return self.startup + self.fast_forward_share * sum(self.render[:first]) + sum(self.render[first:end])


def split_beats(costs: BeatCosts, count: int) -> list[tuple[int, int]]:
    """Beats cut into at most ``count`` runs whose costs (fast-forward included) are as even as can be.

    The later runs pay for fast-forwarding what comes before them, so they take
    fewer beats. Bisects the largest cost a run may have.
    """
    beats = len(costs.render)
    count = max(1, min(count, beats))

    def cut(limit: float) -> list[tuple[int, int]] | None:
        runs, first = [], 0
        while first < beats:
            end = first + 1
            while end < beats and costs.segment(first, end + 1) <= limit:
                end += 1
            runs.append((first, end))
            first = end
            if len(runs) > count:
                return None
        return runs

    low, high = 0.0, costs.segment(0, beats)
    best = [(0, beats)]
    for _ in range(40):
        middle = (low + high) / 2
        runs = cut(middle)
        if runs is None:
            low = middle
        else:
            best, high = runs, middle
    return best


def simulate_wall(costs: Sequence[float], workers: int) -> float:
    """The wall time of tasks handed, longest first, to whichever of ``workers`` is free first."""
    loads = [0.0] * max(1, workers)
    for cost in sorted(costs, reverse=True):
        loads[loads.index(min(loads))] += cost
    return max(loads)


def plan_segments(chapters: Mapping[Chapter, BeatCosts], workers: int) -> list[tuple[Segment, float]]:
    """Segments for ``workers``, longest first, each with its expected cost.

    A chapter is cut when that shortens the build: the planner tries cutting
    every chapter into runs of about the work ÷ workers (and halves and thirds
    of that) and keeps the plan whose simulated wall time is least, counting the
    start-up and fast-forwarding each cut adds.
    """
    total = sum(sum(costs.render) for costs in chapters.values())
    best: list[tuple[Segment, float]] = []
    best_wall = math.inf
    for fineness in (0, 1, 2, 3):
        plan = []
        for chapter, costs in chapters.items():
            share = total / max(1, workers)
            count = 1 if fineness == 0 or workers == 1 else math.ceil(fineness * sum(costs.render) / share - 1e-9)
            runs = split_beats(costs, count)
            for index, (first, end) in enumerate(runs):
                segment = Segment(chapter, first, None if end == len(costs.render) else end, index, len(runs))
                plan.append((segment, costs.segment(first, end)))
        wall = simulate_wall([cost for _, cost in plan], workers)
        if wall < best_wall - 1e-6:
            best, best_wall = plan, wall
    return sorted(best, key=lambda item: -item[1])


if __name__ == "__main__":  # python -m lecture.render.segments TASK.pickle RESULT.pickle: one segment, in a fresh process
    # Through the imported module, not this __main__ copy: the scenes' beats and the pickled classes refer to it.
    from lecture.render import segments
    from lecture.core.media import die_with_parent

    die_with_parent(os.getppid())
    result = segments.render_segment(pickle.loads(Path(sys.argv[1]).read_bytes()))
    Path(sys.argv[2]).write_bytes(pickle.dumps(result))
