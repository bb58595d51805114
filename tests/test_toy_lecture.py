"""Another lecture through the same code: the toy lecture of tests/data/toy/ (its own text, registry and three
tiny scenes), built by ``build.py render`` with nothing in ``lecture/`` changed for it.

The lecture's identity (``lecture.core.identity``) is all the build is told: the text, no adaptations,
no pronunciations, no recordings, and the registry. Smoke quality, nine short beats: about ten seconds of CPU.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.core.media import probe, read_srt
from lecture.core.outputs import chapter_paths
from tests.conftest import TOY_LECTURE

ROOT = Path(__file__).resolve().parent.parent
STEMS = ("01-a-dot", "02-a-line", "03-a-bowl")


@pytest.fixture(scope="module")
def toy_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("toy") / "out"
    environment = {**os.environ, **TOY_LECTURE}  # no adaptations, pronunciations or recordings
    done = subprocess.run([sys.executable, "build.py", "render", "-q", "smoke", "--out", str(out)], cwd=ROOT,
                          env=environment, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == f"Lecture: {out / 'lecture.mp4'}"
    return out


@pytest.mark.render
def test_the_toy_lecture_is_built_from_its_own_text_and_scenes(toy_build: Path) -> None:
    manifest = json.loads((toy_build / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["title"] == "A Toy Lecture"
    assert [chapter["title"] for chapter in manifest["chapters"]] == ["A dot", "A line", "A bowl"]
    for stem in STEMS:
        video, srt_path, vtt_path, poster = chapter_paths(toy_build, stem)
        assert all(path.is_file() for path in (video, srt_path, vtt_path, poster))
        info = probe(video)
        assert info.video["codec_name"] == "h264" and (info.video["width"], info.video["height"]) == (320, 180)
        assert [stream["codec_name"] for stream in info.audio] == ["aac"]  # the voice
    said = [cue.content.replace("\n", " ") for cue in read_srt(toy_build / "lecture.srt")]
    assert said == ["A dot appears in the middle.", "A line is drawn from left to right.", "That is all.",
                    "A bowl stands on the floor.", "A dot sits on its side. It is small and red. It is about to roll.",
                    "The dot rolls to the bottom.",
                    "We walk around the bowl.", "The dot climbs the other side.", "It stops at the rim."]
    lecture = probe(toy_build / "lecture.mp4")
    assert [chapter["tags"]["title"] for chapter in lecture.chapters] == ["A dot", "A line", "A bowl"]
    assert [stream["codec_name"] for stream in lecture.audio] == ["aac"]
    assert lecture.duration == pytest.approx(sum(probe(chapter_paths(toy_build, stem)[0]).duration
                                                 for stem in STEMS), abs=0.5)
    clips = sorted(path.name for path in (toy_build / "clips").glob("*/*.mp4"))
    assert clips == ["01-01-dot.mp4", "02-01-line.mp4", "02-02-done.mp4", "03-01-bowl.mp4", "03-02-dot.mp4",
                     "03-03-roll.mp4", "03-04-turn.mp4", "03-05-climb.mp4", "03-06-rest.mp4"]
