"""--cluster: a real Dask scheduler and two workers on 127.0.0.1, each its own process.

Two chapters render on them (their segments sent through the scheduler, the
files coming back in the task results) and must match the session's toy build;
one worker is killed while it renders, and the build still completes (the fork
server the worker started, and the render it forked, end with it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from lecture.build.pipeline import LectureBuild
from lecture.core.outputs import FORMULAS_FOLDER, TEX_FOLDER, WORK_FOLDER
from lecture.core.presets import PRESETS
from tests.conftest import frames_folder
from tests.data.toy import CHAPTERS
from tests.test_segments import same_as_whole

DASK = str(Path(sys.executable).with_name("dask"))
NUMBERS = ("02", "03")  # the toy lecture's (tests/data/toy): a flat chapter and a 3D one


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster(tmp_path, toy):
    """A scheduler and two one-thread workers rendering the toy lecture; yields (address, worker processes)."""
    address = f"tcp://127.0.0.1:{free_port()}"
    logs = tmp_path / "dask.log"
    # The killed worker's task cannot clean up its temporary folder: keep those in the test's own.
    scratch = tmp_path / "worker-tmp"
    scratch.mkdir()
    workers_env = {**os.environ, "TMPDIR": str(scratch)}
    with open(logs, "w") as log:
        processes = [subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                                       "--no-dashboard"], stdout=log, stderr=log)]
        time.sleep(2)
        processes += [subprocess.Popen([DASK, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                                        "--name", f"worker-{index}"], stdout=log, stderr=log, env=workers_env)
                      for index in (1, 2)]
        try:
            from distributed import Client

            with Client(address, timeout="30s") as client:
                client.wait_for_workers(2, timeout=60)
            yield address, processes[1:]
        finally:
            for process in reversed(processes):
                process.kill()
                process.wait(timeout=10)


def formulas_of(out: Path) -> Path:
    return out / WORK_FOLDER / TEX_FOLDER / FORMULAS_FOLDER


def kill_a_busy_worker(workers: list[subprocess.Popen], killed: list[int], orphans: list[psutil.Process],
                       servers: list[str]) -> None:
    """Kill the first worker seen rendering a segment (a process forked by its fork server for a second or more).

    ``orphans`` gets the processes the worker had started, ``servers`` the command lines of its own children.
    """
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        for worker in workers:
            try:
                started = psutil.Process(worker.pid).children(recursive=True)
                rendering = [process for process in started if process.ppid() != worker.pid]
            except psutil.NoSuchProcess:
                continue
            if rendering:
                time.sleep(1)  # mid-render, not as it starts
                orphans.extend(started)
                servers.extend(" ".join(process.cmdline()) for process in started if process.ppid() == worker.pid)
                worker.kill()
                killed.append(worker.pid)
                return
        time.sleep(0.2)


@pytest.mark.render
def test_chapters_render_on_a_dask_cluster_even_when_a_worker_dies(cluster, toy_lecture, toy_frames, tmp_path):
    address, workers = cluster
    out = tmp_path / "out"
    killed: list[int] = []
    orphans: list[psutil.Process] = []
    servers: list[str] = []
    killer = threading.Thread(target=kill_a_busy_worker, args=(workers, killed, orphans, servers), daemon=True)
    killer.start()
    chapters = [chapter for chapter in CHAPTERS if chapter.number in NUMBERS]
    build = LectureBuild(chapters, PRESETS["smoke"], out, cluster=address, frame_hashes=frames_folder(out))
    done = build.render(jobs=1, on_done=lambda *args: None)
    killer.join(timeout=1)
    assert sorted(chapter.number for chapter in done) == list(NUMBERS)
    assert killed, "no worker was seen rendering"
    # The worker rendered in processes forked by its one fork server, and they ended with it.
    assert len(servers) == 1 and "-m lecture.render.forks" in servers[0], servers
    assert orphans and not [process for process in orphans if process.is_running()
                            and process.status() != psutil.STATUS_ZOMBIE]
    for chapter in chapters:
        frames = (frames_folder(out) / f"{chapter.number}.txt").read_text(encoding="utf-8").split()
        same_as_whole(chapter, out, frames, toy_lecture, toy_frames)
    assert not list((out / ".work").glob("*-*")), "staging left behind"
    # The workers sent back the formulas they typeset, which the build keeps for its next run: the toy build's own.
    kept = {svg.name: svg.read_bytes() for svg in formulas_of(out).glob("*.svg")}
    toy_formulas = {svg.name: svg.read_bytes() for svg in formulas_of(toy_lecture).glob("*.svg")}
    assert kept and all(toy_formulas.get(name) == data for name, data in kept.items())
    # Every task that ended cleaned up after itself: only the killed one's folders are left.
    left = [path.name for path in (tmp_path / "worker-tmp").iterdir() if "segment" in path.name]
    assert len(left) <= 2, left
