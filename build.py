#!/usr/bin/env python3
"""Build the lecture "From Derivatives to Machine Learning" from its text.

A thin command line over the ``lecture`` package: ``list`` the chapters,
``render`` them to captioned MP4s joined into one lecture, ``assemble`` shards,
report caption ``coverage`` of the text.
"""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from lecture.captions import CaptionError
from lecture.chapters import Chapter
from lecture.manifest import ManifestError
from lecture.media import ToolMissing, require_tools
from lecture.pipeline import BuildLocked, LectureBuild, output_lock, parse_shard
from lecture.presets import DEFAULT_PRESET, PRESETS
from lecture.text import ASSETS, TextError, TextReferenceError, load_document, load_toml
from scenes import CHAPTERS

DEFAULT_OUT = Path("output")


def _select(numbers: tuple[str, ...]) -> list[Chapter]:
    """The chapters named on the command line (all when none), in the text's order."""
    known = {chapter.number: chapter for chapter in CHAPTERS}
    wanted = {number.removeprefix("§").zfill(2) for number in numbers}
    unknown = sorted(wanted - known.keys())
    if unknown:
        raise click.BadParameter(
            f"no chapter {', '.join(unknown)}; the chapters are {', '.join(known)}", param_hint="CHAPTER"
        )
    return [chapter for chapter in CHAPTERS if not wanted or chapter.number in wanted]


def reports_failures(command):
    """Turn what can go wrong mid-build into one line and a non-zero exit.

    Outputs are published atomically, so each message can promise that the
    earlier outputs are intact.
    """

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        # SIGTERM (a CI job cancelled, a service stopped) stops a build as Ctrl-C does.
        previous = signal.signal(signal.SIGTERM, _interrupt)
        interrupted = False
        try:
            return command(*args, **kwargs)
        except (ToolMissing, BuildLocked, TextError, TextReferenceError, CaptionError, ManifestError) as error:
            raise click.ClickException(str(error)) from None
        except BrokenProcessPool:
            raise click.ClickException("a render worker was killed before it finished; earlier outputs are intact: "
                                       "run the same command again") from None
        except subprocess.CalledProcessError as error:
            detail = (error.stderr or b"").decode(errors="replace").strip().splitlines()
            raise click.ClickException(
                f"{Path(error.cmd[0]).name} failed: {detail[-1] if detail else error}; earlier outputs are intact"
            ) from None
        except OSError as error:
            where = f" ({error.filename})" if error.filename else ""
            raise click.ClickException(
                f"cannot write the outputs: {error.strerror or error}{where}; earlier outputs are intact"
            ) from None
        except KeyboardInterrupt:
            interrupted = True  # exit outside this block, so that the interrupted frames are freed first
        finally:
            signal.signal(signal.SIGTERM, previous)
        if interrupted:
            click.echo("Interrupted: earlier outputs are intact; run the same command again to resume.", err=True)
            sys.exit(130)

    return wrapper


def _interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt


def _check_text(chapters: list[Chapter]) -> None:
    """Check the text, the theme and every beat's text reference before any rendering starts."""
    load_toml(ASSETS / "theme.toml")
    load_document()
    for chapter in chapters:
        chapter.narrations(60.0)


def _show_notes(build: LectureBuild) -> None:
    """What the build found damaged and made again, one line each."""
    for note in build.notes:
        click.echo(f"Note: {note}", err=True)
    build.notes.clear()


chapters_argument = click.argument("chapters", nargs=-1, metavar="[CHAPTER]...")
out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
    help="Folder the chapter files are written to.",
)


@click.group()
def cli() -> None:
    """Render the lecture's chapters from the text in assets/reference.md."""


@cli.command("list")
@reports_failures
def list_chapters() -> None:
    """Chapters with their titles, cue counts and captioned durations."""
    document = load_document()
    fhd = PRESETS[DEFAULT_PRESET].frame_rate
    for chapter in CHAPTERS:
        narrations = chapter.narrations(fhd, document)
        cues = sum(len(narration.cues) for narration in narrations)
        seconds = chapter.captioned_seconds(fhd, document)
        click.echo(f"{chapter.number}  {chapter.title(document):<40} {cues:>3} cues  ≥ {seconds:5.1f} s  "
                   f"{chapter.stem}")


quality_option = click.option(
    "--quality", "-q", type=click.Choice(list(PRESETS)), default=DEFAULT_PRESET, show_default=True,
    help="Frame size and rate: " + "; ".join(f"{p.name} {p.width}x{p.height}@{p.frame_rate}" for p in PRESETS.values()),
)
jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                           show_default=True, help="Chapters rendered at once, each in its own process.")
burn_option = click.option("--burn-captions", "burn", is_flag=True,
                           help="Also write *.burned.mp4 with the captions drawn into the picture.")


def _shard(context: click.Context, parameter: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@cli.command()
@chapters_argument
@quality_option
@out_option
@jobs_option
@click.option("--force", is_flag=True, help="Render even the chapters whose files are up to date.")
@burn_option
@click.option("--shard", metavar="K/N", callback=_shard,
              help="Render only every N-th chapter from the K-th (for a CI matrix); join with 'assemble'.")
@reports_failures
def render(chapters: tuple[str, ...], quality: str, out_dir: Path, jobs: int, force: bool, burn: bool,
           shard: tuple[int, int] | None) -> None:
    """Render chapters (all by default) and join them into lecture.mp4.

    Each chapter gives NN-slug.mp4 (with a soft caption track), .srt and .vtt.
    Chapters whose inputs did not change since the last build are not rendered again.
    """
    selected = _select(chapters)
    if shard is not None:
        index, count = shard
        if not selected[index - 1::count]:
            raise click.BadParameter(f"--shard {index}/{count} selects no chapter: there are {len(selected)}, "
                                     f"so N must be at most {len(selected)}", param_hint="'--shard'")
        selected = selected[index - 1::count]
    _check_text(selected)
    require_tools()
    preset = PRESETS[quality]
    with output_lock(out_dir):
        build = LectureBuild(selected, preset, out_dir, burn=burn, force=force)
        stale = build.stale()
        _show_notes(build)
        click.echo(f"{len(stale)} of {len(selected)} chapter(s) to render at {preset.name} "
                   f"({preset.width}x{preset.height}, {preset.frame_rate} fps) into {out_dir}/"
                   + (f", {min(jobs, len(stale))} at a time" if stale else ": all up to date"))
        finished = 0

        def report(chapter: Chapter, video_seconds: float, wall_seconds: float, note: str) -> None:
            nonlocal finished
            finished += 1
            click.echo(f"  [{finished}/{len(stale)}] {chapter.stem}: {video_seconds:.1f} s of video "
                       f"in {wall_seconds:.1f} s" + (f" ({note})" if note else ""))

        build.render(jobs=jobs, on_done=report)
        if not chapters and shard is None:
            lecture = build.assemble(CHAPTERS)
            _show_notes(build)
            click.echo(f"Lecture: {lecture}")


@cli.command()
@quality_option
@out_option
@burn_option
@reports_failures
def assemble(quality: str, out_dir: Path, burn: bool) -> None:
    """Join rendered chapters (from one build or several shards) into lecture.mp4."""
    require_tools("ffmpeg", "ffprobe")
    preset = PRESETS[quality]
    with output_lock(out_dir):
        build = LectureBuild(CHAPTERS, preset, out_dir, burn=burn)
        stale = build.stale()
        _show_notes(build)
        if stale:
            raise click.ClickException(
                f"not rendered at {preset.name}, or out of date, in {out_dir}/: "
                f"{', '.join(chapter.number for chapter in stale)}; render them first"
            )
        if burn:
            build.render(jobs=1, on_done=lambda *args: None)  # burns what is missing, renders nothing
        lecture = build.assemble(CHAPTERS)
        _show_notes(build)
        click.echo(f"Lecture: {lecture}")


@cli.command()
@chapters_argument
@quality_option
@out_option
@jobs_option
@click.option("--gif", is_flag=True, help="Also an animated GIF of each clip (720 px wide, 12 fps).")
@click.option("--webm", is_flag=True, help="Also a VP9 WebM of each clip.")
@click.option("--transparent", is_flag=True,
              help="Also the chapter and its clips on a transparent background (.transparent.mov, with alpha).")
@burn_option
@reports_failures
def clips(chapters: tuple[str, ...], quality: str, out_dir: Path, jobs: int, gif: bool, webm: bool,
          transparent: bool, burn: bool) -> None:
    """Clips for slides: one per captioned beat, with .vtt captions and a poster.

    Renders what is out of date first, then writes clips/index.json naming each
    clip, its chapter and beat, duration, caption text and files.
    """
    selected = _select(chapters)
    _check_text(selected)
    require_tools()
    preset = PRESETS[quality]
    with output_lock(out_dir):
        build = LectureBuild(selected, preset, out_dir)
        stale = build.stale()
        _show_notes(build)
        if stale:
            click.echo(f"Rendering {len(stale)} chapter(s) first")
        build.render(jobs=jobs, on_done=lambda chapter, video, wall, note: click.echo(
            f"  {chapter.stem}: {video:.1f} s of video in {wall:.1f} s" + (f" ({note})" if note else "")))
        index = build.export_clips(gif=gif, webm=webm, transparent=transparent, burn=burn, jobs=jobs)
        entries = json.loads(index.read_text(encoding="utf-8"))
        click.echo(f"{len(entries)} clip(s) from {len(selected)} chapter(s); index: {index}")


@cli.command()
@chapters_argument
@reports_failures
def coverage(chapters: tuple[str, ...]) -> None:
    """Which prose sentences of each section the chapter's captions carry."""
    document = load_document()
    incomplete = False
    for chapter in _select(chapters):
        report = chapter.coverage(document)
        click.echo(f"§{chapter.number} {chapter.title(document)}: {report.covered}/{report.total} sentences")
        for label, index, sentence in report.missing:
            incomplete = True
            click.echo(f"    not captioned: {label}:{index}  {sentence}")
        for adaptation in report.adaptations:
            click.echo(f"    adapted for video: {adaptation.original!r} → {adaptation.video!r}")
    if incomplete:
        sys.exit(1)


@cli.command()
@out_option
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the folder on 127.0.0.1, with the Range requests video seeking needs, until Ctrl-C.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on; 0 picks a free one.")
@reports_failures
def preview(out_dir: Path, serve: bool, port: int) -> None:
    """Write index.html, transcript.md and youtube-chapters.txt for a build, and serve the folder.

    Reads what 'render' left in the output folder (manifest.json, the captions); renders nothing.
    The files are written under the folder's lock, so never from half of a build.
    """
    from lecture.preview import write_preview
    from lecture.server import PreviewServer

    if not (out_dir / "manifest.json").is_file():
        raise ManifestError(f"{out_dir}/ has no manifest.json: run 'build.py render --out {out_dir}' first "
                            "to render the whole lecture")
    with output_lock(out_dir):
        files = write_preview(out_dir)
    for path in (files.index, files.transcript, files.youtube):
        if path is not None:
            click.echo(f"Wrote {path}")
    for warning in files.warnings:
        click.echo(f"Warning: {warning}", err=True)
    if files.youtube_error:
        click.echo(f"Error: {files.youtube_error}", err=True)
    if serve:
        try:
            server = PreviewServer(out_dir, port=port)
        except OSError as error:
            raise click.ClickException(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}; "
                                       "choose another --port (0 picks a free one)") from None
        with server:
            click.echo(f"Serving {out_dir}/ at {server.url}  (Ctrl-C to stop)")
            try:
                server.serve_forever()
            except KeyboardInterrupt:
                click.echo("\nStopped.")
    if files.youtube_error:
        sys.exit(1)


if __name__ == "__main__":
    cli()
