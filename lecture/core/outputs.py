"""Every name the build gives a file in an output folder, in one place.

A chapter's files share its stem (``01-what-a-derivative-is``), the lecture's the stem ``lecture``;
each kind of file adds its suffix. Writers and readers (render, build, publish) ask here, so a name
is never worked out twice.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "BURNED_SUFFIX", "CLIPS_FOLDER", "CLIP_INDEX", "DECK", "DESCRIBED_SUFFIX", "DESCRIBED_TRANSCRIPT",
    "DESCRIPTIONS_SUFFIX", "HANDOUT", "HANDOUT_HTML", "LECTURE_STEM", "LIVE_PPTX", "MANIFEST", "PPTX",
    "PREVIEW_PAGE", "SCRIPT_FOLDER", "SCRIPT_INDEX", "SHEET_CHANGES", "SHEET_FOLDER", "SHEET_PAGE", "SILENT_SUFFIX",
    "FORMULAS_FOLDER", "SLIDES_FOLDER", "TEX_FOLDER", "TRANSCRIPT", "TRANSPARENT_SUFFIX", "VARIANT_SUFFIXES", "WORK_FOLDER",
    "YOUTUBE_CHAPTERS",
    "burned_path", "chapter_paths", "described_paths", "poster_name", "record_path", "transparent_path",
]

LECTURE_STEM = "lecture"
MANIFEST = "manifest.json"  # the build's manifest; each chapter's record is NN-slug.json
# The overlay variant of a chapter or clip: QuickTime with an alpha channel, as Manim's --transparent writes.
TRANSPARENT_SUFFIX = ".transparent.mov"
BURNED_SUFFIX = ".burned.mp4"  # captions drawn into the picture
DESCRIBED_SUFFIX = ".described"  # NN-slug.described.mp4/.srt/.vtt: the extended described version
DESCRIPTIONS_SUFFIX = ".descriptions.vtt"  # the plain chapter's descriptions track

CLIPS_FOLDER = "clips"  # clips/NN-slug/NN-BB-label.mp4, one a beat
CLIP_INDEX = "index.json"  # clips/index.json and each clips/NN-slug/index.json
# The formats a clip can have besides its MP4, by their key in clips/index.json.
VARIANT_SUFFIXES = {"gif": ".gif", "webm": ".webm", "transparent": TRANSPARENT_SUFFIX,
                    "transparent-webm": ".transparent.webm", "burned": BURNED_SUFFIX}

WORK_FOLDER = ".work"  # what render workers write; the build publishes from it
TEX_FOLDER = "tex"  # inside WORK_FOLDER: the per-chapter TeX cache, kept between builds
FORMULAS_FOLDER = "formulas"  # inside TEX_FOLDER: every formula the build has typeset (lecture.render.formulas)

PREVIEW_PAGE = "index.html"  # build.py preview's page
TRANSCRIPT = "transcript.md"
DESCRIBED_TRANSCRIPT = "transcript.described.md"  # and .html: the descriptive transcript
YOUTUBE_CHAPTERS = "youtube-chapters.txt"  # the chapter list for a YouTube description
SLIDES_FOLDER = "slides"
DECK = "index.html"  # slides/index.html, the reveal.js deck
PPTX = "lecture.pptx"
LIVE_PPTX = "lecture-live.pptx"
HANDOUT = "handout.pdf"
HANDOUT_HTML = "handout.html"
SILENT_SUFFIX = ".silent.mp4"  # a clip without its speech, for a live talk
SHEET_FOLDER = "sheet"
SHEET_PAGE = "index.html"
SHEET_CHANGES = "changes.json"
SCRIPT_FOLDER = "script"
SCRIPT_INDEX = "index.json"


def chapter_paths(out_dir: Path, stem: str) -> tuple[Path, Path, Path, Path]:
    """Where a chapter's MP4, SRT, WebVTT and poster files go."""
    return tuple(out_dir / f"{stem}{suffix}" for suffix in (".mp4", ".srt", ".vtt", ".png"))


def described_paths(out_dir: Path, stem: str) -> tuple[Path, Path, Path, Path]:
    """Where a chapter's (or the lecture's) described MP4, its SRT and WebVTT, and the plain one's
    descriptions track go."""
    return (*(out_dir / f"{stem}{DESCRIBED_SUFFIX}{suffix}" for suffix in (".mp4", ".srt", ".vtt")),
            out_dir / f"{stem}{DESCRIPTIONS_SUFFIX}")


def transparent_path(out_dir: Path, stem: str) -> Path:
    """The chapter with a transparent background, for overlays (QuickTime, with alpha)."""
    return out_dir / f"{stem}{TRANSPARENT_SUFFIX}"


def burned_path(out_dir: Path, stem: str) -> Path:
    """The chapter (or lecture) with its captions drawn into the picture."""
    return out_dir / f"{stem}{BURNED_SUFFIX}"


def record_path(out_dir: Path, stem: str) -> Path:
    """A chapter's record: the key it was rendered from and the sha256 of each of its files."""
    return out_dir / f"{stem}.json"


def poster_name(video: str) -> str:
    """``NN-slug.png``, the poster beside ``NN-slug.mp4``."""
    return Path(video).with_suffix(".png").name
