"""Narration: the voice's cache, cues timed to its words, and the speech in the chapter's MP4."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.narration import beat as captions
from lecture.voice.audio import TARGET_LUFS, TRUE_PEAK_DBTP, measure_loudness
from lecture.narration.beat import MAX_CHARS_PER_SECOND, LINGER_SECONDS, narrate, speech_cache
from lecture.core.media import probe, read_srt
from lecture.core.presets import PRESETS
from lecture.text.document import load_adaptations, load_document, parse_document
from lecture.core.identity import REFERENCE
from lecture.voice.speech import VOICES
from lecture.narration.chapters import narrations
from scenes import CHAPTERS
from tests.audio import silences
from tests.data.toy import CHAPTERS as TOY_CHAPTERS
from tests.norms import seconds, violations

ROOT = Path(__file__).resolve().parent.parent
VOICE = VOICES["joe"]
SMOKE = PRESETS["smoke"]
FHD_RATE = PRESETS["fhd"].frame_rate  # the rate the lecture is published at
CH01 = CHAPTERS[0]


SPOKEN = ("question", "speedometer")  # §01's first two beats: five sentences


def speak_chapter_01(document) -> int:
    """Narrate §01's first beats as a fresh build process would; return how many sentences were synthesised."""
    captions._narrate.cache_clear()
    captions._caches.clear()
    for reference in SPOKEN:
        narrate("01", reference, 5.0, document, VOICE)
    return speech_cache(VOICE).synthesized


def utterances_of_chapter_01(document) -> int:
    """How many distinct things the voice says in those beats: each sentence, and the phrases of one said in
    two (where no caption cut could fall at a pause)."""
    said = set()
    for reference in SPOKEN:
        narration = narrate("01", reference, 5.0, document, VOICE)
        said |= set(narration.spoken) | set(narration.phrases)
    return len(said)


def test_speech_is_synthesised_once_and_an_edited_sentence_alone_again(tmp_path, monkeypatch):
    monkeypatch.setenv("LECTURE_SPEECH_CACHE", str(tmp_path / "speech"))
    text = REFERENCE.read_text(encoding="utf-8")
    document = parse_document(text, load_adaptations())
    try:
        assert speak_chapter_01(document) == utterances_of_chapter_01(document)
        assert speak_chapter_01(document) == 0
        edited = parse_document(text.replace("Think of yourself driving.", "Think of yourself cycling."),
                                load_adaptations())
        assert speak_chapter_01(edited) == 1
    finally:
        captions._narrate.cache_clear()
        captions._caches.clear()


@pytest.mark.parametrize("frame_rate", [5.0, 60.0])
def test_each_cue_appears_with_its_first_word_and_stays_until_its_last(frame_rate):
    for narration in narrations(CH01, frame_rate, voice=VOICE):
        assert narration.audio is not None and narration.audio.is_file()
        assert narration.duration >= narration.speech_seconds
        for index, (cue, (first_word, last_word)) in enumerate(zip(narration.cues, narration.said)):
            # Up on the frame of its first word (never after it, at most 0.25 s before).
            assert first_word - 0.25 <= cue.start <= first_word + 1e-6, (narration.reference, cue.text)
            assert cue.end >= last_word - 1e-6
            # It lingers at most a second into a pause, unless the norms need the time.
            needed = max(cue.start + 5 / 6, cue.start + len(cue.text.replace("\n", "")) / MAX_CHARS_PER_SECOND)
            assert cue.end <= max(last_word + LINGER_SECONDS + 1 / frame_rate, needed + 1 / frame_rate) + 1e-6
            if index + 1 < len(narration.cues):
                assert narration.cues[index + 1].start - cue.end >= 2 / frame_rate - 1e-6


def test_the_voice_speaks_at_a_lecture_pace():
    characters = spoken = 0.0
    for narration in narrations(CH01, 60.0, voice=VOICE):
        characters += sum(len(cue.text.replace("\n", "")) for cue in narration.cues)
        spoken += sum(last - first for first, last in narration.said)
    assert 13.0 <= characters / spoken <= 15.5


# --- The rendered chapter: from the session's smoke build ------------------------------------

def speech_spans(video: Path) -> list[tuple[float, float]]:
    """Where the track is not silent: between its silences (-40 dB for 0.2 s)."""
    duration = probe(video).duration
    spans, position = [], 0.0
    for start, end in silences(video):
        if start > position:
            spans.append((position, start))
        position = end
    if position < duration:
        spans.append((position, duration))
    return spans


@pytest.mark.render
def test_chapter_has_one_aac_track_at_48_khz_as_long_as_the_video(smoke_renders):
    info = probe(smoke_renders["01"].video)
    (audio,) = [stream for stream in info.streams if stream["codec_type"] == "audio"]
    assert (audio["codec_name"], audio["profile"], audio["sample_rate"]) == ("aac", "LC", "48000")
    assert abs(float(audio["duration"]) - float(info.video["duration"])) <= 1 / SMOKE.frame_rate


@pytest.mark.render
def test_chapter_speech_is_normalised_for_the_web(smoke_renders):
    for number, output in smoke_renders.items():
        loudness = measure_loudness(output.video)
        assert abs(loudness.integrated - TARGET_LUFS) <= 1.0, number
        assert loudness.true_peak <= TRUE_PEAK_DBTP, number


@pytest.mark.render
def test_every_cue_is_spoken_and_nothing_is_spoken_without_a_cue(smoke_renders):
    output = smoke_renders["01"]
    cues = [(seconds(cue.start), seconds(cue.end)) for cue in read_srt(output.srt)]
    spans = speech_spans(output.video)
    assert len(spans) >= len(cues) // 2
    for start, end in cues:
        assert any(s < end and e > start for s, e in spans), f"no speech under the cue at {start:.2f} s"
    for s, e in spans:
        # Speech outside every cue: the span minus the cues it overlaps.
        uncovered, position = 0.0, s
        for start, end in sorted(cues):
            if end <= position or start >= e:
                continue
            uncovered += max(0.0, start - position)
            position = max(position, end)
        uncovered += max(0.0, e - position)
        assert uncovered <= 0.5, f"{uncovered:.2f} s of speech at {s:.2f}–{e:.2f} s has no cue"


# The toy lecture (tests/data/toy): the same code as the real one's, tiny scenes. Its §03 has six beats.
TOY_3D = TOY_CHAPTERS[2]


@pytest.mark.render
def test_silent_chapters_with_voice_none(tmp_path, toy):
    result = subprocess.run([sys.executable, "build.py", "render", TOY_3D.number, "-q", "smoke", "--voice", "none",
                             "--out", str(tmp_path)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    # Without a terminal, progress is plain lines, each a tenth of the way further, the last at 100%.
    shares = [int(share) for share in re.findall(r"… (\d+)% of the video rendered \(§03 beat \d+/6\)", result.stderr)]
    assert shares == sorted(shares) and shares[-1] == 100 and len(shares) >= 5
    info = probe(tmp_path / f"{TOY_3D.stem}.mp4")
    assert [stream["codec_type"] for stream in info.streams if stream["codec_type"] == "audio"] == []
    cues = [(seconds(cue.start), seconds(cue.end), cue.content) for cue in read_srt(tmp_path / f"{TOY_3D.stem}.srt")]
    assert violations(cues, SMOKE.frame_rate) == []


@pytest.mark.render
def test_plain_manim_gives_the_voice_too(tmp_path, toy):
    subprocess.run([str(Path(sys.executable).parent / "manim"), "render", "-r", "320,180", "--fps", "5",
                    "--disable_caching", "--media_dir", str(tmp_path), "-v", "WARNING",
                    "tests/data/toy/ch02_line.py", "ALine"],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    (movie,) = tmp_path.rglob("ALine.mp4")
    assert [s["codec_name"] for s in probe(movie).streams if s["codec_type"] == "audio"] == ["aac"]
    assert movie.with_suffix(".srt").is_file()


# --- The lecture: the chapters' speech as one track ---------------------------------------------

def first_onset(video: Path) -> float:
    """Where the first word after the opening half second begins.

    (A file's opening is no mark: silencedetect cannot see a pause shorter than
    its window at the very start of a file, but can in the joined lecture.)
    """
    return next(start for start, _ in speech_spans(video) if start >= 0.5)


@pytest.mark.render
def test_lecture_has_one_aac_track_as_long_as_its_pictures(smoke_lecture):
    info = probe(smoke_lecture / "lecture.mp4")
    (audio,) = info.audio
    assert (audio["codec_name"], audio["sample_rate"]) == ("aac", "48000")
    assert abs(float(audio["duration"]) - float(info.video["duration"])) <= 1 / SMOKE.frame_rate


@pytest.mark.render
def test_lecture_speech_stays_on_its_chapter_at_every_join(smoke_lecture):
    """Each chapter's first word starts as far into the chapter in the lecture as in its own file."""
    lecture = smoke_lecture / "lecture.mp4"
    spans = speech_spans(lecture)
    for marker, chapter in zip(probe(lecture).chapters, CHAPTERS):
        start = float(marker["start_time"])
        expected = start + first_onset(smoke_lecture / f"{chapter.stem}.mp4")
        found = min((s for s, _ in spans), key=lambda s: abs(s - expected))
        assert abs(found - expected) <= 0.03, f"§{chapter.number}: speech moved {found - expected:+.3f} s"
    loudness = measure_loudness(lecture)
    assert abs(loudness.integrated - TARGET_LUFS) <= 1.0 and loudness.true_peak <= TRUE_PEAK_DBTP


DEAD_AIR_SECONDS = 3.0  # the longest silence a chapter may have while it plays (its last 2 s aside)


@pytest.mark.render
def test_no_chapter_has_dead_air(smoke_renders):
    """No silence over 3 s inside any chapter: an animation that needs longer than its words gets words."""
    dead = {}
    for number, output in smoke_renders.items():
        duration = probe(output.video).duration
        # What falls in the chapter's last 2 s does not count: the picture may settle after the words.
        long = [(round(start, 1), round(end, 1))
                for start, end in silences(output.video, noise_db=-45, seconds=DEAD_AIR_SECONDS)
                if min(end, duration - 2.0) - start > DEAD_AIR_SECONDS]
        if long:
            dead[number] = long
    assert not dead, f"silences over {DEAD_AIR_SECONDS} s: {dead}"


def test_no_pause_is_cut_into_a_phrase():
    """A pause the caption norms need falls where the speech pauses (punctuation, a sentence's end), or the
    sentence is said as two phrases: never between two words of one phrase."""
    document = load_document()
    cuts = {(chapter.number, narration.reference): narration.phrase_cuts
            for chapter in CHAPTERS for narration in narrations(chapter, FHD_RATE, document, VOICE)
            if narration.phrase_cuts}
    assert not cuts, cuts


def test_eta_is_said_ay_tuh():
    """espeak says "eta" EE-tuh; the voice is given a spelling it says AY-tuh, and the word stays "eta"."""
    cache = speech_cache(VOICE)
    said = "".join(phoneme for sentence in cache._piper.phonemize(VOICE.respelt("eta,")) for phoneme in sentence)
    assert said.startswith("ˈeɪ") and "iː" not in said, said


def test_a_wait_for_a_later_cue_of_an_unvoiced_beat_holds_until_its_last(tmp_path):
    """Unvoiced (--voice none) a beat's cues are laid out for reading: fewer than a scene paced on the voice counts.

    §02's step-limit-math waits for its second cue; read without a voice, the beat is one cue.
    """
    from types import SimpleNamespace

    from lecture.narration.beat import Cue, Narration
    from scenes.kit.pacing import BeatClock

    cues = (Cue(("f′(x) = lim (2x + h) = 2x",), 0.0, 3.0),)
    scene = SimpleNamespace(time=10.0)
    unvoiced = BeatClock(scene=scene, narration=Narration("02", "step-limit-math", ("…",), cues))
    assert unvoiced.until_cue(2) == 0.0
    voiced = BeatClock(scene=scene, narration=Narration("02", "step-limit-math", ("…",), cues,
                                                        audio=tmp_path / "speech.wav"))
    with pytest.raises(IndexError, match="has 1 cue"):
        voiced.until_cue(2)
