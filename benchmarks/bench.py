#!/usr/bin/env python3
"""Benchmark the lecture build against plain ``manim`` on the same scenes, in one run.

    .venv/bin/python benchmarks/bench.py hd                  # everything below, every chapter
    .venv/bin/python benchmarks/bench.py smoke --chapters 01,03 --no-voice-runs   # a quick check of the code
    .venv/bin/python benchmarks/bench.py encoders            # x264 settings at fhd (see encoder_bench)
    .venv/bin/python benchmarks/bench.py profile --chapters 03,08 --at hd   # where a frame's CPU goes (see profile)

measures, at the given preset:
  (a) a cold full build with build.py (segments planned for the cores), the same
      build by whole chapters (--whole-chapters), and plain manim rendering the
      same scene files one after another (each from an empty media folder);
  (b) a rebuild with nothing changed;
  (c) a rebuild after one chapter's text changed: its segments at once, against
      that chapter's single-process render time in the whole-chapter build;
  (d) what narration adds: the cold build and the one-chapter rebuild again
      with --voice none (every run that speaks starts from an empty speech cache);
  (e) from the per-beat times recorded in (a): the simulated wall time of the
      planned segments on 2, 8 and 32 workers, next to the longest chapter;
  (f) a real Dask cluster on this machine (a scheduler, two one-thread workers)
      against the local two-process build, both rendering everything again;
and writes the figures, with the machine's description, to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lecture.text.chapters import Chapter
from lecture.build.manifest import ChapterRecord
from lecture.core.presets import PRESETS
from lecture.render.scene import ENCODER_OPTIONS
from lecture.render.segments import DEFAULT_FAST_FORWARD_SHARE, BeatCosts, plan_segments, simulate_wall
from lecture.text.document import load_document
from lecture.core.identity import REFERENCE
from scenes import CHAPTERS

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def timed(command: list[str], **options) -> tuple[float, float]:
    """Wall time and CPU time (user + system, all child processes) of one command."""
    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    started, cpu_before = time.perf_counter(), cpu()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, **options)
    wall, used = time.perf_counter() - started, cpu() - cpu_before
    # A log line per run, so an hour-long benchmark that fails late still leaves its figures.
    print(f"{wall:8.1f} s wall {used:8.1f} s CPU  {' '.join(command[1:])}", file=sys.stderr, flush=True)
    return wall, used


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) / 2**20
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, manim {version('manim')}")


def edited_text(folder: Path, chapter: Chapter) -> Path:
    """A copy of the text with the first sentence of ``chapter`` changed."""
    last = load_document().section(chapter.number)
    sentence = last.prose[0].sentences[0]
    path = folder / "reference.md"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace(sentence, f"{sentence[:-1]} (edited){sentence[-1]}", 1),
                    encoding="utf-8")
    return path


def records(out: Path) -> dict[str, ChapterRecord]:
    """The build's chapter records, by number."""
    return {chapter.number: record for chapter in CHAPTERS
            if (record := ChapterRecord.load(out, chapter.stem)) is not None}


def simulated(found: dict[str, ChapterRecord], chapters: list[Chapter]) -> list[tuple[int, float, float, float]]:
    """(workers, planned wall time, work ÷ workers, longest whole chapter) from the recorded beat times."""
    shares = [record.fast_forward_share for record in found.values() if record.fast_forward_share is not None]
    share = sum(shares) / len(shares) if shares else DEFAULT_FAST_FORWARD_SHARE
    costs = {chapter: BeatCosts(tuple(found[chapter.number].beat_seconds.values()), share)
             for chapter in chapters if found[chapter.number].beat_seconds}
    total = sum(sum(cost.render) for cost in costs.values())
    longest = max(cost.segment(0, len(cost.render)) for cost in costs.values())
    return [(workers, simulate_wall([cost for _, cost in plan_segments(costs, workers)], workers), total / workers,
             longest) for workers in (2, 8, 32)]


def dask_cluster(workers: int):
    """Start a scheduler and ``workers`` one-thread workers on 127.0.0.1; returns (address, processes)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dask = str(Path(sys.executable).with_name("dask"))
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                  **quiet)]
    time.sleep(2)
    processes += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"],
                                   **quiet) for _ in range(workers)]
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(workers, timeout=120)
    return address, processes


def main(preset_name: str, numbers: list[str], voice_runs: bool) -> None:
    preset = PRESETS[preset_name]
    chapters = [chapter for chapter in CHAPTERS if chapter.number in numbers]
    python = sys.executable
    manim = str(Path(python).with_name("manim"))
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        scratch = Path(scratch)
        plain_media = scratch / "plain-media"
        # Plain manim speaks too (the scenes narrate themselves): from its own empty speech cache.
        plain_speech = {**os.environ, "LECTURE_SPEECH_CACHE": str(scratch / "plain-speech"),
                        "PYTHONPATH": str(ROOT)}
        plain_runs = {
            chapter.number: timed([manim, "render", "-r", f"{preset.width},{preset.height}",
                                   "--fps", str(preset.frame_rate), "--media_dir", str(plain_media / chapter.number),
                                   "--progress_bar", "none", "-v", "WARNING", str(chapter.source_path), chapter.scene],
                                  env=plain_speech)
            for chapter in chapters
        }
        plain, plain_cpu = (sum(run[i] for run in plain_runs.values()) for i in (0, 1))
        out, whole_out = scratch / "out", scratch / "whole"
        speech = {**os.environ, "LECTURE_SPEECH_CACHE": str(scratch / "speech")}
        build = [python, "build.py", "render", *numbers, "-q", preset.name, "--out", str(out)]
        cold, cold_cpu = timed(build, env=speech)
        segmented = records(out)
        unchanged, _ = timed(build, env=speech)
        # By whole chapters, from the same (now warm) speech cache as plain manim's second half would be.
        whole_build = [python, "build.py", "render", *numbers, "-q", preset.name, "--whole-chapters",
                       "--out", str(whole_out)]
        whole, whole_cpu = timed(whole_build, env={**os.environ, "LECTURE_SPEECH_CACHE": str(scratch / "speech-w")})
        wholes = records(whole_out)
        edited = {**speech, "LECTURE_TEXT": str(edited_text(scratch, chapters[-1]))}
        changed, _ = timed(build, env=edited)
        last = records(out)[chapters[-1].number]
        # (f) everything again, warm speech cache: two local processes, then two Dask workers.
        local_two, _ = timed([*build, "--force", "--jobs", "2"], env=speech)
        address, processes = dask_cluster(2)
        try:
            on_dask, _ = timed([*build, "--force", "--cluster", address], env=speech)
        finally:
            for process in reversed(processes):
                process.kill()
                process.wait()
        if voice_runs:
            silent = [python, "build.py", "render", *numbers, "-q", preset.name, "--voice", "none",
                      "--out", str(scratch / "silent")]
            silent_cold, silent_cpu = timed(silent)
            silent_changed, _ = timed(silent, env=edited)
    cores = os.cpu_count() or 1
    video = sum(record.seconds for record in segmented.values())
    in_workers = sum(record.render_seconds for record in segmented.values())
    single = wholes[last.number].render_seconds
    plan = simulated(segmented, chapters)

    rows = [
        ("(a) cold full build, build.py (segments)", cold, f"{cold / plain:.2f}× plain manim (target ≤ 0.45×)"),
        ("(a) cold full build, build.py --whole-chapters", whole, f"{whole / plain:.2f}× plain manim"),
        ("(a) plain manim, scene after scene", plain, "1.00×"),
        ("(b) rebuild, nothing changed", unchanged, "target ≤ 2 s"),
        (f"(c) rebuild, §{last.number}'s text changed", changed,
         (f"its segments took {last.render_seconds:.1f} s of worker time; {changed / single:.2f}× its "
         f"single-process render in the whole-chapter build ({single:.1f} s; target ≤ 0.6×)")),
        ("(f) everything again, two local processes", local_two, "1.00×"),
        ("(f) everything again, a Dask scheduler and two workers", on_dask,
         f"{on_dask / local_two:.2f}× the local run (target within 10%)"),
    ]
    if voice_runs:
        rows += [
            ("(d) cold full build, --voice none", silent_cold,
             (f"narration adds {cold - silent_cold:.1f} s ({cold / silent_cold - 1:+.0%}) and "
             f"{cold_cpu - silent_cpu:.0f} s of CPU to the cold build")),
            (f"(d) rebuild, §{last.number}'s text changed, --voice none", silent_changed,
             f"narration adds {changed - silent_changed:.1f} s to the one-chapter rebuild"),
        ]
    report = [
        (f"## {preset.name} ({preset.width}×{preset.height}, {preset.frame_rate} fps), "
        f"{time.strftime('%Y-%m-%d')}"),
        "",
        f"Machine: {machine()}.",
        (f"Lecture: {len(chapters)} chapters, {video:.0f} s of video. build.py ran with its default --jobs ({cores}); "
        f"x264 settings {ENCODER_OPTIONS}."),
        "",
        "| measurement | wall time | note |",
        "| --- | ---: | --- |",
        *(f"| {name} | {seconds:.1f} s | {note} |" for name, seconds, note in rows),
        "",
        (f"Where the time goes in (a): plain manim used {plain_cpu:.0f} s of CPU, {plain_cpu / plain:.2f} cores "
        f"on average. The segmented build used {cold_cpu:.0f} s of CPU, {cold_cpu / cold:.2f} cores on average "
        f"(by whole chapters: {whole_cpu:.0f} s, {whole_cpu / whole:.2f} cores). Its segments took "
        f"{in_workers:.0f} s of worker time, {in_workers / cores:.0f} s per core if perfectly shared, against "
        f"{cold:.0f} s of wall time."),
        "",
        ("(e) Planned from the recorded per-beat times (fast-forwarding and a process's start-up included), "
        "handed out longest first:"),
        "",
        "| workers | simulated wall time | work ÷ workers | longest chapter, whole |",
        "| ---: | ---: | ---: | ---: |",
        *(f"| {workers} | {wall:.1f} s | {share:.1f} s | {longest:.1f} s |" for workers, wall, share, longest in plan),
        "",
        "| chapter | video | plain manim | segmented build, worker time | whole-chapter build, worker time |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(f"| §{number} | {segmented[number].seconds:.0f} s | {plain_runs[number][0]:.1f} s | "
          f"{segmented[number].render_seconds:.1f} s | {wholes[number].render_seconds:.1f} s |"
          for number in plain_runs),
        "",
    ]
    publish(report)


# The x264 presets compared at Manim's constant quality (crf 23), on §01's first two beats at fhd.
ENCODER_PRESETS = ("medium", "fast", "faster", "veryfast", "superfast")
ENCODER_BEATS = 2


def encoder_bench() -> None:
    """Choose x264's settings: CPU per frame, file size and SSIM/PSNR against a lossless render, at fhd.

    The reference is §01's first beats rendered by the build's own segment code
    with lossless x264 (qp 0, the same 4:2:0 pictures every candidate starts
    from); each preset then encodes its decoded frames with ffmpeg's libx264 (the
    library Manim's PyAV uses), and the decoding alone is timed and subtracted.
    """
    from lecture.render import scene
    from lecture.render.segments import Segment, SegmentTask
    from lecture.render.worker import render_segment
    from lecture.voice.speech import VOICE_VARIABLE

    preset = PRESETS["fhd"]
    chapter = CHAPTERS[0]
    with tempfile.TemporaryDirectory(prefix="bench-encoders-") as scratch:
        scratch = Path(scratch)
        scene.ENCODER_OPTIONS = {"qp": "0", "preset": "ultrafast"}
        os.environ[VOICE_VARIABLE] = "none"  # pictures only
        result = render_segment(SegmentTask(Segment(chapter, 0, ENCODER_BEATS), preset, "none"))
        listing = []
        for index, section in enumerate(result.sections):
            (scratch / f"{index}.mp4").write_bytes(section.data)
            listing.append(scratch / f"{index}.mp4")
        (scratch / "list.txt").write_text("".join(f"file '{path}'\n" for path in listing), encoding="utf-8")
        reference = scratch / "reference.mkv"
        subprocess.run(["ffmpeg", "-v", "error", "-f", "concat", "-safe", "0", "-i", str(scratch / "list.txt"),
                        "-c", "copy", str(reference)], check=True)
        frames = sum(section.frames for section in result.sections)
        _decode, decode_cpu = timed(["ffmpeg", "-v", "error", "-threads", "1", "-i", str(reference), "-f", "null", "-"])
        rows = []
        for name in ENCODER_PRESETS:
            encoded = scratch / f"{name}.mp4"
            _, cpu = timed(["ffmpeg", "-v", "error", "-y", "-i", str(reference), "-c:v", "libx264", "-preset", name,
                            "-crf", "23", "-pix_fmt", "yuv420p", str(encoded)])
            quality = subprocess.run(["ffmpeg", "-v", "info", "-i", str(encoded), "-i", str(reference), "-lavfi",
                                      "[0:v][1:v]ssim;[0:v][1:v]psnr", "-f", "null", "-"],
                                     capture_output=True, text=True, check=True).stderr
            ssim = next(line for line in quality.splitlines() if "SSIM" in line).split("All:")[1].split()[0]
            psnr = next(line for line in quality.splitlines() if "PSNR" in line).split("average:")[1].split()[0]
            rows.append((name, (cpu - decode_cpu) / frames * 1000, encoded.stat().st_size, ssim, psnr))
    medium = rows[0]
    report = [
        (f"## x264 settings at fhd ({preset.width}×{preset.height}, {preset.frame_rate} fps), "
        f"{time.strftime('%Y-%m-%d')}"),
        "",
        f"Machine: {machine()}.",
        (f"Clip: §{chapter.number}'s first {ENCODER_BEATS} beats, {frames} frames, rendered losslessly by the build "
        "(the reference); each preset at crf 23 encodes the same frames (ffmpeg's libx264, the decoding's "
        f"{decode_cpu / frames * 1000:.1f} ms of CPU a frame subtracted)."),
        "",
        "| x264 preset | CPU per frame | file size | against medium | SSIM | PSNR |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(f"| {name} | {cpu:.1f} ms | {size / 1e6:.2f} MB | {cpu / medium[1]:.2f}× CPU, {size / medium[2]:.2f}× size "
          f"| {ssim} | {psnr} dB |" for name, cpu, size, ssim, psnr in rows),
        "",
        f"The build uses {ENCODER_OPTIONS} (lecture/render/scene.py).",
        "",
    ]
    publish(report)


# Where a frame's CPU goes, by the Manim (0.22) functions that do each part of the work. A part's
# time is the cumulative CPU of the main thread in those functions (cProfile timed with the thread's
# own CPU clock); parts below a heading ("of which") are inside the one above it.
PROFILE_PARTS = (
    ("updaters (scene and animation)", ("mobject.py", "update"), ("animation.py", "update_mobjects")),
    ("  of which numbers and formulas rebuilt", ("numbers.py", "_set_submobjects_from_number"),
     ("tex_mobject.py", "__init__"), ("text_mobject.py", "__init__")),
    ("animations interpolated", ("animation.py", "interpolate"), ("composition.py", "interpolate")),
    ("static image drawn (once a play)", ("cairo_renderer.py", "save_static_frame_data")),
    ("moving mobjects drawn (every frame)", ("cairo_renderer.py", "render")),
    ("  of which 3D shading and depth sort", ("three_d_camera.py", "get_mobjects_to_display"),
     ("three_d_camera.py", "modified_rgbas")),
    ("frame copied and handed to the encoder", ("cairo_renderer.py", "add_frame"),
     ("cairo_renderer.py", "get_frame")),
    ("typesetting (LaTeX → SVG → mobjects)", ("tex_file_writing.py", "tex_to_svg_file"),
     ("svg_mobject.py", "__init__")),
)
NUMPY_AND_BEZIER = ("numpy", "bezier.py")


def profile(preset_name: str, numbers: list[str]) -> None:
    """Profile whole chapters, each in a fresh Python, and write where a frame's CPU goes to RESULTS.md.

    The main thread is profiled with its own CPU clock; what the process spent beside it (the
    encoder thread: PyAV's frame conversion and x264) is its CPU less the main thread's, and the
    child processes (LaTeX, dvisvgm, ffmpeg on the speech) are counted apart.
    """
    import json

    preset = PRESETS[preset_name]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as scratch:
        for number in numbers:
            answer = Path(scratch) / f"{number}.json"
            subprocess.run([sys.executable, __file__, "profile-one", preset_name, number, str(answer)],
                           check=True, cwd=ROOT)
            rows.append(json.loads(answer.read_text(encoding="utf-8")))
    names = [name for name, *_ in PROFILE_PARTS]
    header = "| part | " + " | ".join(f"§{row['chapter']} ({'3D' if row['three_d'] else '2D'})" for row in rows) + " |"
    def cell(row: dict, seconds: float) -> str:
        return f"{seconds / row['frames'] * 1000:.1f} ms ({seconds / row['cpu']:.0%})"
    table = [header, "| --- |" + " ---: |" * len(rows)]
    table += [f"| {name} | " + " | ".join(cell(row, row["parts"][name]) for row in rows) + " |" for name in names]
    table += [f"| {label} | " + " | ".join(cell(row, row[key]) for row in rows) + " |" for label, key in (
        ("(self time in numpy and bezier code, across the parts above)", "numpy_and_bezier"),
        ("rest of the main thread (scene code, play set-up, speech placing)", "main_rest"),
        ("encoder thread (PyAV frame conversion, x264)", "encoder"),
        ("child processes (LaTeX, dvisvgm, ffmpeg on the speech)", "children"),
        ("**all CPU**", "cpu"))]
    report = [
        (f"## Profile of a frame at {preset.name} ({preset.width}×{preset.height}, {preset.frame_rate} fps), "
         f"{time.strftime('%Y-%m-%d')}"),
        "",
        f"Machine: {machine()}. Command: `benchmarks/bench.py profile --chapters {','.join(numbers)} --at {preset.name}`.",
        ("Each chapter rendered whole in a fresh Python, as the build's segment worker does, under cProfile with "
         "the main thread's CPU clock. CPU per frame (share of the chapter's CPU):"),
        "",
        *table,
        "",
        *(f"§{row['chapter']}: {row['frames']} frames, {row['cpu']:.1f} s of CPU. Top functions by own CPU: "
          + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in row["top"]) + "." for row in rows),
        "",
    ]
    publish(report)


def profile_one(preset_name: str, number: str, answer: Path) -> None:
    """Inside ``profile``'s child: one chapter rendered under cProfile, its parts written as JSON."""
    import cProfile
    import json
    import pstats

    from manim import ThreeDScene

    from lecture.render.segments import Segment, SegmentTask
    from lecture.render.worker import render_segment
    from lecture.voice.speech import DEFAULT_VOICE

    chapter = next(chapter for chapter in CHAPTERS if chapter.number == number)
    profiler = cProfile.Profile(time.thread_time)
    result = profiler.runcall(render_segment, SegmentTask(Segment(chapter), PRESETS[preset_name], DEFAULT_VOICE))
    main_thread = time.thread_time()
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    stats = pstats.Stats(profiler).stats

    def cumulative(*places: tuple[str, str]) -> float:
        return sum(entry[3] for (path, _, name), entry in stats.items()
                   if any(path.endswith(file) and name == function for file, function in places))

    parts = {name: cumulative(*places) for name, *places in PROFILE_PARTS}
    top_level = [name for name in parts if not name.startswith("  ")]
    process = own.ru_utime + own.ru_stime
    child = children.ru_utime + children.ru_stime
    top = sorted(((f"{Path(path).name}:{name}", entry[2]) for (path, _, name), entry in stats.items()),
                 key=lambda item: -item[1])[:8]
    answer.write_text(json.dumps({
        "chapter": number, "three_d": issubclass(chapter.load(), ThreeDScene),
        "frames": sum(section.frames for section in result.sections),
        "parts": parts,
        "numpy_and_bezier": sum(entry[2] for (path, _, name), entry in stats.items()
                                if any(mark in path or mark in name for mark in NUMPY_AND_BEZIER)),
        "main_rest": main_thread - sum(parts[name] for name in top_level),
        "encoder": process - main_thread,
        "children": child,
        "cpu": process + child,
        "top": top,
    }), encoding="utf-8")


def publish(report: list[str]) -> None:
    header = "# Benchmarks\n\nWritten by `benchmarks/bench.py PRESET`; newest run first.\n\n"
    previous = RESULTS.read_text(encoding="utf-8").removeprefix(header) if RESULTS.exists() else ""
    RESULTS.write_text(header + "\n".join(report) + "\n" + previous, encoding="utf-8")
    print("\n".join(report))


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    if sys.argv[1:2] == ["profile-one"]:  # profile's child process
        profile_one(sys.argv[2], sys.argv[3], Path(sys.argv[4]))
        sys.exit()
    parser.add_argument("preset", choices=[*PRESETS, "encoders", "profile"])
    parser.add_argument("--at", default="hd", choices=list(PRESETS), help="profile: the preset to profile at")
    parser.add_argument("--chapters", default=",".join(chapter.number for chapter in CHAPTERS),
                        help="a subset, such as 01,03 (to check the benchmark itself quickly)")
    parser.add_argument("--no-voice-runs", dest="voice_runs", action="store_false",
                        help="skip (d), the two builds with --voice none")
    arguments = parser.parse_args()
    if arguments.preset == "encoders":
        encoder_bench()
    elif arguments.preset == "profile":
        profile(arguments.at, arguments.chapters.split(","))
    else:
        main(arguments.preset, arguments.chapters.split(","), arguments.voice_runs)
