"""What a build leaves in its output folder, as one typed model: chapter records and the manifest.

The build writes a ``ChapterRecord`` beside each chapter's files (``NN-slug.json``)
and, once the lecture is joined, ``manifest.json`` with every record, where each
chapter starts and the lecture's own files. Every reader (the build deciding what
is up to date, the preview, the transcript, the tests) loads them through this
module. Each record holds the sha256 of every file it names, so a damaged or
replaced file is noticed before it is reused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import srt

from lecture.core.outputs import MANIFEST, record_path
from lecture.core.media import atomic_path, read_srt

__all__ = [
    "FORMAT",
    "ChapterRecord",
    "manifest_title",
    "record_fields",
    "LectureRecord",
    "Manifest",
    "ManifestError",
    "OldManifest",
    "damaged_files",
    "file_hashes",
    "sha256_file",
]

# Bump when the shape of a record or the manifest changes; older files are rebuilt, never half-read.
FORMAT = 2
_CHUNK = 1 << 20


class ManifestError(RuntimeError):
    """The output folder holds no complete, readable build of the lecture."""


class OldManifest(ManifestError):
    """A manifest or record written by an older version of the build."""


def sha256_file(path: Path) -> str:
    """The file's content hash: far cheaper than a render, and it notices a flipped byte."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes(folder: Path, names: Iterable[str]) -> dict[str, str]:
    """``{name: sha256}`` for files named relative to ``folder``."""
    return {name: sha256_file(folder / name) for name in sorted(set(names))}


def damaged_files(folder: Path, hashes: Mapping[str, str]) -> list[str]:
    """The recorded files that are missing or whose bytes are not the ones recorded."""
    damaged = []
    for name, expected in hashes.items():
        path = folder / name
        try:
            if not path.is_file() or sha256_file(path) != expected:
                damaged.append(name)
        except OSError:
            damaged.append(name)
    return damaged


def _typed(data: Any, source: Path, kind: type, what: str) -> Any:
    if not isinstance(data, kind):
        raise ManifestError(f"{source}: {what} is {type(data).__name__}, not {kind.__name__}")
    return data


def _strings(data: Any, source: Path, what: str) -> dict[str, str]:
    mapping = _typed(data, source, dict, what)
    if not all(isinstance(key, str) and isinstance(value, str) for key, value in mapping.items()):
        raise ManifestError(f"{source}: {what} must map names to strings")
    return dict(mapping)


def _number(data: Any, source: Path, what: str) -> float:
    if isinstance(data, bool) or not isinstance(data, (int, float)):
        raise ManifestError(f"{source}: {what} is not a number")
    return float(data)


def _check_format(data: Any, source: Path) -> dict:
    mapping = _typed(data, source, dict, "the top level")
    found = mapping.get("format")
    if found != FORMAT:
        raise OldManifest(f"{source} was written by another version of the build (format {found or 1}, "
                          f"this one reads {FORMAT})")
    return mapping


@dataclass(frozen=True)
class ChapterRecord:
    """One rendered chapter: what made it (``key``), what it is, and the hash of each of its files.

    ``files`` names the chapter's files by kind (video, srt, vtt, poster, clips);
    ``hashes`` holds the sha256 of every published file of the chapter, clips
    included, by its path relative to the output folder. ``start`` is where the
    chapter begins in the joined lecture (set in the manifest only).
    """

    number: str
    title: str
    key: str
    preset: str
    seconds: float
    cues: int
    files: dict[str, str]
    hashes: dict[str, str]
    render_seconds: float = 0.0  # wall time of the render, for the benchmark and for planning
    start: float = 0.0
    beat_seconds: dict[str, float] = field(default_factory=dict)  # each beat's render time, by reference: planning
    fast_forward_share: float | None = None  # what fast-forwarding a beat cost against rendering it, when it was cut
    # Each beat's description and its hold in the described version (``lecture.render.described.DescribedBeat``).
    descriptions: list[dict] = field(default_factory=list)

    @property
    def stem(self) -> str:
        """``01-what-a-derivative-is``: the name the chapter's files share."""
        return Path(self.files["video"]).stem

    @staticmethod
    def path(out_dir: Path, stem: str) -> Path:
        return record_path(out_dir, stem)

    def to_json(self) -> dict:
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_json(cls, data: Any, source: Path) -> ChapterRecord:
        """A record from parsed JSON; anything else is a ManifestError naming ``source``."""
        mapping = _typed(data, source, dict, "a chapter record")
        missing = [item.name for item in fields(cls) if item.name not in mapping
                   and item.name not in {"render_seconds", "start", "beat_seconds", "fast_forward_share",
                                                  "descriptions"}]
        if missing:
            raise ManifestError(f"{source}: a chapter record lacks {', '.join(missing)}")
        record = cls(
            number=str(_typed(mapping["number"], source, str, "number")),
            title=str(_typed(mapping["title"], source, str, "title")),
            key=str(_typed(mapping["key"], source, str, "key")),
            preset=str(_typed(mapping["preset"], source, str, "preset")),
            seconds=_number(mapping["seconds"], source, "seconds"),
            cues=int(_number(mapping["cues"], source, "cues")),
            files=_strings(mapping["files"], source, "files"),
            hashes=_strings(mapping["hashes"], source, "hashes"),
            render_seconds=_number(mapping.get("render_seconds", 0.0), source, "render_seconds"),
            start=_number(mapping.get("start", 0.0), source, "start"),
            beat_seconds={str(reference): _number(seconds, source, "beat_seconds")
                          for reference, seconds in _typed(mapping.get("beat_seconds", {}), source, dict,
                                                           "beat_seconds").items()},
            fast_forward_share=(None if mapping.get("fast_forward_share") is None
                                else _number(mapping["fast_forward_share"], source, "fast_forward_share")),
            descriptions=[dict(_typed(entry, source, dict, "a description"))
                          for entry in _typed(mapping.get("descriptions", []), source, list, "descriptions")],
        )
        if "video" not in record.files:
            raise ManifestError(f"{source}: a chapter record names no video")
        return record

    @classmethod
    def load(cls, out_dir: Path, stem: str) -> ChapterRecord | None:
        """The chapter's record, or None when there is none this build can trust (it is then rebuilt)."""
        path = cls.path(out_dir, stem)
        try:
            data = _check_format(json.loads(path.read_text(encoding="utf-8")), path)
            return cls.from_json(data, path)
        except (OSError, ValueError, ManifestError):
            return None

    def damaged(self, out_dir: Path) -> list[str]:
        """The chapter's files that are missing or not the bytes recorded."""
        return damaged_files(out_dir, self.hashes)

    def save(self, out_dir: Path) -> Path:
        destination = self.path(out_dir, self.stem)
        record = replace(self, start=0.0)
        with atomic_path(destination) as temporary:
            temporary.write_text(json.dumps(record.to_json(), indent=2) + "\n", encoding="utf-8")
        return destination


def record_fields(out_dir: Path, stem: str) -> dict:
    """A chapter record's fields as written, or none: for a reader that only labels a chapter (the review sheet),
    and so takes a record of another version of the build too."""
    try:
        return json.loads(ChapterRecord.path(out_dir, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def manifest_title(folder: Path) -> str | None:
    """The lecture's title as the folder's manifest gives it, read as leniently (None without one)."""
    try:
        return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["title"]
    except (OSError, ValueError, KeyError):
        return None


def _no_manifest(folder: Path) -> ManifestError:
    return ManifestError(f"{folder}/ has no {MANIFEST}: run 'build.py render --out {folder}' first "
                         "to render the whole lecture")


@dataclass(frozen=True)
class LectureRecord:
    """The joined lecture: what it was joined from (``key``), its length, its files and their hashes."""

    key: str
    seconds: float
    files: dict[str, str]
    hashes: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any, source: Path) -> LectureRecord:
        mapping = _typed(data, source, dict, "lecture")
        try:
            return cls(key=str(_typed(mapping["key"], source, str, "lecture key")),
                       seconds=_number(mapping["seconds"], source, "lecture seconds"),
                       files=_strings(mapping["files"], source, "lecture files"),
                       hashes=_strings(mapping.get("hashes", {}), source, "lecture hashes"))
        except KeyError as error:
            raise ManifestError(f"{source}: lecture lacks {error.args[0]}") from None


@dataclass(frozen=True)
class Manifest:
    """``manifest.json`` of an output folder: what a full build wrote there."""

    folder: Path
    title: str
    preset: str
    chapters: tuple[ChapterRecord, ...]
    lecture: LectureRecord

    def to_json(self) -> dict:
        return {"format": FORMAT, "title": self.title, "preset": self.preset,
                "chapters": [asdict(chapter) for chapter in self.chapters], "lecture": asdict(self.lecture)}

    @classmethod
    def from_json(cls, data: Any, folder: Path) -> Manifest:
        source = folder / MANIFEST
        mapping = _check_format(data, source)
        try:
            chapters = _typed(mapping["chapters"], source, list, "chapters")
            return cls(folder=folder, title=str(_typed(mapping["title"], source, str, "title")),
                       preset=str(_typed(mapping["preset"], source, str, "preset")),
                       chapters=tuple(ChapterRecord.from_json(entry, source) for entry in chapters),
                       lecture=LectureRecord.from_json(mapping["lecture"], source))
        except KeyError as error:
            raise ManifestError(f"{source}: the manifest lacks {error.args[0]}") from None

    @staticmethod
    def require(folder: Path) -> None:
        """Refuse a folder with no manifest, saying to render first (a reader checks before taking the lock)."""
        if not (folder / MANIFEST).is_file():
            raise _no_manifest(folder)

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Read the manifest; a missing, damaged or older one is a ManifestError that says what to do."""
        path = folder / MANIFEST
        rebuild = f"run 'build.py render --out {folder}' to rebuild it"
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise _no_manifest(folder) from None
        except (OSError, ValueError) as error:
            raise ManifestError(f"{path} cannot be read ({error}): {rebuild}") from None
        try:
            return cls.from_json(data, folder)
        except OldManifest as error:
            raise OldManifest(f"{error}: {rebuild}") from None
        except ManifestError as error:
            raise ManifestError(f"{error}; it is not a lecture manifest: {rebuild}") from None

    def save(self) -> Path:
        destination = self.folder / MANIFEST
        with atomic_path(destination) as temporary:
            temporary.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")
        return destination

    def cues(self, chapter: ChapterRecord) -> list[srt.Subtitle]:
        """The chapter's captions, timed from the chapter's own start."""
        return read_srt(self.folder / chapter.files["srt"])
