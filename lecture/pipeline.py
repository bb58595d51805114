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
from dataclasses import asdict, dataclass
from importlib.metadata import version
from pathlib import Path

from lecture.assemble import Part, burn_captions, join_lecture
from lecture.clips import CLIPS_FOLDER, export_gif, export_webm
from lecture.chapters import Chapter
from lecture.media import TRANSPARENT_SUFFIX, atomic_path, read_srt
from lecture.presets import Preset
from lecture.recordings import recordings_folder
from lecture.spoken import pronunciations_path
from lecture.text import ASSETS, Document, load_document
from lecture.voice import DEFAULT_VOICE, VOICES, Voice

__all__ = [
    "BuildLocked",
    "ChapterRecord",
    "LectureBuild",
    "chapter_key",
    "parse_shard",
    "output_lock",
]

PACKAGE_ROOT = Path(__file__).resolve().parent.parent
# Code that shapes a chapter's pictures or captions; a change re-renders every chapter.
RENDER_CODE = ("lecture/text.py", "lecture/mathtext.py", "lecture/captions.py", "lecture/chapters.py",
               "lecture/render.py", "lecture/media.py", "lecture/clips.py", "lecture/spoken.py", "lecture/voice.py",
               "lecture/audio.py")
MANIFEST = "manifest.json"
LECTURE_STEM = "lecture"
BURNED_SUFFIX = ".burned.mp4"
# The formats a clip can have besides its MP4, by their key in clips/index.json.
VARIANT_SUFFIXES = {"gif": ".gif", "webm": ".webm", "transparent": TRANSPARENT_SUFFIX,
                    "transparent-webm": ".transparent.webm", "burned": BURNED_SUFFIX}


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
            digest.update(f"{adaptation.original}\0{adaptation.video}\0".encode())
    kit = sorted((PACKAGE_ROOT / "scenes" / "kit").glob("*.py"))
    spoken, recordings = pronunciations_path(), recordings_folder(chapter.number)
    assets = [ASSETS / "theme.toml", *([spoken] if voice and spoken.exists() else []),
              # The lecturer's recordings of this chapter's beats: adding or changing one renders this chapter.
              *(sorted(recordings.iterdir()) if voice and recordings.is_dir() else [])]
    for path in (chapter.source_path, *kit, *(PACKAGE_ROOT / name for name in RENDER_CODE), *assets):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class ChapterRecord:
    """What a render left in the output folder, kept beside the chapter's files."""

    number: str
    title: str
    key: str
    preset: str
    seconds: float
    cues: int
    files: dict[str, str]
    sizes: dict[str, int]
    render_seconds: float = 0.0  # wall time of the render, for the benchmark and for planning

    @staticmethod
    def path(out_dir: Path, chapter: Chapter) -> Path:
        return out_dir / f"{chapter.stem}.json"

    @classmethod
    def load(cls, out_dir: Path, chapter: Chapter) -> ChapterRecord | None:
        try:
            return cls(**json.loads(cls.path(out_dir, chapter).read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None

    def is_current(self, out_dir: Path, key: str) -> bool:
        """Same key, and every file still there at the size it was written."""
        return self.key == key and all(
            (out_dir / name).is_file() and (out_dir / name).stat().st_size == self.sizes.get(name)
            for name in self.files.values()
        )

    def save(self, out_dir: Path, chapter: Chapter) -> None:
        with atomic_path(self.path(out_dir, chapter)) as temporary:
            temporary.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


@dataclass
class LectureBuild:
    """One build of (some of) the lecture's chapters into one output folder."""

    chapters: Sequence[Chapter]
    preset: Preset
    out_dir: Path
    burn: bool = False
    force: bool = False
    voice: Voice | None = VOICES[DEFAULT_VOICE]  # None: silent, captioned chapters

    def __post_init__(self) -> None:
        self.document = load_document()
        self.keys = {chapter.number: chapter_key(chapter, self.preset, self.document, self.voice)
                     for chapter in self.chapters}

    def stale(self) -> list[Chapter]:
        """The chapters whose files are missing or were made from something else."""
        if self.force:
            return list(self.chapters)
        return [
            chapter for chapter in self.chapters
            if not ((record := ChapterRecord.load(self.out_dir, chapter))
                    and record.is_current(self.out_dir, self.keys[chapter.number]))
        ]

    def burned(self, chapter: Chapter) -> Path:
        return self.out_dir / f"{chapter.stem}{BURNED_SUFFIX}"

    def render(self, *, jobs: int, on_done: Callable[[Chapter, float, float], None]) -> list[Chapter]:
        """Render the stale chapters, longest first so that the last job is a short one."""
        from lecture.render import render_chapters

        stale = self.stale()
        frame_rate = float(self.preset.frame_rate)
        # Timed for reading: close enough to order the work, and it speaks nothing in this process.
        stale.sort(key=lambda chapter: -chapter.captioned_seconds(frame_rate, self.document, voice=None))

        def publish(output, seconds: float) -> None:
            chapter = output.chapter
            files = {"video": output.video.name, "srt": output.srt.name, "vtt": output.vtt.name,
                     "poster": output.poster.name, "clips": output.clips.relative_to(self.out_dir).as_posix()}
            ChapterRecord(
                number=chapter.number, title=chapter.title(self.document), key=self.keys[chapter.number],
                preset=self.preset.name, seconds=output.seconds, cues=len(read_srt(output.srt)),
                files=files, sizes={name: (self.out_dir / name).stat().st_size for name in files.values()},
                render_seconds=round(seconds, 1),
            ).save(self.out_dir, chapter)
            self.burned(chapter).unlink(missing_ok=True)  # it was made from the old video
            on_done(chapter, output.seconds, seconds)

        render_chapters(stale, self.preset, self.out_dir, jobs=jobs, voice=self.voice, on_done=publish)
        if self.burn:
            for chapter in self.chapters:
                if not self.burned(chapter).is_file():
                    video, captions = (self.out_dir / f"{chapter.stem}{suffix}" for suffix in (".mp4", ".srt"))
                    burn_captions(video, captions, self.burned(chapter))
        return stale

    def export_clips(self, *, gif: bool, webm: bool, transparent: bool, burn: bool, jobs: int) -> Path:
        """Add the requested formats to every beat clip and write ``clips/index.json``.

        Call after ``render``: the MP4 clips, their captions and posters come with it.
        """
        from lecture.render import render_chapters, transparent_path

        if transparent:
            # The overlay variant is a second render; redo it when the chapter was re-rendered.
            behind = [chapter for chapter in self.chapters
                      if not transparent_path(self.out_dir, chapter).is_file()
                      or transparent_path(self.out_dir, chapter).stat().st_mtime
                      < ChapterRecord.path(self.out_dir, chapter).stat().st_mtime]
            render_chapters(behind, self.preset, self.out_dir, jobs=jobs, voice=self.voice, transparent=True)
        clips_root = self.out_dir / CLIPS_FOLDER
        index = []
        for chapter in self.chapters:
            folder = clips_root / chapter.stem
            for entry in json.loads((folder / "index.json").read_text(encoding="utf-8")):
                video = folder / entry["files"]["mp4"]
                overlay = folder / f"{video.stem}{TRANSPARENT_SUFFIX}"
                captions = folder / entry["files"]["srt"]
                wanted = {"gif": (gif, video, export_gif), "webm": (webm, video, export_webm),
                          "transparent-webm": (webm and overlay.is_file(), overlay, export_webm),
                          "burned": (burn, video, lambda source, made: burn_captions(source, captions, made))}
                for kind, (asked, source, export) in wanted.items():
                    made = folder / f"{video.stem}{VARIANT_SUFFIXES[kind]}"
                    if asked and (not made.is_file() or made.stat().st_mtime < source.stat().st_mtime):
                        export(source, made)
                for kind, suffix in VARIANT_SUFFIXES.items():
                    if (folder / f"{video.stem}{suffix}").is_file():
                        entry["files"][kind] = f"{video.stem}{suffix}"
                        # Made from the MP4, these carry its speech; a GIF has none, the overlays none yet.
                        if "mp4" in entry.get("sound", ()) and kind in {"webm", "burned"}:
                            entry["sound"] = [*entry["sound"], kind]
                entry["files"] = {kind: f"{chapter.stem}/{name}" for kind, name in entry["files"].items()}
                index.append(entry)
        with atomic_path(clips_root / "index.json") as temporary:
            temporary.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
        return clips_root / "index.json"

    def assemble(self, all_chapters: Sequence[Chapter]) -> Path | None:
        """Join every chapter into lecture.mp4 by stream copy, unless it is current.

        Returns the lecture's path, or None while a chapter's files are missing
        (a shard build: the assembly runs once every shard is in).
        """
        records = [ChapterRecord.load(self.out_dir, chapter) for chapter in all_chapters]
        if any(record is None or record.preset != self.preset.name for record in records):
            return None
        lecture_key = hashlib.sha256(
            json.dumps([[r.number, r.title, r.key] for r in records] + [self.burn]).encode()
        ).hexdigest()[:16]
        manifest_path = self.out_dir / MANIFEST
        video = self.out_dir / f"{LECTURE_STEM}.mp4"
        try:
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))["lecture"]["key"]
        except (OSError, ValueError, KeyError):
            previous = None
        if previous == lecture_key and video.is_file() and not self.force:
            return video
        parts = [Part(record.title, self.out_dir / record.files["video"], self.out_dir / record.files["srt"])
                 for record in records]
        *starts, seconds = join_lecture(parts, video, captions=(self.out_dir / f"{LECTURE_STEM}.srt",
                                                                self.out_dir / f"{LECTURE_STEM}.vtt"))
        files = {"video": video.name, "srt": f"{LECTURE_STEM}.srt", "vtt": f"{LECTURE_STEM}.vtt"}
        if self.burn:
            burned = self.out_dir / f"{LECTURE_STEM}{BURNED_SUFFIX}"
            join_lecture([Part(part.title, self.out_dir / (part.video.stem + BURNED_SUFFIX), part.captions)
                          for part in parts], burned, captions=None)
            files["burned"] = burned.name
        manifest = {
            "title": self.document.title,
            "preset": self.preset.name,
            "chapters": [asdict(record) | {"start": start} for record, start in zip(records, starts)],
            "lecture": {"key": lecture_key, "seconds": seconds, "files": files},
        }
        with atomic_path(manifest_path) as temporary:
            temporary.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        return video
