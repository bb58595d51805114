#!/usr/bin/env python3
"""Build the lecture "From Derivatives to Machine Learning" from its text.

A thin command line over the ``lecture`` package: ``list`` the chapters,
``render`` them to captioned MP4s joined into one lecture, ``assemble`` shards,
``check`` each chapter's layout, report caption ``coverage`` of the text, write review ``sheet``s,
make ``slides`` of a render.
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

from lecture.narration.beat import CaptionError
from lecture.text.chapters import Chapter
from lecture.build.exports import export_clips
from lecture.render.cluster import ClusterUnreachable
from lecture.build.manifest import Manifest, ManifestError
from lecture.core.outputs import PREVIEW_PAGE
from lecture.core.media import ToolMissing, require_tools
from lecture.build.pipeline import BuildLocked, LectureBuild, output_lock, parse_shard
from lecture.core.presets import DEFAULT_PRESET, PRESETS
from lecture.voice.recordings import RecordingError, check_recordings
from lecture.text.spoken import PronunciationError, check_pronunciations, load_pronunciations, plain_speech
from lecture.core.files import load_toml
from lecture.text.document import TextError, TextReferenceError, load_document
from lecture.core.identity import ASSETS, chapters
from lecture.voice.speech import DEFAULT_VOICE, VOICES, Voice, voice_in_environment
from lecture.narration.chapters import captioned_seconds, narrations

DEFAULT_OUT = Path("output")

# The lecture's chapters, in order, from its registry (scenes/ unless LECTURE_CHAPTERS names another).
CHAPTERS = chapters()


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
        # Ctrl-C stops a build even when it was started with SIGINT ignored (a shell's background
        # job, nohup, some CI runners), which Python would otherwise keep.
        previous_int = signal.signal(signal.SIGINT, signal.default_int_handler)
        interrupted = False
        try:
            return command(*args, **kwargs)
        except (ToolMissing, BuildLocked, TextError, TextReferenceError, CaptionError, ManifestError,
                PronunciationError, RecordingError, ClusterUnreachable) as error:
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
            signal.signal(signal.SIGINT, previous_int)
        if interrupted:
            click.echo("Interrupted: earlier outputs are intact; run the same command again to resume.", err=True)
            sys.exit(130)

    return wrapper


def _interrupt(signal_number: int, frame: object) -> None:
    raise KeyboardInterrupt


def _check_text(chapters: list[Chapter]) -> None:
    """Check the text, the theme, every beat's text reference, the pronunciations and the recordings
    before any rendering starts."""
    load_toml(ASSETS / "theme.toml", TextError)
    document = load_document()
    for chapter in chapters:
        narrations(chapter, 60.0, voice=None)
    check_pronunciations(" ".join(plain_speech(document)), load_pronunciations())
    check_recordings([chapter.number for chapter in CHAPTERS],
                     {chapter.number: [ref.reference for ref in chapter.beat_references()] for chapter in chapters})


def _voice(context: click.Context, parameter: click.Parameter, value: str) -> Voice | None:
    return VOICES.get(value)  # None for "none"


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
voice_option = click.option(
    "--voice", type=click.Choice([*VOICES, "none"]), default=DEFAULT_VOICE, show_default=True, callback=_voice,
    help="The narrating voice (piper, offline); 'none' for silent chapters with captions only.",
)


@click.group()
def cli() -> None:
    """Render the lecture's chapters from the text in assets/reference.md."""


@cli.command("list")
@voice_option
@reports_failures
def list_chapters(voice: Voice | None) -> None:
    """Chapters with their titles, cue counts, spoken and captioned durations.

    Speaks what the speech cache does not hold yet (once; later calls are instant).
    """
    document = load_document()
    fhd = PRESETS[DEFAULT_PRESET].frame_rate
    for chapter in CHAPTERS:
        narrated = narrations(chapter, fhd, document, voice)
        cues = sum(len(narration.cues) for narration in narrated)
        seconds = captioned_seconds(chapter, fhd, document, voice)
        spoken = f"{sum(n.speech_seconds for n in narrated):5.1f} s spoken" if voice else "silent"
        click.echo(f"{chapter.number}  {chapter.title(document):<40} {cues:>3} cues  {spoken}  "
                   f"≥ {seconds:5.1f} s  {chapter.stem}")


quality_option = click.option(
    "--quality", "-q", type=click.Choice(list(PRESETS)), default=DEFAULT_PRESET, show_default=True,
    help="Frame size and rate: " + "; ".join(f"{p.name} {p.width}x{p.height}@{p.frame_rate}" for p in PRESETS.values()),
)
jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=os.cpu_count() or 1,
                           show_default=True, help="Segments rendered at once, each in its own process.")
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
@voice_option
@click.option("--shard", metavar="K/N", callback=_shard,
              help="Render only every N-th chapter from the K-th (for a CI matrix); join with 'assemble'.")
@click.option("--whole-chapters", "whole", is_flag=True,
              help="Render every chapter in one process (never cut into segments of beats).")
@click.option("--cluster", metavar="ADDRESS",
              help="Render the segments on the workers of the Dask scheduler at ADDRESS (tcp://host:8786).")
@reports_failures
def render(chapters: tuple[str, ...], quality: str, out_dir: Path, jobs: int, force: bool, burn: bool,
           voice: Voice | None, shard: tuple[int, int] | None, whole: bool, cluster: str | None) -> None:
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
        build = LectureBuild(selected, preset, out_dir, burn=burn, force=force, voice=voice, split=not whole,
                             cluster=cluster)
        stale = build.stale()
        if stale:
            build.connect()  # an address that is no scheduler: one line, before anything else is said
        _show_notes(build)
        where = f", on the Dask cluster at {cluster}" if cluster else f", {jobs} process(es) at a time"
        click.echo(f"{len(stale)} of {len(selected)} chapter(s) to render at {preset.name} "
                   f"({preset.width}x{preset.height}, {preset.frame_rate} fps) into {out_dir}/"
                   + (where if stale else ": all up to date"))
        finished = 0

        def report(chapter: Chapter, video_seconds: float, wall_seconds: float, note: str) -> None:
            nonlocal finished
            _show_notes(build)  # what the chapter's render found damaged (the speech cache) and made again
            finished += 1
            click.echo(f"  [{finished}/{len(stale)}] {chapter.stem}: {video_seconds:.1f} s of video "
                       f"in {wall_seconds:.1f} s" + (f" ({note})" if note else ""))

        build.render(jobs=jobs, on_done=report, progress=True)
        build.burn_captions()
        if not chapters and shard is None:
            lecture = build.assemble(CHAPTERS)
            _show_notes(build)
            click.echo(f"Lecture: {lecture}")


@cli.command()
@quality_option
@out_option
@burn_option
@voice_option
@reports_failures
def assemble(quality: str, out_dir: Path, burn: bool, voice: Voice | None) -> None:
    """Join rendered chapters (from one build or several shards) into lecture.mp4."""
    require_tools("ffmpeg", "ffprobe")
    preset = PRESETS[quality]
    with output_lock(out_dir):
        build = LectureBuild(CHAPTERS, preset, out_dir, burn=burn, voice=voice)
        stale = build.stale()
        _show_notes(build)
        if stale:
            raise click.ClickException(
                f"not rendered at {preset.name}, or out of date, in {out_dir}/: "
                f"{', '.join(chapter.number for chapter in stale)}; render them first"
            )
        build.burn_captions()
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
@voice_option
@reports_failures
def clips(chapters: tuple[str, ...], quality: str, out_dir: Path, jobs: int, gif: bool, webm: bool,
          transparent: bool, burn: bool, voice: Voice | None) -> None:
    """Clips for slides: one per captioned beat, with .vtt captions and a poster.

    Renders what is out of date first, then writes clips/index.json naming each
    clip, its chapter and beat, duration, caption text and files.
    """
    selected = _select(chapters)
    _check_text(selected)
    require_tools()
    preset = PRESETS[quality]
    with output_lock(out_dir):
        build = LectureBuild(selected, preset, out_dir, voice=voice)
        stale = build.stale()
        _show_notes(build)
        if stale:
            click.echo(f"Rendering {len(stale)} chapter(s) first")
        build.render(jobs=jobs, on_done=lambda chapter, video, wall, note: click.echo(
            f"  {chapter.stem}: {video:.1f} s of video in {wall:.1f} s" + (f" ({note})" if note else "")))
        _show_notes(build)
        index = export_clips(build, gif=gif, webm=webm, transparent=transparent, burn=burn, jobs=jobs)
        entries = json.loads(index.read_text(encoding="utf-8"))
        click.echo(f"{len(entries)} clip(s) from {len(selected)} chapter(s); index: {index}")


@cli.command()
@chapters_argument
@voice_option
@reports_failures
def check(chapters: tuple[str, ...], voice: Voice | None) -> None:
    """Check each chapter's layout, beat by beat, in a dry run (no video is written).

    At the middle and end of every beat: nothing in the caption band or the side margins, no
    text on other text or on a line, no text too small to read; and no narrated stretch where
    the picture stands still. One line per violation; exits with status 1 if there is any.
    """
    import tempfile

    from scenes.kit.layout import dry_run

    selected = _select(chapters)
    _check_text(selected)
    found = 0
    with voice_in_environment(voice):  # the beats' speech sets their length
        for chapter in selected:
            with tempfile.TemporaryDirectory(prefix=f"check-{chapter.number}-") as work:
                scene = dry_run(chapter.load(), media_dir=Path(work) / "media", tex_dir=Path(work) / "tex")
            violations = scene.layout_check.violations()
            for violation in violations:
                click.echo(violation.line())
            click.echo(f"{chapter.stem}: " + (f"{len(violations)} violation(s)" if violations
                                                                 else "layout clean"), err=True)
            found += len(violations)
    if found:
        click.echo(f"{found} layout violation(s) in {len(selected)} chapter(s)", err=True)
        sys.exit(1)


@cli.command()
@chapters_argument
@click.option("--descriptions/--no-descriptions", default=True,
              help="Also list the beats with neither a description nor describe_none (a dry run of each scene: "
                   "seconds per chapter; --no-descriptions checks the text alone).")
@reports_failures
def coverage(chapters: tuple[str, ...], descriptions: bool) -> None:
    """Which prose sentences of each section the chapter's captions carry, and which beats have no description.

    A beat's description (``self.describe``) or its declaration that the narration covers the picture
    (``self.describe_none``) is found by running the scene without pictures (a dry run, as ``check`` does).
    """
    import tempfile

    from scenes.kit.layout import dry_run

    document = load_document()
    incomplete = False
    work = tempfile.TemporaryDirectory(prefix="coverage-")
    for chapter in _select(chapters):
        undescribed = []
        if descriptions:
            # With the voice the build uses: a scene's cues (and so its beats) follow its speech (cached).
            with voice_in_environment(VOICES[DEFAULT_VOICE]):
                scene = dry_run(chapter.load(), media_dir=Path(work.name) / "media",
                                tex_dir=Path(work.name) / "tex", check_layout=False)
            undescribed = [reference for reference in dict.fromkeys(ref.reference
                                                                    for ref in chapter.beat_references())
                           if reference not in scene.beat_descriptions]
        report = chapter.coverage(document)
        click.echo(f"§{chapter.number} {chapter.title(document)}: {report.covered}/{report.total} sentences")
        for label, index, sentence in report.missing:
            incomplete = True
            click.echo(f"    not captioned: {label}:{index}  {sentence}")
        for kind, label in report.unsaid:
            incomplete = True
            what = "formula" if kind == "math" else "table"
            click.echo(f"    not said: the {what} {label!r} (name it in a beat: self.beat({label!r}))")
        for adaptation in report.adaptations:
            click.echo(f"    {adaptation.describe()}")
        for reference in undescribed:
            incomplete = True
            click.echo(f"    not described: beat {reference!r} (in its body: self.describe(\"what the picture shows "
                       f"that the narration does not\") or self.describe_none(\"how the narration says it\"))")
    work.cleanup()
    if incomplete:
        sys.exit(1)


@cli.command()
@chapters_argument
@out_option
@voice_option
@reports_failures
def script(chapters: tuple[str, ...], out_dir: Path, voice: Voice | None) -> None:
    """A script to record your own voice: per chapter, what to read aloud, beat by beat.

    Writes script/NN-slug.md (to print) and script/index.json into the output folder,
    each beat with the file to record it into (assets/voice/NN/<beat>.wav) and how long
    the synthetic voice takes (its speech is synthesised first if it is not cached).
    """
    from lecture.publish.script import write_scripts

    selected = _select(chapters)
    _check_text(selected)
    index = write_scripts(selected, load_document(), voice, out_dir)
    click.echo(f"Wrote the script of {len(selected)} chapter(s) into {index.parent}/")


@cli.command()
@chapters_argument
@click.option("--pronunciations", "report", is_flag=True,
              help="List the entries of assets/pronunciations.toml with how often the narration uses each.")
@reports_failures
def speech(chapters: tuple[str, ...], report: bool) -> None:
    """What the voice says, beat by beat: the text with its maths read aloud.

    Speaks nothing; correct a reading in assets/pronunciations.toml.
    """
    document = load_document()
    pronunciations = load_pronunciations()
    if report:
        plain = plain_speech(document)
        for entry in pronunciations:
            uses = sum(1 for sentence in plain if entry.said_in(sentence))
            click.echo(f"line {entry.line:>3}: {entry.phrase!r} → {entry.say!r}: {uses} sentence(s)")
        check_pronunciations(" ".join(plain), pronunciations)
        return
    for chapter in _select(chapters):
        click.echo(f"§{chapter.number} {chapter.title(document)}")
        for narration in narrations(chapter, 60.0, document, voice=None):
            for sentence in narration.spoken:
                click.echo(f"  [{narration.reference}] {sentence}")


@cli.command()
@chapters_argument
@out_option
@click.option("--compare", "compare_dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="An earlier build's output folder (main's CI artifact, say): mark the beats whose picture "
                   "changed and show them before and after.")
@reports_failures
def sheet(chapters: tuple[str, ...], out_dir: Path, compare_dir: Path | None) -> None:
    """Review sheets: each chapter's beats on one picture, with their ids and first caption lines.

    Writes sheet/NN-slug.png per chapter and sheet/index.html into the output
    folder from the posters a render left in clips/; renders nothing.
    """
    from lecture.publish.sheet import CHANGED_SHARE, NotABuild, NothingToCompare, check_builds, write_sheets

    numbers = [chapter.number for chapter in _select(chapters)] if chapters else None
    try:
        check_builds(out_dir, compare_dir)  # before the lock, which would make the folder
    except NothingToCompare as error:
        raise click.BadParameter(str(error), param_hint="'--compare'") from None
    except NotABuild as error:
        raise click.ClickException(str(error)) from None
    with output_lock(out_dir):
        try:
            files = write_sheets(out_dir, numbers, compare_dir)
        except NotABuild as error:
            raise click.ClickException(str(error)) from None
    beats = sum(len(chapter.beats) for chapter in files.chapters)
    click.echo(f"Wrote {files.page} ({len(files.chapters)} chapter sheet(s), {beats} beats)")
    if compare_dir is not None:
        click.echo(f"Compared with {compare_dir}/: {len(files.changes)} beat(s) marked "
                   f"(changed: more than {CHANGED_SHARE:.2%} of the pixels differ)")
        for change in files.changes:
            measure = f" {change.difference:.2%}" if change.difference is not None else ""
            click.echo(f"  {change.status:<8}{change.beat.label}{measure}")


@cli.command()
@chapters_argument
@out_option
@reports_failures
def slides(chapters: tuple[str, ...], out_dir: Path) -> None:
    """Slides of a rendered lecture: a reveal.js deck, PowerPoint decks and a handout, in slides/.

    A title slide per chapter and a slide per beat with its clip, captions and words
    (as speaker notes): slides/index.html (self-running or live; press S for the
    speaker view), lecture.pptx (with the voice, moving on by itself),
    lecture-live.pptx (silent clips, moving on by click) and handout.pdf.
    Reads what 'render' left in the output folder; renders nothing.
    """
    from lecture.publish.slides import write_slides

    require_tools("ffmpeg")
    numbers = [chapter.number for chapter in _select(chapters)] if chapters else None
    with output_lock(out_dir):
        files = write_slides(out_dir, numbers)
        if (out_dir / PREVIEW_PAGE).is_file():  # the preview page links to the slides: write it again
            from lecture.publish.preview import write_index

            write_index(Manifest.load(out_dir))
    click.echo(f"Wrote {files.folder}/: {files.slides} slides in {files.deck.name}, {files.pptx.name} and "
               f"{files.live_pptx.name}, and {files.handout.name}")


@cli.command()
@out_option
@click.option("--serve/--no-serve", default=True, show_default=True,
              help="Serve the folder on 127.0.0.1, with the Range requests video seeking needs, until Ctrl-C.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on; 0 picks a free one.")
@reports_failures
def preview(out_dir: Path, serve: bool, port: int) -> None:
    """Write index.html, transcript.md (and the descriptive transcript) and youtube-chapters.txt, and serve the folder.

    Reads what 'render' left in the output folder (manifest.json, the captions); renders nothing.
    The files are written under the folder's lock, so never from half of a build.
    """
    from lecture.publish.preview import write_preview
    from lecture.publish.server import PreviewServer

    Manifest.require(out_dir)  # before the lock, which would make the folder
    with output_lock(out_dir):
        files = write_preview(out_dir)
    for path in (files.index, files.transcript, *(files.described or ()), files.youtube):
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
