"""What a render process knows about itself, for the scenes' beats to ask: its segment, its progress queue.

A leaf: it imports nothing from the package, so a scene's beat (and any stage) can call it without
reaching up into the render machinery. A scene rendered by plain ``manim`` sets neither, and both hooks
are no-ops.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

__all__ = ["SegmentRun", "beat_done", "beat_starting", "fast_forwarding", "listen", "running"]


@dataclass
class SegmentRun:
    """The segment this process renders: beats ``first`` to ``end`` (exclusive), and the beats seen so far."""

    first: int
    end: int | None
    started: float = field(default_factory=time.perf_counter)
    beat: int = -1
    starts: list[tuple[str, float]] = field(default_factory=list)
    fast_forward: bool = False


_active: SegmentRun | None = None  # in a segment's process, while its scene renders
_queue = None  # in a render worker: where its beats are reported


def running(run: SegmentRun | None) -> None:
    """In a segment's process: the scene about to render is ``run`` (None once it is done)."""
    global _active
    _active = run


def listen(channel) -> None:
    """In a render worker: report beats to ``channel``."""
    global _queue
    _queue = channel


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


def beat_done(section: str, reference: str) -> None:
    """A scene's beat has been rendered (a no-op outside a build, and for a beat a segment fast-forwarded)."""
    if _queue is not None and not fast_forwarding():
        _queue.put((section, reference))
