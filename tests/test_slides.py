"""The slides (``build.py slides``) of the session's smoke build: the reveal.js deck in Chromium through the
preview server, the PowerPoint decks read back with python-pptx and opened by LibreOffice, and the handout.

Debian packages: chromium, libreoffice-impress (``soffice``) and poppler-utils (``pdfinfo``, ``pdftotext``),
which ``./run.sh test`` installs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml.etree import XPath

import build
from lecture.build.manifest import Manifest
from lecture.publish.preview import write_preview
from lecture.publish.server import PreviewServer
from lecture.publish.slides import TITLE_SECONDS, Deck, key_formulas, read_deck
from lecture.core.outputs import DECK, HANDOUT, LIVE_PPTX, PPTX, SLIDES_FOLDER
from tests.browser import TIMEOUT_MS, headless_chromium

PLAYED = ("01", "03")  # the chapters whose every beat is played in the browser (all are checked in the page)


@pytest.fixture(scope="module")
def built(smoke_lecture: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Deck]:
    """A private copy of the smoke build with its slides made by the command, and its preview page."""
    folder = tmp_path_factory.mktemp("slides") / "out"
    shutil.copytree(smoke_lecture, folder, ignore=shutil.ignore_patterns(".work", ".lock"))
    write_preview(folder)
    result = CliRunner().invoke(build.cli, ["slides", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    deck = read_deck(folder)
    assert f"{deck.slide_count} slides" in result.output
    return folder, deck


def clip_entries(folder: Path) -> dict[str, list[dict]]:
    """Each chapter's clips as the render listed them, by chapter number."""
    manifest = Manifest.load(folder)
    return {chapter.number: json.loads((folder / chapter.files["clips"]).read_text(encoding="utf-8"))
            for chapter in manifest.chapters}


# --- what is read and what is written ---------------------------------------------------------------------------

def test_the_deck_has_a_title_slide_per_chapter_and_a_slide_per_beat_with_its_words(built):
    folder, deck = built
    entries = clip_entries(folder)
    manifest = Manifest.load(folder)
    assert [chapter.number for chapter in deck.chapters] == [chapter.number for chapter in manifest.chapters]
    assert deck.slide_count == len(manifest.chapters) + sum(len(clips) for clips in entries.values())
    for chapter in deck.chapters:
        assert [beat.beat for beat in chapter.beats] == [entry["beat"] for entry in entries[chapter.number]]
        assert [beat.notes for beat in chapter.beats] == [entry["captions"] for entry in entries[chapter.number]]
        assert all(beat.notes for beat in chapter.beats), chapter.number
        for beat in chapter.beats:
            for name in (beat.video, beat.silent, beat.captions, beat.poster):
                assert (folder / SLIDES_FOLDER / name).is_file(), name
    assert "Permission is hereby granted" in (folder / SLIDES_FOLDER / "reveal" / "LICENSE").read_text(encoding="utf-8")


def test_a_silent_clip_is_the_clip_without_its_voice(built):
    folder, deck = built
    beat = deck.chapters[0].beats[0]

    def streams(name: str) -> list[str]:
        return subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0",
                               str(folder / SLIDES_FOLDER / name)], check=True, capture_output=True,
                              text=True).stdout.split()

    def duration(name: str) -> float:
        return float(subprocess.run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0",
                                     str(folder / SLIDES_FOLDER / name)], check=True, capture_output=True,
                                    text=True).stdout)

    assert streams(beat.video) == ["video", "audio"]
    assert streams(beat.silent) == ["video"]
    assert duration(beat.silent) == pytest.approx(duration(beat.video), abs=0.05)


def test_key_formulas_are_the_sections_display_formulas_as_captions_write_them():
    assert key_formulas("02")[0] == "f′(x) = lim h→0 (f(x+h) − f(x))/h"
    assert key_formulas("01") == ()  # §01 has no display formula


def test_slides_of_some_chapters_and_the_preview_page_links_them(built, tmp_path):
    folder, _ = built
    page = (folder / "index.html").read_text(encoding="utf-8")
    assert 'href="slides/index.html"' in page and 'href="slides/lecture.pptx"' in page
    assert 'href="slides/handout.pdf"' in page
    # Chapters named on the command line: only theirs (a copy without the other chapters' slides).
    copy = tmp_path / "out"
    shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(SLIDES_FOLDER))
    result = CliRunner().invoke(build.cli, ["slides", "03", "§10", "--out", str(copy)])
    assert result.exit_code == 0, result.output
    html = (copy / SLIDES_FOLDER / DECK).read_text(encoding="utf-8")
    assert re.findall(r'<section class="chapter-title" id="chapter-(\d\d)"', html) == ["03", "10"]
    assert sorted(path.name for path in (copy / SLIDES_FOLDER / "clips").iterdir()) == \
        sorted(chapter.stem for chapter in Manifest.load(copy).chapters if chapter.number in {"03", "10"})
    assert not list(copy.glob(".slides-*")), "the staging folder was left behind"


def test_without_a_render_or_with_a_clip_missing_it_is_one_line_saying_to_render(built, tmp_path):
    runner = CliRunner()
    result = runner.invoke(build.cli, ["slides", "--out", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "has no manifest.json: run 'build.py render --out" in result.output
    assert "Traceback" not in result.output
    # A build whose clip of a beat went missing: named, and the slides made before are left as they were.
    folder, deck = built
    copy = tmp_path / "out"
    shutil.copytree(folder, copy)
    before = (copy / SLIDES_FOLDER / DECK).read_bytes()
    missing = deck.chapters[1].beats[0].video
    (copy / missing).unlink()
    result = runner.invoke(build.cli, ["slides", "--out", str(copy)])
    assert result.exit_code == 1
    assert missing in result.output and "run 'build.py render --out" in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert (copy / SLIDES_FOLDER / DECK).read_bytes() == before
    result = runner.invoke(build.cli, ["slides", "11", "--out", str(copy)])
    assert result.exit_code == 2 and "no chapter 11" in result.output


# --- the reveal.js deck in Chromium, through the preview server --------------------------------------------------

@pytest.fixture(scope="module")
def served(built) -> Iterator[tuple[Path, Deck, str]]:
    folder, deck = built
    with PreviewServer(folder) as server:
        yield folder, deck, server.start()


@pytest.fixture(scope="module")
def browser(built) -> Iterator[object]:
    # After the slides are built: printing the handout starts Playwright too, which cannot run inside this one.
    # A lecturer clicks the start card before the voice plays; the tests play it without one.
    yield from headless_chromium("--autoplay-policy=no-user-gesture-required")


class Deckpage:
    """The deck loaded in a page, every request and error of it recorded."""

    def __init__(self, browser, url: str, mode: str) -> None:
        self.base = url
        self.page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.page.set_default_timeout(TIMEOUT_MS)
        self.requests, self.failed, self.problems = [], [], []
        self.page.on("request", lambda request: self.requests.append(request.url))
        # A clip's request that the browser drops itself (ERR_ABORTED: reveal unloads clips far from the slide
        # shown, Chromium stops reading once it has enough) is no failure; any other is.
        self.page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED" and self.failed.append(
            (request.url, request.failure)))
        self.page.on("response", lambda response: response.status >= 400 and self.failed.append(
            (response.url, response.status)))
        self.page.on("console", lambda message: message.type == "error" and self.problems.append(message.text))
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        self.page.goto(f"{url}{SLIDES_FOLDER}/{DECK}?mode={mode}" if mode == "live" else f"{url}{SLIDES_FOLDER}/{DECK}")
        self.page.wait_for_function("() => window.Reveal && Reveal.isReady()")
        if mode == "self":
            self.page.click("#start-self")
        self.page.wait_for_function("() => document.documentElement.dataset.started === '1'")

    def play_beat(self, index: int) -> dict:
        """Show slide ``index`` (a beat), let its clip play a moment; what the video did."""
        return self.page.evaluate("""(index) => new Promise((resolve) => {
            Reveal.slide(index);
            const slide = Reveal.getCurrentSlide(), video = slide.querySelector("video"), track = video.textTracks[0];
            let stall = null;
            const done = (why) => { video.removeEventListener("timeupdate", check); clearTimeout(stall);
                                    video.pause(); resolve({
                why, time: video.currentTime, src: video.currentSrc.split("/").pop(), muted: video.muted,
                audio: video.webkitAudioDecodedByteCount, error: video.error && video.error.message,
                track: video.querySelector("track").readyState, mode: track.mode,
                cues: track.cues ? track.cues.length : -1, notes: slide.querySelector("aside.notes").textContent}); };
            function check() {
                if (video.currentTime >= 0.6 && video.querySelector("track").readyState === 2) done("played");
            }
            video.addEventListener("timeupdate", check);
            stall = setTimeout(() => done(`stalled at ${video.currentTime} s, readyState ${video.readyState}`), 20000);
        })""", index)

    def close(self) -> None:
        self.page.close()
        assert not self.problems, f"errors in the page: {self.problems}"
        assert not self.failed, f"failed requests: {self.failed}"
        elsewhere = [address for address in self.requests if not address.startswith((self.base, "data:", "about:"))]
        assert not elsewhere, f"the deck reached beyond the preview server: {elsewhere}"


def beat_positions(deck: Deck, numbers: tuple[str, ...]) -> list[tuple[int, object]]:
    """(slide index, beat) of each beat of the chapters ``numbers``."""
    positions, index = [], 0
    for chapter in deck.chapters:
        index += 1
        for beat in chapter.beats:
            if chapter.number in numbers:
                positions.append((index, beat))
            index += 1
    return positions


def vtt_cues(path: Path) -> int:
    return path.read_text(encoding="utf-8").count(" --> ")


def test_the_self_running_deck_loads_plays_each_clip_with_voice_and_captions_and_moves_on(browser, served):
    folder, deck, url = served
    shown = Deckpage(browser, url, "self")
    page = shown.page
    # Every slide is in the page: a title slide per chapter, a slide per beat, each beat with its words.
    assert page.evaluate("() => Reveal.getTotalSlides()") == deck.slide_count
    assert page.locator("section.chapter-title").count() == len(deck.chapters)
    notes = page.evaluate("() => [...document.querySelectorAll('section.beat aside.notes')].map(n => n.textContent)")
    assert notes == [beat.notes for chapter in deck.chapters for beat in chapter.beats]
    tracks = page.evaluate("""() => [...document.querySelectorAll('section.beat video')].map(v => {
        const t = v.querySelector('track'); return [t.getAttribute('src'), t.hasAttribute('default')]; })""")
    assert tracks == [[beat.captions, True] for chapter in deck.chapters for beat in chapter.beats]
    for index, beat in beat_positions(deck, PLAYED):
        state = shown.play_beat(index)
        label = f"slide {index} ({beat.chapter} {beat.beat})"
        assert state["why"] == "played" and state["error"] is None, f"{label}: {state}"
        assert state["src"] == Path(beat.video).name and not state["muted"], label
        assert state["audio"] > 0, f"{label}: no sound decoded"
        assert state["mode"] == "showing", label  # captions on by default
        assert state["cues"] == vtt_cues(folder / SLIDES_FOLDER / beat.captions) > 0, label
        assert state["notes"] == beat.notes, label
    # It moves on by itself: the first chapter's last clip ends, the next chapter's title comes, then its first beat.
    last = sum(1 + len(chapter.beats) for chapter in deck.chapters[:1]) - 1
    page.evaluate("(index) => Reveal.slide(index)", last)
    page.wait_for_function("() => { const v = Reveal.getCurrentSlide().querySelector('video'); return !v.paused && v.currentTime > 0.2; }")
    page.evaluate("""() => { const v = Reveal.getCurrentSlide().querySelector("video");
                             v.currentTime = Math.max(0, v.duration - 0.4); }""")
    page.wait_for_function(f"() => Reveal.getState().indexh === {last + 1}", timeout=10_000)
    page.wait_for_function(f"() => Reveal.getState().indexh === {last + 2}", timeout=(TITLE_SECONDS + 5) * 1000)
    shown.close()


def test_the_live_deck_plays_clips_without_voice_and_shows_the_notes_in_the_speaker_view(browser, served):
    _, deck, url = served
    shown = Deckpage(browser, url, "live")
    page = shown.page
    assert page.locator("#start").is_hidden()
    for index, beat in beat_positions(deck, PLAYED[:1]):
        state = shown.play_beat(index)
        label = f"slide {index} ({beat.chapter} {beat.beat})"
        assert state["why"] == "played" and state["error"] is None, f"{label}: {state}"
        assert state["src"] == Path(beat.silent).name and state["muted"], label
        assert state["audio"] == 0, f"{label}: sound in live mode"
        assert state["cues"] > 0, label
    # No moving on by itself: the clip ends and the slide stays.
    index, beat = beat_positions(deck, PLAYED[:1])[0]
    page.evaluate("(index) => Reveal.slide(index)", index)
    page.wait_for_function("() => { const v = Reveal.getCurrentSlide().querySelector('video'); return !v.paused && v.currentTime > 0.2; }")
    page.evaluate("""() => { const v = Reveal.getCurrentSlide().querySelector("video");
                             v.currentTime = Math.max(0, v.duration - 0.3); v.play(); }""")
    page.wait_for_function("() => Reveal.getCurrentSlide().querySelector('video').ended", timeout=10_000)
    page.wait_for_timeout(500)
    assert page.evaluate("() => Reveal.getState().indexh") == index
    # S opens the speaker view with the slide's words.
    with page.expect_popup() as opened:
        page.keyboard.press("s")
    speaker = opened.value
    speaker.wait_for_function("(text) => document.body.innerText.includes(text)", arg=beat.notes[:40],
                              timeout=TIMEOUT_MS)
    speaker.close()
    shown.close()


# --- the PowerPoint decks -----------------------------------------------------------------------------------------

def chapter_starts(deck: Deck) -> list[int]:
    """The index of each chapter's title slide."""
    starts, index = [], 0
    for chapter in deck.chapters:
        starts.append(index)
        index += 1 + len(chapter.beats)
    return starts


def movies(slide) -> list:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    return [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.MEDIA]


@pytest.mark.parametrize("name", [PPTX, LIVE_PPTX])
def test_the_pptx_reads_back_with_a_movie_that_plays_by_itself_and_the_notes_per_beat(built, name):
    from pptx import Presentation

    folder, deck = built
    presentation = Presentation(str(folder / SLIDES_FOLDER / name))
    slides = list(presentation.slides)
    assert len(slides) == deck.slide_count
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    position = 0
    namespaces = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
                  "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main"}
    for chapter in deck.chapters:
        title = slides[position]
        assert movies(title) == []
        assert chapter.title in " ".join(shape.text_frame.text for shape in title.shapes if shape.has_text_frame)
        position += 1
        for beat in chapter.beats:
            slide, label = slides[position], f"{name} slide {position + 1} ({beat.chapter} {beat.beat})"
            position += 1
            found = movies(slide)
            assert len(found) == 1, label
            assert slide.notes_slide.notes_text_frame.text == beat.notes, label
            # Start: Automatically: an after-previous media call that plays the movie from its start.
            call = slide._element.xpath("./p:timing//p:cTn[@presetClass='mediacall'][@nodeType='afterEffect']"
                                        "//p:cmd[@cmd='playFrom(0.0)']//p:spTgt/@spid")
            assert call == [str(found[0].shape_id)], label
            assert slide._element.xpath("./p:timing//p:video//p:spTgt/@spid") == [str(found[0].shape_id)], label
            # The movie's bytes are the clip's: with the voice, or the silent copy for a live talk.
            media = [part for part in slide.part.package.iter_parts() if part.partname in {
                rel.target_part.partname for rel in slide.part.rels.values()
                if rel.reltype.endswith("/media")}]
            source = folder / SLIDES_FOLDER / (beat.silent if name == LIVE_PPTX else beat.video)
            assert [part.blob for part in media] == [source.read_bytes()], label
            advance = slide._element.xpath("./p:transition/@advTm")
            assert advance == ([] if name == LIVE_PPTX else [str(round(beat.seconds * 1000) + 500)]), label
    sections = XPath("./p:extLst/p:ext/p14:sectionLst/p14:section", namespaces=namespaces)(presentation.part._element)
    assert [section.get("name") for section in sections] == [f"§{c.number} {c.title}" for c in deck.chapters]
    slide_ids = XPath("./p14:sldIdLst/p14:sldId/@id", namespaces=namespaces)
    assert [[int(number) for number in slide_ids(section)] for section in sections] == \
        [[slide.slide_id for slide in slides[start:start + 1 + len(chapter.beats)]]
         for start, chapter in zip(chapter_starts(deck), deck.chapters, strict=True)]


@pytest.fixture(scope="module")
def office_pdf(built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """lecture.pptx converted to PDF by LibreOffice (headless, with a profile of its own)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed: apt-get install libreoffice-impress (./run.sh test installs it)")
    folder, _ = built
    work = tmp_path_factory.mktemp("office")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--convert-to", "pdf", "--outdir", str(work), str(folder / SLIDES_FOLDER / PPTX)],
                   check=True, capture_output=True, timeout=300)
    return work / "lecture.pdf"


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, flags=re.MULTILINE).group(1))


def pdf_text(path: Path, page: int | None = None) -> str:
    where = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", "-layout", *where, str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_libreoffice_opens_the_pptx_and_prints_a_page_per_slide(built, office_pdf):
    _, deck = built
    assert pdf_pages(office_pdf) == deck.slide_count
    assert deck.chapters[0].title in " ".join(pdf_text(office_pdf, 1).split())
    beat = deck.chapters[0].beats[0]
    assert f"{beat.index}/{len(deck.chapters[0].beats)} {beat.title}" in " ".join(pdf_text(office_pdf, 2).split())


# --- the handout ----------------------------------------------------------------------------------------------------

def test_the_handout_has_each_chapter_with_its_formulas_and_words(built):
    folder, deck = built
    handout = folder / SLIDES_FOLDER / HANDOUT
    pages = pdf_pages(handout)
    # A cover, then each chapter from a new page, a beat taking a fifth of an A4 page or so (at most a third).
    assert len(deck.chapters) + 1 <= pages <= 1 + sum(1 + -(-len(chapter.beats) // 3) for chapter in deck.chapters)
    text = " ".join(pdf_text(handout).split())
    for chapter in deck.chapters:
        assert f"§{chapter.number} {chapter.title}" in text, chapter.number
        for formula in chapter.formulas:
            assert " ".join(formula.split()) in text, formula
        first_words = " ".join(chapter.beats[0].notes.split()[:5])
        assert first_words in text, chapter.number
    assert "key formulas" in text.lower()
    # Each chapter starts a page: its heading is on the page after the last one of the chapter before it.
    texts = {page: pdf_text(handout, page) for page in range(2, pages + 1)}
    starts = [page for page, page_text in texts.items() for chapter in deck.chapters
              if re.search(rf"^\s*§{chapter.number} ", page_text, flags=re.MULTILINE)]
    assert len(starts) == len(deck.chapters) and starts == sorted(starts)
