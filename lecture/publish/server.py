"""A local server for a build's output folder that answers the Range requests browsers seek with.

Python's ``http.server`` answers no Range request, so a browser cannot seek in
an MP4 it serves. ``PreviewServer`` does, on 127.0.0.1 only, and serves only
what a build publishes: files with a published suffix, no hidden path (the
lock, the work folder, temporaries), nothing a symbolic link leads to outside
the folder, and no folder listings. Oversized input is answered with 414/416.
"""

from __future__ import annotations

import email.utils
import os
import re
import sys
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, ClassVar, Self
from urllib.parse import unquote

__all__ = [
    "DIRECTORY_INDEX",
    "MAX_PATH",
    "PreviewServer",
    "RangeNotSatisfiable",
    "RangeRequestHandler",
    "SERVED_SUFFIXES",
    "byte_range",
]

LOCALHOST = "127.0.0.1"
POLL_SECONDS = 0.05  # how soon close() takes effect (http.server's 0.5 s would slow every test)
DIRECTORY_INDEX = "index.html"  # what a request for a folder gets


_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)
# No file here has a size of 19 digits; a longer position is past any end (and int() of
# tens of thousands of digits would raise). Longer paths than this are refused with 414.
MAX_POSITION_DIGITS = 18
MAX_PATH = 2048
# What a build publishes; anything else in the folder (the lock, work files, temporaries) is not served.
SERVED_SUFFIXES = frozenset({".mp4", ".webm", ".gif", ".mov", ".vtt", ".srt", ".png", ".html", ".json", ".md",
                             ".txt", ".js", ".css", ".pdf", ".pptx"})  # the last four: the slides (slides/)


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

    extensions_map: ClassVar[dict[str, str]] = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".mp4": "video/mp4",
        ".vtt": "text/vtt; charset=utf-8",
        ".srt": "application/x-subrip; charset=utf-8",
        ".png": "image/png",
        ".html": "text/html; charset=utf-8",
        ".json": "application/json",
        ".md": "text/markdown; charset=utf-8",
        ".txt": "text/plain; charset=utf-8",
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".pdf": "application/pdf",
        ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
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
            segments[-1] = DIRECTORY_INDEX
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
            handle = open(path, "rb")  # noqa: SIM115 (a file that cannot be opened is a 404; then `with handle`)
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

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
