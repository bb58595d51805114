"""Segments: a chapter cut at beats, each run in its own process, gives what a whole render gives.

The session's toy build (tests/data/toy) renders whole chapters and keeps every
frame's md5 (the pictures handed to Manim's file writer); here its chapters are
rendered again as segments, each in a process of its own on a busy machine, and
compared with it: frames bit for bit, captions, speech, clips, the joined video's
frame count and its pictures (by PSNR). The toy's §03 is in 3D, with an updater
and a camera move to carry across the cuts. Planning is checked without rendering.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lecture.build.pipeline import LectureBuild
from lecture.core.presets import PRESETS
from lecture.render.chapter import render_chapters, segment_tex_cache
from lecture.render.segments import BeatCosts, Segment, plan_segments, simulate_wall, split_beats
from lecture.voice.speech import DEFAULT_VOICE, VOICES
from lecture.text.chapters import Chapter
from scenes import CHAPTERS
from tests.data.toy import CHAPTERS as TOY_CHAPTERS
from tests.test_lecture import stream_md5

ROOT = Path(__file__).resolve().parents[1]
SMOKE = PRESETS["smoke"]
BY_NUMBER = {chapter.number: chapter for chapter in CHAPTERS}
TOY_BY_NUMBER = {chapter.number: chapter for chapter in TOY_CHAPTERS}


# The frames a scene draws are identical from render to render (hashed as they are handed to
# Manim's encoder), but Manim 0.22's encoding of them is not always: with both cores busy, one
# segment in a few chapters comes out a little different (worst frame 49-67 dB PSNR against the
# other render; x264 with one thread does the same). Different pictures score far lower (two
# chapters: about 20 dB), so published videos are compared at 40 dB, not for equal bytes.
SAME_PICTURE_DB = 40.0


def segments_of(chapter: Chapter, cuts: list[int]) -> list[Segment]:
    bounds = [0, *cuts, None]
    return [Segment(chapter, bounds[i], bounds[i + 1], i, len(cuts) + 1) for i in range(len(cuts) + 1)]


def frame_count(path: Path) -> int:
    done = subprocess.run(["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
                           "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", str(path)],
                          check=True, capture_output=True, text=True)
    return int(done.stdout)


def lowest_psnr(first: Path, second: Path) -> float:
    """The worst frame's PSNR (dB) between two videos of equal length; inf when every frame is equal."""
    report = subprocess.run(["ffmpeg", "-v", "info", "-nostats", "-i", str(first), "-i", str(second),
                             "-lavfi", "[0:v][1:v]psnr", "-f", "null", "-"],
                            check=True, capture_output=True, text=True).stderr
    return float(re.search(r"PSNR .* min:(\S+)", report).group(1))


def same_as_whole(chapter: Chapter, out: Path, frames: list[str], smoke: Path, smoke_frames: Path) -> None:
    """A chapter in ``out`` (with its ``frames``) matches a session build's (``smoke``) whole render of it."""
    number, stem = chapter.number, chapter.stem
    whole = (smoke_frames / f"{number}.txt").read_text(encoding="utf-8").split()
    assert len(frames) == len(whole) and frames == whole, \
        f"§{number}: first different frame {next(i for i, (a, b) in enumerate(zip(frames + [''], whole)) if a != b)}"
    for suffix in (".srt", ".vtt"):
        assert (out / f"{stem}{suffix}").read_text(encoding="utf-8") == (smoke / f"{stem}{suffix}").read_text(
            encoding="utf-8")
    video = out / f"{stem}.mp4"
    assert frame_count(video) == len(whole)
    # The joined pictures decode without an error and show what the whole render published (their bytes
    # may differ, see SAME_PICTURE_DB); the speech is the very same track, encoded once.
    stream_md5(video, "v")
    assert lowest_psnr(video, smoke / f"{stem}.mp4") >= SAME_PICTURE_DB
    assert stream_md5(video, "a") == stream_md5(smoke / f"{stem}.mp4", "a")
    clips = json.loads((out / "clips" / stem / "index.json").read_text(encoding="utf-8"))
    reference = json.loads((smoke / "clips" / stem / "index.json").read_text(encoding="utf-8"))
    assert clips == reference


@pytest.mark.render
@pytest.mark.parametrize("number, cuts", [("02", [1]), ("03", [2, 4])], ids=["02", "03-3d"])
def test_segmented_render_gives_the_whole_renders_frames(number, cuts, toy_lecture, toy_frames, toy, tmp_path):
    outputs = []

    def keep(output, seconds):
        outputs.append(output)
        output.publish()

    chapter = TOY_BY_NUMBER[number]
    render_chapters(segments_of(chapter, cuts), SMOKE, tmp_path, jobs=2, voice=VOICES[DEFAULT_VOICE],
                    frame_hashes=True, on_done=keep)
    (output,) = outputs
    same_as_whole(chapter, tmp_path, list(output.frame_hashes), toy_lecture, toy_frames)
    assert set(output.beat_seconds) == {beat.reference for beat in chapter.beat_references()}


def test_the_same_pictures_check_tells_chapters_apart(smoke_lecture):
    first, second = (smoke_lecture / f"{chapter.stem}.mp4" for chapter in CHAPTERS[:2])
    assert lowest_psnr(first, second) < SAME_PICTURE_DB


def test_a_segment_starts_from_its_chapters_fullest_tex_cache(tmp_path):
    tex = tmp_path / "tex"
    for name, formulas in (("08", 3), ("08.1", 5), ("08.1.partial", 9), ("07", 7)):
        (tex / name).mkdir(parents=True)
        for index in range(formulas):
            (tex / name / f"{index}.svg").write_text(name, encoding="utf-8")
    first, second, third = segments_of(BY_NUMBER["08"], [2, 4])
    # The second has its own cache; the third starts from a copy of the fullest whole one of §08's.
    assert segment_tex_cache(tex, second) == tex / "08.1" and len(list((tex / "08.1").iterdir())) == 5
    copied = segment_tex_cache(tex, third)
    assert copied == tex / "08.2" and sorted(path.name for path in copied.iterdir()) == [f"{i}.svg" for i in range(5)]
    assert (copied / "0.svg").read_text(encoding="utf-8") == "08.1"
    assert not (tex / "08.2.partial").exists()
    assert segment_tex_cache(tmp_path / "none", first) == tmp_path / "none" / "08"  # nothing to copy: Manim makes it


def test_beats_are_cut_into_even_runs_fast_forward_included():
    costs = BeatCosts((10.0,) * 12, fast_forward_share=0.2, startup=1.0)
    runs = split_beats(costs, 3)
    assert [first for first, _ in runs] == [0, *[end for _, end in runs[:-1]]] and runs[-1][1] == 12
    spent = [costs.segment(first, end) for first, end in runs]
    assert len(runs) == 3 and max(spent) - min(spent) <= 10.0 + 1e-9
    # The later runs pay for fast-forwarding the earlier beats, so they take fewer beats.
    assert runs[0][1] - runs[0][0] > runs[-1][1] - runs[-1][0]
    assert split_beats(BeatCosts((5.0,)), 4) == [(0, 1)]


def test_the_plan_cuts_a_lone_chapter_for_two_workers_and_not_for_one():
    costs = {BY_NUMBER["07"]: BeatCosts((8.0,) * 10, fast_forward_share=0.1, startup=2.0)}
    two = plan_segments(costs, 2)
    assert sorted((segment.index, segment.last) for segment, _ in two) == [(0, False), (1, True)]
    assert two[0][1] >= two[1][1]  # longest first
    assert simulate_wall([cost for _, cost in two], 2) < 0.6 * 82
    assert [segment for segment, _ in plan_segments(costs, 1)] == [Segment(BY_NUMBER["07"])]


def test_the_plan_keeps_whole_chapters_when_they_share_the_workers_well():
    costs = {chapter: BeatCosts((10.0,) * 6) for chapter in CHAPTERS[:4]}
    plan = plan_segments(costs, 2)
    assert [segment.count for segment, _ in plan] == [1, 1, 1, 1]
    assert simulate_wall([cost for _, cost in plan], 2) == pytest.approx(2 * 64.0)


def test_simulated_wall_time_hands_the_longest_task_out_first():
    assert simulate_wall([5, 4, 3, 3, 3], 2) == 10  # 5+3+3 after 4+3: not the best split (9), the rule's
    assert simulate_wall([5, 4, 3, 3, 3], 32) == 5


def test_the_plan_follows_the_beat_times_recorded(tmp_path):
    chapter = BY_NUMBER["03"]
    build = LectureBuild([chapter], SMOKE, tmp_path, voice=None)
    (whole,) = build.plan([chapter], 1)
    assert whole == Segment(chapter)
    assert len(build.plan([chapter], 2)) == 2


def test_an_unreachable_scheduler_is_one_clear_line_and_nothing_is_rendered(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "build.py", "render", "03", "-q", "smoke", "--voice", "none",
                           "--out", str(out), "--cluster", "tcp://127.0.0.1:9"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 1
    error = done.stderr.strip().splitlines()
    assert error[-1].startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9"), done.stderr
    assert not list(out.glob("*.mp4")) and not list(out.glob("*.json"))
