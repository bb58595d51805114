"""The review sheet: contact sheets of every beat, and what a change to one scene marks.

Most tests use builds made by hand (posters drawn with Pillow, an index and
captions as a render writes them); the last compares a real smoke build with a
copy in which one chapter was rendered again and one beat recoloured.
"""

from __future__ import annotations

import json
import shutil
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
import srt
from click.testing import CliRunner
from PIL import Image

import build
from lecture.core.media import srt_text
from lecture.build.pipeline import LectureBuild
from lecture.core.presets import PRESETS
from lecture.publish.sheet import (
    CHANGED_SHARE,
    MARKS,
    PIXEL_TOLERANCE,
    NotABuild,
    compare_beats,
    difference,
    load_beats,
    write_sheets,
)
from tests.data.toy import CHAPTERS as TOY_CHAPTERS

SIZE = (320, 180)
PAGE = (250, 247, 240)


def poster(path: Path, colour: tuple[int, int, int], box: tuple[int, int, int, int] = (40, 40, 120, 100)) -> None:
    picture = np.full((SIZE[1], SIZE[0], 3), PAGE, dtype=np.uint8)
    left, top, right, bottom = box
    picture[top:bottom, left:right] = colour
    Image.fromarray(picture).save(path)


def fake_build(folder: Path, chapters: dict[str, list[tuple[str, tuple[int, int, int], str]]],
               preset: str = "smoke") -> Path:
    """An output folder as a render leaves it, as far as the sheet reads it: clips, posters, captions, records."""
    for number, beats in chapters.items():
        stem = f"{number}-chapter-{number}"
        clips = folder / "clips" / stem
        clips.mkdir(parents=True)
        entries = []
        for index, (beat, colour, caption) in enumerate(beats, start=1):
            name = f"{number}-{index:02}-{beat.replace(':', '-')}"
            poster(clips / f"{name}.png", colour)
            cue = srt.Subtitle(0, timedelta(0), timedelta(seconds=2), caption)
            (clips / f"{name}.srt").write_text(srt_text([cue]), encoding="utf-8")
            entries.append({"chapter": number, "beat": beat, "index": index, "seconds": 2.0,
                            "captions": caption.replace("\n", " "),
                            "files": {kind: f"{name}.{kind if kind != 'poster' else 'png'}"
                                      for kind in ("mp4", "vtt", "srt", "poster")}})
        (clips / "index.json").write_text(json.dumps(entries), encoding="utf-8")
        (folder / f"{stem}.json").write_text(json.dumps({"number": number, "title": f"Chapter {number}",
                                                         "preset": preset}), encoding="utf-8")
    return folder


TEAL, CORAL, GOLD = (30, 140, 130), (230, 100, 80), (200, 140, 30)
BEFORE = {
    "01": [("question", TEAL, "How fast is it\nchanging?"), ("speedometer", CORAL, "Think of driving.")],
    "02": [("limit:1", GOLD, "Let h shrink."), ("limit:2", TEAL, "The slope settles.")],
}


# --- the measure ----------------------------------------------------------------------------------------------------

def test_difference_is_the_share_of_pixels_that_moved_beyond_the_tolerance(tmp_path: Path) -> None:
    poster(tmp_path / "a.png", TEAL, box=(0, 0, 10, 10))
    poster(tmp_path / "b.png", CORAL, box=(0, 0, 10, 10))  # 100 pixels recoloured
    faint = tuple(channel + PIXEL_TOLERANCE for channel in TEAL)
    poster(tmp_path / "c.png", faint, box=(0, 0, 10, 10))  # the same pixels, moved only by the tolerance
    assert difference(tmp_path / "a.png", tmp_path / "a.png") == 0.0
    assert difference(tmp_path / "a.png", tmp_path / "b.png") == pytest.approx(100 / (SIZE[0] * SIZE[1]))
    assert difference(tmp_path / "a.png", tmp_path / "c.png") == 0.0


def test_a_beat_is_marked_only_above_the_threshold(tmp_path: Path) -> None:
    threshold_pixels = CHANGED_SHARE * SIZE[0] * SIZE[1]  # 28.8 at smoke
    below, above = (tmp_path / name for name in ("below", "above"))
    fake_build(below, {"01": [("question", TEAL, "x")]})
    fake_build(above, {"01": [("question", TEAL, "x")]})
    poster(below / "clips/01-chapter-01/01-01-question.png", TEAL)
    Image.open(below / "clips/01-chapter-01/01-01-question.png").save(below / "base.png")
    for folder, pixels in ((below, int(threshold_pixels)), (above, int(threshold_pixels) + 1)):
        picture = np.asarray(Image.open(folder / "clips/01-chapter-01/01-01-question.png")).copy()
        picture[0, :pixels] = CORAL
        Image.fromarray(picture).save(folder / "clips/01-chapter-01/01-01-question.png")
    reference = tmp_path / "reference"
    fake_build(reference, {"01": [("question", TEAL, "x")]})
    statuses = {folder.name: compare_beats(load_beats(reference / "clips/01-chapter-01"),
                                           load_beats(folder / "clips/01-chapter-01"))[0].status
                for folder in (below, above)}
    assert statuses == {"below": "same", "above": "changed"}


def test_compare_matches_beats_by_name_and_finds_new_and_removed_ones(tmp_path: Path) -> None:
    before = fake_build(tmp_path / "before", BEFORE)
    after = fake_build(tmp_path / "after", {
        "01": [("intro", GOLD, "New first beat."), ("question", TEAL, "How fast is it\nchanging?"),
               ("speedometer", GOLD, "Think of driving.")],
        "02": [("limit:1", GOLD, "Let h shrink.")],
    })
    files = write_sheets(after, compare=before)
    marked = {(change.beat.chapter, change.beat.beat): change.status for change in files.changes}
    # "question" moved from clip 01 to clip 02 and is unchanged; "speedometer" was recoloured.
    assert marked == {("01", "intro"): "new", ("01", "speedometer"): "changed", ("02", "limit:2"): "removed"}
    saved = json.loads((after / "sheet" / "changes.json").read_text(encoding="utf-8"))
    assert {(entry["chapter"], entry["beat"], entry["status"]) for entry in saved["marked"]} == {
        ("01", "intro", "new"), ("01", "speedometer", "changed"), ("02", "limit:2", "removed")}


# --- the files ------------------------------------------------------------------------------------------------------

def test_a_sheet_shows_every_beat_with_its_caption_and_frames_only_changed_ones(tmp_path: Path) -> None:
    before = fake_build(tmp_path / "before", BEFORE)
    after = fake_build(tmp_path / "after", BEFORE | {"02": [("limit:1", GOLD, "Let h shrink."),
                                                            ("limit:2", CORAL, "The slope settles.")]})
    plain = write_sheets(after)
    assert [sheet.picture.name for sheet in plain.chapters] == ["01-chapter-01.png", "02-chapter-02.png"]
    assert [beat.caption for beat in plain.chapters[0].beats] == ["How fast is it", "Think of driving."]
    assert [beat.label for beat in plain.chapters[1].beats] == ["02-01 limit:1", "02-02 limit:2"]
    red = np.array(MARKS["changed"], dtype=np.uint8)

    def framed(name: str) -> int:
        picture = np.asarray(Image.open(after / "sheet" / name).convert("RGB"))
        return int((picture == red).all(axis=-1).sum())

    assert framed("02-chapter-02.png") == 0
    compared = write_sheets(after, compare=before)
    assert [(change.beat.label, change.status) for change in compared.changes] == [("02-02 limit:2", "changed")]
    assert framed("01-chapter-01.png") == 0 and framed("02-chapter-02.png") > 4 * SIZE[0]
    assert sorted(path.name for path in (after / "sheet" / "compare").iterdir()) == [
        "02-02-limit-2.after.png", "02-02-limit-2.before.png"]
    copied = after / "sheet/compare/02-02-limit-2.before.png"
    assert difference(copied, before / "clips/02-chapter-02/02-02-limit-2.png") == 0


def test_the_page_escapes_what_it_shows(tmp_path: Path) -> None:
    chapters = {"01": [("question", TEAL, "<script>alert(1)</script> & more")]}
    before = fake_build(tmp_path / "before & <b>", {"01": [("question", CORAL, "x")]})
    after = fake_build(tmp_path / "after", chapters)
    page = write_sheets(after, compare=before).page.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert "before &amp; &lt;b&gt;" in page
    assert 'src="compare/01-01-question.before.png"' in page and 'src="01-chapter-01.png"' in page


def test_a_second_sheet_replaces_the_first(tmp_path: Path) -> None:
    before = fake_build(tmp_path / "before", BEFORE)
    after = fake_build(tmp_path / "after", BEFORE | {"01": [("question", GOLD, "x"), ("speedometer", CORAL, "y")]})
    write_sheets(after, compare=before)
    assert (after / "sheet" / "compare").is_dir()
    write_sheets(after)
    assert not (after / "sheet" / "compare").exists()
    assert not [path for path in after.iterdir() if path.name.startswith(".sheet")]


# --- the command ----------------------------------------------------------------------------------------------------

def test_sheet_command_writes_and_reports(tmp_path: Path) -> None:
    before = fake_build(tmp_path / "before", BEFORE)
    after = fake_build(tmp_path / "after", BEFORE | {"02": [("limit:1", CORAL, "Let h shrink."),
                                                            ("limit:2", TEAL, "The slope settles.")]})
    result = CliRunner().invoke(build.cli, ["sheet", "--out", str(after), "--compare", str(before)])
    assert result.exit_code == 0, result.output
    assert "1 beat(s) marked" in result.output and "changed 02-01 limit:1" in result.output
    assert (after / "sheet" / "index.html").is_file()
    result = CliRunner().invoke(build.cli, ["sheet", "1", "--out", str(after)])
    assert result.exit_code == 0 and "1 chapter sheet(s), 2 beats" in result.output


@pytest.mark.parametrize(("arguments", "message", "exit_code"), [
    (["--compare", "{tmp}"], "Invalid value for '--compare': {tmp} is not a build folder", 2),
    (["--compare", "{tmp}/nowhere"], "Invalid value for '--compare': {tmp}/nowhere is not a build folder", 2),
    (["--compare", "{tmp}/hd"], "built at hd, but {tmp}/after/ at smoke; compare builds made at one preset", 1),
    (["3"], "has no clips of chapter 03: render it first (build.py render 03)", 1),
    (["11"], "Invalid value for CHAPTER: no chapter 11", 2),
], ids=["compare-not-a-build", "compare-missing", "compare-other-preset", "chapter-not-built", "no-such-chapter"])
def test_sheet_command_mistakes_are_one_line(tmp_path: Path, arguments: list[str], message: str,
                                             exit_code: int) -> None:
    after = fake_build(tmp_path / "after", BEFORE)
    fake_build(tmp_path / "hd", BEFORE, preset="hd")
    arguments = [argument.format(tmp=tmp_path) for argument in arguments]
    result = CliRunner().invoke(build.cli, ["sheet", "--out", str(after), *arguments])
    assert result.exit_code == exit_code
    assert message.format(tmp=tmp_path) in result.output
    assert not (after / "sheet").exists()


def test_sheet_command_without_a_build(tmp_path: Path) -> None:
    result = CliRunner().invoke(build.cli, ["sheet", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path}/ holds no build (no clips/NN-slug/index.json): " \
                                    "run 'build.py render' first"
    with pytest.raises(NotABuild):
        write_sheets(tmp_path)


def test_a_missing_poster_names_the_fix(tmp_path: Path) -> None:
    after = fake_build(tmp_path / "after", BEFORE)
    (after / "clips/02-chapter-02/02-02-limit-2.png").unlink()
    result = CliRunner().invoke(build.cli, ["sheet", "--out", str(after)])
    assert result.exit_code == 1
    assert "lacks the poster 02-02-limit-2.png: render §02 again (build.py render 02 --force)" in result.output


# --- a real build, one scene changed --------------------------------------------------------------------------------

def recolour(path: Path) -> float:
    """Give the poster's commonest saturated colour another hue, as a changed scene colour would; the share changed."""
    picture = np.asarray(Image.open(path).convert("RGB")).astype(int)
    saturated = (picture.max(axis=-1) - picture.min(axis=-1)) > 80
    colours, counts = np.unique(picture[saturated], axis=0, return_counts=True)
    accent = colours[np.argmax(counts)]
    chosen = np.abs(picture - accent).max(axis=-1) < 48
    picture[chosen] = picture[chosen][:, ::-1]  # RGB → BGR: orange turns blue, teal turns brown
    Image.fromarray(picture.astype(np.uint8)).save(path)
    return float(chosen.mean())


@pytest.mark.render
def test_compare_marks_exactly_the_beat_a_one_scene_change_touched(toy_copy: Path, tmp_path: Path) -> None:
    before = toy_copy  # the toy lecture (tests/data/toy): its §03 has six beats
    after = tmp_path / "after"
    shutil.copytree(before, after)
    chapter = TOY_CHAPTERS[2]
    # The changed scene's chapter is rendered again (its other beats must measure as unchanged) ...
    build_03 = LectureBuild([chapter], PRESETS["smoke"], after, force=True)
    assert build_03.render(jobs=1, on_done=lambda *args: None) == [chapter]
    # ... and one of its beats ends on a picture with one colour changed.
    beats = load_beats(after / "clips" / chapter.stem)
    target = beats[2]
    assert recolour(target.poster) > 2 * CHANGED_SHARE

    result = CliRunner().invoke(build.cli, ["sheet", "--out", str(after), "--compare", str(before)])
    assert result.exit_code == 0, result.output
    marked = [line.split() for line in result.output.splitlines() if line.startswith("  ")]
    assert marked == [["changed", *target.label.split(), marked[0][-1]]], result.output
    files = json.loads((after / "sheet" / "changes.json").read_text(encoding="utf-8"))
    assert [(entry["clip"], entry["status"]) for entry in files["marked"]] == [(target.name, "changed")]
    assert len(files["chapters"]) == len(TOY_CHAPTERS)
    total = sum(entry["beats"] for entry in files["chapters"])
    assert total == sum(len(json.loads(path.read_text())) for path in (before / "clips").glob("*/index.json"))
    page = (after / "sheet" / "index.html").read_text(encoding="utf-8")
    assert f"compare/{target.name}.before.png" in page and f"compare/{target.name}.after.png" in page
