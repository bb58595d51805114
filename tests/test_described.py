"""The described version: every beat described or declared covered, holds that never talk over the narration,
the descriptions track and the descriptive transcript. All on the session's smoke build."""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lecture.voice.audio import TARGET_LUFS, TRUE_PEAK_DBTP, measure_loudness
from lecture.render.described import LEAD_SECONDS, DescribedBeat, hold_videos, shift_time
from lecture.build.manifest import ChapterRecord, Manifest
from lecture.core.media import probe, read_srt
from lecture.core.presets import PRESETS
from lecture.publish.preview import write_described_transcript
from lecture.publish.transcript import cue_text, described_lines
from lecture.voice.speech import DEFAULT_VOICE, VOICES
from lecture.narration.chapters import narrations
from scenes import CHAPTERS
from tests.audio import silences

SMOKE = PRESETS["smoke"]
FRAME = 1 / SMOKE.frame_rate
chapters = pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.number)
_VTT_TIME = r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)"


def record(out_dir: Path, chapter) -> ChapterRecord:
    found = ChapterRecord.load(out_dir, chapter.stem)
    assert found is not None
    return found


def beats(found: ChapterRecord) -> list[DescribedBeat]:
    return [DescribedBeat.from_json(beat) for beat in found.descriptions]


def vtt_cues(path: Path) -> list[tuple[float, float, str]]:
    """A WebVTT file's cues, parsed strictly: the header, then numbered blocks of a timing line and text."""
    blocks = path.read_text(encoding="utf-8").split("\n\n")
    assert blocks[0] == "WEBVTT"
    cues = []
    for number, block in enumerate(blocks[1:], start=1):
        index, timing, *text = block.strip("\n").split("\n")
        assert index == str(number)
        match = re.fullmatch(f"{_VTT_TIME} --> {_VTT_TIME}", timing)
        assert match, timing
        parts = [int(value) for value in match.groups()]
        start, end = (h * 3600 + m * 60 + s + ms / 1000 for h, m, s, ms in (parts[:4], parts[4:]))
        assert text and start < end
        cues.append((start, end, "\n".join(text)))
    return cues


@chapters
def test_every_beat_has_a_description_or_the_declaration(chapter, smoke_lecture):
    described = {beat.beat for beat in beats(record(smoke_lecture, chapter)) if beat.text}
    assert [ref.reference for ref in chapter.beat_references() if ref.reference not in described] == []


@chapters
def test_a_described_chapter_lasts_the_plain_one_plus_its_holds(chapter, smoke_lecture):
    found = record(smoke_lecture, chapter)
    holds = sum(beat.hold for beat in beats(found))
    plain, described = probe(smoke_lecture / found.files["video"]), probe(smoke_lecture / found.files["described"])
    assert float(described.video["duration"]) == pytest.approx(float(plain.video["duration"]) + holds, abs=FRAME / 2)
    assert described.duration == pytest.approx(plain.duration + holds, abs=FRAME / 2)
    # Each hold is whole frames, the picture encoded as the chapter's (joined by stream copy, one stream).
    assert all(abs(beat.hold * SMOKE.frame_rate - round(beat.hold * SMOKE.frame_rate)) < 1e-6 for beat in beats(found))
    for key in ("width", "height", "pix_fmt", "profile", "r_frame_rate"):
        assert described.video[key] == plain.video[key], key


@chapters
def test_no_description_is_said_over_the_narration(chapter, smoke_lecture):
    found = record(smoke_lecture, chapter)
    placed = beats(found)
    holds = [beat for beat in placed if not beat.covered]
    # The narration's words, from the voice's own timings, moved to the described chapter.
    clips = json.loads((smoke_lecture / found.files["clips"]).read_text(encoding="utf-8"))
    starts, position = {}, 0.0
    for clip in clips:
        starts[clip["beat"]] = position
        position += clip["seconds"]
    narrated = narrations(chapter, float(SMOKE.frame_rate), voice=VOICES[DEFAULT_VOICE])
    words = [(shift_time(starts[narration.reference] + first, holds),
              shift_time(starts[narration.reference] + last, holds, ending=True))
             for narration in narrated for first, last in narration.said]
    for beat in holds:
        said_start, said_end = beat.said
        assert beat.hold_start + LEAD_SECONDS <= said_start + 1e-6 and said_end <= beat.hold_start + beat.hold
        assert not [span for span in words if span[0] < said_end and said_start < span[1]], beat.beat
    # And in the sound itself: silence before each description starts and after it ends, up to the hold's end.
    quiet = silences(smoke_lecture / found.files["described"])
    for beat in holds:
        assert any(start <= beat.hold_start + 0.1 and beat.said[0] - 0.1 <= end for start, end in quiet), beat.beat
        hold_end = beat.hold_start + beat.hold
        assert any(start <= beat.said[1] + 0.25 and hold_end - 0.1 <= end for start, end in quiet), beat.beat


@chapters
def test_the_descriptions_track_parses_and_its_cues_fall_inside_the_chapter(chapter, smoke_lecture):
    found = record(smoke_lecture, chapter)
    cues = vtt_cues(smoke_lecture / found.files["descriptions"])
    assert [text for _, _, text in cues] == [beat.text for beat in beats(found) if not beat.covered]
    assert all(0 <= start < end <= found.seconds + FRAME for start, end, _ in cues)
    assert [start for start, _, _ in cues] == sorted(start for start, _, _ in cues)


def test_the_lecture_descriptions_track_puts_each_at_its_chapter(smoke_lecture):
    manifest = Manifest.load(smoke_lecture)
    cues = vtt_cues(smoke_lecture / manifest.lecture.files["descriptions"])
    expected = [(chapter.start + beat.start, beat.text) for chapter in manifest.chapters
                for beat in beats(chapter) if not beat.covered]
    assert [text for _, _, text in cues] == [text for _, text in expected]
    assert [start for start, _, _ in cues] == pytest.approx([start for start, _ in expected], abs=0.002)
    assert cues[-1][1] <= manifest.lecture.seconds + FRAME if cues else True


def test_every_described_chapter_is_at_the_web_loudness_with_its_peaks_limited(smoke_lecture):
    """As the plain chapters are (test_narration). Before the AAC coder's band was the speech's, its overshoot
    took §06's and §10's described speech over full scale (+0.2 and +0.4 dBTP at fhd)."""
    for chapter in Manifest.load(smoke_lecture).chapters:
        loudness = measure_loudness(smoke_lecture / chapter.files["described"])
        assert abs(loudness.integrated - TARGET_LUFS) <= 1.0, chapter.number
        assert loudness.true_peak <= TRUE_PEAK_DBTP, chapter.number


def test_the_described_lecture_joins_the_described_chapters_at_the_loudness_of_the_plain_one(smoke_lecture):
    manifest = Manifest.load(smoke_lecture)
    described = smoke_lecture / manifest.lecture.files["described"]
    chapters_length = sum(probe(smoke_lecture / chapter.files["described"]).duration for chapter in manifest.chapters)
    assert probe(described).duration == pytest.approx(chapters_length, abs=len(manifest.chapters) * FRAME)
    plain, loud = measure_loudness(smoke_lecture / manifest.lecture.files["video"]), measure_loudness(described)
    assert loud.integrated == pytest.approx(plain.integrated, abs=0.5)
    assert loud.true_peak <= TRUE_PEAK_DBTP
    # Its captions: every narration cue of the lecture, and each description in brackets.
    captions = read_srt(smoke_lecture / manifest.lecture.files["described_srt"])
    narration = read_srt(smoke_lecture / manifest.lecture.files["srt"])
    spoken, described, inside = [], 0, False
    for cue in captions:  # every cue of a description is bracketed; a description is a run of such cues
        bracketed = cue.content.startswith("[") and cue.content.endswith("]")
        if bracketed and not inside:
            described += 1
        if not bracketed:
            spoken.append(cue.content)
        inside = bracketed
    assert spoken == [cue.content for cue in narration]
    assert described == sum(not beat.covered for chapter in manifest.chapters for beat in beats(chapter))


def test_the_descriptive_transcript_holds_every_caption_and_description_in_time_order(lecture_copy):
    manifest = Manifest.load(lecture_copy)
    markdown, page = write_described_transcript(manifest)
    lines = described_lines(manifest)
    assert [line.seconds for line in lines] == sorted(line.seconds for line in lines)
    captions = [cue_text(cue) for chapter in manifest.chapters for cue in manifest.cues(chapter)]
    descriptions = [beat.text for chapter in manifest.chapters for beat in beats(chapter) if not beat.covered]
    assert [line.text for line in lines if not line.description] == captions
    assert [line.text for line in lines if line.description] == descriptions
    text = markdown.read_text(encoding="utf-8")
    assert text.count("\\[Description: ") == len(descriptions)
    stamps = re.findall(r"^\[(\d\d):(\d\d)\]", text, re.MULTILINE)
    assert len(stamps) == len(lines)
    html = page.read_text(encoding="utf-8")
    assert html.count('data-video="video-described"') == len(lines)
    assert manifest.lecture.files["described"] in html


# --- without a render --------------------------------------------------------------------------------------------

def test_holds_are_whole_frames_placed_after_their_beats_and_shift_what_follows():
    from datetime import timedelta
    from fractions import Fraction

    import srt

    from lecture.render.described import Description, described_cues, plan_holds

    beats = [("a", 0.0, 4.0), ("b", 4.0, 9.0), ("c", 9.0, 12.0)]
    descriptions = {"a": Description("The dot moves to 2."), "b": Description("read aloud", covered=True),
                    "c": Description("The line tilts up.")}
    placed = plan_holds(beats, descriptions, {"a": 1.33, "c": 2.0}, Fraction(5))
    a, b, c = placed
    assert (a.hold, a.hold_start) == (pytest.approx(2.2), 4.0)  # 0.3 + 1.33 + 0.5 = 2.13 s: 11 frames at 5 fps
    assert b.covered and b.hold == 0
    assert c.hold_start == pytest.approx(12.0 + 2.2) and c.said[0] == pytest.approx(c.hold_start + LEAD_SECONDS)
    holds = [a, c]
    assert shift_time(3.9, holds) == 3.9 and shift_time(4.0, holds) == pytest.approx(6.2)
    assert shift_time(4.0, holds, ending=True) == 4.0  # a cue that ends where the hold begins stays before it
    cues = [srt.Subtitle(0, timedelta(seconds=1), timedelta(seconds=3.5), "first"),
            srt.Subtitle(0, timedelta(seconds=4.0), timedelta(seconds=8.0), "second")]
    moved = described_cues(cues, placed)
    assert [cue.content for cue in moved] == ["first", "[The dot moves to 2.]", "second", "[The line tilts up.]"]
    assert moved[2].start.total_seconds() == pytest.approx(6.2)
    assert moved[1].start.total_seconds() == pytest.approx(4.0 + LEAD_SECONDS)


def test_a_description_belongs_inside_a_beat_once():
    from scenes.kit.beats import Narrated

    class Bare(Narrated):
        def __init__(self) -> None:  # no Manim scene: only the description bookkeeping
            self.beat_descriptions, self._beat = {}, None

    scene = Bare()
    with pytest.raises(RuntimeError, match="inside a beat"):
        scene.describe("The dot moves.")
    scene._beat = "b"
    scene.describe("The  dot\nmoves.")
    assert scene.beat_descriptions["b"].text == "The dot moves." and not scene.beat_descriptions["b"].covered
    with pytest.raises(RuntimeError, match="described twice"):
        scene.describe_none("said")
    scene._beat = "c"
    with pytest.raises(ValueError, match="empty"):
        scene.describe(" ")


def test_holds_encoded_in_one_run_are_the_bytes_of_one_run_each(tmp_path):
    """A hold is a second of its picture encoded once and joined as often as needed, then the rest of a second."""
    rng = np.random.default_rng(7)
    pictures = []
    for index in range(3):
        picture = tmp_path / f"still-{index}.png"
        Image.fromarray(rng.integers(0, 255, (180, 320, 3), dtype=np.uint8)).save(picture)
        pictures.append(picture)
    holds = [(pictures[0], 12, tmp_path / "a"), (pictures[1], 3, tmp_path / "b"), (pictures[2], 5, tmp_path / "c")]
    alone = hold_videos(holds, Fraction(5), 10240, per_run=1)
    assert [[video.name for video in videos] for videos in alone] == [
        ["a-second.mp4", "a-second.mp4", "a-rest.mp4"], ["b-rest.mp4"], ["c-second.mp4"]]
    made_alone = {video: video.read_bytes() for videos in alone for video in videos}
    together = hold_videos(holds, Fraction(5), 10240, per_run=8)
    assert together == alone
    assert {video: video.read_bytes() for videos in together for video in videos} == made_alone
    assert [probe(video).video["nb_frames"] for video in (alone[0][0], alone[0][2], alone[1][0])] == ["5", "2", "3"]
