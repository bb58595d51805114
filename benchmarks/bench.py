#!/usr/bin/env python3
"""Benchmark the lecture build against plain ``manim`` on the same scenes, in one run.

    .venv/bin/python benchmarks/bench.py hd

measures, at the given preset:
  (a) a cold full build with build.py, against plain manim rendering the same
      scene files one after another (each from an empty media folder);
  (b) a rebuild with nothing changed;
  (c) a rebuild after one chapter's text changed;
  (d) what narration adds: the cold build and the one-chapter rebuild again
      with --voice none (every run that speaks starts from an empty speech cache);
and writes the figures, with the machine's description, to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import json
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

from lecture.presets import PRESETS  # noqa: E402
from lecture.text import REFERENCE, load_document  # noqa: E402
from scenes import CHAPTERS  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"


def timed(command: list[str], **options) -> tuple[float, float]:
    """Wall time and CPU time (user + system, all child processes) of one command."""
    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    started, cpu_before = time.perf_counter(), cpu()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, **options)
    return time.perf_counter() - started, cpu() - cpu_before


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal"))) / 2**20
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, manim {version('manim')}")


def edited_text(folder: Path) -> Path:
    """A copy of the text with the first sentence of the last chapter changed."""
    last = load_document().section(CHAPTERS[-1].number)
    sentence = last.prose[0].sentences[0]
    path = folder / "reference.md"
    path.write_text(REFERENCE.read_text(encoding="utf-8").replace(sentence, f"{sentence[:-1]} (edited){sentence[-1]}", 1),
                    encoding="utf-8")
    return path


def main(preset_name: str) -> None:
    preset = PRESETS[preset_name]
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
            for chapter in CHAPTERS
        }
        plain, plain_cpu = (sum(run[i] for run in plain_runs.values()) for i in (0, 1))
        out = scratch / "out"
        speech = {**os.environ, "LECTURE_SPEECH_CACHE": str(scratch / "speech")}
        build = [python, "build.py", "render", "-q", preset.name, "--out", str(out)]
        cold, cold_cpu = timed(build, env=speech)
        cold_manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        unchanged, _ = timed(build, env=speech)
        edited = {**speech, "LECTURE_TEXT": str(edited_text(scratch))}
        changed, _ = timed(build, env=edited)
        changed_manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        silent = [python, "build.py", "render", "-q", preset.name, "--voice", "none", "--out", str(scratch / "silent")]
        silent_cold, silent_cpu = timed(silent)
        silent_changed, _ = timed(silent, env=edited)
    cores = os.cpu_count() or 1
    chapters = {entry["number"]: entry for entry in cold_manifest["chapters"]}
    video = sum(entry["seconds"] for entry in chapters.values())
    in_workers = sum(entry["render_seconds"] for entry in chapters.values())
    last = next(entry for entry in changed_manifest["chapters"] if entry["number"] == CHAPTERS[-1].number)

    rows = [
        ("(a) cold full build, build.py", cold, f"{cold / plain:.2f}× plain manim (target ≤ 0.6×)"),
        ("(a) plain manim, scene after scene", plain, "1.00×"),
        ("(b) rebuild, nothing changed", unchanged, "target ≤ 2 s"),
        (f"(c) rebuild, §{last['number']}'s text changed", changed,
         f"its render took {last['render_seconds']:.1f} s of it; the rest, "
         f"{changed - last['render_seconds']:.1f} s, is start-up, checks and assembly (target ≤ 3 s)"),
        ("(d) cold full build, --voice none", silent_cold,
         f"narration adds {cold - silent_cold:.1f} s ({cold / silent_cold - 1:+.0%}) and "
         f"{cold_cpu - silent_cpu:.0f} s of CPU to the cold build"),
        (f"(d) rebuild, §{last['number']}'s text changed, --voice none", silent_changed,
         f"narration adds {changed - silent_changed:.1f} s to the one-chapter rebuild (one sentence spoken again, "
         "the chapter longer by its speech)"),
    ]
    report = [
        f"## {preset.name} ({preset.width}×{preset.height}, {preset.frame_rate} fps), "
        f"{time.strftime('%Y-%m-%d')}",
        "",
        f"Machine: {machine()}.",
        f"Lecture: {len(CHAPTERS)} chapters, {video:.0f} s of video. build.py ran with its default --jobs ({cores}).",
        "",
        "| measurement | wall time | note |",
        "| --- | ---: | --- |",
        *(f"| {name} | {seconds:.1f} s | {note} |" for name, seconds, note in rows),
        "",
        f"Where the time goes in (a): plain manim used {plain_cpu:.0f} s of CPU, {plain_cpu / plain:.2f} cores "
        "on average (x264 encodes on threads beside the scene's Python). The build used "
        f"{cold_cpu:.0f} s of CPU ({1 - cold_cpu / plain_cpu:.0%} less: it turns off Manim's per-play cache "
        f"hashing, which its own chapter key replaces), {cold_cpu / cold:.2f} cores on average. Its chapters "
        f"took {in_workers:.0f} s of worker time, {in_workers / cores:.0f} s per core if perfectly shared, "
        f"against {cold:.0f} s of wall time; the difference is the last chapter running alone, process "
        "start-up and assembly. The table gives each chapter's time; a build.py worker shares the machine "
        "with another, so it is not comparable one to one with plain manim's.",
        "",
        "| chapter | video | plain manim | build.py worker |",
        "| --- | ---: | ---: | ---: |",
        *(f"| §{number} | {chapters[number]['seconds']:.0f} s | {plain_runs[number][0]:.1f} s | "
          f"{chapters[number]['render_seconds']:.1f} s |" for number in plain_runs),
        "",
    ]
    header = "# Benchmarks\n\nWritten by `benchmarks/bench.py PRESET`; newest run first.\n\n"
    previous = RESULTS.read_text(encoding="utf-8").removeprefix(header) if RESULTS.exists() else ""
    RESULTS.write_text(header + "\n".join(report) + "\n" + previous, encoding="utf-8")
    print("\n".join(report))


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in PRESETS:
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(PRESETS)}}}")
    main(sys.argv[1])
