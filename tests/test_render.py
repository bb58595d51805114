"""Render-smoke: every chapter through the whole pipeline at the smoke preset."""

from __future__ import annotations

import re

import pytest

from lecture.core.media import probe, read_srt
from lecture.core.outputs import FORMULAS_FOLDER, TEX_FOLDER, WORK_FOLDER
from lecture.core.presets import PRESETS
from lecture.render.formulas import keep_formulas, new_formulas, packed_formulas, share_formulas, take_formulas
from lecture.text.document import load_document
from lecture.narration.chapters import narrations, captioned_seconds
from scenes import CHAPTERS
from tests.norms import caption_text, seconds, violations

SMOKE = PRESETS["smoke"]
VTT_TIMING = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)$")

chapters = pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.number)


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """A strict little WebVTT reader: header, then numbered cues."""
    assert text.startswith("WEBVTT\n\n")
    cues = []
    for block in text.split("\n\n")[1:]:
        lines = block.strip("\n").split("\n")
        if not lines[0]:
            continue
        match = VTT_TIMING.match(lines[1])
        assert lines[0].isdigit() and match, f"malformed cue: {block!r}"
        h1, m1, s1, ms1, h2, m2, s2, ms2 = map(int, match.groups())
        cues.append((h1 * 3600 + m1 * 60 + s1 + ms1 / 1000, h2 * 3600 + m2 * 60 + s2 + ms2 / 1000,
                     "\n".join(lines[2:])))
    return cues


@chapters
def test_chapter_video_is_h264_yuv420p_at_the_preset(chapter, smoke_renders):
    output = smoke_renders[chapter.number]
    assert output.video.name == f"{chapter.stem}.mp4"
    info = probe(output.video)
    video = info.video
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == (SMOKE.width, SMOKE.height)
    assert video["r_frame_rate"] == f"{SMOKE.frame_rate}/1"


@chapters
def test_chapter_lasts_until_its_last_caption_is_read(chapter, smoke_renders):
    output = smoke_renders[chapter.number]
    cues = read_srt(output.srt)
    assert probe(output.video).duration >= seconds(cues[-1].end)
    assert captioned_seconds(chapter, SMOKE.frame_rate) <= probe(output.video).duration + 1 / SMOKE.frame_rate


@chapters
def test_chapter_carries_a_default_english_caption_track(chapter, smoke_renders):
    (track,) = probe(smoke_renders[chapter.number].video).subtitles
    assert track["codec_name"] == "mov_text"
    assert track["tags"]["language"] == "eng"
    assert track["disposition"]["default"] == 1


@chapters
def test_srt_and_vtt_hold_the_same_cues_within_the_norms(chapter, smoke_renders):
    output = smoke_renders[chapter.number]
    srt_cues = [(seconds(cue.start), seconds(cue.end), cue.content) for cue in read_srt(output.srt)]
    vtt_cues = parse_vtt(output.vtt.read_text(encoding="utf-8"))
    assert len(srt_cues) == len(vtt_cues) == sum(len(n.cues) for n in narrations(chapter, SMOKE.frame_rate))
    for (s_start, s_end, s_text), (v_start, v_end, v_text) in zip(srt_cues, vtt_cues):
        assert (s_text, round(s_start, 3), round(s_end, 3)) == (v_text, round(v_start, 3), round(v_end, 3))
    assert violations(srt_cues, SMOKE.frame_rate) == []


@chapters
def test_each_captioned_sentence_appears_once_in_the_text_order(chapter, smoke_renders):
    document = load_document()
    spoken = " ".join(cue.content.replace("\n", " ") for cue in read_srt(smoke_renders[chapter.number].srt))
    position = -1
    for narration in narrations(chapter, SMOKE.frame_rate):
        for sentence in narration.sentences:
            words = caption_text(document.adapted(chapter.number, sentence))
            assert spoken.count(words) == 1, f"{words!r} appears {spoken.count(words)} times"
            assert spoken.index(words) > position, f"{words!r} is out of order"
            position = spoken.index(words)


def test_every_formula_the_build_typeset_is_shared_with_its_other_chapters(smoke_lecture):
    """A formula is compiled by the first chapter that shows it: the others find its SVG (lecture.render.formulas)."""
    tex = smoke_lecture / WORK_FOLDER / TEX_FOLDER
    shared = {svg.name: svg.read_bytes() for svg in (tex / FORMULAS_FOLDER).glob("*.svg")}
    caches = [cache for cache in tex.iterdir() if cache.name != FORMULAS_FOLDER]
    assert len(caches) == len(CHAPTERS)
    typeset = {svg.name: svg.read_bytes() for cache in caches for svg in cache.glob("*.svg")}
    assert shared == typeset


def test_formulas_enter_a_cache_whole_and_never_replace_one(tmp_path):
    finished, shared, starting = tmp_path / "finished", tmp_path / "shared", tmp_path / "starting"
    for folder in (finished, starting):
        folder.mkdir()
    (finished / "a.svg").write_text("<svg>a</svg>")
    (finished / "b.svg").write_text("<svg>b</svg>")
    (finished / "b.tex").write_text("not shared")
    (starting / "b.svg").write_text("<svg>mine</svg>")
    assert share_formulas(finished, shared) == 2
    assert share_formulas(finished, shared) == 0
    assert take_formulas(shared, starting) == 1
    assert (starting / "a.svg").read_text() == "<svg>a</svg>"
    assert (starting / "b.svg").read_text() == "<svg>mine</svg>"
    assert sorted(path.name for path in [*shared.iterdir(), *starting.iterdir()]) == ["a.svg", "a.svg", "b.svg",
                                                                                       "b.svg"]


def test_a_segment_handed_formulas_as_data_sends_back_only_those_it_typeset(tmp_path):
    """What a cluster worker's segment does: it shares no folder with the build."""
    shared, cache = tmp_path / "shared", tmp_path / "cache"
    shared.mkdir()
    cache.mkdir()
    (shared / "a.svg").write_text("<svg>a</svg>")
    handed = packed_formulas(shared)
    assert handed == {"a.svg": b"<svg>a</svg>"}
    assert take_formulas(handed, cache) == 1 and (cache / "a.svg").read_text() == "<svg>a</svg>"
    (cache / "b.svg").write_text("<svg>b</svg>")  # typeset by the segment
    (cache / "b.tex").write_text("not a formula")
    typeset = new_formulas(cache, handed)
    assert typeset == {"b.svg": b"<svg>b</svg>"}
    assert keep_formulas(typeset, shared) == 1 and keep_formulas(typeset, shared) == 0
    assert (shared / "b.svg").read_text() == "<svg>b</svg>"
    # A name is only a name: nothing is written outside the folder.
    assert keep_formulas({"../outside.svg": b"<svg/>"}, shared) == 1
    assert not (tmp_path / "outside.svg").exists() and (shared / "outside.svg").exists()
