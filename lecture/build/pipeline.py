"""The incremental lecture build: render what changed, then join by stream copy.

Each chapter's output is keyed by a hash of everything that determines it (its
scene module, the kit and the rendering code, its section of the text, the
theme, the preset, the Manim version). A chapter whose key and files are in
place is not rendered again; Manim's own cache cannot give that, since a cache
hit still runs ``construct()`` and remuxes.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from lecture.render.assemble import Part, burn_captions, join_lecture, shifted_cues
from lecture.render.cluster import connect
from lecture.render.clips import refresh_clip_index
from lecture.core.outputs import (CLIPS_FOLDER, LECTURE_STEM, MANIFEST, burned_path, chapter_paths,
                                  described_paths)
from lecture.text.chapters import Chapter
from lecture.build.manifest import (ChapterRecord, LectureRecord, Manifest, ManifestError, OldManifest, damaged_files,
                                    file_hashes)
from lecture.render.described import DescribedBeat, descriptions_cues
from lecture.core.media import atomic_path, deferred_interrupts, probe, read_srt, vtt_text
from lecture.core.presets import Preset
from lecture.voice.recordings import recordings_folder
from lecture.render.chapter import ChapterOutput, clean_work, render_chapters
from lecture.render.segments import DEFAULT_FAST_FORWARD_SHARE, BeatCosts, Segment, plan_segments
from lecture.core.identity import ASSETS, pronunciations_path
from lecture.text.document import Document, load_document
from lecture.voice.speech import DEFAULT_VOICE, VOICES, Voice
from lecture.narration.chapters import narrations

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "BuildLocked",
    "LectureBuild",
    "chapter_key",
    "parse_shard",
    "output_lock",
]

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
# The chapter files the lecture's own files are joined from: a change in one joins the lecture again.
LECTURE_SOURCES = ("video", "srt", "described", "described_srt", "descriptions")
# The ``build.py clips`` options that make each kind of clip file besides the MP4.
CLIP_FLAGS = {"gif": ("--gif",), "webm": ("--webm",), "transparent": ("--transparent",),
              "transparent-webm": ("--transparent", "--webm"), "burned": ("--burn-captions",)}


class BuildLocked(RuntimeError):
    """Another build is writing to the same output folder."""


@contextmanager
def output_lock(out_dir: Path) -> Iterator[None]:
    """Hold the output folder for one build; refuse a second one clearly."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise BuildLocked(f"{out_dir}/ is being written by another build ({holder}); "
                              "wait for it to finish or use another --out") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()


def parse_shard(text: str) -> tuple[int, int]:
    """``K/N`` → (K, N): render every N-th chapter, starting with the K-th (from 1)."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--shard takes K/N, such as 1/2, not {text!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"--shard {text}: K must be between 1 and N")
    return index, count


def chapter_key(chapter: Chapter, preset: Preset, document: Document, voice: Voice | None) -> str:
    """A hash of everything that determines a chapter's files."""
    section = document.section(chapter.number)
    digest = hashlib.sha256()
    speech = voice.settings if voice else None
    digest.update(json.dumps([asdict(preset), version("manim"), asdict(chapter), speech]).encode())
    digest.update(section.title.encode())
    for block in section.blocks:
        digest.update(f"{block.kind}\0{block.label}\0{block.source}\0".encode())
    for adaptation in document.adaptations:
        if adaptation.section == chapter.number:
            digest.update(f"{adaptation!r}\0".encode())
    kit = sorted((PACKAGE_ROOT / "scenes" / "kit").glob("*.py"))
    spoken, recordings = pronunciations_path(), recordings_folder(chapter.number)
    assets = [ASSETS / "theme.toml", *([spoken] if voice and spoken.exists() else []),
              # The lecturer's recordings of this chapter's beats: adding or changing one renders this chapter.
              *(sorted(recordings.iterdir()) if voice and recordings.is_dir() else [])]
    # The whole lecture package, so that a new module cannot fall out of the key.
    code = sorted((PACKAGE_ROOT / "lecture").rglob("*.py"))
    for path in (chapter.source_path, *kit, *code, *assets):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass
class LectureBuild:
    """One build of (some of) the lecture's chapters into one output folder.

    ``notes`` collects what the build found and repaired (a damaged file, a
    manifest it could not read), for the command line to show.
    """

    chapters: Sequence[Chapter]
    preset: Preset
    out_dir: Path
    burn: bool = False
    force: bool = False
    voice: Voice | None = VOICES[DEFAULT_VOICE]  # None: silent, captioned chapters
    cluster: str | None = None  # a Dask scheduler's address: render the segments there
    split: bool = True  # False: every chapter in one process, never cut into segments
    frame_hashes: Path | None = None  # a folder for each rendered chapter's frame md5s (NN.txt): tests compare them

    def __post_init__(self) -> None:
        self.document = load_document()
        self.keys = {chapter.number: chapter_key(chapter, self.preset, self.document, self.voice)
                     for chapter in self.chapters}
        self.notes: list[str] = []
        self._stale: list[Chapter] | None = None
        self._client = None  # the Dask client of ``cluster``, once connected

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def stale(self) -> list[Chapter]:
        """The chapters whose files are missing, damaged, or were made from something else."""
        if self._stale is None:
            self._stale = [chapter for chapter in self.chapters if self.force or not self._current(chapter)]
        return list(self._stale)

    def _current(self, chapter: Chapter) -> bool:
        record = ChapterRecord.load(self.out_dir, chapter.stem)
        record_path = ChapterRecord.path(self.out_dir, chapter.stem)
        if record is None and record_path.is_file():
            self._note(f"{record_path.name} is not a record this version of the build wrote: "
                       f"rendering §{chapter.number} again")
            return False
        if record is None or record.key != self.keys[chapter.number] or record.preset != self.preset.name:
            return False
        damaged = record.damaged(self.out_dir)
        if damaged:
            more = f" (and {len(damaged) - 1} more of its files)" if len(damaged) > 1 else ""
            self._note(f"{damaged[0]}{more} is missing or not the file recorded (sha256) when it was built: "
                       f"rendering §{chapter.number} again")
            return False
        return True

    def _publish(self, output: ChapterOutput, render_seconds: float) -> ChapterRecord:
        """Move a rendered chapter into place and record it: its record exists only once its files match it."""
        chapter = output.chapter
        for note in output.notes:
            self._note(note)
        with deferred_interrupts():
            published = [path.relative_to(self.out_dir).as_posix() for path in output.published]
            ChapterRecord.path(self.out_dir, chapter.stem).unlink(missing_ok=True)
            output.publish()
            video, srt_path, vtt_path, poster = chapter_paths(self.out_dir, chapter.stem)
            described, described_srt, described_vtt, descriptions = described_paths(self.out_dir, chapter.stem)
            files = {"video": video.name, "srt": srt_path.name, "vtt": vtt_path.name, "poster": poster.name,
                     "clips": (self.out_dir / CLIPS_FOLDER / chapter.stem / "index.json")
                     .relative_to(self.out_dir).as_posix(),
                     "described": described.name, "described_srt": described_srt.name,
                     "described_vtt": described_vtt.name, "descriptions": descriptions.name}
            record = ChapterRecord(
                number=chapter.number, title=chapter.title(self.document), key=self.keys[chapter.number],
                preset=self.preset.name, seconds=output.seconds, cues=len(read_srt(srt_path)), files=files,
                hashes=file_hashes(self.out_dir, published), render_seconds=round(render_seconds, 1),
                beat_seconds={reference: round(seconds, 2) for reference, seconds in output.beat_seconds.items()},
                fast_forward_share=(None if output.fast_forward_share is None
                                    else round(output.fast_forward_share, 3)),
                descriptions=[beat.to_json() for beat in output.descriptions],
            )
            record.save(self.out_dir)
            burned_path(self.out_dir, chapter.stem).unlink(missing_ok=True)  # it was made from the old video
            lost = refresh_clip_index(self.out_dir, chapter.number, chapter.stem)
        if lost:
            flags = " ".join(dict.fromkeys(flag for kind in lost for flag in CLIP_FLAGS[kind]))
            self._note(f"{CLIPS_FOLDER}/index.json: §{chapter.number}'s {', '.join(lost)} clips went with the render "
                       f"just replaced; run 'build.py clips {chapter.number} {flags}' to make them again")
        if self.frame_hashes is not None:
            self.frame_hashes.mkdir(parents=True, exist_ok=True)
            listing = "".join(f"{frame}\n" for frame in output.frame_hashes)
            (self.frame_hashes / f"{chapter.number}.txt").write_text(listing, encoding="utf-8")
        return record

    def plan(self, chapters: Sequence[Chapter], workers: int) -> list[Segment]:
        """The chapters' segments for ``workers``, longest first, from the render times of earlier builds.

        A chapter's beats weigh what they took last time it was rendered here;
        one never rendered is estimated from its captioned length (at the
        render speed of the chapters that were), each beat by its length.
        """
        frame_rate = float(self.preset.frame_rate)
        # Timed for reading: close enough to weigh the work, and it speaks nothing in this process.
        lengths = {chapter: {narration.reference: narration.duration
                             for narration in narrations(chapter, frame_rate, self.document, voice=None)}
                   for chapter in chapters}
        # Times at another preset do not compare with this one's.
        records = {chapter: record if (record := ChapterRecord.load(self.out_dir, chapter.stem)) is not None
                   and record.preset == self.preset.name else None for chapter in chapters}
        rates = sorted(record.render_seconds / max(sum(lengths[chapter].values()), 1e-9)
                       for chapter, record in records.items() if record is not None and record.render_seconds > 0)
        rate = rates[len(rates) // 2] if rates else 1.0
        shares = sorted(record.fast_forward_share for record in records.values()
                        if record is not None and record.fast_forward_share is not None)
        share = shares[len(shares) // 2] if shares else DEFAULT_FAST_FORWARD_SHARE
        costs = {}
        for chapter in chapters:
            record, beats = records[chapter], lengths[chapter]
            if record is not None and beats and set(beats) <= set(record.beat_seconds):
                render = tuple(record.beat_seconds[reference] for reference in beats)
            elif record is not None and record.render_seconds > 0:
                total = sum(beats.values()) or 1.0
                render = tuple(record.render_seconds * seconds / total for seconds in beats.values())
            else:
                render = tuple(rate * seconds for seconds in beats.values())
            measured = record.fast_forward_share if record is not None else None
            costs[chapter] = BeatCosts(render or (rate,), share if measured is None else measured)
        return [segment for segment, _ in plan_segments(costs, workers)]

    def connect(self) -> Client | None:
        """The Dask client of ``cluster`` (None without one), connecting now if need be.

        A command calls it before saying what it will render, so that an address that is no
        scheduler is the build's first and only line; ``render`` connects itself otherwise.
        """
        if self.cluster is not None and self._client is None:
            self._client = connect(self.cluster)
        return self._client

    def render(self, *, jobs: int, on_done: Callable[[Chapter, float, float, str], None],
               progress: bool = False) -> list[Chapter]:
        """Render the stale chapters as segments planned for the workers, longest first.

        Locally ``jobs`` processes render at once; with ``cluster``, the Dask
        cluster's workers do (an unreachable scheduler is an error before
        anything renders). With ``progress``, show the build's progress beat by
        beat (see ``lecture.render.progress``; local workers only).

        ``on_done(chapter, video_seconds, worker_seconds, note)`` follows each
        chapter's publishing. Call with the output folder's lock held.
        """
        self.out_dir.mkdir(parents=True, exist_ok=True)
        clean_work(self.out_dir)
        stale = self.stale()
        client = self.connect() if stale else None
        if client is not None:
            jobs = max(1, sum(client.nthreads().values()))
        try:
            # Planned for one worker, no chapter is cut: whole chapters, longest first.
            segments = self.plan(stale, jobs if self.split else 1)

            def publish(output: ChapterOutput, seconds: float) -> None:
                self._publish(output, seconds)
                note = ""
                if output.short_animations:
                    note = (f"{output.short_animations} animation(s) shorter than a frame at "
                            f"{self.preset.frame_rate} fps ran for one frame")
                on_done(output.chapter, output.seconds, seconds, note)

            render_chapters(segments, self.preset, self.out_dir, jobs=jobs, voice=self.voice, on_done=publish,
                            progress=progress, cluster=client, frame_hashes=self.frame_hashes is not None)
        finally:
            if client is not None:
                client.close()
                self._client = None
        self._stale = [chapter for chapter in self._stale or [] if chapter not in stale]
        return stale

    def burn_captions(self) -> None:
        """With ``burn``, draw the captions into each chapter that lacks its burned variant (after ``render``)."""
        if not self.burn:
            return
        for chapter in self.chapters:
            if not burned_path(self.out_dir, chapter.stem).is_file():
                video, captions, _, _ = chapter_paths(self.out_dir, chapter.stem)
                burn_captions(video, captions, burned_path(self.out_dir, chapter.stem))

    def assemble(self, all_chapters: Sequence[Chapter]) -> Path | None:
        """Join every chapter into lecture.mp4 by stream copy, unless it is current.

        The lecture is current when it was joined from these very chapter files
        and its own files still have the recorded content hashes. Returns the
        lecture's path, or None while a chapter's files are missing (a shard
        build: the assembly runs once every shard is in). Call with the output
        folder's lock held: it first removes what a killed join left (``clean_work``).
        """
        clean_work(self.out_dir)
        records = [ChapterRecord.load(self.out_dir, chapter.stem) for chapter in all_chapters]
        if any(record is None or record.preset != self.preset.name for record in records):
            return None
        lecture_key = hashlib.sha256(json.dumps(
            [[r.number, r.title, r.key, *(r.hashes.get(r.files.get(kind, "")) for kind in LECTURE_SOURCES)]
             for r in records] + [self.burn]
        ).encode()).hexdigest()[:16]
        video = self.out_dir / f"{LECTURE_STEM}.mp4"
        previous = self._previous_manifest()
        if previous is not None and previous.lecture.key == lecture_key and not self.force:
            damaged = damaged_files(self.out_dir, previous.lecture.hashes)
            if not damaged and previous.lecture.hashes:
                return video
            if damaged:
                self._note(f"{damaged[0]} is missing or not the file recorded (sha256) when the lecture was "
                           "joined: joining the lecture again")
        parts = [Part(record.title, self.out_dir / record.files["video"], self.out_dir / record.files["srt"])
                 for record in records]
        *starts, seconds = join_lecture(parts, video, captions=(self.out_dir / f"{LECTURE_STEM}.srt",
                                                                self.out_dir / f"{LECTURE_STEM}.vtt"))
        files = {"video": video.name, "srt": f"{LECTURE_STEM}.srt", "vtt": f"{LECTURE_STEM}.vtt"}
        files.update(self._join_described(records, starts))
        if self.burn:
            burned = burned_path(self.out_dir, LECTURE_STEM)
            # The same speech as the lecture just joined: its track copied, not encoded a second time.
            join_lecture([Part(part.title, burned_path(self.out_dir, part.video.stem), part.captions)
                          for part in parts], burned, captions=None,
                         speech_of=video if probe(video).audio else None)
            files["burned"] = burned.name
        Manifest(
            folder=self.out_dir, title=self.document.title, preset=self.preset.name,
            chapters=tuple(replace(record, start=start) for record, start in zip(records, starts)),
            lecture=LectureRecord(key=lecture_key, seconds=seconds, files=files,
                                  hashes=file_hashes(self.out_dir, files.values())),
        ).save()
        return video

    def _join_described(self, records: Sequence[ChapterRecord], starts: Sequence[float]) -> dict[str, str]:
        """Join the described chapters into the described lecture, and write the lecture's descriptions track."""
        video, captions, web_captions, track = described_paths(self.out_dir, LECTURE_STEM)
        join_lecture([Part(record.title, self.out_dir / record.files["described"],
                           self.out_dir / record.files["described_srt"]) for record in records],
                     video, captions=(captions, web_captions))
        cues = shifted_cues([(descriptions_cues([DescribedBeat.from_json(beat) for beat in record.descriptions]), start)
                             for record, start in zip(records, starts)])
        with atomic_path(track) as temporary:
            temporary.write_text(vtt_text(cues), encoding="utf-8")
        return {"described": video.name, "described_srt": captions.name, "described_vtt": web_captions.name,
                "descriptions": track.name}

    def _previous_manifest(self) -> Manifest | None:
        """The manifest of the last build here; one this build cannot read is rebuilt, with a note."""
        if not (self.out_dir / MANIFEST).exists():
            return None
        try:
            return Manifest.load(self.out_dir)
        except OldManifest:
            self._note(f"{MANIFEST} is from another version of the build: writing it again")
        except ManifestError:
            self._note(f"{MANIFEST} is not a manifest this build wrote (damaged?): writing it again")
        return None
