"""The lecture's text forms, made from a finished build: transcripts and the YouTube chapter list.

The Markdown transcript, the descriptive transcript (narration and, in brackets, descriptions, in
time order) and the YouTube chapter list are read from what the build left on disk (its manifest and
each chapter's captions, through ``lecture.build.manifest``), so they describe exactly the videos that
were rendered and need neither Manim nor a render. The preview page (``preview``) links them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import srt

from lecture.render.described import DescribedBeat, shift_time
from lecture.build.manifest import ChapterRecord, Manifest
from lecture.core.outputs import MANIFEST, TRANSCRIPT, YOUTUBE_CHAPTERS
from lecture.core.media import atomic_path

__all__ = [
    "ChapterTooShort",
    "DescribedLine",
    "described_lines",
    "described_transcript_markdown",
    "YOUTUBE_MIN_CHAPTERS",
    "YOUTUBE_MIN_SECONDS",
    "clock",
    "cue_text",
    "transcript_markdown",
    "write_transcript",
    "write_youtube_chapters",
    "youtube_chapters",
]

# YouTube turns a description's timestamps into chapters only if the first is 0:00,
# there are at least three, and each lasts at least ten seconds.
YOUTUBE_MIN_CHAPTERS = 3
YOUTUBE_MIN_SECONDS = 10.0


class ChapterTooShort(ValueError):
    """A chapter is too short for YouTube to accept the chapter list."""


def clock(seconds: float, *, pad_minutes: bool = False, hours: bool | None = None) -> str:
    """Whole seconds (rounded down, so a time never points before what it names) as m:ss or h:mm:ss.

    ``pad_minutes`` gives mm:ss; ``hours`` forces (True) or suppresses (False) the
    hour field, which by default appears from one hour on.
    """
    whole = int(max(seconds, 0.0) + 1e-6)  # 66.9999999 from float sums is still 1:07
    hour, rest = divmod(whole, 3600)
    minute, second = divmod(rest, 60)
    if hours or (hours is None and hour):
        return f"{hour}:{minute:02}:{second:02}"
    minute += 60 * hour
    return f"{minute:02}:{second:02}" if pad_minutes else f"{minute}:{second:02}"


def cue_text(cue: srt.Subtitle) -> str:
    """A cue's words on one line: its line breaks are layout, not meaning."""
    return " ".join(cue.content.split())


_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]<>|])")


def _markdown_escape(text: str) -> str:
    """Backslash what Markdown would read as markup (maths such as x_1 or a*b is common here)."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def transcript_markdown(manifest: Manifest) -> str:
    """The lecture's captions as Markdown, each cue stamped with its time in the whole lecture."""
    long_lecture = manifest.lecture.seconds >= 3600
    lines = [f"# {_markdown_escape(manifest.title)}", ""]
    for chapter in manifest.chapters:
        start = clock(chapter.start, pad_minutes=True, hours=long_lecture)
        lines += [f"## {_markdown_escape(chapter.number)} {_markdown_escape(chapter.title)} ({start})", ""]
        for cue in manifest.cues(chapter):
            at = clock(chapter.start + cue.start.total_seconds(), pad_minutes=True, hours=long_lecture)
            # Two trailing spaces: a line break, so each cue keeps its own line when rendered.
            lines.append(f"[{at}] {_markdown_escape(cue_text(cue))}  ")
        lines.append("")
    while lines[-1] == "":
        lines.pop()
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class DescribedLine:
    """One line of the descriptive transcript: a caption or a description, at its time in the described lecture."""

    chapter: ChapterRecord
    seconds: float
    text: str
    description: bool


def described_lines(manifest: Manifest) -> list[DescribedLine]:
    """Every caption and every description of the described lecture, in time order.

    Captions are the plain chapter's cues moved past the holds; each description is
    placed where its voice starts in its hold.
    """
    lines, start = [], 0.0
    for chapter in manifest.chapters:
        beats = [DescribedBeat.from_json(beat) for beat in chapter.descriptions]
        holds = [beat for beat in beats if not beat.covered]
        entries = [DescribedLine(chapter, start + shift_time(cue.start.total_seconds(), holds), cue_text(cue), False)
                   for cue in manifest.cues(chapter)]
        entries += [DescribedLine(chapter, start + beat.said[0], beat.text, True) for beat in holds]
        lines += sorted(entries, key=lambda line: line.seconds)
        start += chapter.seconds + sum(beat.hold for beat in holds)
    return lines


def described_transcript_markdown(manifest: Manifest) -> str:
    """The descriptive transcript as Markdown: captions and [descriptions], stamped with their time in the
    described lecture (``lecture.described.mp4``)."""
    lines = described_lines(manifest)
    long_lecture = bool(lines) and lines[-1].seconds >= 3600
    out = [f"# {_markdown_escape(manifest.title)}: descriptive transcript", "",
           ("Narration and, in brackets, descriptions of what the picture shows; times are those of the "
           "described lecture."), ""]
    chapter = None
    for line in lines:
        if line.chapter is not chapter:
            chapter = line.chapter
            if out[-1] != "":
                out.append("")
            out += [f"## {_markdown_escape(chapter.number)} {_markdown_escape(chapter.title)}", ""]
        at = clock(line.seconds, pad_minutes=True, hours=long_lecture)
        text = _markdown_escape(line.text)
        out.append(f"[{at}] " + (f"\\[Description: {text}\\]" if line.description else text) + "  ")
    return "\n".join(out).rstrip("\n") + "\n"


def write_transcript(manifest: Manifest, destination: Path | None = None) -> Path:
    """Write ``transcript.md`` (by default into the build's folder); returns its path."""
    destination = destination or manifest.folder / TRANSCRIPT
    with atomic_path(destination) as temporary:
        temporary.write_text(transcript_markdown(manifest), encoding="utf-8")
    return destination


def youtube_chapters(manifest: Manifest) -> tuple[str, list[str]]:
    """The chapter list for a YouTube description, and warnings about it.

    Raises ChapterTooShort, naming the chapter, if one lasts under ten seconds:
    YouTube would silently ignore the whole list. Fewer than three chapters is
    only a warning, since the list still reads well in a description.
    """
    if not manifest.chapters:
        raise ChapterTooShort(f"{manifest.folder / MANIFEST} lists no chapters")
    for chapter in manifest.chapters:
        if chapter.seconds < YOUTUBE_MIN_SECONDS:
            raise ChapterTooShort(
                f"chapter {chapter.number} {chapter.title!r} lasts {chapter.seconds:.1f} s, but YouTube chapters "
                f"must last at least {YOUTUBE_MIN_SECONDS:.0f} s; {YOUTUBE_CHAPTERS} not written"
            )
    warnings = []
    if len(manifest.chapters) < YOUTUBE_MIN_CHAPTERS:
        warnings.append(f"{YOUTUBE_CHAPTERS} has {len(manifest.chapters)} chapter(s); YouTube shows chapters "
                        f"only from {YOUTUBE_MIN_CHAPTERS} on")
    lines = [f"{clock(chapter.start)} {' '.join(chapter.title.split())}" for chapter in manifest.chapters]
    return "\n".join(lines) + "\n", warnings


def write_youtube_chapters(manifest: Manifest, destination: Path | None = None) -> list[str]:
    """Write ``youtube-chapters.txt``; returns the warnings for the caller to show.

    On ChapterTooShort nothing is written and a list from an earlier build is
    removed, so that no out-of-date list is left to be pasted.
    """
    destination = destination or manifest.folder / YOUTUBE_CHAPTERS
    try:
        text, warnings = youtube_chapters(manifest)
    except ChapterTooShort:
        destination.unlink(missing_ok=True)
        raise
    with atomic_path(destination) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return warnings
