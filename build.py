#!/usr/bin/env python3
"""Build the lecture "From Derivatives to Machine Learning" from its text.

A thin command line over the ``lecture`` package: ``list`` the chapters,
``render`` them to captioned MP4s, report caption ``coverage`` of the text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from lecture.captions import CaptionError
from lecture.chapters import Chapter
from lecture.media import ToolMissing
from lecture.presets import DEFAULT_PRESET, PRESETS
from lecture.text import TextReferenceError, load_document
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


def _check_text(chapters: list[Chapter]) -> None:
    """Resolve every beat's text reference before any rendering starts."""
    try:
        for chapter in chapters:
            chapter.narrations(60.0)
    except (TextReferenceError, CaptionError) as error:
        raise click.ClickException(str(error)) from None


chapters_argument = click.argument("chapters", nargs=-1, metavar="[CHAPTER]...")
out_option = click.option(
    "--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT, show_default=True,
    help="Folder the chapter files are written to.",
)


@click.group()
def cli() -> None:
    """Render the lecture's chapters from the text in assets/reference.md."""


@cli.command("list")
def list_chapters() -> None:
    """Chapters with their titles, cue counts and captioned durations."""
    document = load_document()
    fhd = PRESETS[DEFAULT_PRESET].frame_rate
    for chapter in CHAPTERS:
        try:
            narrations = chapter.narrations(fhd, document)
        except (TextReferenceError, CaptionError) as error:
            raise click.ClickException(str(error)) from None
        cues = sum(len(narration.cues) for narration in narrations)
        seconds = chapter.captioned_seconds(fhd, document)
        click.echo(f"{chapter.number}  {chapter.title(document):<40} {cues:>3} cues  ≥ {seconds:5.1f} s  "
                   f"{chapter.stem}")


@cli.command()
@chapters_argument
@click.option("--quality", "-q", type=click.Choice(list(PRESETS)), default=DEFAULT_PRESET, show_default=True,
              help="Frame size and rate: " + "; ".join(f"{p.name} {p.width}x{p.height}@{p.frame_rate}"
                                                        for p in PRESETS.values()))
@out_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1, show_default=True,
              help="Chapters rendered at once, each in its own process.")
def render(chapters: tuple[str, ...], quality: str, out_dir: Path, jobs: int) -> None:
    """Render chapters (all by default) to NN-slug.mp4 with .srt and .vtt captions."""
    from lecture.render import render_chapters

    selected = _select(chapters)
    _check_text(selected)
    preset = PRESETS[quality]
    click.echo(f"Rendering {len(selected)} chapter(s) at {preset.name} ({preset.width}x{preset.height}, "
               f"{preset.frame_rate} fps) into {out_dir}/ with {jobs} job(s)")
    finished = 0

    def report(output, seconds: float) -> None:
        nonlocal finished
        finished += 1
        click.echo(f"  [{finished}/{len(selected)}] {output.video.name}: {output.seconds:.1f} s of video "
                   f"in {seconds:.1f} s")

    try:
        render_chapters(selected, preset, out_dir, jobs=jobs, on_done=report)
    except ToolMissing as error:
        raise click.ClickException(str(error)) from None


@cli.command()
@chapters_argument
def coverage(chapters: tuple[str, ...]) -> None:
    """Which prose sentences of each section the chapter's captions carry."""
    document = load_document()
    incomplete = False
    for chapter in _select(chapters):
        try:
            report = chapter.coverage(document)
        except TextReferenceError as error:
            raise click.ClickException(f"{chapter.scene}: {error}") from None
        click.echo(f"§{chapter.number} {chapter.title(document)}: {report.covered}/{report.total} sentences")
        for label, index, sentence in report.missing:
            incomplete = True
            click.echo(f"    not captioned: {label}:{index}  {sentence}")
        for adaptation in report.adaptations:
            click.echo(f"    adapted for video: {adaptation.original!r} → {adaptation.video!r}")
    if incomplete:
        sys.exit(1)


if __name__ == "__main__":
    cli()
