"""Files and the programs that make them, handled safely.

External programs run so that they die with the build (``run_tool``, ``require_tools``); writes that
never leave half a file (``atomic_path``), a folder replaced whole (``swap_folder``) and Ctrl-C held
off while something is published (``deferred_interrupts``); captions as SRT and WebVTT; ffprobe.
"""

from __future__ import annotations

import ctypes
import functools
import json
import os
import shutil
import select
import signal
import subprocess
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt

__all__ = ["UMASK", "swap_folder", "atomic_path", "atomic_paths", "deferred_interrupts",
           "die_with_parent", "exit_with", "read_srt", "run_tool", "srt_text", "vtt_text", "probe", "Probe", "ToolMissing",
           "require_tools"]


# What each external program is, and the Debian package that brings it.
TOOLS = {
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "latex": "texlive-latex-base",
    "dvisvgm": "dvisvgm",
}


# The process umask, read once: files made with mkstemp/mkdtemp get the mode an ordinary write would.
UMASK = os.umask(0)
os.umask(UMASK)


_PR_SET_PDEATHSIG = 1  # prctl(2)
try:
    # Loaded once here: a child between fork and exec must not load a library (another thread may hold the lock).
    _LIBC: ctypes.CDLL | None = ctypes.CDLL(None, use_errno=True)
except OSError:
    _LIBC = None


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the process that started it dies, even by SIGKILL."""
    try:
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # not Linux: the check below and the build's own clean-up remain
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def exit_with(pid: int) -> None:
    """End this process the moment process ``pid`` ends, even by SIGKILL: for a process that is not its child.

    A thread waits on the process's descriptor (Linux's pidfd). Where there is none, nothing is watched.
    """
    try:
        handle = os.pidfd_open(pid)
    except (OSError, AttributeError):
        return
    if not select.select([handle], [], [], 0)[0]:
        threading.Thread(target=lambda: (select.select([handle], [], []), os._exit(1)), daemon=True,
                         name=f"exit-with-{pid}").start()
    else:  # already gone
        os._exit(1)


def run_tool(command: Sequence[str], **options) -> subprocess.CompletedProcess:
    """``subprocess.run`` for the programs the build starts (ffmpeg, ffprobe): each dies with the build.

    A build killed outright (SIGKILL, the OOM killer) cannot stop its children itself; without the
    parent-death signal an ffmpeg joining the lecture would go on writing a ``.partial`` file for
    seconds after it. Call from the thread that lives as long as the child (Linux ties the signal to it).
    """
    return subprocess.run(list(command), preexec_fn=functools.partial(die_with_parent, os.getpid()),  # noqa: PLW1510
                          **options)  # the callers say whether a failure raises


class ToolMissing(RuntimeError):
    """An external program the build needs is not on PATH."""


def require_tools(*names: str) -> None:
    """Fail with the Debian package to install if a program is missing."""
    for name in names or tuple(TOOLS):
        if shutil.which(name) is None:
            raise ToolMissing(f"{name} is not on PATH: install it with 'apt-get install {TOOLS[name]}' "
                              "(or run ./run.sh, which installs what is missing)")


@contextmanager
def atomic_paths(*destinations: Path) -> Iterator[tuple[Path, ...]]:
    """Yield temporary paths beside the destinations; move them all into place only on success.

    A crash, Ctrl-C or a failed write inside the block leaves every destination as it was.
    """
    temporaries = []
    try:
        for destination in destinations:
            destination.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".partial",
                                            dir=destination.parent)
            os.close(handle)
            os.chmod(name, 0o666 & ~UMASK)  # mkstemp makes 0600; published files get the usual mode
            temporaries.append(Path(name))
        yield tuple(temporaries)
        for temporary, destination in zip(temporaries, destinations):
            os.replace(temporary, destination)
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)


@contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """``atomic_paths`` for one file."""
    with atomic_paths(destination) as (temporary,):
        yield temporary


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block is done, so that a publish is never cut in half.

    A signal that arrives meanwhile is delivered when the block ends.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def read_srt(path: Path) -> list[srt.Subtitle]:
    return list(srt.parse(path.read_text(encoding="utf-8")))


def srt_text(cues: list[srt.Subtitle]) -> str:
    return srt.compose(cues, reindex=True)


def _vtt_time(moment: timedelta) -> str:
    milliseconds = round(moment.total_seconds() * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, milliseconds = divmod(rest, 1000)
    return f"{hours:02}:{minutes:02}:{seconds:02}.{milliseconds:03}"


def _vtt_escape(text: str) -> str:
    """Cue text as WebVTT wants it: "&", "<" and ">" as entities (so "-->" cannot end a cue)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt_text(cues: list[srt.Subtitle]) -> str:
    """The cues as WebVTT, for browsers' ``<track>``."""
    blocks = ["WEBVTT"]
    for index, cue in enumerate(cues, start=1):
        blocks.append(f"{index}\n{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}\n{_vtt_escape(cue.content)}")
    return "\n\n".join(blocks) + "\n"


@dataclass(frozen=True)
class Probe:
    """What ffprobe says of a video file."""

    duration: float
    streams: list[dict]
    chapters: list[dict]

    @property
    def video(self) -> dict:
        return next(stream for stream in self.streams if stream["codec_type"] == "video")

    @property
    def audio(self) -> list[dict]:
        return [stream for stream in self.streams if stream["codec_type"] == "audio"]

    @property
    def subtitles(self) -> list[dict]:
        return [stream for stream in self.streams if stream["codec_type"] == "subtitle"]


def probe(path: Path) -> Probe:
    """Run ffprobe on a file."""
    require_tools("ffprobe")
    result = run_tool(
        ["ffprobe", "-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-show_chapters",
         str(path)],
        check=True, capture_output=True, text=True,
    )
    data = json.loads(result.stdout)
    # A still image (a poster) has no duration.
    return Probe(float(data["format"].get("duration", 0.0)), data["streams"], data.get("chapters", []))


def swap_folder(staged: Path, target: Path) -> None:
    """Put a staged folder in the place of ``target`` (same file system), keeping the usual mode.

    Between the two renames a reader finds no folder rather than half of one.
    """
    os.chmod(staged, 0o777 & ~UMASK)
    previous = target.parent / f".{target.name}.old"
    shutil.rmtree(previous, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        os.replace(target, previous)
    os.replace(staged, target)
    shutil.rmtree(previous, ignore_errors=True)
