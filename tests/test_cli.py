"""The command line: listing, usage errors, coverage, and broken text references."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import build
from lecture.text.chapters import Chapter
from lecture.text.document import parse_document
from lecture.core.identity import REFERENCE


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_list_names_each_chapter_with_cues_and_duration(runner):
    result = runner.invoke(build.cli, ["list", "--voice", "none"])
    assert result.exit_code == 0, result.output
    line = result.output.splitlines()[0]
    assert line.startswith("01  What a derivative is")
    assert re.search(r"\b\d+ cues\s+silent\s+≥\s+\d+\.\d s", line)


@pytest.mark.render  # after the smoke build has spoken every sentence into the cache
def test_list_gives_each_chapters_spoken_duration(runner, smoke_lecture):
    result = runner.invoke(build.cli, ["list"])
    assert result.exit_code == 0, result.output
    for line in result.output.splitlines():
        spoken, least = map(float, re.search(r"(\d+\.\d) s spoken\s+≥\s+(\d+\.\d) s", line).groups())
        assert 0 < spoken < least


def test_an_unknown_chapter_is_a_usage_error_listing_the_chapters(runner):
    result = runner.invoke(build.cli, ["render", "99"])
    assert result.exit_code == 2
    assert "no chapter 99; the chapters are 01" in result.output


def test_an_unknown_preset_is_a_usage_error_listing_the_presets(runner):
    result = runner.invoke(build.cli, ["render", "01", "--quality", "4k"])
    assert result.exit_code == 2
    assert "'smoke', 'preview', 'hd', 'fhd'" in result.output


def test_coverage_reports_every_sentence_and_the_adaptations(runner):
    # The text alone: that every beat is described is tested on the smoke build (tests/test_described.py).
    result = runner.invoke(build.cli, ["coverage", "--no-descriptions"])
    assert result.exit_code == 0, result.output
    assert "§01 What a derivative is: 12/12 sentences" in result.output
    assert "adapted for video: 'To see how this works, drag the sliders below.'" in result.output
    # What a lead-in introduces is said: every display formula and table has its beat, every lost list too.
    assert "not said" not in result.output and "not captioned" not in result.output
    assert "table read for video: 'renaming-table'" in result.output
    assert "added for video after 'start': 'start-restored'" in result.output


# A scene of empty beats, the first on line 8 (a test reads the line numbers its error names).
SCENE = '''
from scenes.kit import LectureScene

class {name}(LectureScene):
    SECTION = "{number}"

    def construct(self):
{beats}'''


def only_chapter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, number: str, name: str, *beats: str) -> None:
    """Make the lecture one chapter, §``number``: a scene ``name`` (in ``tmp_path``) of these beats, each empty."""
    module = f"{name.lower()}_scene"
    body = "".join(f'        with self.beat("{beat}"):\n            pass\n' for beat in beats)
    (tmp_path / f"{module}.py").write_text(SCENE.format(name=name, number=number, beats=body))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(build, "CHAPTERS", (Chapter(number, name.lower(), module, name),))


@pytest.mark.render  # a dry run of a one-beat scene: it finds the beat's description, or says it has none
def test_coverage_names_a_formula_no_beat_says_and_a_beat_not_described(runner, tmp_path, monkeypatch):
    only_chapter(tmp_path, monkeypatch, "02", "Quiet", "formally")
    result = runner.invoke(build.cli, ["coverage"])
    assert result.exit_code == 1
    assert "not said: the formula 'limit-formula' (name it in a beat: self.beat('limit-formula'))" in result.output
    assert "not described: beat 'formally' (in its body: self.describe(" in result.output


def test_a_scene_referring_to_missing_text_fails_naming_scene_and_reference(runner, tmp_path, monkeypatch):
    only_chapter(tmp_path, monkeypatch, "01", "Broken", "question", "no-such-paragraph")
    result = runner.invoke(build.cli, ["render", "01", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "Broken (broken_scene.py:10): text reference 'no-such-paragraph'" in result.output
    assert not (tmp_path / "out").exists(), "nothing is rendered before the text is checked"


def test_text_edited_under_a_scene_fails_before_rendering(runner, tmp_path, monkeypatch):
    edited = REFERENCE.read_text(encoding="utf-8").replace("{#collapse}\n", "")
    document = parse_document(edited)
    monkeypatch.setattr("lecture.narration.beat.load_document", lambda: document)
    result = runner.invoke(build.cli, ["render", "01", "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "SecantCollapse (ch01_derivative.py:" in result.output
    assert "text reference 'collapse'" in result.output
