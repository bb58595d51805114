"""A lecturer's own recordings in place of the synthetic voice: alignment, re-timing, and bad files."""

from __future__ import annotations

import os
import subprocess
import sys
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from lecture.narration import beat as captions
from lecture.narration.beat import narrate
from lecture.core.media import probe, read_srt
from lecture.build.pipeline import chapter_key
from lecture.core.presets import PRESETS
from lecture.voice.recordings import RecordingError
from lecture.text.document import load_document
from lecture.voice.speech import VOICES, SpeechCache
from scenes import CHAPTERS
from tests.data.toy import CHAPTERS as TOY_CHAPTERS
from tests.norms import seconds, violations

ROOT = Path(__file__).resolve().parent.parent
VOICE = VOICES["joe"]
BEAT = "speedometer"  # §01's second beat: four sentences
LEAD = 0.5  # silence before the speech in a generated recording, which the build trims


def write_wav(path: Path, samples: np.ndarray, rate: int = 22_050) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(samples.astype(np.int16).tobytes())
    return path


def fresh(reference: str, frame_rate: float = 60.0, number: str = "01"):
    captions._narrate.cache_clear()
    return narrate(number, reference, frame_rate, voice=VOICE)


@pytest.fixture
def recordings(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "voice"
    monkeypatch.setenv("LECTURE_RECORDINGS", str(folder))
    yield folder
    captions._narrate.cache_clear()


_FASTER: dict[str, SpeechCache] = {}


def generated_recording(folder: Path, reference: str = BEAT, *, says: str = BEAT, number: str = "01"
                        ) -> tuple[Path, list[float]]:
    """The synthetic voice, faster, as a 44.1 kHz stereo WAV of ``says``'s words (of §``number``); and its true
    word starts."""
    sentences = fresh(says, number=number).spoken
    # One cache of the faster voice for the session (the first test speaks, the others reuse it).
    cache = _FASTER.setdefault("cache", SpeechCache(replace(VOICE, length_scale=1.0), folder.parent / "faster"))
    pieces, starts, offset = [np.zeros(int(LEAD * 22_050), np.int16)], [], LEAD
    for sentence in sentences:
        utterance = cache.utterance(tuple(sentence.split()))
        starts += [offset + start for start, _ in utterance.word_times]
        pieces += [utterance.samples, np.zeros(int(0.3 * 22_050), np.int16)]
        offset += utterance.seconds + 0.3
    source = write_wav(folder.parent / "source.wav", np.concatenate(pieces))
    target = folder / number / f"{reference}.wav"
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-ar", "44100", "-ac", "2", str(target)],
                   check=True)
    return target, starts


def test_a_recording_replaces_the_beat_and_its_cues_follow_the_recorded_words(recordings):
    synthetic = fresh(BEAT)
    others = {ref: fresh(ref) for ref in ("question", "slope-at-a-point")}
    generated_recording(recordings)
    recorded = fresh(BEAT)
    assert recorded.audio != synthetic.audio
    assert abs(recorded.duration - synthetic.duration) > 0.3  # the beat lasts as long as the recording
    for cue, (first_word, last_word) in zip(recorded.cues, recorded.said):
        assert first_word - 0.1 <= cue.start <= first_word + 1e-6
        assert cue.end >= last_word - 1e-6
    assert violations([(cue.start, cue.end, cue.text) for cue in recorded.cues], 60.0) == []
    # The other beats keep the synthetic voice.
    for reference, narration in others.items():
        assert fresh(reference).audio == narration.audio


def test_the_aligner_places_every_word_near_where_it_is_said(recordings):
    from lecture.voice.recordings import _align, _decode

    path, true_starts = generated_recording(recordings)
    words = tuple(word for sentence in fresh(BEAT).spoken for word in sentence.split())
    samples = _decode(path, 22_050)
    times, aligned, why = _align(samples, words)
    assert aligned, why
    errors = [abs(found - true) for (found, _), true in zip(times, true_starts)]
    assert len(times) == len(true_starts)
    assert sorted(errors)[int(0.9 * len(errors))] <= 0.15, errors


def test_a_recording_that_says_something_else_is_reported_not_mis_captioned(recordings, capsys):
    generated_recording(recordings, says="slope-at-a-point")
    narration = fresh(BEAT)
    assert "does not seem to say the text" in capsys.readouterr().err
    assert violations([(c.start, c.end, c.text) for c in narration.cues], 60.0) == []


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * 22_050), np.int16)


def tone(seconds: float, amplitude: float) -> np.ndarray:
    t = np.arange(int(seconds * 22_050)) / 22_050
    return (amplitude * 32767 * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


@pytest.mark.parametrize("case, make, message", [
    ("unreadable", lambda path: path.write_bytes(b"not audio at all"), "cannot read it as audio"),
    ("empty", lambda path: write_wav(path, silence(0)), "holds no sound"),
    ("silent", lambda path: write_wav(path, silence(3)), "is silent"),
    ("too long", lambda path: write_wav(path, tone(61, 0.3)), "more than 60 s for one beat"),
])
def test_a_bad_recording_is_a_clear_error(recordings, case, make, message):
    path = recordings / "01" / f"{BEAT}.wav"
    path.parent.mkdir(parents=True)
    make(path)
    with pytest.raises(RecordingError, match=message) as error:
        fresh(BEAT)
    assert str(path) in str(error.value) and "speedometer" in str(error.value)


def test_a_clipped_recording_is_a_warning_with_its_peak(recordings, capsys):
    source = write_wav(recordings.parent / "loud.wav", tone(2, 1.0))
    # Far too loud, as 16-bit stereo FLAC at 44.1 kHz: the peaks are cut flat at full scale.
    path = recordings / "01" / f"{BEAT}.flac"
    path.parent.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), "-af", "volume=12dB", "-ar", "44100",
                    "-ac", "2", "-sample_fmt", "s16", str(path)], check=True)
    fresh(BEAT)
    assert "is clipped (peak 0.0 dBFS); record it quieter" in capsys.readouterr().err


def test_a_recording_for_no_beat_names_the_chapters_beats(recordings, tmp_path):
    write_wav(recordings / "01" / "speedo.wav", tone(2, 0.3))
    result = subprocess.run([sys.executable, "build.py", "render", "01", "-q", "smoke", "--out", str(tmp_path / "o")],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ}, check=False)
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"Error: {recordings / '01' / 'speedo.wav'}: §01 has no beat 'speedo'; name a recording")
    assert "question, speedometer, slope-at-a-point" in line
    assert not (tmp_path / "o").exists()


def test_a_recording_changes_its_chapters_key_only(recordings):
    document, smoke = load_document(), PRESETS["smoke"]
    before = {chapter.number: chapter_key(chapter, smoke, document, VOICE) for chapter in CHAPTERS}
    write_wav(recordings / "01" / f"{BEAT}.wav", tone(2, 0.3))
    after = {chapter.number: chapter_key(chapter, smoke, document, VOICE) for chapter in CHAPTERS}
    assert [number for number in before if before[number] != after[number]] == ["01"]


@pytest.mark.render
def test_a_recorded_beat_re_times_the_chapter(toy_lecture, toy, recordings, tmp_path, monkeypatch):
    # On the toy lecture (tests/data/toy), whose §03 has six beats: its second (three sentences) is recorded.
    monkeypatch.setenv("LECTURE_RECORDINGS", str(recordings))
    chapter = TOY_CHAPTERS[2]
    generated_recording(recordings, "dot", says="dot", number=chapter.number)
    out = tmp_path / "o"
    result = subprocess.run([sys.executable, "build.py", "render", chapter.number, "-q", "smoke", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ}, check=False)
    assert result.returncode == 0, result.stderr
    before = [(seconds(c.start), seconds(c.end)) for c in read_srt(toy_lecture / f"{chapter.stem}.srt")]
    after = [(seconds(c.start), seconds(c.end)) for c in read_srt(out / f"{chapter.stem}.srt")]
    # The first beat is as it was; the cues of the four beats after the recorded one move by one same amount.
    assert len(after) == len(before) == 6  # a cue a beat
    assert after[0] == before[0]
    shifts = {round(a[0] - b[0], 3) for a, b in zip(after[-4:], before[-4:])}
    assert len(shifts) == 1 and abs(shifts.pop()) > 0.3
    info = probe(out / f"{chapter.stem}.mp4")
    assert [s["codec_name"] for s in info.audio] == ["aac"]


def test_the_script_says_what_to_record_beat_by_beat(tmp_path):
    import json

    result = subprocess.run([sys.executable, "build.py", "script", "01", "--out", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    index = json.loads((tmp_path / "script" / "index.json").read_text(encoding="utf-8"))
    references = [ref.reference for ref in CHAPTERS[0].beat_references()]
    assert [beat["beat"] for beat in index] == references
    speedometer = index[references.index(BEAT)]
    assert speedometer["file"] == "voice/01/speedometer.wav"
    assert "Your speedometer reads 60 miles per hour." in speedometer["say"]  # the spoken form
    assert speedometer["seconds"] == pytest.approx(fresh(BEAT).speech_seconds, abs=0.1)
    page = (tmp_path / "script" / f"{CHAPTERS[0].stem}.md").read_text(encoding="utf-8")
    assert "File: `assets/voice/01/tangent-and-secant-2.wav`" in page
    assert "> The variable x moves you along the curve y equals x squared," in page
