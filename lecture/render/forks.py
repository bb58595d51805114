"""A cluster worker's segments, each in a process forked from one Python that has imported Manim.

A Dask worker is long-lived: Manim's module caches (TeX files, SVG mobjects) would carry from one
task into the next and make frames depend on which tasks ran before, so every segment renders in a
fresh process. Starting Python and importing Manim for each costs about a second of CPU, which the
build's local pool saves with multiprocessing's fork server. That server cannot run inside a Dask
worker (under Dask's nanny the worker is a daemon process, which multiprocessing will not let have
children), so a worker starts this module's server as a plain subprocess, once:
``python -m lecture.render.forks NAME PID`` imports Manim and this package, renders nothing, and forks
a child for each segment a task sends over its Unix socket (an abstract one: a path in the worker's
temporary folder can be longer than a socket's address may be; the server serves only its own user).

The server ends with the worker (even when the worker is killed outright), and each child with the server.
"""

from __future__ import annotations

import os
import pickle
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path

from lecture.core.media import die_with_parent, exit_with
from lecture.render.segments import SegmentResult, SegmentTask
from lecture.render.worker import render_segment
from lecture.voice.speech import VOICE_VARIABLE

__all__ = ["render_isolated"]

_READY = b"ready\n"
_DONE = "done"


def render_isolated(task: SegmentTask) -> SegmentResult:
    """Render a segment in a process forked for it on this machine, and return its result: what a cluster task runs."""
    with tempfile.TemporaryDirectory(prefix="segment-task-") as folder:
        request, answer = Path(folder) / "task.pickle", Path(folder) / "result.pickle"
        request.write_bytes(pickle.dumps(task))
        reply = _server().render(request, answer)
        if reply != _DONE or not answer.is_file():
            raise RuntimeError(f"{task.segment} failed on {os.uname().nodename}: {reply or 'its process ended'}")
        return pickle.loads(answer.read_bytes())


class _ForkServer:
    """The server process of this worker, and the socket it listens on."""

    def __init__(self) -> None:
        self.address = f"\0lecture-forks-{os.getpid()}-{secrets.token_hex(8)}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "lecture.render.forks", self.address[1:], str(os.getpid())],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
        with self.process.stdout as said:
            ready = said.readline() == _READY
        if not ready:
            self.process.wait()
            raise RuntimeError(f"the render fork server did not start (exit status {self.process.returncode})")

    def alive(self) -> bool:
        return self.process.poll() is None

    def render(self, request: Path, answer: Path) -> str:
        """Have a fresh child render the task in ``request`` into ``answer``; its last word ("done" or an error)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(self.address)
            connection.sendall(f"{request}\n{answer}\n".encode())
            connection.shutdown(socket.SHUT_WR)
            return _read_all(connection).decode(errors="replace").strip()


_lock = threading.Lock()
_running: _ForkServer | None = None


def _server() -> _ForkServer:
    """This process's fork server, started on first use (again if it has died)."""
    global _running
    with _lock:
        if _running is None or not _running.alive():
            _running = _ForkServer()
        return _running


def _read_all(connection: socket.socket) -> bytes:
    chunks = []
    while chunk := connection.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _serve(name: str, owner: int) -> None:
    """Listen at the abstract socket ``name`` until process ``owner`` ends; fork a child to render each task sent."""
    exit_with(owner)
    import manim  # noqa: F401  (once, in the server: what each child would otherwise import)

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped as they end
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
        listener.bind(f"\0{name}")
        listener.listen()
        sys.stdout.buffer.write(_READY)
        sys.stdout.flush()
        os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # what the children print goes to the worker's log
        server = os.getpid()
        while True:
            connection, _ = listener.accept()
            _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                                  struct.calcsize("3i")))
            if uid != os.getuid():  # an abstract socket has no file permissions: only this user's tasks
                connection.close()
                continue
            if os.fork() == 0:
                listener.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                die_with_parent(server)
                os._exit(_child(connection))
            connection.close()


def _child(connection: socket.socket) -> int:
    """In a forked child: render the task the connection names; answer "done" or the error's last line."""
    try:
        request, answer = _read_all(connection).decode().splitlines()  # paths may hold spaces
        task: SegmentTask = pickle.loads(Path(request).read_bytes())
        os.environ[VOICE_VARIABLE] = task.voice  # the scene's beats read it, as they do under plain manim
        Path(answer).write_bytes(pickle.dumps(render_segment(task)))
        word, status = _DONE, 0
    except BaseException as error:  # noqa: BLE001  (any failure is the task's, raised in the build)
        traceback.print_exc()
        word, status = f"{type(error).__name__}: {error}".splitlines()[0], 1
    try:
        connection.sendall(word.encode())
    finally:
        connection.close()
        sys.stdout.flush()
        sys.stderr.flush()
    return status


if __name__ == "__main__":  # python -m lecture.render.forks SOCKET_NAME OWNER_PID
    _serve(sys.argv[1], int(sys.argv[2]))
