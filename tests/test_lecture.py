"""The lecture build: joining, chapter markers, captions, incremental and safe rebuilds."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import srt

from lecture.render.assemble import Part, join_lecture
from lecture.core.media import probe, read_srt
from lecture.build.pipeline import output_lock
from scenes import CHAPTERS
from tests.conftest import TOY
from tests.data.toy import CHAPTERS as TOY_CHAPTERS

ROOT = Path(__file__).resolve().parents[1]
SMOKE_FRAME = 1 / 5


def run_build(*arguments: str, env: dict[str, str] | None = None, **popen) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *arguments], cwd=ROOT, text=True,  # noqa: PLW1510
                          capture_output=True, env={**os.environ, **(env or {})}, **popen)


def fingerprints(folder: Path) -> dict[str, str]:
    """Every published file's bytes, by name (work files and the lock excluded)."""
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.iterdir()) if path.is_file() and not path.name.startswith(".")}


def stream_md5(video: Path, stream: str) -> str:
    """The md5 of one stream's ("v" or "a") decoded pictures or samples; a decoding error fails the test."""
    result = subprocess.run(["ffmpeg", "-v", "error", "-i", str(video), "-map", f"0:{stream}", "-f", "md5", "-"],
                            check=True, capture_output=True, text=True)
    assert result.stderr == "", result.stderr
    return result.stdout.strip()


def test_lecture_has_a_chapter_per_section_with_exact_bounds(smoke_lecture):
    info = probe(smoke_lecture / "lecture.mp4")
    titles = [chapter.title() for chapter in CHAPTERS]
    assert [chapter["tags"]["title"] for chapter in info.chapters] == titles
    start = 0.0
    for marker, chapter in zip(info.chapters, CHAPTERS):
        length = probe(smoke_lecture / f"{chapter.stem}.mp4").duration
        assert float(marker["start_time"]) == pytest.approx(start, abs=0.001)
        assert float(marker["end_time"]) == pytest.approx(start + length, abs=0.001)
        start += length
    assert info.duration == pytest.approx(start, abs=SMOKE_FRAME)


def test_lecture_is_h264_with_one_default_english_caption_track(smoke_lecture):
    info = probe(smoke_lecture / "lecture.mp4")
    assert (info.video["codec_name"], info.video["pix_fmt"]) == ("h264", "yuv420p")
    (track,) = info.subtitles
    assert (track["codec_name"], track["tags"]["language"], track["disposition"]["default"]) == ("mov_text", "eng", 1)


def top_level_boxes(path: Path) -> list[str]:
    """The types of an MP4's top-level boxes, in file order."""
    data, boxes, offset = path.read_bytes(), [], 0
    while offset + 8 <= len(data):
        size, kind = int.from_bytes(data[offset:offset + 4], "big"), data[offset + 4:offset + 8].decode("latin-1")
        if size == 1:
            size = int.from_bytes(data[offset + 8:offset + 16], "big")
        boxes.append(kind)
        offset += size if size else len(data)
    return boxes


def test_lecture_is_fast_start(smoke_lecture):
    """The moov atom comes before the media data, so a browser can play while loading."""
    boxes = top_level_boxes(smoke_lecture / "lecture.mp4")
    assert "moov" in boxes and boxes.index("moov") < boxes.index("mdat")


def test_lecture_captions_are_the_chapters_shifted_to_their_starts(smoke_lecture):
    expected, offset = [], timedelta(0)
    for chapter in CHAPTERS:
        for cue in read_srt(smoke_lecture / f"{chapter.stem}.srt"):
            expected.append((cue.start + offset, cue.end + offset, cue.content))
        offset += timedelta(seconds=probe(smoke_lecture / f"{chapter.stem}.mp4").duration)
    sidecar = [(cue.start, cue.end, cue.content) for cue in read_srt(smoke_lecture / "lecture.srt")]
    assert sidecar == expected
    embedded = subprocess.run(["ffmpeg", "-v", "error", "-i", str(smoke_lecture / "lecture.mp4"), "-map", "0:s",
                               "-f", "srt", "-"], check=True, capture_output=True, text=True).stdout
    assert [cue.content for cue in srt.parse(embedded)] == [content for _, _, content in expected]
    vtt = (smoke_lecture / "lecture.vtt").read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT") and vtt.count(" --> ") == len(expected)


def test_manifest_records_chapters_durations_hashes_and_files(smoke_lecture):
    manifest = json.loads((smoke_lecture / "manifest.json").read_text(encoding="utf-8"))
    assert [entry["number"] for entry in manifest["chapters"]] == [chapter.number for chapter in CHAPTERS]
    for entry in manifest["chapters"]:
        assert len(entry["key"]) == 16
        assert (smoke_lecture / entry["files"]["video"]).is_file()
        assert entry["seconds"] == pytest.approx(probe(smoke_lecture / entry["files"]["video"]).duration)
        assert entry["render_seconds"] > 0
    assert manifest["lecture"]["files"]["video"] == "lecture.mp4"
    markers = probe(smoke_lecture / "lecture.mp4").chapters
    assert [entry["start"] for entry in manifest["chapters"]] == pytest.approx(
        [float(marker["start_time"]) for marker in markers], abs=0.001)


# The build's mechanics (incremental rebuilds, shards, joins, burned captions) are tested on the toy lecture
# (tests/data/toy, conftest's toy_copy): the same code as the real lecture's, a second's join instead of a minute's.

def test_a_rebuild_with_nothing_changed_renders_nothing(toy_copy):
    before = fingerprints(toy_copy)
    result = run_build("render", "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 0, result.stderr
    assert f"0 of {len(TOY_CHAPTERS)} chapter(s) to render" in result.stdout
    assert fingerprints(toy_copy) == before


def test_an_edited_chapter_text_re_renders_that_chapter_alone(toy_copy, tmp_path):
    text = tmp_path / "lecture.md"
    original = "A dot appears in the middle."
    text.write_text((TOY / "lecture.md").read_text(encoding="utf-8").replace(original, "A dot appears at the centre."),
                    encoding="utf-8")
    before = fingerprints(toy_copy)
    result = run_build("render", "-q", "smoke", "--out", str(toy_copy), env={"LECTURE_TEXT": str(text)})
    assert result.returncode == 0, result.stderr
    assert f"1 of {len(TOY_CHAPTERS)} chapter(s) to render" in result.stdout
    after = fingerprints(toy_copy)
    changed = {name for name in after if after[name] != before.get(name)}
    first = TOY_CHAPTERS[0].stem
    described = {f"{first}.described.mp4", f"{first}.described.srt", f"{first}.described.vtt",
                 f"{first}.descriptions.vtt", "lecture.described.mp4", "lecture.described.srt",
                 "lecture.described.vtt", "lecture.descriptions.vtt"}
    assert changed - described == {f"{first}.mp4", f"{first}.srt", f"{first}.vtt", f"{first}.json",
                       "lecture.mp4", "lecture.srt", "lecture.vtt", "manifest.json"}
    assert "A dot appears at the centre." in (toy_copy / "lecture.srt").read_text(encoding="utf-8")


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_an_interrupted_build_leaves_the_previous_outputs_untouched(toy_copy, signal_number):
    before = fingerprints(toy_copy)
    build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "render", TOY_CHAPTERS[-1].number, "--force",
                              "-q", "smoke", "--out", str(toy_copy)], cwd=ROOT, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    work = toy_copy / ".work"
    deadline = time.monotonic() + 60
    # Wait until a render worker has made its private media folder, i.e. is mid-render.
    while not (work.is_dir() and any(path.name.startswith(TOY_CHAPTERS[-1].stem) for path in work.iterdir())):
        assert build.poll() is None, "the build ended before it could be interrupted"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(1.0)
    os.killpg(build.pid, signal_number)
    assert build.wait(timeout=60) != 0
    assert fingerprints(toy_copy) == before
    resumed = run_build("render", "-q", "smoke", "--out", str(toy_copy))
    assert resumed.returncode == 0, resumed.stderr
    assert f"0 of {len(TOY_CHAPTERS)} chapter(s) to render" in resumed.stdout


def test_a_second_build_on_the_same_folder_is_refused(toy_copy):
    with output_lock(toy_copy):
        result = run_build("render", "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 1
    assert "is being written by another build" in result.stderr


def test_shards_assemble_into_the_same_lecture_as_one_build(toy_lecture, toy, tmp_path):
    merged = tmp_path / "merged"
    merged.mkdir()
    for index in (1, 2):
        shard = tmp_path / f"shard{index}"
        shard.mkdir()
        mine = TOY_CHAPTERS[index - 1::2]
        for chapter in mine:  # this shard's chapters, as a CI job would have rendered them
            for path in toy_lecture.glob(f"{chapter.stem}.*"):
                shutil.copy2(path, shard)
            shutil.copytree(toy_lecture / "clips" / chapter.stem, shard / "clips" / chapter.stem)
        result = run_build("render", "-q", "smoke", "--shard", f"{index}/2", "--out", str(shard))
        assert result.returncode == 0, result.stderr
        assert f"0 of {len(mine)} chapter(s) to render" in result.stdout
        assert not (shard / "lecture.mp4").exists()
        shutil.copytree(shard, merged, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".*"))
    result = run_build("assemble", "-q", "smoke", "--out", str(merged))
    assert result.returncode == 0, result.stderr
    single, joined = probe(toy_lecture / "lecture.mp4"), probe(merged / "lecture.mp4")
    assert joined.chapters == single.chapters
    assert (merged / "lecture.srt").read_text() == (toy_lecture / "lecture.srt").read_text()
    assert stream_md5(merged / "lecture.mp4", "v") == stream_md5(toy_lecture / "lecture.mp4", "v")


def test_assemble_refuses_when_a_chapter_is_missing(tmp_path):
    result = run_build("assemble", "-q", "smoke", "--out", str(tmp_path))
    assert result.returncode == 1
    assert "render them first" in result.stderr


def test_a_malformed_shard_is_a_usage_error():
    result = run_build("render", "--shard", "3/2")
    assert result.returncode == 2
    assert "K must be between 1 and N" in result.stderr


def test_chapter_titles_with_quotes_and_metadata_specials_survive(toy_lecture, tmp_path):
    titles = ['He said "x = 1; y # 2"', "back\\slash = fine"]
    first = TOY_CHAPTERS[0].stem
    parts = [Part(title, toy_lecture / f"{first}.mp4", toy_lecture / f"{first}.srt") for title in titles]
    join_lecture(parts, tmp_path / "joined.mp4", captions=(tmp_path / "joined.srt", tmp_path / "joined.vtt"))
    assert [chapter["tags"]["title"] for chapter in probe(tmp_path / "joined.mp4").chapters] == titles


def test_burned_captions_are_drawn_into_the_picture(toy_copy):
    """The burned variant differs from the plain one exactly while a caption is up."""
    result = run_build("render", "-q", "smoke", "--out", str(toy_copy), "--burn-captions")
    assert result.returncode == 0, result.stderr
    first = TOY_CHAPTERS[0].stem
    burned, plain = toy_copy / f"{first}.burned.mp4", toy_copy / f"{first}.mp4"
    assert not probe(burned).subtitles
    assert probe(burned).duration == pytest.approx(probe(plain).duration, abs=SMOKE_FRAME)
    cue = read_srt(toy_copy / f"{first}.srt")[0]
    during = (cue.start + (cue.end - cue.start) / 2).total_seconds()

    def frame(video: Path, at: float) -> bytes:
        return subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{at:.3f}", "-i", str(video), "-frames:v", "1",
                               "-f", "rawvideo", "-pix_fmt", "gray", "-"], check=True, capture_output=True).stdout

    lower_third = slice(len(frame(plain, during)) * 3 // 4, None)
    changed = sum(a != b for a, b in zip(frame(plain, during)[lower_third], frame(burned, during)[lower_third]))
    assert changed > 500, "no caption drawn in the bottom of the picture"
    assert (toy_copy / "lecture.burned.mp4").is_file()
    # The burned variants keep the voice: the chapter's track as it is, the lecture's joined once.
    assert [s["codec_name"] for s in probe(burned).audio] == ["aac"]
    assert [s["codec_name"] for s in probe(toy_copy / "lecture.burned.mp4").audio] == ["aac"]
    # The burned lecture's speech is the plain lecture's track, copied (not encoded a second time).
    assert stream_md5(toy_copy / "lecture.burned.mp4", "a") == stream_md5(toy_copy / "lecture.mp4", "a")
    assert json.loads((toy_copy / "manifest.json").read_text())["lecture"]["files"]["burned"] == \
        "lecture.burned.mp4"
