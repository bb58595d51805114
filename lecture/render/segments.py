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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lecture.text.chapters import Chapter
from lecture.render.described import Description
from lecture.core.presets import Preset

__all__ = ["DEFAULT_FAST_FORWARD_SHARE", "BeatCosts", "Segment", "SegmentResult", "SegmentTask", "SectionVideo",
           "plan_segments", "simulate_wall", "split_beats"]

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
    # The build's typeset formulas (lecture.render.formulas), put into tex_dir first: their folder, or on a cluster
    # worker (which shares no folder with the build) the SVGs themselves by file name.
    formulas: Path | Mapping[str, bytes] | None = None


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
    seconds: float  # the whole task, process start-up included
    short_animations: int = 0
    notes: tuple[str, ...] = ()  # what it found damaged in the speech cache and made again
    descriptions: Mapping[str, Description] = field(default_factory=dict)  # its beats' descriptions
    last_pictures: Mapping[str, np.ndarray] = field(default_factory=dict)  # a beat's last frame, if not its picture
    # The SVGs it typeset that it was not handed (when handed them as data): for the build to keep.
    typeset: Mapping[str, bytes] = field(default_factory=dict)


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
