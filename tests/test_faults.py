"""The fault table: each bad input gets one clear line, a non-zero exit, and loses nothing.

Unknown chapter/preset and a malformed --shard are in test_cli.py and
test_lecture.py; a render killed by SIGINT or SIGKILL is in test_lecture.py.
"""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import build
from tests.conftest import TOY
from tests.data.toy import CHAPTERS
from tests.test_lecture import fingerprints, run_build

# The build's faults are met on the toy lecture (tests/data/toy; conftest's toy_copy): the same code, a smaller
# lecture to join again.
FIRST = CHAPTERS[0]


def path_with(tmp_path: Path, *programs: str) -> str:
    """A PATH holding only the named programs (the build runs its Python by full path)."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for program in programs:
        (folder / program).symlink_to(shutil.which(program))
    return str(folder)


@pytest.mark.parametrize(
    ("present", "missing", "package"),
    [
        ((), "ffmpeg", "ffmpeg"),
        (("ffmpeg", "ffprobe"), "latex", "texlive-latex-base"),
        (("ffmpeg", "ffprobe", "latex"), "dvisvgm", "dvisvgm"),
    ],
)
def test_a_missing_program_names_its_debian_package(toy_copy, tmp_path, present, missing, package):
    before = fingerprints(toy_copy)
    result = run_build("render", FIRST.number, "--force", "-q", "smoke", "--out", str(toy_copy),
                       env={"PATH": path_with(tmp_path, *present)})
    assert result.returncode == 1
    assert f"{missing} is not on PATH: install it with 'apt-get install {package}'" in result.stderr
    assert fingerprints(toy_copy) == before


def test_an_output_folder_that_cannot_be_made_is_one_clear_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_build("render", FIRST.number, "-q", "smoke", "--out", str(blocker / "out"))
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("Error: cannot write the outputs: Not a directory")


def test_a_full_disk_while_joining_leaves_the_lecture_as_it_was(toy_copy, monkeypatch):
    (toy_copy / "manifest.json").unlink()  # so that the lecture is joined again
    before = fingerprints(toy_copy)

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("lecture.render.assemble.vtt_text", disk_full)
    monkeypatch.setattr(build, "CHAPTERS", CHAPTERS)  # read from the registry as build.py was imported
    result = CliRunner().invoke(build.cli, ["assemble", "-q", "smoke", "--out", str(toy_copy)])
    assert result.exit_code == 1
    assert "cannot write the outputs: No space left on device; earlier outputs are intact" in result.output
    assert fingerprints(toy_copy) == before
    assert not [path for path in toy_copy.iterdir() if path.name.endswith(".partial")]


def test_a_caption_that_cannot_meet_the_norms_is_reported_with_chapter_and_text(toy_copy, tmp_path):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis-derivative"
    text = tmp_path / "lecture.md"
    text.write_text((TOY / "lecture.md").read_text(encoding="utf-8").replace("A dot appears", f"A {word} dot appears"),
                    encoding="utf-8")
    before = fingerprints(toy_copy)
    result = run_build("render", FIRST.number, "-q", "smoke", "--out", str(toy_copy),
                       env={"LECTURE_TEXT": str(text)})
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()[-1]
    assert FIRST.scene in message and "'dot'" in message and word in message
    assert "longer than a caption line" in message
    assert fingerprints(toy_copy) == before
