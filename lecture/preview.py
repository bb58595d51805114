"""A preview of a build in the browser: a static page, and a local server that can seek.

``index.html`` is written from what a build left in its output folder (the
manifest and the captions), so opening it shows exactly the rendered files. It
has no external assets: it works offline and can be copied with the videos.

Browsers seek in an MP4 with HTTP Range requests, which Python's
``http.server`` does not answer; ``PreviewServer`` does, on 127.0.0.1 only.
"""

from __future__ import annotations

import email.utils
import html
import os
import re
import sys
import threading
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import BinaryIO
from urllib.parse import quote, unquote

from lecture.media import atomic_path
from lecture.transcript import (
    YOUTUBE_CHAPTERS,
    ChapterRecord,
    ChapterTooShort,
    Manifest,
    clock,
    cue_text,
    write_transcript,
    write_youtube_chapters,
)

__all__ = [
    "INDEX",
    "MAX_PATH",
    "SERVED_SUFFIXES",
    "PreviewFiles",
    "PreviewServer",
    "RangeNotSatisfiable",
    "RangeRequestHandler",
    "byte_range",
    "index_html",
    "poster_for",
    "write_index",
    "write_preview",
]

INDEX = "index.html"
LOCALHOST = "127.0.0.1"
POLL_SECONDS = 0.05  # how soon close() takes effect (http.server's 0.5 s would slow every test)


# --- the page ---------------------------------------------------------------------------------------------------

def _attr(value: str) -> str:
    return html.escape(value, quote=True)


def _src(name: str) -> str:
    """A file name beside the page as an attribute value: URL-quoted, then HTML-escaped."""
    return _attr(quote(name))


def poster_for(folder: Path, video: str) -> str | None:
    """``NN-slug.png`` beside ``NN-slug.mp4``, if a build made one; no poster otherwise (no broken image)."""
    poster = Path(video).with_suffix(".png").name
    return poster if (folder / poster).is_file() else None


def _video(element_id: str, video: str, captions: str, poster: str | None, label: str) -> str:
    poster_attribute = f' poster="{_src(poster)}"' if poster else ""
    return (
        f'<video id="{_attr(element_id)}" controls preload="metadata"{poster_attribute} '
        f'aria-label="{_attr(label)}">\n'
        f'  <source src="{_src(video)}" type="video/mp4">\n'
        f'  <track kind="captions" srclang="en" label="English" src="{_src(captions)}" default>\n'
        f'  <p>Your browser cannot play this video: <a href="{_src(video)}">download {html.escape(video)}</a>.</p>\n'
        f"</video>"
    )


def _seek(video_id: str, seconds: float, anchor: str, text: str, css_class: str = "seek") -> str:
    """A link that seeks a player and plays; without script it still scrolls to the player."""
    return (f'<a class="{css_class}" href="#{_attr(anchor)}" data-video="{_attr(video_id)}" '
            f'data-time="{seconds:.3f}">{html.escape(text)}</a>')


def _chapter_id(chapter: ChapterRecord) -> str:
    return f"chapter-{chapter.number}"


def _video_id(chapter: ChapterRecord) -> str:
    return f"video-{chapter.number}"


STYLE = """
:root { color-scheme: light dark; --accent: #2f6fb0; --muted: #6b7280; }
body { font: 16px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.8rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.3rem; margin-top: 2.5rem; }
.meta, .duration, .time { color: var(--muted); font-variant-numeric: tabular-nums; }
video { width: 100%; background: #000; aspect-ratio: 16 / 9; display: block; }
a { color: var(--accent); }
nav ol { padding-left: 1.5rem; }
.markers { list-style: none; padding: 0; columns: 2; }
details { margin-top: 0.75rem; }
.transcript { list-style: none; padding: 0; margin: 0.5rem 0; }
.transcript li { display: flex; gap: 0.75rem; padding: 0.1rem 0; }
.transcript a.time { min-width: 3.5rem; text-decoration: none; }
.transcript li.active { background: color-mix(in srgb, var(--accent) 15%, transparent); }
"""

# Seek links work for every player; one player plays at a time; the transcript follows playback.
SCRIPT = """
const players = [...document.querySelectorAll("video")];
document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-video]");
  if (!link) return;
  const video = document.getElementById(link.dataset.video);
  if (!video) return;
  event.preventDefault();
  video.scrollIntoView({behavior: "smooth", block: "center"});
  video.currentTime = Number(link.dataset.time);
  video.play().catch(() => {});
});
for (const video of players) {
  video.addEventListener("play", () => players.forEach((other) => other !== video && other.pause()));
  const lines = [...document.querySelectorAll(`.transcript a[data-video="${video.id}"]`)];
  if (!lines.length) continue;
  video.addEventListener("timeupdate", () => {
    let current = null;
    for (const line of lines) if (Number(line.dataset.time) <= video.currentTime + 0.01) current = line;
    lines.forEach((line) => line.parentElement.classList.toggle("active", line === current));
  });
}
"""


def index_html(manifest: Manifest) -> str:
    """The preview page: the lecture, its chapters, their players and transcripts."""
    folder, lecture = manifest.folder, manifest.lecture
    title = html.escape(manifest.title)
    parts = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',  # no favicon request, no 404
        f"<title>{title}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="meta">{len(manifest.chapters)} chapter{"" if len(manifest.chapters) == 1 else "s"}, '
        f'{clock(lecture.seconds)}'
        + (f", rendered at the {html.escape(manifest.preset)} preset" if manifest.preset else "") + "</p>",
        "</header>",
        '<nav aria-label="Chapters">',
        "<h2>Chapters</h2>",
        "<ol>",
    ]
    for chapter in manifest.chapters:
        label = f"{chapter.number} {chapter.title}"
        parts.append(f"<li>{_seek(_video_id(chapter), 0.0, _chapter_id(chapter), label, 'chapter')} "
                     f'<span class="duration">{clock(chapter.seconds)}</span></li>')
    parts.append("</ol>")
    lecture_video = lecture.files.get("video")
    if lecture_video and (folder / lecture_video).is_file():
        parts.append('<p><a href="#lecture">The whole lecture in one video</a></p>')
    parts.append("</nav>")

    if lecture_video and (folder / lecture_video).is_file():
        first_poster = poster_for(folder, manifest.chapters[0].files["video"]) if manifest.chapters else None
        parts += [
            '<section id="lecture">',
            "<h2>The whole lecture</h2>",
            _video("video-lecture", lecture_video, lecture.files.get("vtt", Path(lecture_video).stem + ".vtt"),
                   poster_for(folder, lecture_video) or first_poster, manifest.title),
            '<ol class="markers">',
        ]
        for chapter in manifest.chapters:
            parts.append(f'<li><span class="time">{clock(chapter.start)}</span> '
                         f'{_seek("video-lecture", chapter.start, "lecture", chapter.title)}</li>')
        parts += ["</ol>", "</section>"]

    for chapter in manifest.chapters:
        video_id = _video_id(chapter)
        parts += [
            f'<section id="{_attr(_chapter_id(chapter))}">',
            f"<h2>{html.escape(chapter.number)} · {html.escape(chapter.title)}</h2>",
            _video(video_id, chapter.files["video"], chapter.files["vtt"],
                   poster_for(folder, chapter.files["video"]), chapter.title),
            f'<details open><summary>Transcript ({chapter.cues} captions, {clock(chapter.seconds)})</summary>',
            '<ol class="transcript">',
        ]
        for cue in manifest.cues(chapter):
            at = cue.start.total_seconds()
            parts.append(f"<li>{_seek(video_id, at, _chapter_id(chapter), clock(at), 'time')} "
                         f"<span>{html.escape(cue_text(cue))}</span></li>")
        parts += ["</ol>", "</details>", "</section>"]

    parts += [f"<script>{SCRIPT}</script>", "</body>", "</html>"]
    return "\n".join(parts) + "\n"


def write_index(manifest: Manifest) -> Path:
    """Write ``index.html`` into the build's folder; returns its path."""
    destination = manifest.folder / INDEX
    with atomic_path(destination) as temporary:
        temporary.write_text(index_html(manifest), encoding="utf-8")
    return destination


@dataclass(frozen=True)
class PreviewFiles:
    """What ``write_preview`` wrote, and what it could not."""

    index: Path
    transcript: Path
    youtube: Path | None
    warnings: list[str]
    youtube_error: str | None


def write_preview(folder: Path) -> PreviewFiles:
    """Write the page, the transcript and the YouTube chapter list for the build in ``folder``.

    A chapter too short for YouTube does not stop the page or the transcript:
    the list is left out and the reason returned. A folder without a manifest
    raises ManifestError.
    """
    manifest = Manifest.load(folder)
    index = write_index(manifest)
    transcript = write_transcript(manifest)
    try:
        warnings = write_youtube_chapters(manifest)
    except ChapterTooShort as error:
        return PreviewFiles(index, transcript, None, [], str(error))
    return PreviewFiles(index, transcript, folder / YOUTUBE_CHAPTERS, warnings, None)


# --- the server -------------------------------------------------------------------------------------------------

_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
# No file here has a size of 19 digits; a longer position is past any end (and int() of
# tens of thousands of digits would raise). Longer paths than this are refused with 414.
MAX_POSITION_DIGITS = 18
MAX_PATH = 2048
# What a build publishes; anything else in the folder (the lock, work files, temporaries) is not served.
SERVED_SUFFIXES = frozenset({".mp4", ".webm", ".gif", ".mov", ".vtt", ".srt", ".png", ".html", ".json", ".md",
                             ".txt"})


class RangeNotSatisfiable(ValueError):
    """A Range that starts past the end of the file: the answer is 416."""


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte a Range header asks for (RFC 9110 §14.1.2), for a 206.

    None: answer with the whole file (no header, another unit, several ranges, or a
    malformed one, which a server must ignore). RangeNotSatisfiable: answer 416.
    """
    match = _RANGE.match(header or "")
    if not match:
        return None  # includes multi-range requests, which browsers do not send for media
    first, last = (digits.lstrip("0") or ("0" if digits else "") for digits in match.groups())
    if not first and not last:
        return None
    if len(first) > MAX_POSITION_DIGITS:
        raise RangeNotSatisfiable(header[:40])
    if len(last) > MAX_POSITION_DIGITS:  # an end or a suffix past any file: up to the end, or all of it
        last = str(10 ** MAX_POSITION_DIGITS)
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return max(size - length, 0), size - 1
    start = int(first)
    end = int(last) if last else size - 1
    if last and end < start:
        return None
    if start >= size:
        raise RangeNotSatisfiable(header)
    return start, min(end, size - 1)


class RangeRequestHandler(SimpleHTTPRequestHandler):
    """Serves one folder, answering Range requests so that browsers can seek in videos."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mp4": "video/mp4",
        ".vtt": "text/vtt; charset=utf-8",
        ".srt": "application/x-subrip; charset=utf-8",
        ".png": "image/png",
        ".html": "text/html; charset=utf-8",
        ".json": "application/json",
        ".md": "text/markdown; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
    }
    chunk = 256 * 1024

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: a page load makes dozens of range requests, which would bury the URL."""

    def end_headers(self) -> None:
        # The folder is rebuilt in place; a reload must see the new files.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        self._serve(body=True)

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def published_file(self, url_path: str) -> Path | None:
        """The published file a URL path names, or None.

        Only files with a published suffix, with no hidden segment (``.lock``,
        ``.work/``, temporaries, ``..``), whose real path (symbolic links
        followed) stays inside the served folder.
        """
        root = Path(self.directory).resolve()
        segments = unquote(url_path.split("?", 1)[0].split("#", 1)[0]).split("/")
        if any(segment.startswith(".") or "\\" in segment or "\0" in segment for segment in segments):
            return None
        if segments[-1] == "":
            segments[-1] = INDEX
        candidate = root.joinpath(*(segment for segment in segments if segment))
        if candidate.suffix.lower() not in SERVED_SUFFIXES:
            return None
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            return None
        if not real.is_relative_to(root) or not real.is_file():
            return None
        return real

    def _serve(self, *, body: bool) -> None:
        if len(self.path) > MAX_PATH:
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG, f"a path is at most {MAX_PATH} characters")
            return
        path = self.published_file(self.path)
        if path is None:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return
        try:
            handle = open(path, "rb")
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")
            return
        with handle:
            stat = os.fstat(handle.fileno())
            size, modified = stat.st_size, email.utils.formatdate(stat.st_mtime, usegmt=True)
            try:
                wanted = byte_range(self.headers.get("Range", ""), size)
                satisfiable = True
            except RangeNotSatisfiable:
                wanted, satisfiable = None, False
            if_range = self.headers.get("If-Range")
            if if_range is not None and if_range.strip() != modified:
                wanted, satisfiable = None, True  # the file changed since the client's first part: send it whole
            if not satisfiable:
                self.send_response(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                self.send_header("Content-Range", f"bytes */{size}")
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if wanted is None:
                start, end = 0, size - 1
                self.send_response(HTTPStatus.OK)
            else:
                start, end = wanted
                self.send_response(HTTPStatus.PARTIAL_CONTENT)
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(end - start + 1))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Last-Modified", modified)
            self.end_headers()
            if body:
                self._copy(handle, start, end - start + 1)

    def _copy(self, handle: BinaryIO, start: int, length: int) -> None:
        handle.seek(start)
        try:
            while length > 0:
                data = handle.read(min(self.chunk, length))
                if not data:
                    break
                self.wfile.write(data)
                length -= len(data)
        except (BrokenPipeError, ConnectionResetError):
            # Browsers drop media requests as soon as they have what they need.
            self.close_connection = True


class _QuietServer(ThreadingHTTPServer):
    """A threading server that takes a browser hanging up for what it is, not an error."""

    def handle_error(self, request: object, client_address: tuple[str, int]) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class PreviewServer:
    """An HTTP server for one folder on 127.0.0.1, in the foreground or on a thread.

    Binding happens in the constructor, so a busy port fails at once and port 0
    gives a free port whose URL is known before serving starts.
    """

    def __init__(self, folder: Path, port: int = 0) -> None:
        self.folder = Path(folder).resolve()
        if not self.folder.is_dir():
            raise FileNotFoundError(f"{folder}/ is not a folder")
        handler = partial(RangeRequestHandler, directory=str(self.folder))
        self._server = _QuietServer((LOCALHOST, port), handler)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{LOCALHOST}:{self.port}/"

    def start(self) -> str:
        """Serve on a background thread (for tests); returns the URL."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._server.serve_forever, args=(POLL_SECONDS,),
                                            name="preview-server", daemon=True)
            self._thread.start()
        return self.url

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C raises KeyboardInterrupt here)."""
        self._server.serve_forever(POLL_SECONDS)

    def close(self) -> None:
        """Stop serving and release the port; open browser connections are dropped."""
        if self._thread is not None:
            self._server.shutdown()  # only valid while serve_forever runs on another thread
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> PreviewServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
