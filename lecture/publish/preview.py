"""The preview page of a build: ``index.html``, with the transcript and the YouTube chapter list.

``index.html`` is written from what a build left in its output folder (the
manifest and the captions), so opening it shows exactly the rendered files. It
is made from a Jinja2 template (``lecture/publish/templates/index.html``, autoescaped)
with the CSS and the script of ``lecture/publish/static/`` written into it: no external
assets, so it works offline and can be copied with the videos. The server that
can seek in them is ``lecture.publish.server``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


from lecture.core.media import atomic_path
from lecture.publish.pages import page_environment, static_text
from lecture.publish.transcript import (ChapterTooShort, clock, cue_text, described_lines,
                                        described_transcript_markdown, write_transcript, write_youtube_chapters)
from lecture.core.outputs import (DECK, DESCRIBED_TRANSCRIPT, HANDOUT, LIVE_PPTX, PPTX, PREVIEW_PAGE, SLIDES_FOLDER,
                                  YOUTUBE_CHAPTERS, poster_name)
from lecture.build.manifest import ChapterRecord, Manifest

__all__ = [
    "PreviewFiles",
    "index_html",
    "poster_for",
    "write_described_transcript",
    "write_index",
    "write_preview",
]

# Package data (pyproject.toml lists them): the page's template, its CSS and its script.


def poster_for(folder: Path, video: str) -> str | None:
    """``NN-slug.png`` beside ``NN-slug.mp4``, if a build made one; no poster otherwise (no broken image)."""
    poster = poster_name(video)
    return poster if (folder / poster).is_file() else None


def _chapter_view(manifest: Manifest, chapter: ChapterRecord) -> dict[str, Any]:
    return {
        "number": chapter.number, "title": chapter.title, "id": f"chapter-{chapter.number}",
        "video_id": f"video-{chapter.number}", "video": chapter.files["video"], "captions": chapter.files["vtt"],
        "descriptions": chapter.files.get("descriptions"),
        "poster": poster_for(manifest.folder, chapter.files["video"]), "cues": chapter.cues,
        "length": clock(chapter.seconds), "start": chapter.start, "start_clock": clock(chapter.start),
        "transcript": [{"seconds": cue.start.total_seconds(), "clock": clock(cue.start.total_seconds()),
                        "text": cue_text(cue)} for cue in manifest.cues(chapter)],
    }


def _slides_view(folder: Path) -> dict[str, Any] | None:
    """The slides ``build.py slides`` wrote (``slides/``), for links from the page; None when there are none."""
    if not (folder / SLIDES_FOLDER / DECK).is_file():
        return None
    labels = {PPTX: "PowerPoint", LIVE_PPTX: "PowerPoint for a live talk (silent clips)", HANDOUT: "handout (PDF)"}
    return {"deck": f"{SLIDES_FOLDER}/{DECK}",
            "files": [{"path": f"{SLIDES_FOLDER}/{name}", "label": label} for name, label in labels.items()
                      if (folder / SLIDES_FOLDER / name).is_file()]}


def index_html(manifest: Manifest) -> str:
    """The preview page: the lecture, its chapters, their players and transcripts."""
    folder, lecture = manifest.folder, manifest.lecture
    lecture_video = lecture.files.get("video")
    has_lecture = bool(lecture_video) and (folder / lecture_video).is_file()
    first_poster = poster_for(folder, manifest.chapters[0].files["video"]) if manifest.chapters else None
    page = page_environment().get_template("index.html").render(
        title=manifest.title, preset=manifest.preset, style=static_text("preview.css"), script=static_text("preview.js"),
        slides=_slides_view(folder),
        chapters=[_chapter_view(manifest, chapter) for chapter in manifest.chapters],
        lecture={
            "video": lecture_video if has_lecture else None,
            "captions": lecture.files.get("vtt", Path(lecture_video or "lecture").stem + ".vtt"),
            "poster": (poster_for(folder, lecture_video) or first_poster) if has_lecture else None,
            "length": clock(lecture.seconds),
            "described": lecture.files.get("described") if has_lecture else None,
            "described_captions": lecture.files.get("described_vtt"),
            "descriptions": lecture.files.get("descriptions"),
            "transcript": Path(DESCRIBED_TRANSCRIPT).with_suffix(".html").name,
        },
    )
    return page if page.endswith("\n") else page + "\n"


def write_index(manifest: Manifest) -> Path:
    """Write ``index.html`` into the build's folder; returns its path."""
    destination = manifest.folder / PREVIEW_PAGE
    with atomic_path(destination) as temporary:
        temporary.write_text(index_html(manifest), encoding="utf-8")
    return destination


def write_described_transcript(manifest: Manifest) -> tuple[Path, Path] | None:
    """Write the descriptive transcript as Markdown and as a page that seeks the described lecture.

    None (and nothing written) when the build has no described lecture.
    """
    video = manifest.lecture.files.get("described")
    if not video or not (manifest.folder / video).is_file():
        return None
    markdown = manifest.folder / DESCRIBED_TRANSCRIPT
    page = markdown.with_suffix(".html")
    chapters: dict[str, dict[str, Any]] = {}
    for line in described_lines(manifest):
        chapter = chapters.setdefault(line.chapter.number, {"number": line.chapter.number,
                                                            "title": line.chapter.title, "lines": []})
        chapter["lines"].append({"seconds": line.seconds, "clock": clock(line.seconds), "text": line.text,
                                 "description": line.description})
    first = manifest.chapters[0].files["video"] if manifest.chapters else video
    text = page_environment().get_template("described.html").render(
        title=manifest.title, style=static_text("preview.css"), script=static_text("preview.js"), video=video,
        poster=poster_for(manifest.folder, video) or poster_for(manifest.folder, first),
        captions=manifest.lecture.files["described_vtt"], chapters=list(chapters.values()))
    with atomic_path(markdown) as temporary:
        temporary.write_text(described_transcript_markdown(manifest), encoding="utf-8")
    with atomic_path(page) as temporary:
        temporary.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return markdown, page


@dataclass(frozen=True)
class PreviewFiles:
    """What ``write_preview`` wrote, and what it could not."""

    index: Path
    transcript: Path
    youtube: Path | None
    warnings: list[str]
    youtube_error: str | None
    described: tuple[Path, Path] | None = None  # the descriptive transcript (Markdown, page), if there is one


def write_preview(folder: Path) -> PreviewFiles:
    """Write the page, the transcript and the YouTube chapter list for the build in ``folder``.

    A chapter too short for YouTube does not stop the page or the transcript:
    the list is left out and the reason returned. A folder without a manifest
    raises ManifestError.
    """
    manifest = Manifest.load(folder)
    index = write_index(manifest)
    transcript = write_transcript(manifest)
    described = write_described_transcript(manifest)
    try:
        warnings = write_youtube_chapters(manifest)
    except ChapterTooShort as error:
        return PreviewFiles(index, transcript, None, [], str(error), described)
    return PreviewFiles(index, transcript, folder / YOUTUBE_CHAPTERS, warnings, None, described)


