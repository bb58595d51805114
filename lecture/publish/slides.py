"""Slides of a rendered lecture: a reveal.js deck, two PowerPoint decks and a printed handout.

``build.py slides`` reads what a render left in the output folder (``manifest.json``,
each chapter's ``clips/NN-slug/index.json`` with its beat clips, captions and posters)
and writes ``slides/``:

- ``index.html``: a reveal.js deck (reveal.js 6 ships in ``lecture/publish/static/reveal-6.0.2/``;
  no CDN, no network), a title slide per chapter and a slide per beat with the beat's
  clip, poster and caption track, and the beat's words as speaker notes. Two modes:
  self-running (the voice plays, the deck moves on when a clip ends) and live
  (clips without their voice, the deck moves on by key, the notes in the speaker view);
- ``lecture.pptx`` (voice, moves on by itself) and ``lecture-live.pptx`` (silent clips,
  moves on by click), the same slides with each clip as a movie that starts on its own,
  its poster frame, the notes, and a section per chapter;
- ``handout.pdf`` (and the ``handout.html`` it is printed from by Chromium): per chapter
  its key formulas, then each beat's poster beside its words;
- ``clips/``: the clips the decks play (linked from the build's, plus a silent copy of each).

The folder is staged and swapped in whole, so a reader never finds half of it.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from lecture.core.outputs import DECK, HANDOUT, HANDOUT_HTML, LIVE_PPTX, PPTX, SILENT_SUFFIX, SLIDES_FOLDER
from lecture.build.manifest import ChapterRecord, Manifest, ManifestError, damaged_files
from lecture.core.media import ToolMissing, run_tool, swap_folder
from lecture.maths import latex_to_text
from lecture.text.document import TextReferenceError, load_document
from lecture.publish.pages import STATIC, page_environment, static_text

__all__ = ["BeatSlide", "ChapterSlides", "Deck", "SlideFiles", "read_deck", "write_slides"]

TITLE_SECONDS = 5.0  # how long a chapter's title slide stays up in the self-running decks
CHROMIUM = Path("/usr/bin/chromium")

REVEAL = STATIC / "reveal-6.0.2"  # copied into slides/reveal/


@dataclass(frozen=True)
class BeatSlide:
    """One beat: its clip (with and without the voice), captions and poster, by their paths in ``slides/``."""

    chapter: str
    beat: str
    index: int
    seconds: float
    notes: str
    video: str
    silent: str
    captions: str
    poster: str

    @property
    def title(self) -> str:
        """``tangent-and-secant:1`` → ``Tangent and secant 1``."""
        words = " ".join(self.beat.replace("-", " ").replace("_", " ").replace(":", " ").split())
        return words[:1].upper() + words[1:]


@dataclass(frozen=True)
class ChapterSlides:
    number: str
    title: str
    stem: str
    seconds: float
    poster: str | None
    formulas: tuple[str, ...]
    beats: tuple[BeatSlide, ...]


@dataclass(frozen=True)
class Deck:
    """What the slides show, read from a build."""

    folder: Path
    title: str
    chapters: tuple[ChapterSlides, ...]

    @property
    def slide_count(self) -> int:
        """A title slide per chapter and a slide per beat."""
        return sum(1 + len(chapter.beats) for chapter in self.chapters)


@dataclass(frozen=True)
class SlideFiles:
    folder: Path
    deck: Path
    pptx: Path
    live_pptx: Path
    handout: Path
    slides: int


def _render_first(out_dir: Path, what: str) -> ManifestError:
    return ManifestError(f"{what}: run 'build.py render --out {out_dir}' first")


def key_formulas(number: str) -> tuple[str, ...]:
    """The display formulas of the chapter's section of the text, as the captions write them."""
    try:
        section = load_document().section(number)
    except TextReferenceError:
        return ()
    return tuple(latex_to_text(block.math) for block in section.blocks if block.kind == "math")


def _chapter_slides(out_dir: Path, record: ChapterRecord) -> ChapterSlides:
    index_name = record.files.get("clips")
    index_path = out_dir / index_name if index_name else None
    if index_path is None or not index_path.is_file():
        raise _render_first(out_dir, f"{out_dir}/ has no beat clips of §{record.number} (clips/{record.stem}/)")
    try:
        entries = json.loads(index_path.read_text(encoding="utf-8"))
        folder = index_path.parent.relative_to(out_dir).as_posix()
        beats = []
        for entry in entries:
            files = {kind: f"{folder}/{name}" for kind, name in entry["files"].items()}
            beats.append(BeatSlide(
                chapter=record.number, beat=str(entry["beat"]), index=int(entry["index"]),
                seconds=float(entry["seconds"]), notes=str(entry["captions"]), video=files["mp4"],
                silent=str(Path(files["mp4"]).with_suffix(SILENT_SUFFIX)), captions=files["vtt"],
                poster=files["poster"]))
    except (ValueError, KeyError, TypeError) as error:
        raise ManifestError(f"{index_path} cannot be read ({error}): run 'build.py render --out {out_dir}' "
                            "again") from None
    needed = {name for beat in beats for name in (beat.video, beat.captions, beat.poster)}
    missing = sorted(name for name in needed if not (out_dir / name).is_file())
    damaged = damaged_files(out_dir, {name: digest for name, digest in record.hashes.items() if name in needed})
    if missing or damaged:
        names = sorted(set(missing) | set(damaged))
        raise ManifestError(f"{out_dir}/: {', '.join(names[:3])}{' …' if len(names) > 3 else ''} "
                            f"{'is' if len(names) == 1 else 'are'} missing or changed since the render: "
                            f"run 'build.py render --out {out_dir}' again")
    poster = record.files.get("poster")
    return ChapterSlides(number=record.number, title=record.title, stem=record.stem, seconds=record.seconds,
                         poster=poster if poster and (out_dir / poster).is_file() else None,
                         formulas=key_formulas(record.number), beats=tuple(beats))


def read_deck(out_dir: Path, numbers: Sequence[str] | None = None) -> Deck:
    """The slides of the build in ``out_dir`` (of the chapters ``numbers``, all when None).

    A folder with no complete render, or with a clip missing or damaged, is a
    ManifestError saying to render first.
    """
    manifest = Manifest.load(out_dir)
    records = list(manifest.chapters)
    if numbers:
        built = {record.number for record in records}
        absent = [number for number in numbers if number not in built]
        if absent:
            raise _render_first(out_dir, f"§{', §'.join(absent)} {'is' if len(absent) == 1 else 'are'} not in "
                                         f"the build in {out_dir}/")
        records = [record for record in records if record.number in numbers]
    return Deck(folder=out_dir, title=manifest.title,
                chapters=tuple(_chapter_slides(out_dir, record) for record in records))


# --- media -----------------------------------------------------------------------------------------------------------

def _link(source: Path, destination: Path) -> None:
    """A hard link when the file system allows (no second copy of the clips), a copy otherwise."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)


def _stage_media(deck: Deck, staged: Path) -> None:
    """The clips, captions and posters the decks use, and each clip without its voice (a stream copy)."""
    for chapter in deck.chapters:
        if chapter.poster:
            _link(deck.folder / chapter.poster, staged / chapter.poster)
        for beat in chapter.beats:
            for name in (beat.video, beat.captions, beat.poster):
                _link(deck.folder / name, staged / name)
        # One ffmpeg per chapter writes all its silent copies: starting ffmpeg costs more than a stream copy.
        inputs, outputs = [], []
        for number, beat in enumerate(chapter.beats):
            inputs += ["-i", str(deck.folder / beat.video)]
            outputs += ["-map", f"{number}:v", "-c:v", "copy", "-movflags", "+faststart", "-f", "mp4",
                        str(staged / beat.silent)]
        if inputs:
            run_tool(["ffmpeg", "-v", "error", "-y", *inputs, *outputs], check=True, capture_output=True)


# --- the reveal.js deck and the handout (Jinja2 templates) -----------------------------------------------------------


def _clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02}"


def deck_html(deck: Deck) -> str:
    page = page_environment().get_template("slides.html").render(
        title=deck.title, chapters=deck.chapters, slides=deck.slide_count, title_seconds=TITLE_SECONDS, clock=_clock,
        style=static_text("slides.css"), script=static_text("slides.js"))
    return page if page.endswith("\n") else page + "\n"


def handout_html(deck: Deck) -> str:
    page = page_environment().get_template("handout.html").render(
        title=deck.title, chapters=deck.chapters, clock=_clock,
        style=static_text("handout.css"))
    return page if page.endswith("\n") else page + "\n"


def chromium_path() -> Path:
    """Debian's Chromium, which prints the handout; ToolMissing names the package when it is not installed."""
    found = shutil.which("chromium") or (str(CHROMIUM) if CHROMIUM.is_file() else None)
    if found is None:
        raise ToolMissing("chromium is not on PATH (it prints the handout): install it with 'apt-get install "
                          "chromium' (or run ./run.sh test, which installs what is missing)")
    return Path(found)


def print_pdf(page_html: Path, destination: Path, title: str) -> None:
    """Print an HTML file to PDF (A4) with Chromium, through Playwright."""
    from playwright.sync_api import sync_playwright

    footer = ('<div style="font-size:8px;width:100%;text-align:center;color:#666;font-family:sans-serif">'
              f'{html.escape(title)} · <span class="pageNumber"></span>/<span class="totalPages"></span></div>')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path()), headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.goto(page_html.resolve().as_uri(), wait_until="load")
            page.pdf(path=str(destination), format="A4", print_background=True, display_header_footer=True,
                     header_template="<span></span>", footer_template=footer,
                     margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
        finally:
            browser.close()


# --- the PowerPoint decks ----------------------------------------------------------------------------------------------

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_SECTIONS_EXT = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"


def autoplay_timing(shape_id: int, milliseconds: int) -> str:
    """The ``p:timing`` PowerPoint writes for a movie set to "Start: Automatically".

    An after-previous media call (``playFrom(0.0)``) in the slide's main sequence, and the
    ``p:video`` node that shows the movie; python-pptx alone writes only the latter (play on click).
    """
    return (
        f'<p:timing xmlns:p="{_P}"><p:tnLst><p:par>'
        '<p:cTn id="1" dur="indefinite" restart="never" nodeType="tmRoot"><p:childTnLst>'
        '<p:seq concurrent="1" nextAc="seek"><p:cTn id="2" dur="indefinite" nodeType="mainSeq"><p:childTnLst>'
        '<p:par><p:cTn id="3" fill="hold"><p:stCondLst><p:cond delay="indefinite"/>'
        '<p:cond evt="onBegin" delay="0"><p:tn val="2"/></p:cond></p:stCondLst><p:childTnLst>'
        '<p:par><p:cTn id="4" fill="hold"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>'
        '<p:par><p:cTn id="5" presetID="1" presetClass="mediacall" presetSubtype="0" fill="hold" '
        'nodeType="afterEffect"><p:stCondLst><p:cond delay="0"/></p:stCondLst><p:childTnLst>'
        f'<p:cmd type="call" cmd="playFrom(0.0)"><p:cBhvr><p:cTn id="6" dur="{milliseconds}" fill="hold"/>'
        f'<p:tgtEl><p:spTgt spid="{shape_id}"/></p:tgtEl></p:cBhvr></p:cmd>'
        '</p:childTnLst></p:cTn></p:par>'
        '</p:childTnLst></p:cTn></p:par>'
        '</p:childTnLst></p:cTn></p:par>'
        '</p:childTnLst></p:cTn>'
        '<p:prevCondLst><p:cond evt="onPrev" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:prevCondLst>'
        '<p:nextCondLst><p:cond evt="onNext" delay="0"><p:tgtEl><p:sldTgt/></p:tgtEl></p:cond></p:nextCondLst>'
        '</p:seq>'
        '<p:video><p:cMediaNode vol="80000"><p:cTn id="7" fill="hold" display="0">'
        '<p:stCondLst><p:cond delay="indefinite"/></p:stCondLst></p:cTn>'
        f'<p:tgtEl><p:spTgt spid="{shape_id}"/></p:tgtEl></p:cMediaNode></p:video>'
        '</p:childTnLst></p:cTn></p:par></p:tnLst></p:timing>'
    )


def _advance_after(slide: Any, milliseconds: int) -> None:
    """Move on by itself after ``milliseconds`` (and still on a click): ``p:transition advTm``."""
    from pptx.oxml import parse_xml

    element = slide._element
    for old in element.findall(f"{{{_P}}}transition"):
        element.remove(old)
    transition = parse_xml(f'<p:transition xmlns:p="{_P}" spd="fast" advTm="{milliseconds}"/>')
    # p:sld is cSld, clrMapOvr, transition, timing, …: the transition goes before any timing.
    timing = element.find(f"{{{_P}}}timing")
    if timing is not None:
        timing.addprevious(transition)
    else:
        element.find(f"{{{_P}}}clrMapOvr").addnext(transition)


def _add_sections(presentation: Any, sections: list[tuple[str, list[int]]]) -> None:
    """A section per chapter (``p14:sectionLst`` in presentation.xml), named as the chapter."""
    from pptx.oxml import parse_xml

    root = presentation.part._element
    ext_list = root.find(f"{{{_P}}}extLst")
    if ext_list is None:
        ext_list = parse_xml(f'<p:extLst xmlns:p="{_P}"/>')
        root.append(ext_list)
    body = "".join(
        f'<p14:section name="{html.escape(name, quote=True)}" id="{{{str(uuid.uuid5(uuid.NAMESPACE_URL, name)).upper()}}}">'
        f'<p14:sldIdLst>{"".join(f"<p14:sldId id={chr(34)}{slide_id}{chr(34)}/>" for slide_id in ids)}'
        '</p14:sldIdLst></p14:section>'
        for name, ids in sections)
    ext_list.append(parse_xml(f'<p:ext xmlns:p="{_P}" uri="{_SECTIONS_EXT}">'
                              f'<p14:sectionLst xmlns:p14="{_P14}">{body}</p14:sectionLst></p:ext>'))


PAPER = "FBF8F1"
INK = "22262E"
ACCENT = "C98A1E"
MUTED = "6B6F76"


def _text(slide: Any, left: int, top: int, width: int, height: int, text: str, size: int, color: str,
          bold: bool = False) -> Any:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = RGBColor.from_string(color)
    return box


def write_pptx(deck: Deck, staged: Path, destination: Path, *, live: bool) -> None:
    """A PowerPoint deck of ``deck``: title slides and one slide per beat with its clip as a movie.

    The clip starts by itself when its slide opens (the timing PowerPoint writes for
    "Start: Automatically"). ``live``: the silent clips, and the deck moves on by click;
    otherwise the clips keep their voice and each slide moves on when its clip has played.
    """
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.oxml import parse_xml
    from pptx.util import Emu

    presentation = Presentation()
    width, height = Emu(12192000), Emu(6858000)  # 13.33 × 7.5 in, 16:9
    presentation.slide_width, presentation.slide_height = width, height
    presentation.core_properties.title = deck.title
    blank = presentation.slide_layouts[6]
    margin = Emu(457200)
    band = Emu(548640)  # the strip under the clip with its chapter and beat
    sections: list[tuple[str, list[int]]] = []

    def new_slide() -> Any:
        slide = presentation.slides.add_slide(blank)
        fill = slide.background.fill
        fill.solid()
        fill.fore_color.rgb = RGBColor.from_string(PAPER)
        return slide

    for chapter in deck.chapters:
        ids = []
        slide = new_slide()
        ids.append(slide.slide_id)
        text_width = width - 2 * margin
        if chapter.poster:  # the chapter's fullest picture on the right, the title on the left
            poster_width = Emu(5486400)
            text_width = width - 3 * margin - poster_width
            slide.shapes.add_picture(str(staged / chapter.poster), width - margin - poster_width,
                                     Emu((height - poster_width * 9 // 16) // 2), poster_width)
        _text(slide, margin, Emu(1371600), text_width, Emu(640080), deck.title, 20, MUTED)
        _text(slide, margin, Emu(2103120), text_width, Emu(914400), f"§{chapter.number}", 40, ACCENT, True)
        _text(slide, margin, Emu(2971800), text_width, Emu(1554480), chapter.title, 32, INK, True)
        _text(slide, margin, Emu(4754880), text_width, Emu(548640),
              f"{len(chapter.beats)} beats · {_clock(chapter.seconds)}", 18, MUTED)
        slide.notes_slide.notes_text_frame.text = f"§{chapter.number} {chapter.title}"
        if not live:
            _advance_after(slide, int(TITLE_SECONDS * 1000))
        for beat in chapter.beats:
            slide = new_slide()
            ids.append(slide.slide_id)
            video_height = height - band
            video_width = Emu(int(video_height * 16 / 9))
            left = Emu((width - video_width) // 2)
            movie = slide.shapes.add_movie(str(staged / (beat.silent if live else beat.video)), left, 0,
                                           video_width, video_height, poster_frame_image=str(staged / beat.poster),
                                           mime_type="video/mp4")
            movie.name = f"Clip {beat.chapter}-{beat.index:02} {beat.beat}"
            milliseconds = max(1, round(beat.seconds * 1000))
            element = slide._element
            element.remove(element.find(f"{{{_P}}}timing"))
            element.append(parse_xml(autoplay_timing(movie.shape_id, milliseconds)))
            _text(slide, margin, video_height + Emu(91440), width - 2 * margin, band - Emu(91440),
                  f"§{chapter.number} {chapter.title}  ·  {beat.index}/{len(chapter.beats)} {beat.title}", 14, MUTED)
            slide.notes_slide.notes_text_frame.text = beat.notes
            if not live:
                _advance_after(slide, milliseconds + 500)
        sections.append((f"§{chapter.number} {chapter.title}", ids))
    _add_sections(presentation, sections)
    presentation.save(str(destination))


# --- all of it -----------------------------------------------------------------------------------------------------

def write_slides(out_dir: Path, numbers: Sequence[str] | None = None) -> SlideFiles:
    """Write ``slides/`` for the build in ``out_dir``: stage it beside, then swap it in whole."""
    deck = read_deck(out_dir, numbers)
    chromium_path()  # before any work: the handout needs it
    target = out_dir / SLIDES_FOLDER
    staged = Path(tempfile.mkdtemp(prefix=f".{SLIDES_FOLDER}-", dir=out_dir))
    try:
        _stage_media(deck, staged)
        shutil.copytree(REVEAL, staged / "reveal")
        (staged / DECK).write_text(deck_html(deck), encoding="utf-8")
        write_pptx(deck, staged, staged / PPTX, live=False)
        write_pptx(deck, staged, staged / LIVE_PPTX, live=True)
        (staged / HANDOUT_HTML).write_text(handout_html(deck), encoding="utf-8")
        print_pdf(staged / HANDOUT_HTML, staged / HANDOUT, deck.title)
        swap_folder(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return SlideFiles(folder=target, deck=target / DECK, pptx=target / PPTX, live_pptx=target / LIVE_PPTX,
                      handout=target / HANDOUT, slides=deck.slide_count)
