"""Joining chapters into one lecture, and burning captions into a picture.

Manim renders scenes one by one and cannot join them, mark chapters or carry
captions; ffmpeg does all three by stream copy, so joining costs seconds.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import srt

from lecture.voice.audio import LIMIT_DBFS, TRUE_PEAK_DBTP, aac_args, measure_loudness, peak_limiter
from lecture.core.media import atomic_path, atomic_paths, probe, read_srt, run_tool, srt_text, vtt_text

__all__ = ["Part", "concat_list", "join_lecture", "burn_captions", "shifted_cues", "ffmetadata"]

FONT = "DejaVu Sans"
# libass sizes SRT styles against a 288-line script: 13/288 of the height is 49 px at
# 1080p and 32 px at 720p. BorderStyle 3 draws a box; its alpha 0x60 lets the picture
# show through. MarginV 15 (5% of the height) keeps the box inside the title-safe area
# and inside the band the theme keeps free of content (theme.toml caption_safe_bottom).
BURN_STYLE = (
    f"FontName={FONT},FontSize=13,PrimaryColour=&H00FFFFFF,BackColour=&H60000000,"
    "OutlineColour=&H60000000,BorderStyle=3,Outline=1,Shadow=0,MarginV=15,MarginL=20,MarginR=20,Alignment=2"
)


@dataclass(frozen=True)
class Part:
    """One chapter as the lecture joins it."""

    title: str
    video: Path
    captions: Path


def shifted_cues(parts: Sequence[tuple[Sequence[srt.Subtitle], float]]) -> list[srt.Subtitle]:
    """Every part's cues moved to where the part starts in the lecture."""
    cues: list[srt.Subtitle] = []
    for part_cues, offset in parts:
        shift = timedelta(seconds=offset)
        cues.extend(srt.Subtitle(0, cue.start + shift, cue.end + shift, cue.content) for cue in part_cues)
    return cues


def _escape_metadata(value: str) -> str:
    """FFMETADATA escaping: '=', ';', '#', '\\' and newlines get a backslash."""
    for special in ("\\", "=", ";", "#", "\n"):
        value = value.replace(special, "\\" + special)
    return value


def ffmetadata(titles: Sequence[str], bounds: Sequence[tuple[float, float]], time_base: Fraction) -> str:
    """An FFMETADATA1 file with one chapter per part, in the video's own time base."""
    lines = [";FFMETADATA1"]
    for title, (start, end) in zip(titles, bounds):
        lines += [
            "[CHAPTER]",
            f"TIMEBASE={time_base.numerator}/{time_base.denominator}",
            f"START={round(start / time_base)}",
            f"END={round(end / time_base)}",
            f"title={_escape_metadata(title)}",
        ]
    return "\n".join(lines) + "\n"


def concat_list(videos: Sequence[Path]) -> str:
    """An ffmpeg concat demuxer's list of files."""
    return "".join("file '" + str(video.resolve()).replace("'", r"'\''") + "'\n" for video in videos)


def _speech_track(parts: Sequence[Part], probes: Sequence, first_input: int,
                  limit_dbfs: float = LIMIT_DBFS) -> tuple[list[str], list[str]]:
    """ffmpeg inputs and options for one AAC track made of the parts' speech, encoded once.

    Copying each part's AAC would shift the sound at every join (each AAC stream
    carries its encoder's priming and padding); decoding them, cutting or padding
    each to its part's exact video length and encoding the whole track once keeps
    every chapter's speech on its pictures.
    """
    inputs: list[str] = []
    chains = []
    for index, (part, info) in enumerate(zip(parts, probes)):
        inputs += ["-i", str(part.video)]
        length = float(info.video["duration"])
        chains.append(f"[{first_input + index}:a:0]apad,atrim=end={length:.6f},asetpts=N/SR/TB[a{index}]")
    # Decoding and encoding AAC again moves a few peaks up a little: the same limiter as the chapters'.
    graph = ";".join(chains) + ";" + "".join(f"[a{i}]" for i in range(len(parts))) + \
        f"concat=n={len(parts)}:v=0:a=1,{peak_limiter(limit_dbfs)}[speech]"
    return inputs, ["-filter_complex", graph, "-map", "[speech]", *aac_args(), "-metadata:s:a:0", "language=eng"]


_PEAK_TRIES = 3
_PEAK_STEP_DB = 0.2


def join_lecture(parts: Sequence[Part], video: Path, *, captions: tuple[Path, Path] | None,
                 speech_of: Path | None = None) -> list[float]:
    """Join the parts' pictures by stream copy and their speech as one track, with chapter markers.

    With ``captions`` (SRT and WebVTT paths), the lecture gets the parts' cues,
    shifted, as a soft track and as sidecar files; without, no caption track
    (for parts whose captions are burned in). With ``speech_of`` (a lecture joined
    from the same parts' speech), its sound track is copied instead of being
    encoded again. Returns where each part starts, and last where the lecture
    ends, in seconds.
    """
    probes = [probe(part.video) for part in parts]
    starts, bounds, position = [], [], 0.0
    for info in probes:
        # The picture sets the length: a part's speech is cut or padded to it.
        length = float(info.video["duration"])
        starts.append(position)
        bounds.append((position, position + length))
        position += length
    time_base = Fraction(probes[0].video["time_base"])
    cues = shifted_cues([(read_srt(part.captions), start) for part, start in zip(parts, starts)])
    with tempfile.TemporaryDirectory(prefix=".lecture-", dir=video.parent) as work:
        folder = Path(work)
        (folder / "parts.txt").write_text(concat_list([part.video for part in parts]), encoding="utf-8")
        (folder / "chapters.txt").write_text(ffmetadata([p.title for p in parts], bounds, time_base),
                                              encoding="utf-8")
        (folder / "captions.srt").write_text(srt_text(cues), encoding="utf-8")
        caption_input = ["-i", str(folder / "captions.srt")] if captions else []
        caption_track = (["-map", "2:s", "-c:s", "mov_text", "-metadata:s:s:0", "language=eng",
                          "-disposition:s:0", "default"] if captions else [])
        speech_inputs, speech_track = ([], [])
        encoded = speech_of is None and all(info.audio for info in probes)
        if speech_of is not None:
            speech_inputs = ["-i", str(speech_of)]
            speech_track = ["-map", f"{3 if captions else 2}:a", "-c:a", "copy"]
        limit = LIMIT_DBFS
        with atomic_paths(video, *(captions or ())) as (video_part, *caption_parts):
            for _ in range(_PEAK_TRIES):
                if encoded:
                    speech_inputs, speech_track = _speech_track(parts, probes, 3 if captions else 2, limit)
                run_tool(
                    ["ffmpeg", "-v", "error", "-y",
                     "-f", "concat", "-safe", "0", "-i", str(folder / "parts.txt"),
                     "-f", "ffmetadata", "-i", str(folder / "chapters.txt"),
                     *caption_input, *speech_inputs,
                     "-map", "0:v", "-c:v", "copy", *caption_track, *speech_track,
                     "-map_chapters", "1", "-map_metadata", "1",
                     "-movflags", "+faststart", "-f", "mp4", str(video_part)],
                    check=True, capture_output=True,
                )
                # Encoding the chapters' decoded speech again can spike one transient over the ceiling
                # (a plosive of §09 at -3.0 dBTP came out at -0.7 once): the spike depends on the exact
                # samples, so the track is encoded again with the peaks limited a little lower.
                peak = measure_loudness(video_part).true_peak if encoded else TRUE_PEAK_DBTP
                if peak <= TRUE_PEAK_DBTP:
                    break
                # Lower by the overshoot itself when it is large (a described track's splices can spike
                # a decibel or more), by a small step otherwise.
                limit -= max(_PEAK_STEP_DB, peak - TRUE_PEAK_DBTP)
            if captions:
                caption_parts[0].write_text(srt_text(cues), encoding="utf-8")
                caption_parts[1].write_text(vtt_text(cues), encoding="utf-8")
    return [*starts, position]


def burn_captions(video: Path, captions: Path, destination: Path) -> None:
    """Re-encode ``video`` with its captions drawn in: for tools that ignore caption tracks."""
    escaped = str(captions.resolve()).replace("\\", "\\\\").replace(":", "\\:").replace("'", "\\'")
    with atomic_path(destination) as temporary:
        run_tool(
            ["ffmpeg", "-v", "error", "-y", "-i", str(video),
             "-vf", f"subtitles='{escaped}':force_style='{BURN_STYLE}'",
             "-map", "0:v", "-map", "0:a?", "-c:v", "libx264", "-preset", "veryfast", "-crf", "18",
             "-pix_fmt", "yuv420p", "-c:a", "copy",
             "-movflags", "+faststart", "-f", "mp4", str(temporary)],
            check=True, capture_output=True,
        )
