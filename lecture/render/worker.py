"""Inside a segment's process: its scene rendered, fast-forwarding the beats before its own.

``render_segment`` runs in a render worker of the build's pool, or in a process a cluster worker forks
for it (``lecture.render.forks``). What a segment is, and how the build plans them, is
``lecture.render.segments``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pydub import AudioSegment

from lecture.render.formulas import new_formulas, take_formulas
from lecture.render.hooks import SegmentRun, running
from lecture.render.scene import manim_settings, normalised_speech, quiet_render
from lecture.render.segments import SectionVideo, SegmentResult, SegmentTask
from lecture.voice.speech import collected_notes

__all__ = ["hash_frames", "render_segment"]


def _install(scene, run: SegmentRun) -> None:
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


def _write_no_whole_movie(writer) -> None:
    """Make Manim's file writer skip the scene's whole movie: the build takes its section videos and its sound.

    Manim's ``finish`` joins every partial movie into one movie again and encodes the scene's sound into
    it (AAC, in this process), in every segment: a sixth of §04's CPU at smoke, thrown away. What that step does to the
    sound first (it appends nothing, at the end) is kept, so the sound the build takes is the same.
    """
    def sound_as_for_the_movie() -> None:
        if writer.includes_sound:
            writer.add_audio_segment(AudioSegment.silent(0))

    writer.combine_to_movie = sound_as_for_the_movie


def hash_frames(writer, hashes: list[str]) -> None:
    """Take the md5 of every frame handed to the file writer: the pictures the scene draws, before encoding."""
    real = writer.write_frame

    def hashing(pixels, *, repeat: int = 1) -> None:
        hashes.extend([hashlib.md5(pixels.tobytes()).hexdigest()] * repeat)
        real(pixels, repeat=repeat)

    writer.write_frame = hashing


def render_segment(task: SegmentTask) -> SegmentResult:
    """Render one segment in this process (a fresh one: Manim's module caches must not carry over)."""
    from manim import tempconfig

    from lecture.render.encoder import encode_with_planes

    started = time.perf_counter()
    segment = task.segment
    work = Path(tempfile.mkdtemp(prefix=f"{segment.chapter.stem}-segment-{segment.index}-", dir=task.work_root))
    try:
        tex_dir = task.tex_dir or work / "tex"
        tex_dir.mkdir(parents=True, exist_ok=True)
        if task.formulas is not None:
            take_formulas(task.formulas, tex_dir)
        # What comes before the first beat belongs to the first segment: the others fast-forward from the start.
        run = SegmentRun(segment.first, segment.end, started=started, fast_forward=segment.first > 0)
        hashes: list[str] = []
        with tempconfig(manim_settings(task.preset, work / "media", tex_dir, task.transparent)), \
                quiet_render() as short_animations, collected_notes() as notes:
            scene = segment.chapter.load()()
            _write_no_whole_movie(scene.renderer.file_writer)
            encode_with_planes(scene.renderer.file_writer)
            if task.frame_hashes:
                hash_frames(scene.renderer.file_writer, hashes)
            _install(scene, run)
            running(run)
            try:
                scene.render()
            finally:
                running(None)
        finished = time.perf_counter()
        plan = scene.renderer.file_writer.output_plan
        index = plan.section_index
        sections = tuple(SectionVideo(entry["name"], int(entry["nb_frames"]),
                                      (index.parent / entry["video"]).read_bytes())
                         for entry in json.loads(index.read_text(encoding="utf-8")))
        mine = [reference for reference, _ in run.starts[segment.first:segment.end]]
        given = task.formulas
        typeset = new_formulas(tex_dir, given) if given is not None and not isinstance(given, Path) else {}
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
            seconds=time.perf_counter() - started, short_animations=short_animations[0], notes=tuple(notes),
            descriptions={reference: scene.beat_descriptions[reference] for reference in mine
                          if reference in scene.beat_descriptions},
            last_pictures={reference: scene.beat_last_pictures[reference] for reference in mine
                           if reference in scene.beat_last_pictures},
            typeset=typeset,
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
