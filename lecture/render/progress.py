"""Progress across a build: beats done of the whole, with an estimate of the time left.

A chapter at fhd renders for minutes; each of its beats, as it ends, tells the
build (through a queue the render worker was handed), and the build shows one
bar for the whole build, weighted by each beat's length, with tqdm (which
Manim already uses): a live bar on a terminal, and a plain line every tenth of
the way in a CI log. A scene rendered by plain ``manim`` has no queue and
reports nothing.
"""

from __future__ import annotations

import queue
import sys
import threading
import time
from collections.abc import Sequence
from typing import Self, TextIO

from lecture.text.chapters import Chapter
from lecture.narration.chapters import narrations

__all__ = ["BuildProgress"]

class BuildProgress:
    """The main process's side: reads the workers' reports and shows them."""

    def __init__(self, chapters: Sequence[Chapter], frame_rate: float, channel, *,
                 stream: TextIO | None = None) -> None:
        self.channel, self.stream = channel, stream or sys.stderr
        # Each beat weighs what it lasts when read (known without speaking or rendering).
        self.weights = {(chapter.number, narration.reference): narration.duration
                        for chapter in chapters for narration in narrations(chapter, frame_rate, voice=None)}
        self.beats = {chapter.number: len(chapter.beat_references()) for chapter in chapters}
        self.done_beats = dict.fromkeys(self.beats, 0)
        self.total = sum(self.weights.values())
        self.done = 0.0
        self.started = time.monotonic()
        self.live = self.stream.isatty()
        self.next_line = 0.1
        self._bar = None
        if self.live:
            from tqdm import tqdm

            self._bar = tqdm(total=round(self.total), unit="s", desc="rendering", file=self.stream, leave=False,
                             bar_format="{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} s of video "
                                        "[{elapsed}<{remaining}] {postfix}")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        if self._bar is not None:
            self._bar.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                number, reference = self.channel.get(timeout=0.2)
            except (queue.Empty, EOFError, OSError):
                continue
            self.advance(number, reference)

    def advance(self, number: str, reference: str) -> None:
        weight = self.weights.get((number, reference), 0.0)
        self.done += weight
        self.done_beats[number] = self.done_beats.get(number, 0) + 1
        where = f"§{number} beat {self.done_beats[number]}/{self.beats.get(number, '?')}"
        if self._bar is not None:
            self._bar.set_postfix_str(where, refresh=False)
            self._bar.update(round(self.done) - self._bar.n)
            return
        share = self.done / self.total if self.total else 1.0
        if share >= self.next_line:
            elapsed = time.monotonic() - self.started
            left = elapsed * (1 - share) / share if share else 0.0
            print(f"  … {share:.0%} of the video rendered ({where}), about {_clock(left)} left",
                  file=self.stream, flush=True)
            while self.next_line <= share:
                self.next_line += 0.1


def _clock(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"
