"""The extended audio-described version of a chapter: the picture holds while a second voice describes it.

A scene says beside each beat what its picture shows that the narration does
not (``Narrated.describe``), or declares that the narration covers it
(``describe_none``). The described chapter is the plain one with a hold after
each described beat: a still of the beat's last frame, encoded with the
chapter's own x264 settings so that the section videos and the holds join by
stream copy (nothing rendered is encoded again). In each hold the description
is spoken by the narration's voice at a quicker pace and a slightly higher
pitch, so that a listener tells the two apart and a description never talks
over the narration (WCAG 1.2.7). The captions carry the descriptions in
brackets; the plain chapter gets a WebVTT ``kind="descriptions"`` track.
"""

from __future__ import annotations

import math
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

import numpy as np
import srt

from lecture.voice.audio import TRACK_RATE, TARGET_LUFS, integrated_loudness, normalise_speech
from lecture.narration.beat import layout_cues, reading_seconds
from lecture.render.clips import save_picture, write_poster
from lecture.core.media import probe, run_tool
from lecture.voice.speech import SpeechCache

__all__ = ["DescribedBeat", "Description", "described_cues",
           "described_speech", "description_samples", "description_voice", "descriptions_cues", "hold_videos",
           "plan_holds", "reading_time", "shift_time", "stage_described"]

# Silence before a description and after it, inside its hold: the narration's last word has
# ended, and the next beat's first word does not follow the description at once.
LEAD_SECONDS = 0.3
TRAIL_SECONDS = 0.5
# Descriptions are said quicker than the narration (its length_scale is 1.25) and a semitone
# higher: piper has one English voice on PyPI here, and this tells the two apart.
DESCRIPTION_LENGTH_SCALE = 1.0
PITCH = 2 ** (1 / 12)
# The x264 settings of Manim's section videos (lecture.render.scene.ENCODER_OPTIONS): a hold must carry the
# same stream headers (SPS/PPS) for a stream copy to join it. stillimage only tunes the frame's coding.
_STILL_X264 = ["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-tune", "stillimage", "-pix_fmt", "yuv420p"]
# Holds encoded by one ffmpeg run, at small sizes only: at smoke starting ffmpeg (about 50 ms of CPU) costs
# as much as encoding a short hold; from 480p up the encoders of one run contend for the cores (measured:
# 8 one-second holds took 1.40 s of CPU in one run against 1.44 s in eight at 480p, 5.0 against 4.1 s at
# 720p, 19.6 against 18.1 s and 2.2 GB at 1080p).
_HOLDS_PER_RUN = 8
_BATCHED_HOLD_PIXELS = 640 * 360


@dataclass(frozen=True)
class Description:
    """What a scene said of one beat: the description, or (``covered``) how its narration already says it."""

    text: str
    covered: bool = False


@dataclass(frozen=True)
class DescribedBeat:
    """One beat's description as placed: in the plain chapter and in the described one (seconds)."""

    beat: str
    text: str
    covered: bool
    start: float  # the beat's start in the plain chapter
    end: float  # the beat's end in the plain chapter: where its hold goes
    hold_start: float = 0.0  # where its hold starts in the described chapter
    hold: float = 0.0  # how long it holds (0 for a covered beat)
    said: tuple[float, float] = (0.0, 0.0)  # when the description is spoken, in the described chapter
    words: tuple[tuple[float, float], ...] = ()  # each word's span, from the start of its speech

    def to_json(self) -> dict:
        return {key: value for key, value in asdict(self).items() if key != "words"}

    @classmethod
    def from_json(cls, data: Mapping) -> DescribedBeat:
        return cls(beat=str(data["beat"]), text=str(data["text"]), covered=bool(data["covered"]),
                   start=float(data["start"]), end=float(data["end"]), hold_start=float(data["hold_start"]),
                   hold=float(data["hold"]), said=tuple(float(value) for value in data["said"]))


def description_voice(voice):
    """The narration's voice at the descriptions' pace (None for a silent build)."""
    return None if voice is None else replace(voice, length_scale=DESCRIPTION_LENGTH_SCALE)


def _frames_up(seconds: float, frame_rate: Fraction) -> int:
    return max(1, math.ceil(seconds * frame_rate - 1e-9))


def plan_holds(beats: Sequence[tuple[str, float, float]], descriptions: Mapping[str, Description],
               speech_seconds: Mapping[str, float], frame_rate: Fraction,
               word_times: Mapping[str, tuple[tuple[float, float], ...]] | None = None) -> list[DescribedBeat]:
    """Every beat (reference, start, end in the plain chapter) with its hold, in order.

    ``speech_seconds`` is how long each description takes to say (or to read, without a voice);
    a hold lasts that with its silences either side, in whole frames. ``word_times``: each
    description's words as the voice said them, for its captions.
    """
    placed, added = [], Fraction(0)
    for reference, start, end in beats:
        description = descriptions.get(reference)
        if description is None:
            continue
        if description.covered:
            placed.append(DescribedBeat(reference, description.text, True, start, end))
            continue
        said = speech_seconds[reference]
        frames = _frames_up(LEAD_SECONDS + said + TRAIL_SECONDS, frame_rate)
        hold_start = end + float(added)
        placed.append(DescribedBeat(reference, description.text, False, start, end, hold_start,
                                    float(frames / frame_rate), (hold_start + LEAD_SECONDS,
                                                                 hold_start + LEAD_SECONDS + said),
                                    (word_times or {}).get(reference, ())))
        added += frames / frame_rate
    return placed


def shift_time(moment: float, holds: Sequence[DescribedBeat], *, ending: bool = False) -> float:
    """Where a moment of the plain chapter falls in the described one.

    A moment at a hold's place is after the hold, unless it ``ends`` something there.
    """
    slack = 1e-6
    return moment + sum(hold.hold for hold in holds
                        if (hold.end < moment - slack if ending else hold.end <= moment + slack))


def hold_videos(holds: Sequence[tuple[Path, int, Path]], frame_rate: Fraction, time_scale: int,
                per_run: int = 1) -> list[list[Path]]:
    """For each hold (picture, frames, stem): its frames of the picture, encoded as the chapter's sections are.

    They join the sections by stream copy. x264 still analyses every frame of a still (about 25 ms a
    frame at 1080p), so a second of it is encoded once and joined as often as the hold needs, then what
    is left of a second. ``per_run`` holds are encoded by one ffmpeg, each by an encoder of its own set as
    if alone: the files are the same bytes (see ``_HOLDS_PER_RUN``).
    """
    unit = max(1, math.ceil(frame_rate))
    videos: list[list[Path]] = []
    encodes: list[tuple[int, int, Path]] = []  # (hold, frames, file)
    for index, (_, frames, stem) in enumerate(holds):
        whole, rest = divmod(frames, unit)
        joined: list[Path] = []
        for count, name in ((unit if whole else 0, "second"), (rest, "rest")):
            if count:
                video = stem.with_name(f"{stem.name}-{name}.mp4")
                encodes.append((index, count, video))
                joined += [video] * (whole if name == "second" else 1)
        videos.append(joined)
    for first in range(0, len(holds), per_run):
        last = min(first + per_run, len(holds))
        outputs = [option for index, count, video in encodes if first <= index < last
                   for option in ("-map", f"{index - first}:v", "-frames:v", str(count), *_STILL_X264,
                                  "-video_track_timescale", str(time_scale), "-an", "-f", "mp4", str(video))]
        if outputs:
            pictures = [option for picture, _, _ in holds[first:last]
                        for option in ("-loop", "1", "-framerate", str(frame_rate), "-i", str(picture))]
            run_tool(["ffmpeg", "-v", "error", "-y", *pictures, *outputs], check=True, capture_output=True)
    return videos


def _read_samples(path: Path) -> np.ndarray:
    """A sound file's samples as float32 mono at the published rate."""
    done = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-f", "f32le", "-ac", "1",
                           "-ar", str(TRACK_RATE), "-"], check=True, capture_output=True)
    return np.frombuffer(done.stdout, dtype=np.float32)


def _write_samples(samples: np.ndarray, destination: Path) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "f32le", "-ar", str(TRACK_RATE), "-ac", "1", "-i", "-",
                    "-c:a", "pcm_f32le", "-f", "wav", str(destination)],
                   input=np.asarray(samples, dtype=np.float32).tobytes(), check=True, capture_output=True)


def description_samples(spoken: Sequence[tuple[np.ndarray, int]], work: Path) -> list[np.ndarray]:
    """Descriptions' speech (16-bit at the voice's rate), each at the published rate, a semitone higher, same pace.

    One ffmpeg run for them all, each through filters of its own: the samples of a run for each.
    """
    if not spoken:
        return []
    inputs, outputs, made = [], [], []
    for index, (samples, rate) in enumerate(spoken):
        raw, pitched = work / f"description-{index:03}.s16", work / f"description-{index:03}.f32"
        raw.write_bytes(np.asarray(samples, dtype=np.int16).tobytes())
        inputs += ["-f", "s16le", "-ar", str(rate), "-ac", "1", "-i", str(raw)]
        outputs += ["-map", f"{index}:a", "-af", f"asetrate={rate * PITCH:.3f},aresample={TRACK_RATE},atempo={1 / PITCH:.6f}",
                    "-f", "f32le", str(pitched)]
        made.append(pitched)
    run_tool(["ffmpeg", "-v", "error", "-y", *inputs, *outputs], check=True, capture_output=True)
    return [np.frombuffer(pitched.read_bytes(), dtype=np.float32) for pitched in made]


def described_speech(speech: Path, placed: Sequence[DescribedBeat], said: Mapping[str, np.ndarray],
                     work: Path, destination: Path) -> None:
    """The chapter's normalised speech with each description's speech in its hold, normalised as the plain one.

    The descriptions are first brought to the narration's loudness together, so
    that the final normalisation of the whole track leaves the narration as it was.
    """
    narration = _read_samples(speech)
    holds = [beat for beat in placed if not beat.covered]
    spoken = {}
    if holds:
        joined = work / "descriptions.wav"
        _write_samples(np.concatenate([said[beat.beat] for beat in holds]), joined)
        gain = 10 ** ((TARGET_LUFS - integrated_loudness(joined)) / 20)
        spoken = {beat.beat: said[beat.beat] * gain for beat in holds}
    pieces, cursor = [], 0
    for beat in holds:
        cut = round(beat.end * TRACK_RATE)
        pieces.append(narration[cursor:cut])
        if cut > len(narration):
            pieces.append(np.zeros(cut - len(narration), dtype=np.float32))
        hold = np.zeros(round(beat.hold * TRACK_RATE), dtype=np.float32)
        words = spoken[beat.beat][:len(hold) - round(LEAD_SECONDS * TRACK_RATE)]
        lead = round(LEAD_SECONDS * TRACK_RATE)
        hold[lead:lead + len(words)] = words
        pieces.append(hold)
        cursor = max(cursor, cut)
    pieces.append(narration[cursor:])
    raw = work / "described-speech.wav"
    _write_samples(np.concatenate(pieces), raw)
    normalise_speech(raw, destination)


def _cue(start: float, end: float, text: str) -> srt.Subtitle:
    return srt.Subtitle(0, timedelta(seconds=start), timedelta(seconds=end), text)


def descriptions_cues(placed: Sequence[DescribedBeat]) -> list[srt.Subtitle]:
    """The plain chapter's descriptions track: each description over the beat it describes."""
    return [_cue(beat.start, beat.end, beat.text) for beat in placed if not beat.covered]


def described_cues(cues: Sequence[srt.Subtitle], placed: Sequence[DescribedBeat]) -> list[srt.Subtitle]:
    """The described chapter's captions: the plain cues moved past the holds, and each description, bracketed.

    A description's cues follow its words (from the voice's timings), or are timed for reading without a voice.
    """
    holds = [beat for beat in placed if not beat.covered]
    moved = [_cue(shift_time(cue.start.total_seconds(), holds), shift_time(cue.end.total_seconds(), holds,
                                                                             ending=True), cue.content)
             for cue in cues]
    for beat in holds:
        layout = bracketed_cues(beat.text)
        begin, end = beat.said
        first = 0
        for index, lines in enumerate(layout):
            count = sum(len(line.split(" ")) for line in lines)
            if beat.words:
                start = begin + beat.words[first][0]
                stop = (begin + beat.words[first + count][0] if index + 1 < len(layout) else end)
            else:
                share = (end - begin) / len(beat.text)
                start = begin + share * len(" ".join(beat.text.split(" ")[:first]))
                stop = begin + share * len(" ".join(beat.text.split(" ")[:first + count])) \
                    if index + 1 < len(layout) else end
            moved.append(_cue(start, stop, "\n".join(lines)))
            first += count
    return sorted(moved, key=lambda cue: cue.start)


def bracketed_cues(text: str) -> list[tuple[str, ...]]:
    """A description laid out as caption cues, each cue in brackets: a viewer who sees any one of them knows it
    for a description, not the narration."""
    cues = []
    for lines in layout_cues([f"[{text}]"]):
        first, *rest = lines
        lines = [first if first.startswith("[") else f"[{first}", *rest]
        lines[-1] = lines[-1] if lines[-1].endswith("]") else f"{lines[-1]}]"
        cues.append(tuple(lines))
    return cues


def reading_time(text: str) -> float:
    """How long a description's captions take to read: its hold in a silent build."""
    return sum(reading_seconds(lines) for lines in bracketed_cues(text))


def stage_described(sections: Sequence, descriptions: Mapping[str, Description], pictures: Mapping[str, np.ndarray],
                    speech: Path | None, cues: Sequence[srt.Subtitle], frame_rate: Fraction, voice,
                    work: Path) -> tuple[list[DescribedBeat], list[Path], Path | None, list[srt.Subtitle]]:
    """Make the parts of a chapter's described version in ``work`` from its section videos (``section_videos``).

    Returns the beats as placed, the videos to join by stream copy (the sections with the holds
    between them), its normalised speech (None for a silent build) and its captions; the caller
    muxes them as it does the plain chapter. A beat's hold shows ``pictures[beat]``, its last frame.
    """
    wanted = {reference: description for reference, description in descriptions.items() if not description.covered}
    said, seconds, words = {}, {}, {}
    speaker = description_voice(voice)
    cache = SpeechCache(speaker) if speaker is not None and speech is not None else None
    utterances = {}
    for reference, description in wanted.items():
        if cache is None:
            seconds[reference] = reading_time(description.text)
        else:
            utterances[reference] = cache.utterance(tuple(description.text.split(" ")))
    pitched = description_samples([(utterance.samples, utterance.sample_rate) for utterance in utterances.values()],
                                  work)
    for (reference, utterance), samples in zip(utterances.items(), pitched):
        said[reference] = samples
        seconds[reference] = len(samples) / TRACK_RATE
        words[reference] = utterance.word_times
    beats = [(section.beat, section.start, section.start + section.seconds) for section in sections]
    placed = plan_holds(beats, descriptions, seconds, frame_rate, words)
    holds = {beat.beat: beat for beat in placed if not beat.covered}
    parts: list[Path | int] = []  # the sections' videos, and where each hold goes (its place in ``stills``)
    stills: list[tuple[Path, int, Path]] = []
    time_scale, per_run = None, 1
    for section in sections:
        parts.append(section.video)
        hold = holds.get(section.beat)
        if hold is None:
            continue
        if time_scale is None:
            encoded_as = probe(section.video).video
            time_scale = Fraction(encoded_as["time_base"]).denominator
            if int(encoded_as["width"]) * int(encoded_as["height"]) <= _BATCHED_HOLD_PIXELS:
                per_run = _HOLDS_PER_RUN
        still = work / f"hold-{len(parts):03}.png"
        if section.beat in pictures:
            save_picture(pictures[section.beat], still)
        else:
            write_poster(section.video, still)
        stills.append((still, round(hold.hold * frame_rate), work / f"hold-{len(parts):03}"))
        parts.append(len(stills) - 1)
    encoded = hold_videos(stills, frame_rate, time_scale, per_run) if stills else []
    videos = [video for part in parts for video in (encoded[part] if isinstance(part, int) else [part])]
    track = None
    if speech is not None:
        track = work / "described-speech-48k.wav"
        described_speech(speech, placed, said, work, track)
    return placed, videos, track, described_cues(cues, placed)
