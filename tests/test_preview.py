"""The preview: transcript and YouTube chapter list, the Range server, and the page in a real browser.

The browser is Debian's Chromium (``apt-get install chromium``, which ``./run.sh
test`` does), driven by Playwright; Playwright never downloads a browser here.
"""

from __future__ import annotations

import http.client
import json
import re
import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import srt
from click.testing import CliRunner

import build
from lecture.build.manifest import ChapterRecord, LectureRecord, Manifest
from lecture.core.media import probe, read_srt, srt_text, vtt_text
from lecture.core.presets import PRESETS
from lecture.core.outputs import PREVIEW_PAGE, TRANSCRIPT, YOUTUBE_CHAPTERS
from lecture.publish.preview import index_html, write_preview
from lecture.publish.server import PreviewServer, RangeNotSatisfiable, byte_range
from lecture.publish.transcript import (ChapterTooShort, clock, transcript_markdown, write_youtube_chapters,
                                        youtube_chapters)
from tests.browser import TIMEOUT_MS, headless_chromium


# --- a build made by hand: the writers need only the manifest and the captions ------------------------------------

def fake_build(folder: Path, chapters: list[tuple[str, str, float, list[tuple[float, float, str]]]],
               title: str = "A Lecture") -> Path:
    """An output folder as a build leaves it, minus the videos (which the writers never open)."""
    folder.mkdir(parents=True, exist_ok=True)
    records, lecture_cues, start = [], [], 0.0
    for number, chapter_title, seconds, cues in chapters:
        stem = f"{number}-{re.sub(r'[^a-z]+', '-', chapter_title.lower()).strip('-') or 'x'}"
        subtitles = [srt.Subtitle(0, timedelta(seconds=a), timedelta(seconds=b), text) for a, b, text in cues]
        (folder / f"{stem}.srt").write_text(srt_text(subtitles), encoding="utf-8")
        (folder / f"{stem}.vtt").write_text(vtt_text(subtitles), encoding="utf-8")
        lecture_cues += [srt.Subtitle(0, cue.start + timedelta(seconds=start), cue.end + timedelta(seconds=start),
                                      cue.content) for cue in subtitles]
        files = {"video": f"{stem}.mp4", "srt": f"{stem}.srt", "vtt": f"{stem}.vtt"}
        records.append(ChapterRecord(number=number, title=chapter_title, key="0" * 16, preset="smoke",
                                     seconds=seconds, cues=len(cues), files=files, hashes={}, start=start))
        start += seconds
    (folder / "lecture.srt").write_text(srt_text(lecture_cues), encoding="utf-8")
    (folder / "lecture.vtt").write_text(vtt_text(lecture_cues), encoding="utf-8")
    (folder / "lecture.mp4").write_bytes(b"")
    lecture = LectureRecord(key="0" * 16, seconds=start,
                            files={"video": "lecture.mp4", "srt": "lecture.srt", "vtt": "lecture.vtt"})
    Manifest(folder=folder, title=title, preset="smoke", chapters=tuple(records), lecture=lecture).save()
    return folder


THREE_CHAPTERS = [
    ("01", "First steps", 65.5, [(0.0, 5.4, "Hello,\nworld."), (5.8, 9.8, "x_1 * y_2 is [not] a link")]),
    ("02", "Second", 70.0, [(0.0, 4.0, "Two starts."), (5.8, 9.0, "Later in two.")]),
    ("03", "Third & last", 12.0, [(1.0, 3.0, "Three.")]),
]


# --- transcript and YouTube chapters ------------------------------------------------------------------------------

@pytest.mark.parametrize(("seconds", "short", "padded"), [
    (0.0, "0:00", "00:00"), (9.99, "0:09", "00:09"), (65.5, "1:05", "01:05"), (599.0, "9:59", "09:59"),
    (3599.9, "59:59", "59:59"), (3600.0, "1:00:00", "1:00:00"), (3723.4, "1:02:03", "1:02:03"),
    (66.99999999999, "1:07", "01:07"),
])
def test_clock_is_whole_seconds_rounded_down(seconds, short, padded):
    assert clock(seconds) == short
    assert clock(seconds, pad_minutes=True) == padded


def test_transcript_stamps_each_cue_with_its_time_in_the_whole_lecture(tmp_path):
    manifest = Manifest.load(fake_build(tmp_path, THREE_CHAPTERS, title="Maths *for* you"))
    text = transcript_markdown(manifest)
    assert text.splitlines() == [
        r"# Maths \*for\* you",
        "",
        "## 01 First steps (00:00)",
        "",
        "[00:00] Hello, world.  ",
        r"[00:05] x\_1 \* y\_2 is \[not\] a link  ",
        "",
        "## 02 Second (01:05)",
        "",
        "[01:05] Two starts.  ",
        "[01:11] Later in two.  ",  # 65.5 + 5.8 = 71.3 s into the lecture
        "",
        "## 03 Third & last (02:15)",
        "",
        "[02:16] Three.  ",
    ]


def test_youtube_list_starts_at_zero_and_puts_each_chapter_at_its_start(tmp_path):
    manifest = Manifest.load(fake_build(tmp_path, THREE_CHAPTERS))
    assert write_youtube_chapters(manifest) == []
    assert (tmp_path / YOUTUBE_CHAPTERS).read_text(encoding="utf-8") == (
        "0:00 First steps\n1:05 Second\n2:15 Third & last\n")


def test_youtube_list_uses_hours_from_one_hour_on(tmp_path):
    long = [("01", "Long", 3000.0, []), ("02", "Longer", 700.5, []), ("03", "End", 60.0, [])]
    text, warnings = youtube_chapters(Manifest.load(fake_build(tmp_path, long)))
    assert text.splitlines() == ["0:00 Long", "50:00 Longer", "1:01:40 End"]
    assert warnings == []


def test_a_chapter_under_ten_seconds_is_an_error_naming_it_and_no_list_is_left(tmp_path):
    short = THREE_CHAPTERS[:2] + [("03", "Too brief", 9.8, [(0.0, 2.0, "Bye.")])]
    folder = fake_build(tmp_path, short)
    (folder / YOUTUBE_CHAPTERS).write_text("0:00 an old list\n", encoding="utf-8")
    with pytest.raises(ChapterTooShort, match=r"chapter 03 'Too brief' lasts 9\.8 s.*at least 10 s"):
        write_youtube_chapters(Manifest.load(folder))
    assert not (folder / YOUTUBE_CHAPTERS).exists()


def test_fewer_than_three_chapters_write_the_list_with_a_warning(tmp_path):
    folder = fake_build(tmp_path, THREE_CHAPTERS[:2])
    warnings = write_youtube_chapters(Manifest.load(folder))
    assert warnings == [f"{YOUTUBE_CHAPTERS} has 2 chapter(s); YouTube shows chapters only from 3 on"]
    assert (folder / YOUTUBE_CHAPTERS).read_text(encoding="utf-8") == "0:00 First steps\n1:05 Second\n"


# --- the page, as text --------------------------------------------------------------------------------------------

def test_page_escapes_all_text_and_uses_a_poster_only_when_there_is_one(tmp_path):
    hostile = [("01", '<script>alert("t")</script>', 20.0, [(0.0, 2.0, "a < b & c > \"d\"")]),
               ("02", "Plain", 20.0, [(0.0, 2.0, "fine")])]
    folder = fake_build(tmp_path, hostile, title="Tom & <Jerry>")
    stem = json.loads((folder / "manifest.json").read_text())["chapters"][0]["files"]["video"][:-4]
    (folder / f"{stem}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    page = index_html(Manifest.load(folder))
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in page
    assert "<title>Tom &amp; &lt;Jerry&gt;</title>" in page
    assert "a &lt; b &amp; c &gt; &quot;d&quot;" in page
    videos = re.findall(r"<video [^>]*>", page)
    assert len(videos) == 3  # the lecture and two chapters
    lecture, first, second = videos
    assert f'poster="{stem}.png"' in first and "poster=" not in second
    assert f'poster="{stem}.png"' in lecture  # the lecture opens on the first chapter
    assert all('controls preload="metadata"' in video for video in videos)
    assert '<track kind="captions" srclang="en" label="English" src="lecture.vtt" default>' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "the page must work offline"


def test_preview_command_writes_the_three_files(tmp_path):
    folder = fake_build(tmp_path / "out", THREE_CHAPTERS)
    result = CliRunner().invoke(build.cli, ["preview", "--out", str(folder), "--no-serve"])
    assert result.exit_code == 0, result.output
    for name in (PREVIEW_PAGE, TRANSCRIPT, YOUTUBE_CHAPTERS):
        assert f"Wrote {folder / name}" in result.output


def test_preview_command_without_a_build_says_to_render_first(tmp_path):
    result = CliRunner().invoke(build.cli, ["preview", "--out", str(tmp_path), "--no-serve"])
    assert result.exit_code == 1
    assert "has no manifest.json" in result.output and "build.py render" in result.output


def test_preview_command_names_a_chapter_too_short_for_youtube_but_writes_the_page(tmp_path):
    folder = fake_build(tmp_path / "out", [("01", "Quick", 4.0, [(0.0, 2.0, "Hi.")])])
    result = CliRunner().invoke(build.cli, ["preview", "--out", str(folder), "--no-serve"])
    assert result.exit_code == 1
    assert "chapter 01 'Quick' lasts 4.0 s" in result.output
    assert (folder / PREVIEW_PAGE).is_file() and (folder / TRANSCRIPT).is_file()
    assert not (folder / YOUTUBE_CHAPTERS).exists()


# --- the Range server ---------------------------------------------------------------------------------------------

BLOB = bytes(range(256)) * 4  # 1024 bytes, each position's value known


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "clip.mp4").write_bytes(BLOB)
    for name in ("a.vtt", "a.srt", "a.png", "index.html", "a.json"):
        (folder / name).write_bytes(b"x")
    with PreviewServer(folder) as running:
        running.start()
        yield running


def request(server: PreviewServer, path: str, headers: dict[str, str] | None = None,
            method: str = "GET") -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_server_answers_a_range_with_206_and_those_bytes(server):
    status, headers, body = request(server, "/clip.mp4", {"Range": "bytes=10-19"})
    assert status == 206
    assert body == BLOB[10:20]
    assert headers["Content-Range"] == "bytes 10-19/1024"
    assert headers["Content-Length"] == "10"
    assert headers["Accept-Ranges"] == "bytes"
    assert headers["Content-Type"] == "video/mp4"


@pytest.mark.parametrize(("header", "first", "last"), [
    ("bytes=-5", 1019, 1023), ("bytes=1000-", 1000, 1023), ("bytes=1020-5000", 1020, 1023),
    ("bytes=-5000", 0, 1023), ("BYTES = 0-0", 0, 0),
])
def test_server_answers_suffix_and_open_ranges(server, header, first, last):
    status, headers, body = request(server, "/clip.mp4", {"Range": header})
    assert status == 206
    assert body == BLOB[first:last + 1]
    assert headers["Content-Range"] == f"bytes {first}-{last}/1024"


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=2000-3000", "bytes=-0"])
def test_server_refuses_a_range_past_the_end_with_416(server, header):
    status, headers, body = request(server, "/clip.mp4", {"Range": header})
    assert status == 416
    assert headers["Content-Range"] == "bytes */1024"
    assert body == b""


@pytest.mark.parametrize("headers", [{}, {"Range": "bytes=0-1,5-6"}, {"Range": "items=0-3"}, {"Range": "bytes=9-2"},
                                     {"Range": "bytes=0-3", "If-Range": "Mon, 01 Jan 2001 00:00:00 GMT"}],
                         ids=["none", "multiple", "other-unit", "reversed", "stale-if-range"])
def test_server_sends_the_whole_file_without_a_usable_range(server, headers):
    status, response_headers, body = request(server, "/clip.mp4", headers)
    assert status == 200
    assert body == BLOB
    assert response_headers["Accept-Ranges"] == "bytes"
    assert response_headers["Content-Length"] == "1024"


def test_server_answers_head_with_the_headers_alone(server):
    status, headers, body = request(server, "/clip.mp4", {"Range": "bytes=10-19"}, method="HEAD")
    assert (status, headers["Content-Range"], body) == (206, "bytes 10-19/1024", b"")


@pytest.mark.parametrize(("path", "content_type"), [
    ("/clip.mp4", "video/mp4"), ("/a.vtt", "text/vtt"), ("/a.srt", "application/x-subrip"), ("/a.png", "image/png"),
    ("/index.html", "text/html"), ("/", "text/html"), ("/a.json", "application/json"),
])
def test_server_names_each_file_type(server, path, content_type):
    status, headers, _ = request(server, path)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == content_type


def test_server_serves_only_its_folder_and_only_on_localhost(server, tmp_path):
    (tmp_path / "secret.txt").write_text("no")  # beside the served folder
    assert request(server, "/../secret.txt")[0] == 404
    assert request(server, "/missing.mp4")[0] == 404
    assert server.url == f"http://127.0.0.1:{server.port}/"
    assert server._server.server_address[0] == "127.0.0.1"


def test_server_stops_and_frees_its_port(tmp_path):
    with PreviewServer(tmp_path) as running:
        running.start()
        port = running.port
    with pytest.raises(OSError):
        http.client.HTTPConnection("127.0.0.1", port, timeout=2).connect()


def test_byte_range_follows_rfc_9110():
    assert byte_range("", 100) is None
    assert byte_range("bytes=0-", 100) == (0, 99)
    assert byte_range("bytes=-1", 100) == (99, 99)
    with pytest.raises(RangeNotSatisfiable):
        byte_range("bytes=-1", 0)
    with pytest.raises(RangeNotSatisfiable):
        byte_range("bytes=100-", 100)


# --- the page of a real build, in Chromium ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(smoke_lecture: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Manifest, str]]:
    """A private copy of the smoke build with its preview written, served on a free port."""
    folder = tmp_path_factory.mktemp("preview") / "out"
    shutil.copytree(smoke_lecture, folder, ignore=shutil.ignore_patterns(".work", ".lock"))
    written = write_preview(folder)
    assert written.youtube_error is None, written.youtube_error
    with PreviewServer(folder) as server:
        yield Manifest.load(folder), server.start()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    yield from headless_chromium()


class Loaded:
    """A page of the preview, loaded, with every video's metadata and every caption track's cues."""

    def __init__(self, page, manifest: Manifest, url: str) -> None:
        self.page, self.manifest, self.url = page, manifest, url

    def videos(self) -> dict[str, dict]:
        """Each player's state, by the file it plays."""
        states = self.page.evaluate("""() => [...document.querySelectorAll("video")].map(v => ({
            id: v.id, src: v.currentSrc.split("/").pop(), duration: v.duration, error: v.error && v.error.message,
            cues: v.textTracks[0].cues ? v.textTracks[0].cues.length : -1,
            track: v.querySelector("track").getAttribute("src"), poster: v.getAttribute("poster")}))""")
        return {state["src"]: state for state in states}

    def seek(self, video_id: str, seconds: float) -> list[str]:
        """Seek a paused player; the texts of the captions then active."""
        return self.page.evaluate("""([id, seconds]) => new Promise((resolve) => {
            const video = document.getElementById(id), track = video.textTracks[0];
            video.pause();
            video.addEventListener("seeked", () => {
                // activeCues is updated as the seek completes; give the cue-change a turn to land.
                const read = () => resolve([...track.activeCues].map(cue => cue.text));
                track.activeCues.length ? read() : track.addEventListener("cuechange", read, {once: true});
                setTimeout(read, 2000);
            }, {once: true});
            setTimeout(() => resolve(["(no seeked event within 30 s)"]), 30000);
            video.currentTime = seconds;
        })""", [video_id, seconds])

    def click_and_catch_seek(self, link, video_id: str) -> float:
        """Click a seek link; the time its player was sent to.

        Read at "seeking", when currentTime is the requested position: by "seeked" the
        link's play() may already have moved it on.
        """
        self.page.evaluate("""(id) => { window.seekedTo = null; const v = document.getElementById(id);
            v.addEventListener("seeking", () => { window.seekedTo = v.currentTime; }, {once: true}); }""", video_id)
        link.click()
        self.page.wait_for_function("() => window.seekedTo !== null", timeout=TIMEOUT_MS)
        return self.page.evaluate("(id) => { document.getElementById(id).pause(); return window.seekedTo; }", video_id)


@pytest.fixture
def loaded(browser, site) -> Iterator[Loaded]:
    manifest, url = site
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    requests, responses, problems = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("response", lambda response: responses.append((response.url, response.status)))
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(url)
    # Metadata first (duration), then the captions: a track loads only once its mode is not "disabled".
    page.wait_for_function("""() => [...document.querySelectorAll("video")].every(v => v.readyState >= 1 || v.error)""")
    page.evaluate("""() => { for (const v of document.querySelectorAll("video"))
                               for (const t of v.textTracks) if (t.mode === "disabled") t.mode = "hidden"; }""")
    page.wait_for_function("""() => [...document.querySelectorAll("track")].every(t => t.readyState >= 2)""")
    yield Loaded(page, manifest, url)
    page.close()
    assert not problems, f"errors in the page: {problems}"
    elsewhere = [address for address in requests if not address.startswith((url, "data:"))]
    assert not elsewhere, f"the page reached beyond the preview server: {elsewhere}"
    assert not [(u, s) for u, s in responses if s >= 400], "a file the page needs is missing"
    assert all(status == 206 for u, status in responses if u.endswith(".mp4")), \
        "Chromium asks for videos by Range; the server must answer 206"


def test_every_video_plays_in_chromium_with_the_duration_in_the_manifest(loaded):
    manifest = loaded.manifest
    frame = 1 / PRESETS[manifest.preset].frame_rate
    videos = loaded.videos()
    expected = {chapter.files["video"]: chapter.seconds for chapter in manifest.chapters}
    expected[manifest.lecture.files["video"]] = manifest.lecture.seconds
    described = manifest.lecture.files["described"]
    expected[described] = probe(manifest.folder / described).duration
    assert set(videos) == set(expected)
    for name, state in videos.items():
        assert state["error"] is None, f"{name}: {state['error']}"
        assert state["duration"] == pytest.approx(expected[name], abs=frame), name
    for chapter in manifest.chapters:  # a poster when the build made one, and only then
        poster = Path(chapter.files["video"]).with_suffix(".png").name
        assert videos[chapter.files["video"]]["poster"] == (poster if (manifest.folder / poster).is_file() else None)
    assert loaded.page.title() == manifest.title


def test_every_caption_track_loads_all_its_cues(loaded):
    manifest, folder = loaded.manifest, loaded.manifest.folder
    videos = loaded.videos()
    for chapter in manifest.chapters:
        state = videos[chapter.files["video"]]
        vtt_cues = (folder / chapter.files["vtt"]).read_text(encoding="utf-8").count(" --> ")
        assert state["track"] == chapter.files["vtt"]
        assert state["cues"] == chapter.cues == vtt_cues, chapter.title
    lecture = videos[manifest.lecture.files["video"]]
    assert lecture["cues"] == sum(chapter.cues for chapter in manifest.chapters) == \
        len(read_srt(folder / manifest.lecture.files["srt"]))


def test_a_seek_to_the_middle_of_a_cue_shows_that_cue(loaded, tmp_path):
    manifest, folder = loaded.manifest, loaded.manifest.folder
    players = [(f"video-{chapter.number}", chapter.files["srt"]) for chapter in manifest.chapters]
    players.append(("video-lecture", manifest.lecture.files["srt"]))
    for video_id, captions in players:
        cues = read_srt(folder / captions)
        cue = cues[len(cues) // 2]
        middle = (cue.start + (cue.end - cue.start) / 2).total_seconds()
        assert loaded.seek(video_id, middle) == [cue.content], f"{video_id} at {middle:.2f} s"
    # Every player is now on a frame with a caption up: a picture of the page for people to look at.
    loaded.page.wait_for_function("""() => [...document.querySelectorAll("video")].every(v => v.readyState >= 2)""")
    shot = tmp_path / "preview.png"
    loaded.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_a_transcript_timestamp_seeks_its_chapter(loaded):
    chapter = loaded.manifest.chapters[-1]
    cues = loaded.manifest.cues(chapter)
    index = len(cues) // 2
    link = loaded.page.locator(f"#chapter-{chapter.number} .transcript a").nth(index)
    assert link.inner_text() == clock(cues[index].start.total_seconds())
    seeked = loaded.click_and_catch_seek(link, f"video-{chapter.number}")
    assert seeked == pytest.approx(cues[index].start.total_seconds(), abs=0.05)


def test_the_lecture_chapter_list_seeks_to_each_chapter_start(loaded):
    links = loaded.page.locator("#lecture .markers a")
    assert links.count() == len(loaded.manifest.chapters)
    for position, chapter in enumerate(loaded.manifest.chapters):
        assert links.nth(position).inner_text() == chapter.title
        seeked = loaded.click_and_catch_seek(links.nth(position), "video-lecture")
        assert seeked == pytest.approx(chapter.start, abs=0.05), chapter.title


def test_the_chapter_list_plays_each_chapter_from_its_start(loaded):
    links = loaded.page.locator("nav a.chapter")
    assert links.count() == len(loaded.manifest.chapters)
    for position, chapter in enumerate(loaded.manifest.chapters):
        loaded.seek(f"video-{chapter.number}", chapter.seconds / 2)
        seeked = loaded.click_and_catch_seek(links.nth(position), f"video-{chapter.number}")
        assert seeked == pytest.approx(0.0, abs=0.05)


def test_the_real_build_transcript_and_chapter_list(site):
    manifest, _ = site
    folder = manifest.folder
    transcript = (folder / TRANSCRIPT).read_text(encoding="utf-8")
    stamped = re.findall(r"^\[(\d\d:\d\d)\] (.*?)  $", transcript, flags=re.MULTILINE)
    lecture_cues = read_srt(folder / manifest.lecture.files["srt"])
    assert [stamp for stamp, _ in stamped] == [clock(cue.start.total_seconds(), pad_minutes=True)
                                               for cue in lecture_cues]
    assert transcript.startswith(f"# {manifest.title}\n")
    youtube = (folder / YOUTUBE_CHAPTERS).read_text(encoding="utf-8").splitlines()
    assert youtube[0].startswith("0:00 ")
    assert youtube == [f"{clock(chapter.start)} {chapter.title}" for chapter in manifest.chapters]


def test_every_player_plays_the_voice(loaded):
    """Played for a moment, one after another, each player (every chapter and the lecture) decodes sound."""
    decoded = {}
    for video_id in loaded.page.evaluate("() => [...document.querySelectorAll('video')].map(v => v.id)"):
        decoded[video_id] = loaded.page.evaluate("""(id) => new Promise((resolve) => {
            const v = document.getElementById(id);
            v.muted = true;  // autoplay needs no gesture when muted; the sound is decoded all the same
            v.currentTime = 2;
            const done = (why) => { v.pause(); resolve([v.webkitAudioDecodedByteCount, why]); };
            v.addEventListener("timeupdate", () => { if (v.currentTime >= 3) done("played"); });
            setTimeout(() => done(`stalled at ${v.currentTime} s, readyState ${v.readyState}`), 15000);
            v.play().catch((error) => done(String(error)));
        })""", video_id)
    assert len(decoded) == len(loaded.manifest.chapters) + 2  # and the described lecture
    assert {video: why for video, (count, why) in decoded.items() if not count > 0} == {}


def test_the_described_lecture_and_every_descriptions_track_load_their_cues(loaded):
    """The described lecture's captions (narration and bracketed descriptions) and each plain player's
    ``kind="descriptions"`` track, as Chromium loaded them."""
    manifest, folder = loaded.manifest, loaded.manifest.folder
    tracks = loaded.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll("video")].map(v => [
        v.currentSrc.split("/").pop(),
        [...v.textTracks].map(t => [t.kind, t.cues ? t.cues.length : -1])]))""")
    lecture = manifest.lecture.files
    assert tracks[lecture["described"]] == [["captions", len(read_srt(folder / lecture["described_srt"]))]]
    expected = {lecture["video"]: lecture["descriptions"],
                **{chapter.files["video"]: chapter.files["descriptions"] for chapter in manifest.chapters}}
    for video, descriptions in expected.items():
        count = (folder / descriptions).read_text(encoding="utf-8").count(" --> ")
        assert tracks[video][1] == ["descriptions", count], video


def test_the_descriptive_transcript_page_seeks_the_described_lecture(browser, site):
    _manifest, url = site
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url + "transcript.described.html")
    page.wait_for_function("() => document.getElementById('video-described').readyState >= 1")
    links = page.locator('a[data-video="video-described"]')
    descriptions = page.locator("li.description a")
    assert descriptions.count() > 0
    link = descriptions.nth(descriptions.count() // 2)
    wanted = float(link.get_attribute("data-time"))
    page.evaluate("""() => { window.seekedTo = null; const v = document.getElementById("video-described");
        v.muted = true; v.addEventListener("seeking", () => { window.seekedTo = v.currentTime; }, {once: true}); }""")
    link.click()
    page.wait_for_function("() => window.seekedTo !== null")
    assert page.evaluate("() => window.seekedTo") == pytest.approx(wanted, abs=0.01)
    assert links.count() > descriptions.count()
    page.close()
