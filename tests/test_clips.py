"""Clips for slides: one per beat with its captions and poster; GIF, WebM and overlays on request."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from lecture.core.media import probe, read_srt
from lecture.core.presets import PRESETS
from scenes import CHAPTERS
from tests.data.toy import CHAPTERS as TOY_CHAPTERS
from tests.norms import seconds
from tests.test_lecture import run_build

SMOKE = PRESETS["smoke"]
chapters = pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.number)


def picture(path: Path) -> np.ndarray:
    """A poster's pixels, or a video's first frame's (decoded by ffmpeg)."""
    if path.suffix == ".png":  # read in this process: no ffprobe and ffmpeg for each of about 200 posters
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"))
    info = probe(path).video
    raw = subprocess.run(["ffmpeg", "-v", "error", "-i", str(path), "-frames:v", "1", "-f", "rawvideo",
                          "-pix_fmt", "rgb24", "-"], check=True, capture_output=True).stdout
    return np.frombuffer(raw, dtype=np.uint8).reshape(info["height"], info["width"], 3)


def ink(image: np.ndarray) -> float:
    """The share of the picture that is not the page's background colour."""
    return float((np.abs(image.astype(int) - image[0, 0].astype(int)).sum(axis=-1) > 60).mean())


@chapters
def test_each_chapter_has_a_poster_showing_its_content(chapter, smoke_lecture):
    poster = picture(smoke_lecture / f"{chapter.stem}.png")
    assert poster.shape == (SMOKE.height, SMOKE.width, 3)
    first_frame = picture(smoke_lecture / f"{chapter.stem}.mp4")
    assert ink(poster) > max(0.02, ink(first_frame))


@chapters
def test_clips_cover_the_chapter_beat_by_beat_with_its_captions(chapter, smoke_lecture):
    folder = smoke_lecture / "clips" / chapter.stem
    entries = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    beats = [reference.reference for reference in chapter.beat_references()]
    assert [entry["beat"] for entry in entries] == [beat for beat in beats if beat in {e["beat"] for e in entries}]
    assert len(entries) >= len(beats) - 1
    # Each clip probed once (ffprobe per cue made this the suite's costliest reading of the smoke build).
    videos = [probe(folder / entry["files"]["mp4"]) for entry in entries]
    total = sum(video.duration for video in videos)
    assert total == pytest.approx(probe(smoke_lecture / f"{chapter.stem}.mp4").duration, abs=len(entries) / SMOKE.frame_rate)
    clip_cues = []
    for entry, video in zip(entries, videos):
        assert video.video["codec_name"] == "h264"
        cues = read_srt(folder / entry["files"]["srt"])
        assert all(seconds(cue.end) <= video.duration + 0.01 for cue in cues)
        assert entry["captions"] == " ".join(cue.content.replace("\n", " ") for cue in cues)
        assert (folder / entry["files"]["vtt"]).read_text(encoding="utf-8").count(" --> ") == len(cues)
        assert ink(picture(folder / entry["files"]["poster"])) > 0.01
        clip_cues += [cue.content for cue in cues]
    assert clip_cues == [cue.content for cue in read_srt(smoke_lecture / f"{chapter.stem}.srt")]


def test_clips_command_adds_gif_webm_and_overlays_to_the_index(toy_copy):
    first = TOY_CHAPTERS[1]  # the toy lecture's (tests/data/toy) chapter of two beats
    result = run_build("clips", first.number, "-q", "smoke", "--out", str(toy_copy), "--gif", "--webm",
                       "--transparent", "--burn-captions")
    assert result.returncode == 0, result.stderr
    index = json.loads((toy_copy / "clips" / "index.json").read_text(encoding="utf-8"))
    assert {entry["chapter"] for entry in index} == {first.number}
    clips = toy_copy / "clips"
    for entry in index:
        files = entry["files"]
        assert set(files) == {"mp4", "vtt", "srt", "poster", "gif", "webm", "transparent", "transparent-webm",
                              "burned"}
        assert not probe(clips / files["burned"]).subtitles
        gif, webm = probe(clips / files["gif"]), probe(clips / files["webm"])
        assert gif.video["codec_name"] == "gif" and gif.video["width"] <= 720 and not gif.audio
        assert webm.video["codec_name"] == "vp9"
        # Every file but the GIF carries the beat's speech, as the index says.
        assert entry["sound"] == ["mp4", "webm", "transparent", "transparent-webm", "burned"]
        assert [s["codec_name"] for s in webm.audio] == ["opus"]
        for kind in ("mp4", "transparent", "burned"):
            assert [s["codec_name"] for s in probe(clips / files[kind]).audio] == ["aac"], kind
        clip = probe(clips / files["mp4"])
        assert abs(float(clip.audio[0]["duration"]) - float(clip.video["duration"])) <= 1 / 5
        overlay = probe(clips / files["transparent"]).video
        assert overlay["pix_fmt"] in {"argb", "rgba"}
        assert probe(clips / files["transparent-webm"]).video["tags"]["alpha_mode"] == "1"
    overlay = probe(toy_copy / f"{first.stem}.transparent.mov")
    assert overlay.video["pix_fmt"] in {"argb", "rgba"}
    assert [s["codec_name"] for s in overlay.audio] == ["aac"]
    corner = subprocess.run(["ffmpeg", "-v", "error", "-i", str(toy_copy / f"{first.stem}.transparent.mov"),
                             "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "rgba", "-"],
                            check=True, capture_output=True).stdout
    assert corner[3] == 0, "the background of the overlay variant is not transparent"
