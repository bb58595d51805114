"""Issue #24: nothing cached is trusted, no process outlives a killed build, and one line for every address
that is not a Dask scheduler and every recording the build would otherwise pass over.

Each test asserts the exit code, the first line of output, that no traceback is printed and that the earlier
outputs are byte-identical; for the speech caches, that what is made after the repair is what was made
before the damage. The caches are checked where the voice is used without rendering (``build.py script``
speaks every beat of a chapter), and once through a render, whose workers report the repair to the build.
"""

from __future__ import annotations

import http.server
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import psutil
import pytest

from lecture.narration import beat as captions
from lecture.build.exports import export_clips
from lecture.render.cluster import CONNECT_SECONDS
from lecture.build.pipeline import LectureBuild
from lecture.text.chapters import Chapter
from lecture.core.presets import PRESETS
from lecture.voice.recordings import SUFFIXES
from lecture.core.outputs import WORK_FOLDER
from lecture.voice.speech import DEFAULT_VOICE, VOICES, SpeechCache, default_cache_folder
from lecture.narration.chapters import narrations
from scenes import CHAPTERS
from tests.data.toy import CHAPTERS as TOY_CHAPTERS
from tests.test_lecture import ROOT, run_build, stream_md5
from tests.test_preview import THREE_CHAPTERS, fake_build
from tests.test_recordings import write_wav
from tests.test_reliability import no_traceback, tree, wait_until_gone
from tests.test_segments import SAME_PICTURE_DB, lowest_psnr

SHORTEST = next(chapter for chapter in CHAPTERS if chapter.number == "03")  # the cheapest to speak and render
# The builds that render or join are tested on the toy lecture (tests/data/toy, conftest's toy_copy): the same code,
# seconds of speech to join instead of an hour. Its second chapter has two beats.
TOY_CHAPTER = TOY_CHAPTERS[1]
VOICE = VOICES[DEFAULT_VOICE]
SMOKE = PRESETS["smoke"]
SCRIPT_RATE = 60.0  # the frame rate `build.py script` times the beats at


# --- 1, 2: the speech caches ------------------------------------------------------------------------------------

def _link(source: str, destination: str) -> None:
    try:
        os.link(source, destination)
    except OSError:  # another file system
        shutil.copy2(source, destination)


@pytest.fixture
def speech_cache(tmp_path: Path) -> Path:
    """A private speech cache: the user's, hard-linked so that nothing is spoken again.

    The build never writes into a cached file (it replaces files whole) and the tests damage a file by
    replacing it too, so the shared cache is never touched.
    """
    source, copy = default_cache_folder(), tmp_path / "speech"
    if source.is_dir():
        shutil.copytree(source, copy, copy_function=_link)
    copy.mkdir(parents=True, exist_ok=True)
    return copy


def cached_files(cache: Path, frame_rate: float, monkeypatch: pytest.MonkeyPatch, chapter: Chapter = SHORTEST
                 ) -> tuple[list[Path], list[Path]]:
    """A chapter's sentence WAVs and beat WAVs in ``cache`` (spoken now if it lacks them)."""
    monkeypatch.setenv("LECTURE_SPEECH_CACHE", str(cache))
    captions._narrate.cache_clear()  # its narrations are cached by text, not by speech cache
    try:
        narrated = narrations(chapter, frame_rate, voice=VOICE)
    finally:
        captions._narrate.cache_clear()
    keys = SpeechCache(VOICE, cache)
    sentences = [cache / f"{keys.key(tuple(sentence.split(' ')))}.wav" for n in narrated for sentence in n.spoken]
    beats = [n.audio for n in narrated]
    assert all(path.is_file() for path in sentences + beats)
    assert all(path.parent.parent == cache for path in beats)
    return sentences, beats


def note(path: Path, remedy: str) -> str:
    return f"Note: {path} is missing or not the audio recorded (sha256) when it was cached: {remedy}"


SPOKEN_AGAIN, PLACED_AGAIN = "speaking the sentence again", "placing the beat's speech again"


def script_again_after(pick: Callable[[Path], Path], cut: Callable[[bytes], bytes], speech_cache: Path,
                       tmp_path: Path) -> tuple[subprocess.CompletedProcess, Path, bytes]:
    """``build.py script`` of the shortest chapter, then the file ``pick`` finds in the cache ``cut``, then again.

    Returns the second run, the damaged file and its bytes before the damage; asserts what every case
    asserts: exit code, first line of output, no traceback, the script as it was.
    """
    out, env = tmp_path / "out", {"LECTURE_SPEECH_CACHE": str(speech_cache)}
    first = run_build("script", SHORTEST.number, "--out", str(out), env=env)  # speaks what the cache lacks
    assert first.returncode == 0, first.stderr
    before = tree(out)
    target = pick(speech_cache)
    original = target.read_bytes()
    target.unlink()  # damaged as a new file: a hard link into the user's cache stays as it was
    target.write_bytes(cut(original))
    result = run_build("script", SHORTEST.number, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert result.stdout.splitlines()[0] == f"Wrote the script of 1 chapter(s) into {out}/script/"
    assert tree(out) == before
    return result, target, original


def half(data: bytes) -> bytes:
    return data[:len(data) // 2]


def garbage_behind_the_header(data: bytes) -> bytes:
    """The 44-byte WAV header kept, every sample replaced: still a WAV, of the same length."""
    return data[:44] + bytes(index * 7 % 251 for index in range(len(data) - 44))


def odd_size(data: bytes) -> bytes:
    return data[:len(data) // 2 | 1]


def even_size(data: bytes) -> bytes:
    return data[:len(data) // 2 & ~1]


@pytest.mark.parametrize(("kind", "cut", "remedy"), [
    pytest.param(0, half, SPOKEN_AGAIN, id="sentence-half"),
    pytest.param(0, garbage_behind_the_header, SPOKEN_AGAIN, id="sentence-garbage"),
    pytest.param(1, odd_size, PLACED_AGAIN, id="beat-odd-size"),
    pytest.param(1, even_size, PLACED_AGAIN, id="beat-even-size"),
])
def test_a_damaged_file_in_the_speech_cache_is_made_again(speech_cache, tmp_path, monkeypatch, kind, cut, remedy):
    """A damaged sentence is spoken again, a damaged beat placed again: the same speech, then trusted."""
    def first_of_its_kind(cache: Path) -> Path:
        return cached_files(cache, SCRIPT_RATE, monkeypatch)[kind][0]  # (sentences, beats)

    result, target, original = script_again_after(first_of_its_kind, cut, speech_cache, tmp_path)
    assert result.stderr.splitlines()[0] == note(target, remedy)
    assert target.read_bytes() == original, "the bad file was not replaced by the same speech"
    again = run_build("script", SHORTEST.number, "--out", str(tmp_path / "out"),
                      env={"LECTURE_SPEECH_CACHE": str(speech_cache)})
    assert again.returncode == 0 and again.stderr == "", again.stderr  # repaired once, then trusted


def test_a_render_never_reads_a_damaged_cache_into_a_chapter(toy_copy, toy_lecture, speech_cache, monkeypatch):
    sentences, beats = cached_files(speech_cache, SMOKE.frame_rate, monkeypatch, TOY_CHAPTER)
    originals = {path: path.read_bytes() for path in (sentences[0], beats[-1])}
    for path, cut in ((sentences[0], half), (beats[-1], odd_size)):
        path.unlink()
        path.write_bytes(cut(originals[path]))
    before = tree(toy_copy)
    result = run_build("render", TOY_CHAPTER.number, "--force", "-q", "smoke", "--out", str(toy_copy),
                       env={"LECTURE_SPEECH_CACHE": str(speech_cache)})
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert result.stdout.splitlines()[0].startswith("1 of 1 chapter(s) to render at smoke")
    notes = [line for line in result.stderr.splitlines() if line.startswith("Note: ")]
    assert sorted(notes) == sorted([note(sentences[0], SPOKEN_AGAIN), note(beats[-1], PLACED_AGAIN)])
    assert {path: path.read_bytes() for path in originals} == originals
    # The chapter made from the repaired cache is the one made before the damage: the same speech and
    # captions, the same pictures (encoded again, so compared by PSNR), every other file untouched.
    video = f"{TOY_CHAPTER.stem}.mp4"
    assert stream_md5(toy_copy / video, "a") == stream_md5(toy_lecture / video, "a")
    assert lowest_psnr(toy_copy / video, toy_lecture / video) >= SAME_PICTURE_DB
    after = tree(toy_copy)
    same = [name for name in before if TOY_CHAPTER.stem not in name or name.endswith((".srt", ".vtt"))]
    assert {name: after[name] for name in same} == {name: before[name] for name in same}


# --- 3: --cluster at something that is not a Dask scheduler ----------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def garbage_server() -> Iterator[str]:
    """A server that greets every connection with bytes no Dask server sends, then waits."""
    listener = socket.create_server(("127.0.0.1", 0))
    connections: list[socket.socket] = []

    def serve() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            connections.append(connection)
            connection.sendall(b"\xff" * 64 + b"SSH-2.0-not-dask\r\n")

    threading.Thread(target=serve, daemon=True).start()
    yield f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()
    for connection in connections:
        connection.close()


@pytest.fixture
def http_server(tmp_path: Path) -> Iterator[str]:
    """What ``python3 -m http.server`` runs: it waits for a request line that Dask never sends."""
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(("target", "message"), [
    ("garbage", ("Error: garbage is not a Dask scheduler's address (such as tcp://HOST:8786): "
                "missing port number in address 'garbage'")),
    ("garbage_server", ("Error: cannot reach the Dask scheduler at {address}: the server there does not speak "
                       "Dask's protocol")),
    ("http_server", (f"Error: cannot reach the Dask scheduler at {{address}}: no Dask scheduler answered within "
                    f"{CONNECT_SECONDS} s")),
], ids=["not-an-address", "a-server-replying-garbage", "python-http-server"])
def test_a_cluster_address_that_is_no_dask_scheduler_is_one_line(request, tmp_path, target, message):
    address = request.getfixturevalue(target) if target.endswith("_server") else target
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    before = tree(out)
    started = time.monotonic()
    result = run_build("render", SHORTEST.number, "-q", "smoke", "--voice", "none", "--out", str(out),
                       "--cluster", address, timeout=60)
    assert time.monotonic() - started < CONNECT_SECONDS + 10, "the build waited past the connect timeout"
    assert result.returncode == 1
    no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [message.format(address=address)]
    assert tree(out) == before
    assert not (out / WORK_FOLDER).exists(), "something was rendered"


# --- 4: no stray traceback from the process pool -----------------------------------------------------------------

def tone(seconds: float) -> np.ndarray:
    return (0.3 * 32767 * np.sin(2 * np.pi * 220 * np.arange(int(seconds * 22_050)) / 22_050)).astype(np.int16)


@pytest.mark.render
def test_an_error_in_a_render_worker_is_its_line_alone(tmp_path):
    """A bad recording is found by the worker speaking its beat, after the pool started (the error's path)."""
    recordings = tmp_path / "voice"
    silent = write_wav(recordings / "01" / "question.wav", np.zeros(2 * 22_050))
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    before = tree(out)
    result = run_build("render", "01", "-q", "smoke", "--out", str(out), env={"LECTURE_RECORDINGS": str(recordings)})
    assert result.returncode == 1
    no_traceback(result)
    assert "Exception in thread" not in result.stderr, result.stderr
    assert result.stdout.splitlines()[0].startswith("1 of 1 chapter(s) to render at smoke")
    assert result.stderr.splitlines() == [f"Error: §01 beat 'question' ({silent}): the recording is silent"]
    assert tree(out) == before


# --- 5: a build killed while joining the lecture takes ffmpeg with it ---------------------------------------------

def frozen_join(build: subprocess.Popen) -> psutil.Process:
    """The ffmpeg that joins the chapters (the ffprobes before it come and go), stopped as soon as it is seen:
    mid-join, however short the lecture. SIGKILL, the parent-death signal it runs with, ends a stopped process too."""
    deadline = time.monotonic() + 120
    while True:
        assert build.poll() is None, build.communicate()
        assert time.monotonic() < deadline, "the lecture was never joined"
        try:
            for child in psutil.Process(build.pid).children():
                if child.name() == "ffmpeg" and "concat" in child.cmdline():
                    child.suspend()
                    if child.status() == psutil.STATUS_STOPPED:
                        return child
        except psutil.NoSuchProcess:  # a child that ended meanwhile: the next join is caught
            pass
        time.sleep(0.01)


def test_a_join_killed_outright_leaves_no_ffmpeg_and_assemble_cleans_up(toy_copy):
    (toy_copy / "manifest.json").unlink()  # so that the lecture is joined again
    before = tree(toy_copy)
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "assemble", "-q", "smoke",
                                "--out", str(toy_copy)], cwd=ROOT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    frozen_join(process)  # its .partial lecture half written
    os.kill(process.pid, signal.SIGKILL)  # the build alone, as the OOM killer would
    process.communicate(timeout=30)
    assert wait_until_gone(process.pid, 3.0) == [], "a child of the build outlived it"
    left = [path.name for path in toy_copy.iterdir() if path.name.startswith(".lecture")]
    assert left, "the killed join left nothing to clean (the test would prove nothing)"
    result = run_build("assemble", "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert result.stdout.splitlines()[0] == f"Lecture: {toy_copy / 'lecture.mp4'}"
    assert [path.name for path in toy_copy.iterdir() if path.name.startswith(".lecture")] == []
    after = tree(toy_copy)
    assert after.pop("manifest.json")
    assert after == before  # the same chapters joined again: the same bytes


# --- 6: a repaired chapter keeps clips/index.json true -------------------------------------------------------------

def test_a_repaired_chapter_keeps_the_clip_index_true(toy_copy):
    chapter = TOY_CHAPTERS[-1]  # the last chapter: the index lists the others' clips first
    clips = toy_copy / "clips" / chapter.stem
    entries = json.loads((clips / "index.json").read_text(encoding="utf-8"))
    for entry in entries:  # stand-ins for what `clips --gif --webm` makes (it would spend a minute encoding)
        stem = Path(entry["files"]["mp4"]).stem
        (clips / f"{stem}.gif").write_bytes(b"GIF89a")
        (clips / f"{stem}.webm").write_bytes(b"\x1aE\xdf\xa3")
    index = export_clips(LectureBuild(TOY_CHAPTERS, SMOKE, toy_copy), gif=False, webm=False, transparent=False,
                         burn=False, jobs=1)
    listed = json.loads(index.read_text(encoding="utf-8"))
    assert {"gif", "webm"} <= set(listed[-1]["files"]), "the test would prove nothing"
    (clips / entries[0]["files"]["vtt"]).unlink()
    before = tree(toy_copy)
    result = run_build("render", chapter.number, "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    stderr = result.stderr.splitlines()
    assert stderr[0] == (f"Note: clips/{chapter.stem}/{entries[0]['files']['vtt']} is missing or not the file recorded "
                         f"(sha256) when it was built: rendering §{chapter.number} again")
    assert (f"Note: clips/index.json: §{chapter.number}'s gif, webm clips went with the render just replaced; "
            f"run 'build.py clips {chapter.number} --gif --webm' to make them again") in stderr
    now = json.loads(index.read_text(encoding="utf-8"))
    named = [name for entry in now for name in entry["files"].values()]
    assert all((toy_copy / "clips" / name).is_file() for name in named), "the index names a file that is gone"
    assert now[:len(now) - len(entries)] == listed[:len(listed) - len(entries)], "other chapters' entries changed"
    assert [entry["beat"] for entry in now] == [entry["beat"] for entry in listed]
    after = tree(toy_copy)
    others = [name for name in before if chapter.stem not in name and not name.startswith("lecture")
              and name not in ("manifest.json", "clips/index.json")]
    assert {name: after[name] for name in others} == {name: before[name] for name in others}


# --- 7: recordings the build would pass over ----------------------------------------------------------------------

@pytest.fixture
def recordings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "voice"
    monkeypatch.setenv("LECTURE_RECORDINGS", str(folder))
    yield folder
    captions._narrate.cache_clear()


FORMATS = ", ".join(SUFFIXES)


@pytest.mark.parametrize(("name", "message"), [
    ("99/question.wav", ("{root}/99: not the folder of a chapter (01, 02, 03, 04, 05, 06, 07, 08, 09, 10); "
                        "a recording goes in its chapter's folder, as {root}/01/question.wav")),
    ("01/speedometer.aiff", ("{root}/01/speedometer.aiff: not a recording in a format that is read "
                            f"({FORMATS}); convert it to one of them")),
    ("01/speedometer.mp3", ("{root}/01/speedometer.wav: §01 beat 'speedometer' has another recording, "
                           "speedometer.mp3; keep one")),
], ids=["folder-for-no-chapter", "format-not-read", "two-recordings-of-a-beat"])
def test_a_recording_the_build_would_pass_over_is_one_line(recordings, tmp_path, name, message):
    write_wav(recordings / "01" / "speedometer.wav", tone(1.0))
    (recordings / name).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(recordings / "01" / "speedometer.wav", recordings / name)
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    before = tree(out)
    result = run_build("render", "01", "-q", "smoke", "--out", str(out))
    assert result.returncode == 1
    no_traceback(result)
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["Error: " + message.format(root=recordings)]
    assert tree(out) == before
    assert not (out / WORK_FOLDER).exists(), "something was rendered"


@pytest.mark.parametrize("suffix", [".mp3", ".ogg", ".opus"])
def test_mp3_ogg_and_opus_recordings_are_read(recordings, capsys, suffix):
    captions._narrate.cache_clear()
    synthetic = captions.narrate("01", "speedometer", 60.0, voice=VOICE)
    source = write_wav(recordings.parent / "tone.wav", tone(2.0))
    path = recordings / "01" / f"speedometer{suffix}"
    path.parent.mkdir(parents=True)
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(source), str(path)], check=True)
    captions._narrate.cache_clear()
    recorded = captions.narrate("01", "speedometer", 60.0, voice=VOICE)
    # The file was decoded and listened to (a tone says none of the words), and its sound is the beat's.
    assert capsys.readouterr().err.startswith(f"Warning: §01 beat 'speedometer' ({path}): it does not seem to "
                                              "say the text")
    assert recorded.audio != synthetic.audio
