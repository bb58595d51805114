"""A cluster worker's fork server (lecture.render.forks), without Dask: what a cluster task calls.

One server per worker process, each segment in a child forked for it; an error is the task's one line;
a server that has died is started again.
"""

from __future__ import annotations

import tempfile

import psutil
import pytest

from lecture.core.presets import PRESETS
from lecture.render import forks
from lecture.render.segments import Segment, SegmentTask
from lecture.voice.speech import DEFAULT_VOICE
from tests.data.toy import CHAPTERS


@pytest.fixture
def server_of_its_own(toy, tmp_path, monkeypatch):
    """This test starts its own fork server (in the toy lecture's environment) and stops it when done.

    Its temporary folder has a long path with spaces, as a test's or a cluster node's may: longer than a Unix
    socket's address may be (108 bytes), which the server's socket must not depend on.
    """
    deep = tmp_path / ("a temporary folder with a long name " * 3)
    deep.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(deep))
    forks._running = None
    yield
    if forks._running is not None:
        forks._running.process.kill()
        forks._running.process.wait()
        forks._running = None


def task(voice: str = DEFAULT_VOICE) -> SegmentTask:
    return SegmentTask(Segment(CHAPTERS[0]), PRESETS["smoke"], voice, frame_hashes=True)


@pytest.mark.render
def test_segments_render_in_children_of_one_server(server_of_its_own, toy_frames):
    first = forks.render_isolated(task())
    server = forks._running.process.pid
    second = forks.render_isolated(task())
    assert forks._running.process.pid == server
    expected = (toy_frames / f"{CHAPTERS[0].number}.txt").read_text(encoding="utf-8").split()
    assert list(first.hashes) == list(second.hashes) == expected  # the whole render's frames, twice over
    assert psutil.Process(server).cmdline()[1:3] == ["-m", "lecture.render.forks"]
    _, still_running = psutil.wait_procs(psutil.Process(server).children(), timeout=10)
    assert not still_running  # each child ends with its segment


@pytest.mark.render
def test_a_failing_segment_is_its_line_and_a_dead_server_is_replaced(server_of_its_own):
    with pytest.raises(RuntimeError) as failed:
        forks.render_isolated(task(voice="nobody"))
    message = str(failed.value)
    assert "\n" not in message
    assert message.startswith(f"{Segment(CHAPTERS[0])} failed on ")
    assert message.endswith("ValueError: LECTURE_VOICE='nobody': the voices are joe (or none)")
    forks._running.process.kill()
    forks._running.process.wait()
    assert forks.render_isolated(task()).hashes  # a new server renders it
