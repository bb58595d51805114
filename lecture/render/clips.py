"""Clips for slides, made with each chapter's render: one per captioned beat, with its speech, captions and poster.

Each beat of a chapter is a Manim section (``Narrated.beat`` opens one), so a
clip's picture is Manim's own section video: cut exactly, with no re-encoding;
its sound is the beat's stretch of the chapter's speech. Here too: each beat's
poster (the picture it ended on), the transparent variant's clips, the GIF and WebM
encoders, and ``clips/index.json`` kept true when a chapter is rendered again.
``build.py clips`` adds the other formats (``lecture.build.exports``).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
import srt
from PIL import Image

from lecture.voice.audio import aac_args
from lecture.core.media import atomic_path, run_tool, srt_text, vtt_text
from lecture.core.outputs import CLIPS_FOLDER, CLIP_INDEX, VARIANT_SUFFIXES

__all__ = ["ClipEntry", "ClipSection", "add_clip_variant",
           "export_gif", "export_webm", "ink", "listed_clips", "refresh_clip_index", "save_picture", "section_videos",
           "stage_clips", "write_clip_index", "write_poster"]

@dataclass(frozen=True)
class ClipEntry:
    """One clip in the index: which beat of which chapter, how long, what it says."""

    chapter: str
    beat: str
    index: int
    seconds: float
    captions: str
    files: dict[str, str]
    sound: tuple[str, ...] = ()  # the kinds of file that carry the beat's speech


def ink(picture: np.ndarray) -> float:
    """The share of a picture that is not the page: how much it shows."""
    rgb = picture[..., :3].astype(int)
    return float((np.abs(rgb - rgb[0, 0]).sum(axis=-1) > 60).mean())


def save_picture(picture: np.ndarray, destination: Path) -> None:
    """Write an RGB(A) frame as a PNG (RGB: slide tools want no alpha in a poster)."""
    Image.fromarray(np.ascontiguousarray(picture[..., :3])).save(destination, format="PNG")


def write_poster(video: Path, destination: Path) -> None:
    """A video's last frame as a PNG: for a clip with no captured picture."""
    run_tool(["ffmpeg", "-v", "error", "-y", "-sseof", "-0.5", "-i", str(video), "-update", "1",
              "-f", "image2", "-c:v", "png", str(destination)], check=True, capture_output=True)


def _cues_between(cues: Sequence[srt.Subtitle], start: float, end: float, frame_rate: Fraction) -> list[srt.Subtitle]:
    """The cues that begin inside [start, end), moved to the clip's own clock and cut at its end.

    SRT keeps milliseconds, so a cue starting on the clip's last boundary can read
    a hair early; half a frame of tolerance puts it in the clip it belongs to.
    """
    slack = 0.5 / float(frame_rate)
    shift, length = timedelta(seconds=start), timedelta(seconds=end - start)
    return [srt.Subtitle(0, max(cue.start - shift, timedelta(0)), min(cue.end - shift, length), cue.content)
            for cue in cues if start - slack <= cue.start.total_seconds() < end - slack]


@dataclass(frozen=True)
class ClipSection:
    """One of Manim's section videos (a beat's, or what comes before the first beat) in its chapter."""

    index: int
    beat: str
    name: str
    video: Path
    start: float
    seconds: float


def section_videos(sections_index: Path, number: str, frame_rate: Fraction) -> list[ClipSection]:
    """Manim's section index as clips: file name, start in the chapter, length."""
    sections, start = [], 0.0
    for index, section in enumerate(json.loads(sections_index.read_text(encoding="utf-8")), start=1):
        seconds = float(Fraction(int(section["nb_frames"])) / frame_rate)
        name = f"{number}-{index:02}-{section['name'].replace(':', '-')}"
        sections.append(ClipSection(index, section["name"], name, sections_index.parent / section["video"], start,
                                    seconds))
        start += seconds
    return sections


# Clips made by one ffmpeg run: starting one costs about 50 ms of CPU, a tenth of a beat's sound encoding.
_CLIPS_PER_RUN = 8


def _clip_videos(clips: Sequence[tuple[ClipSection, Path]], speech: Path | None) -> None:
    """Each section's pictures as they are, with its beat's stretch of the chapter's speech (MP4 or QuickTime).

    Several clips are made by one ffmpeg (``_CLIPS_PER_RUN``), each from inputs and with options of its
    own, as it would be alone: the same bytes.
    """
    if speech is None:
        for section, destination in clips:
            shutil.copyfile(section.video, destination)
        return
    for first in range(0, len(clips), _CLIPS_PER_RUN):
        inputs, outputs = [], []
        for index, (section, destination) in enumerate(clips[first:first + _CLIPS_PER_RUN]):
            inputs += ["-i", str(section.video),
                       "-ss", f"{section.start:.6f}", "-t", f"{section.seconds:.6f}", "-i", str(speech)]
            container = "mov" if destination.suffix == ".mov" else "mp4"
            outputs += ["-map", f"{2 * index}:v", "-map", f"{2 * index + 1}:a", "-c:v", "copy", "-af", "apad",
                        *aac_args(), "-t", f"{section.seconds:.6f}", "-movflags", "+faststart", "-f", container,
                        str(destination)]
        run_tool(["ffmpeg", "-v", "error", "-y", *inputs, *outputs], check=True, capture_output=True)


def stage_clips(number: str, sections_index: Path, cues: Sequence[srt.Subtitle], frame_rate: Fraction,
                folder: Path, pictures: dict[str, np.ndarray], speech: Path | None = None) -> list[ClipEntry]:
    """Write a render's section videos into ``folder`` as clips, with captions, posters and an index.

    A clip's poster is the picture its beat ended on (``pictures``, by beat), as
    the scene captured it while rendering: no decoding needed. With ``speech``
    (the chapter's normalised track), each clip carries its beat's words. The
    folder is a staging one; ``swap_folder`` publishes it whole.
    """
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    sections = section_videos(sections_index, number, frame_rate)
    _clip_videos([(section, folder / f"{section.name}.mp4") for section in sections], speech)
    for section in sections:
        video = folder / f"{section.name}.mp4"
        clip_cues = _cues_between(cues, section.start, section.start + section.seconds, frame_rate)
        (folder / f"{section.name}.vtt").write_text(vtt_text(clip_cues), encoding="utf-8")
        (folder / f"{section.name}.srt").write_text(srt_text(clip_cues), encoding="utf-8")
        if section.beat in pictures:
            save_picture(pictures[section.beat], folder / f"{section.name}.png")
        else:
            write_poster(video, folder / f"{section.name}.png")
        entries.append(ClipEntry(
            chapter=number, beat=section.beat, index=section.index, seconds=section.seconds,
            captions=" ".join(cue.content.replace("\n", " ") for cue in clip_cues),
            files={kind: f"{section.name}.{kind if kind != 'poster' else 'png'}"
                   for kind in ("mp4", "vtt", "srt", "poster")},
            sound=("mp4",) if speech is not None else (),
        ))
    (folder / CLIP_INDEX).write_text(json.dumps([asdict(entry) for entry in entries], indent=2) + "\n",
                                encoding="utf-8")
    return entries


def add_clip_variant(number: str, sections_index: Path, frame_rate: Fraction, folder: Path, suffix: str,
                     speech: Path | None = None) -> list[Path]:
    """Another render's section videos (a transparent one, say) in ``folder`` under the clips' names, with
    each beat's speech when the chapter has a voice."""
    folder.mkdir(parents=True, exist_ok=True)
    clips = [(section, folder / f"{section.name}{suffix}")
             for section in section_videos(sections_index, number, frame_rate)]
    _clip_videos(clips, speech)
    return [destination for _, destination in clips]


# Slides want small, smooth loops: 720 px wide at 12 fps, one palette for the clip.
GIF_WIDTH = 720
GIF_FPS = 12


def export_gif(video: Path, destination: Path) -> None:
    """A looping GIF with one palette made for the clip (small enough for a slide)."""
    graph = (f"fps={GIF_FPS},scale={GIF_WIDTH}:-1:flags=lanczos,split[a][b];"
             "[a]palettegen=stats_mode=diff[p];[b][p]paletteuse=dither=bayer:bayer_scale=4:diff_mode=rectangle")
    with atomic_path(destination) as temporary:
        run_tool(["ffmpeg", "-v", "error", "-y", "-i", str(video), "-filter_complex", graph, "-loop", "0",
                  "-f", "gif", str(temporary)], check=True, capture_output=True)


def export_webm(video: Path, destination: Path) -> None:
    """VP9 WebM (with Opus speech) for the web and reveal.js; from a transparent source it keeps the alpha."""
    alpha = run_tool(["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=pix_fmt",
                      "-of", "csv=p=0", str(video)], check=True, capture_output=True, text=True).stdout.strip()
    pixel_format = "yuva420p" if alpha in {"argb", "rgba", "yuva420p", "yuva444p10le", "bgra"} else "yuv420p"
    with atomic_path(destination) as temporary:
        run_tool(["ffmpeg", "-v", "error", "-y", "-i", str(video), "-map", "0:v", "-map", "0:a?",
                  "-c:v", "libvpx-vp9", "-crf", "33", "-b:v", "0", "-row-mt", "1", "-deadline", "good",
                  "-cpu-used", "4", "-pix_fmt", pixel_format, "-c:a", "libopus", "-b:a", "64k",
                  "-f", "webm", str(temporary)], check=True, capture_output=True)


def listed_clips(folder: Path) -> list[dict]:
    """A chapter's clips as ``clips/index.json`` lists them: each with every file of it that exists."""
    entries = []
    for entry in json.loads((folder / CLIP_INDEX).read_text(encoding="utf-8")):
        stem = Path(entry["files"]["mp4"]).stem
        for kind, suffix in VARIANT_SUFFIXES.items():
            if (folder / f"{stem}{suffix}").is_file():
                entry["files"][kind] = f"{stem}{suffix}"
                # These carry the beat's speech; a GIF has none.
                if "mp4" in entry.get("sound", ()) and kind != "gif":
                    entry["sound"] = [*entry["sound"], kind]
        entry["files"] = {kind: f"{folder.name}/{name}" for kind, name in entry["files"].items()}
        entries.append(entry)
    return entries


def write_clip_index(clips_root: Path, entries: list[dict]) -> Path:
    with atomic_path(clips_root / CLIP_INDEX) as temporary:
        temporary.write_text(json.dumps(entries, indent=2) + "\n", encoding="utf-8")
    return clips_root / CLIP_INDEX


def refresh_clip_index(out_dir: Path, number: str, stem: str) -> list[str]:
    """Make ``clips/index.json`` true again once a render has replaced chapter ``number``'s clip folder.

    The formats ``build.py clips`` made from the old clips (GIF, WebM, the burned and transparent ones)
    went with the old folder; the chapter's entries are listed again from what its folder holds now.
    Returns the kinds of file its entries lost (none when the index does not list the chapter).
    """
    clips_root = out_dir / CLIPS_FOLDER
    try:
        entries = json.loads((clips_root / CLIP_INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # no index (clips were never exported), or one that a `clips` run will write again
    if not isinstance(entries, list):
        return []
    mine = [position for position, entry in enumerate(entries)
            if isinstance(entry, dict) and entry.get("chapter") == number]
    if not mine:
        return []
    fresh = listed_clips(clips_root / stem)
    before = {kind for position in mine for kind in entries[position].get("files", {})}
    after = {kind for entry in fresh for kind in entry["files"]}
    others = [entry for position, entry in enumerate(entries) if position not in mine]
    write_clip_index(clips_root, others[:mine[0]] + fresh + others[mine[0]:])
    return [kind for kind in VARIANT_SUFFIXES if kind in before - after]
