"""The caption kit: cue layout, timing and the norms, for every chapter's narration."""

from __future__ import annotations

import itertools

import pytest

from lecture.narration.beat import CaptionError, layout_cues, narrate
from lecture.core.presets import PRESETS
from lecture.text.document import TextReferenceError, load_document
from lecture.voice.speech import VOICES
from lecture.narration.chapters import narrations
from scenes import CHAPTERS
from tests.norms import caption_text, violations


def chapter_cues(chapter, frame_rate: float, voice) -> list[tuple[float, float, str]]:
    cues = []
    offset = 0.0
    for narration in narrations(chapter, frame_rate, voice=voice):
        cues.extend((offset + cue.start, offset + cue.end, cue.text) for cue in narration.cues)
        offset += narration.duration + 2 / frame_rate
    return cues


@pytest.mark.parametrize("preset", ["smoke", "fhd"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.number)
def test_every_cue_of_every_chapter_read_without_a_voice_meets_the_norms(chapter, preset):
    frame_rate = PRESETS[preset].frame_rate
    cues = chapter_cues(chapter, frame_rate, voice=None)
    assert cues
    assert violations(cues, frame_rate) == []


@pytest.mark.render  # after the smoke build has spoken every sentence (in parallel) into the cache
@pytest.mark.parametrize("preset", ["smoke", "fhd"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.number)
def test_every_cue_of_every_chapter_timed_to_the_voice_meets_the_norms(chapter, preset, smoke_lecture):
    frame_rate = PRESETS[preset].frame_rate
    cues = chapter_cues(chapter, frame_rate, voice=VOICES["joe"])
    assert cues
    assert violations(cues, frame_rate) == []


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.number)
def test_beats_narrate_the_text_in_its_order(chapter):
    document = load_document()
    section = document.section(chapter.number)
    order = {(block.label, i): n for n, (block, i) in enumerate(
        (block, i) for block in section.blocks for i in range(len(block.sentences)))}  # formulas, tables too
    spoken = []
    for narration in narrations(chapter, 60.0, voice=None):
        label = narration.reference.partition(":")[0]
        block = section.block(label)
        spoken.extend(order[(label, block.sentences.index(sentence))] for sentence in narration.sentences)
    assert spoken == sorted(spoken)
    assert len(spoken) == len(set(spoken)), "a sentence is narrated twice"


def test_a_cue_keeps_a_formula_on_one_line():
    cues = narrate("07", "tiny-dataset", 60.0, voice=None).cues
    assert any("(x, y) = (2, 5)" in line for cue in cues for line in cue.lines)


def test_lines_break_after_punctuation_rather_than_mid_phrase():
    (cue,) = narrate("01", "question", 60.0, voice=None).cues
    assert cue.lines == ("A derivative answers one question:", "how fast is something changing right now?")


def test_a_word_longer_than_a_line_is_reported_with_its_text():
    with pytest.raises(CaptionError, match="longer than a caption line"):
        layout_cues(["a" * 43])


def test_a_broken_reference_names_section_and_label():
    with pytest.raises(TextReferenceError, match="no block labelled 'gone'"):
        narrate("01", "gone", 60.0, voice=None)
    with pytest.raises(TextReferenceError, match="bad sentence span"):
        narrate("01", "question:x", 60.0, voice=None)


def test_cues_read_without_a_voice_are_whole_frames_with_a_two_frame_gap():
    for frame_rate in (5, 60):
        cues = narrate("01", "speedometer", float(frame_rate), voice=None).cues
        for earlier, later in itertools.pairwise(cues):
            assert round((later.start - earlier.end) * frame_rate, 6) == 2
        for cue in cues:
            assert abs(cue.start * frame_rate - round(cue.start * frame_rate)) < 1e-6


def test_adapted_sentences_are_captioned_in_their_video_wording():
    text = " ".join(" ".join(cue.lines) for cue in narrate("01", "slope-at-a-point", 60.0, voice=None).cues)
    assert "watch the sliders" in text
    assert "drag" not in text
    assert caption_text("The variable $x$ moves you along the curve $y = x^2$,") in text
