"""The clips' other formats, made on request (``build.py clips``): GIF, WebM, transparent, captions burned in.

A render makes each beat's MP4 clip, its captions and poster (``lecture.render.clips``); this adds the
formats asked for to every clip of the build's chapters, rendering the transparent chapters first, and
writes ``clips/index.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

from lecture.build.pipeline import LectureBuild
from lecture.core.media import deferred_interrupts
from lecture.core.outputs import (CLIPS_FOLDER, CLIP_INDEX, TRANSPARENT_SUFFIX, VARIANT_SUFFIXES, record_path,
                                  transparent_path)
from lecture.render.assemble import burn_captions
from lecture.render.chapter import ChapterOutput, render_chapters
from lecture.render.clips import export_gif, export_webm, listed_clips, write_clip_index
from lecture.render.segments import Segment

__all__ = ["export_clips"]


def export_clips(build: LectureBuild, *, gif: bool, webm: bool, transparent: bool, burn: bool, jobs: int) -> Path:
    """Add the requested formats to every beat clip of the build's chapters and write ``clips/index.json``.

    Call after ``build.render``: the MP4 clips, their captions and posters come with it.
    """
    if transparent:
        # The overlay variant is a second render; redo it when the chapter was re-rendered.
        behind = [chapter for chapter in build.chapters
                  if not transparent_path(build.out_dir, chapter.stem).is_file()
                  or transparent_path(build.out_dir, chapter.stem).stat().st_mtime
                  < record_path(build.out_dir, chapter.stem).stat().st_mtime]

        def publish(output: ChapterOutput, seconds: float) -> None:
            with deferred_interrupts():
                output.publish()

        render_chapters([Segment(chapter) for chapter in behind], build.preset, build.out_dir, jobs=jobs,
                        voice=build.voice, transparent=True, on_done=publish)
    clips_root = build.out_dir / CLIPS_FOLDER
    index = []
    for chapter in build.chapters:
        folder = clips_root / chapter.stem
        for entry in json.loads((folder / CLIP_INDEX).read_text(encoding="utf-8")):
            video = folder / entry["files"]["mp4"]
            overlay = folder / f"{video.stem}{TRANSPARENT_SUFFIX}"
            captions = folder / entry["files"]["srt"]
            wanted = {"gif": (gif, video, export_gif), "webm": (webm, video, export_webm),
                      "transparent-webm": (webm and overlay.is_file(), overlay, export_webm),
                      "burned": (burn, video,
                                 lambda source, made, captions=captions: burn_captions(source, captions, made))}
            for kind, (asked, source, export) in wanted.items():
                made = folder / f"{video.stem}{VARIANT_SUFFIXES[kind]}"
                if asked and (not made.is_file() or made.stat().st_mtime < source.stat().st_mtime):
                    export(source, made)
        index += listed_clips(folder)
    return write_clip_index(clips_root, index)
