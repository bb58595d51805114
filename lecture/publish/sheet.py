"""Review sheets: every beat of the lecture at a glance, and what a change did to it.

A build leaves one poster per beat (``clips/NN-slug/*.png``, the picture the
beat ended on, as the scene captured it) and ``clips/NN-slug/index.json``. A
chapter's contact sheet puts those posters in order on one picture, each with
its beat id and the first line of its captions beneath; ``sheet/index.html``
shows every chapter's sheet. Nothing is rendered or decoded.

Compared with an earlier build, each beat gets a difference measure: the share
of the poster's pixels whose colour moved by more than ``PIXEL_TOLERANCE``
levels (of 255) in some channel. A beat is marked changed when that share is
above ``CHANGED_SHARE``. Renders are deterministic, so an unchanged beat
measures exactly 0 on the same machine; the tolerance and the threshold absorb
the faint anti-aliasing differences that another machine's fonts or cairo can
leave, while a recoloured line, a moved dot or a new label is far above them.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from lecture.core.outputs import CLIPS_FOLDER, CLIP_INDEX, SHEET_CHANGES, SHEET_FOLDER, SHEET_PAGE
from lecture.build.manifest import manifest_title, record_fields
from lecture.core.media import atomic_path, read_srt, swap_folder
from lecture.publish.pages import page_environment, static_text

__all__ = [
    "CHANGED_SHARE",
    "PIXEL_TOLERANCE",
    "BeatChange",
    "BeatPoster",
    "ChapterSheet",
    "NotABuild",
    "NothingToCompare",
    "SheetFiles",
    "compare_beats",
    "contact_sheet",
    "difference",
    "check_builds",
    "is_build",
    "load_beats",
    "sheet_html",
    "write_sheets",
]

# A pixel counts as changed when some channel moved by more than this many levels (of 255) ...
PIXEL_TOLERANCE = 16
# ... and a beat is marked changed when more than this share of its pixels did (0.05 %: 29 pixels at smoke).
CHANGED_SHARE = 0.0005

# The layout of a contact sheet: posters scaled to a fixed width, a few to a row.
TILE_WIDTH = 320
COLUMNS = 4
GAP = 16
FONT_SIZE = 13
FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core, which run.sh installs
PAGE_COLOUR, INK, MUTED = (255, 255, 255), (20, 20, 20), (90, 90, 90)
MARKS = {"changed": (214, 39, 40), "new": (230, 140, 0)}
FRAME = 4


class NotABuild(ValueError):
    """A folder that holds no build's clips, or not the chapters asked for."""


class NothingToCompare(NotABuild):
    """The folder to compare with holds no build's clips."""


@dataclass(frozen=True)
class BeatPoster:
    """One beat of a build: which it is, the first line it says, and its picture."""

    chapter: str
    stem: str
    name: str
    beat: str
    index: int
    caption: str
    poster: Path

    @property
    def label(self) -> str:
        """The beat id shown on the sheet: clip number in the chapter and the scene's beat name."""
        return f"{self.chapter}-{self.index:02} {self.beat}"


@dataclass(frozen=True)
class BeatChange:
    """A beat against the same beat of an earlier build."""

    status: str  # "same", "changed", "new" (no such beat before) or "removed" (no such beat now)
    after: BeatPoster | None
    before: BeatPoster | None
    difference: float | None  # share of the poster's pixels that changed; None for new and removed beats

    @property
    def beat(self) -> BeatPoster:
        return self.after or self.before


@dataclass(frozen=True)
class ChapterSheet:
    number: str
    title: str
    picture: Path
    beats: list[BeatPoster]
    changes: list[BeatChange] | None  # None without a comparison


@dataclass
class SheetFiles:
    """What ``write_sheets`` wrote, and what it found changed."""

    page: Path
    chapters: list[ChapterSheet]
    compared_with: Path | None = None
    missing_before: list[str] = field(default_factory=list)  # chapters the earlier build did not have

    @property
    def changes(self) -> list[BeatChange]:
        return [change for sheet in self.chapters for change in sheet.changes or () if change.status != "same"]


# --- reading a build ------------------------------------------------------------------------------------------------

def _chapter_folders(out_dir: Path) -> dict[str, Path]:
    """The chapters a build has clips for, by number: ``clips/NN-slug/`` with an index."""
    root = out_dir / CLIPS_FOLDER
    folders = sorted(path.parent for path in root.glob(f"*/{CLIP_INDEX}")) if root.is_dir() else []
    return {folder.name.split("-", 1)[0]: folder for folder in folders}


def is_build(folder: Path) -> bool:
    """Whether a folder holds a build's clips (``clips/NN-slug/index.json``)."""
    return bool(_chapter_folders(folder))


def check_builds(out_dir: Path, compare: Path | None = None) -> None:
    """Refuse a folder to review, or one to compare with, that holds no build; each in one line."""
    if compare is not None and not is_build(compare):
        raise NothingToCompare(f"{compare} is not a build folder (no {CLIPS_FOLDER}/NN-slug/{CLIP_INDEX} in it); "
                               "give the output folder of an earlier build")
    if not is_build(out_dir):
        raise NotABuild(f"{out_dir}/ holds no build (no {CLIPS_FOLDER}/NN-slug/{CLIP_INDEX}): "
                        "run 'build.py render' first")


def _first_line(captions: Path, fallback: str) -> str:
    try:
        cues = read_srt(captions)
    except (OSError, ValueError):
        cues = []
    return cues[0].content.splitlines()[0] if cues else fallback


def load_beats(folder: Path) -> list[BeatPoster]:
    """A chapter's beats in order, from its ``clips/NN-slug/index.json``."""
    try:
        entries = json.loads((folder / CLIP_INDEX).read_text(encoding="utf-8"))
        beats = [
            BeatPoster(chapter=entry["chapter"], stem=folder.name, name=Path(entry["files"]["mp4"]).stem,
                       beat=entry["beat"], index=entry["index"], poster=folder / entry["files"]["poster"],
                       caption=_first_line(folder / entry["files"]["srt"], entry.get("captions", "")))
            for entry in entries
        ]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise NotABuild(f"{folder / CLIP_INDEX} is not a clips index a build wrote ({error})") from None
    missing = [beat.poster.name for beat in beats if not beat.poster.is_file()]
    if missing:
        raise NotABuild(f"{folder}/ lacks the poster {missing[0]}: render §{beats[0].chapter} again "
                        f"(build.py render {beats[0].chapter} --force)")
    return beats


# --- comparing two builds -------------------------------------------------------------------------------------------

def difference(before: Path, after: Path) -> float:
    """The share of pixels whose colour moved by more than ``PIXEL_TOLERANCE`` in some channel."""
    with Image.open(before) as first, Image.open(after) as second:
        if first.size != second.size:
            raise NotABuild(f"{before} is {first.size[0]}x{first.size[1]} but {after} is "
                            f"{second.size[0]}x{second.size[1]}: compare builds made at one preset")
        a = np.asarray(first.convert("RGB"), dtype=np.int16)
        b = np.asarray(second.convert("RGB"), dtype=np.int16)
    return float((np.abs(a - b).max(axis=-1) > PIXEL_TOLERANCE).mean())


def _keyed(beats: Sequence[BeatPoster]) -> dict[tuple[str, int], BeatPoster]:
    """Beats by name and occurrence: clip numbers shift when a beat is added, beat names do not."""
    seen: Counter[str] = Counter()
    keyed = {}
    for beat in beats:
        seen[beat.beat] += 1
        keyed[beat.beat, seen[beat.beat]] = beat
    return keyed


def compare_beats(before: Sequence[BeatPoster], after: Sequence[BeatPoster]) -> list[BeatChange]:
    """Each beat of ``after`` against the same beat of ``before``; then the beats that are gone."""
    earlier, later = _keyed(before), _keyed(after)
    changes = []
    for key, beat in later.items():
        old = earlier.get(key)
        if old is None:
            changes.append(BeatChange("new", beat, None, None))
            continue
        share = difference(old.poster, beat.poster)
        changes.append(BeatChange("changed" if share > CHANGED_SHARE else "same", beat, old, share))
    changes += [BeatChange("removed", None, old, None) for key, old in earlier.items() if key not in later]
    return changes


# --- the contact sheet ----------------------------------------------------------------------------------------------

def _font(size: int, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    return ImageFont.truetype(str(path), size) if path.is_file() else ImageFont.load_default(size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> str:
    """The text, cut with an ellipsis to fit the width."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def contact_sheet(heading: str, beats: Sequence[BeatPoster], destination: Path,
                  changes: Sequence[BeatChange] | None = None) -> None:
    """One picture: every beat's poster in order, its id and first caption line beneath; changes framed."""
    marks = {change.after.name: change for change in changes or () if change.after and change.status != "same"}
    regular, bold = _font(FONT_SIZE), _font(FONT_SIZE, bold=True)
    line = FONT_SIZE + 5
    tiles = []
    for beat in beats:
        with Image.open(beat.poster) as poster:
            tile = poster.convert("RGB")
        tiles.append(tile.resize((TILE_WIDTH, max(1, round(tile.height * TILE_WIDTH / tile.width))),
                                 Image.Resampling.LANCZOS) if tile.width != TILE_WIDTH else tile)
    tile_height = max((tile.height for tile in tiles), default=TILE_WIDTH * 9 // 16)
    cell_height = tile_height + 2 * FRAME + 2 * line + GAP
    columns = max(1, min(COLUMNS, len(tiles)))
    rows = max(1, -(-len(tiles) // columns))
    header = 2 * line + GAP
    width = GAP + columns * (TILE_WIDTH + 2 * FRAME + GAP)
    sheet = Image.new("RGB", (width, header + rows * cell_height), PAGE_COLOUR)
    draw = ImageDraw.Draw(sheet)
    draw.text((GAP, GAP), _fit(draw, heading, bold, width - 2 * GAP), font=bold, fill=INK)
    for position, (beat, tile) in enumerate(zip(beats, tiles)):
        x = GAP + (position % columns) * (TILE_WIDTH + 2 * FRAME + GAP)
        y = header + (position // columns) * cell_height
        change = marks.get(beat.name)
        if change is not None:
            draw.rectangle((x, y, x + TILE_WIDTH + 2 * FRAME - 1, y + tile.height + 2 * FRAME - 1),
                           fill=MARKS[change.status])
        sheet.paste(tile, (x + FRAME, y + FRAME))
        text_y = y + tile.height + 2 * FRAME + 2
        label = beat.label
        if change is not None:
            label += f"  {change.status}" + (f" {change.difference:.1%}" if change.difference is not None else "")
        draw.text((x, text_y), _fit(draw, label, bold, TILE_WIDTH + 2 * FRAME), font=bold,
                  fill=MARKS[change.status] if change is not None else INK)
        draw.text((x, text_y + line), _fit(draw, beat.caption, regular, TILE_WIDTH + 2 * FRAME), font=regular,
                  fill=MUTED)
    with atomic_path(destination) as temporary:
        sheet.save(temporary, format="PNG")


# --- the page -------------------------------------------------------------------------------------------------------

def _change_view(change: BeatChange, before: str | None, after: str | None) -> dict[str, Any]:
    beat = change.beat
    measure = f" — {change.difference:.2%} of the pixels changed" if change.difference is not None else ""
    return {"status": change.status, "label": beat.label, "measure": measure, "caption": beat.caption,
            "pictures": [(side, src) for side, src in (("before", before), ("after", after)) if src is not None]}


def sheet_html(title: str, chapters: Sequence[ChapterSheet], compared_with: str | None,
               pairs: dict[str, tuple[str | None, str | None]], missing_before: Sequence[str] = ()) -> str:
    """The review page (``templates/sheet.html``): a summary of what changed, then each chapter's changes and
    its contact sheet.

    ``pairs`` gives, by clip name, the before and after pictures of each changed, new or removed beat.
    """
    counts = Counter(change.status for chapter in chapters for change in chapter.changes or ())
    views = [{"number": chapter.number, "title": chapter.title, "picture": chapter.picture.name,
              "beats": len(chapter.beats),
              "marked": sum(change.status != "same" for change in chapter.changes or ()),
              "changes": [_change_view(change, *pairs.get(change.beat.name, (None, None)))
                          for change in chapter.changes or () if change.status != "same"]}
             for chapter in chapters]
    page = page_environment().get_template("sheet.html").render(
        title=title, style=static_text("sheet.css"), chapters=views, compared_with=compared_with,
        beats=sum(len(chapter.beats) for chapter in chapters), counts=counts,
        changed_share=f"{CHANGED_SHARE:.2%}", tolerance=PIXEL_TOLERANCE, missing_before=", ".join(missing_before))
    return page + "\n"


# --- the whole sheet folder -----------------------------------------------------------------------------------------

def write_sheets(out_dir: Path, numbers: Sequence[str] | None = None, compare: Path | None = None) -> SheetFiles:
    """Write ``sheet/NN-slug.png`` for each chapter and ``sheet/index.html``; compare with an earlier build.

    ``numbers`` picks chapters (all the build has by default). The sheet folder is
    built aside and swapped in whole, and holds copies of the before and after
    pictures of each marked beat, so it can be published or uploaded on its own.
    """
    check_builds(out_dir, compare)
    folders = _chapter_folders(out_dir)
    wanted = list(folders) if numbers is None else list(numbers)
    absent = [number for number in wanted if number not in folders]
    if absent:
        raise NotABuild(f"{out_dir}/ has no clips of chapter {', '.join(absent)}: render it first "
                        f"(build.py render {' '.join(absent)})")
    earlier: dict[str, Path] = {}
    if compare is not None:
        earlier = _chapter_folders(compare)
        for number in wanted:
            if number in earlier:
                now = record_fields(out_dir, folders[number].name).get("preset")
                then = record_fields(compare, earlier[number].name).get("preset")
                if now and then and now != then:
                    raise NotABuild(f"--compare {compare}: built at {then}, but {out_dir}/ at {now}; "
                                    "compare builds made at one preset")

    target = out_dir / SHEET_FOLDER
    staging = Path(tempfile.mkdtemp(prefix=f".{SHEET_FOLDER}.", dir=out_dir))
    try:
        chapters, pairs = [], {}
        for number in wanted:
            folder = folders[number]
            beats = load_beats(folder)
            title = record_fields(out_dir, folder.name).get("title") or folder.name
            changes = None
            if compare is not None:
                changes = compare_beats(load_beats(earlier[number]) if number in earlier else [], beats)
                for change in changes:
                    if change.status == "same":
                        continue
                    sides = []
                    for side, poster in (("before", change.before), ("after", change.after)):
                        if poster is None:
                            sides.append(None)
                            continue
                        name = f"compare/{poster.name}.{side}.png"
                        (staging / "compare").mkdir(exist_ok=True)
                        shutil.copyfile(poster.poster, staging / name)
                        sides.append(name)
                    pairs[change.beat.name] = tuple(sides)
            heading = f"§{number} {title} — {len(beats)} beats"
            if changes is not None:
                marked = sum(change.status != "same" for change in changes)
                heading += f", {marked} marked" if marked else ", none changed"
            picture = staging / f"{folder.name}.png"
            contact_sheet(heading, beats, picture, changes)
            chapters.append(ChapterSheet(number, title, target / picture.name, beats, changes))
        missing_before = [number for number in wanted if compare is not None and number not in earlier]
        title = manifest_title(out_dir) or out_dir.name
        (staging / SHEET_PAGE).write_text(
            sheet_html(title, chapters, str(compare) if compare is not None else None, pairs, missing_before),
            encoding="utf-8")
        files = SheetFiles(target / SHEET_PAGE, chapters, compare, missing_before)
        (staging / SHEET_CHANGES).write_text(json.dumps(_changes_json(files), indent=2) + "\n", encoding="utf-8")
        swap_folder(staging, target)  # its mode too: mkdtemp makes it private, and a web server reads the sheet
        return files
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _changes_json(files: SheetFiles) -> dict:
    """What the page says, for scripts: every marked beat with its measure."""
    return {
        "compared_with": str(files.compared_with) if files.compared_with else None,
        "pixel_tolerance": PIXEL_TOLERANCE,
        "changed_share": CHANGED_SHARE,
        "chapters": [{"number": sheet.number, "title": sheet.title, "sheet": sheet.picture.name,
                      "beats": len(sheet.beats)} for sheet in files.chapters],
        "marked": [{"status": change.status, "chapter": change.beat.chapter, "clip": change.beat.name,
                    "beat": change.beat.beat, "difference": change.difference} for change in files.changes],
    }
