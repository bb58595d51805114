"""Issue #10, as a careful user and an unkind one would try it: interrupts, damaged outputs, bad state and text,
the preview server, file modes, and usage.

Each test asserts the message, the exit code, and that the outputs of the earlier build are byte-identical
(or, where the build repairs them, identical to what they were before the damage).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

import build
from lecture.build.manifest import FORMAT, ChapterRecord, Manifest
from lecture.core.outputs import MANIFEST, WORK_FOLDER
from lecture.maths import MathError, latex_to_text
from lecture.build.pipeline import output_lock
from lecture.publish.server import MAX_PATH, PreviewServer
from lecture.render.chapter import ChapterOutput
from lecture.core.identity import REFERENCE
from scenes import CHAPTERS
from tests.data.toy import CHAPTERS as TOY_CHAPTERS
from tests.test_lecture import ROOT, run_build
from tests.test_preview import THREE_CHAPTERS, fake_build

FIRST = CHAPTERS[0]
TOY_SECOND = TOY_CHAPTERS[1]  # the toy chapter of two beats: its first and last clips are two files
INTERRUPTED = "Interrupted: earlier outputs are intact; run the same command again to resume."


def tree(folder: Path) -> dict[str, str]:
    """Every published file under ``folder`` (clips included) by relative path, with its sha256."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)}


def last_line(text: str) -> str:
    lines = text.strip().splitlines()
    return lines[-1] if lines else ""


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr, result.stderr


# --- 1, 2: interrupts (of the toy lecture's build: tests/data/toy) -----------------------------------------------

def live_group(group: int) -> list[str]:
    """The processes of a process group that are still alive (zombies waiting to be reaped excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "stat").read_text()
        except OSError:
            continue
        name, rest = status[status.index("(") + 1:status.rindex(")")], status[status.rindex(")") + 2:].split()
        if int(rest[2]) == group and rest[0] not in {"Z", "X"}:
            found.append(f"{entry.name} {name}")
    return found


def wait_until_gone(group: int, seconds: float) -> list[str]:
    deadline = time.monotonic() + seconds
    while (alive := live_group(group)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def start_render(out: Path, *chapters: str) -> subprocess.Popen:
    """A real build of several chapters, one at a time, in its own process group; returns once a worker renders."""
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "render", *chapters, "--force", "--jobs", "1",
                                "-q", "smoke", "--out", str(out)], cwd=ROOT, start_new_session=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    work, deadline = out / WORK_FOLDER, time.monotonic() + 120
    while not (work.is_dir() and any(path.name != "tex" for path in work.iterdir())):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no render worker started"
        time.sleep(0.05)
    time.sleep(1.0)  # the worker is inside Manim now
    return process


@pytest.mark.render
def test_ctrl_c_stops_the_workers_at_once_and_publishes_nothing_more(toy_copy):
    before = tree(toy_copy)
    process = start_render(toy_copy, *(chapter.number for chapter in TOY_CHAPTERS))
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: every process of the build gets it
    sent = time.monotonic()
    _, stderr = process.communicate(timeout=30)
    assert time.monotonic() - sent < 3.0, "the build went on after Ctrl-C"
    assert process.returncode == 130
    assert last_line(stderr) == INTERRUPTED
    assert "Traceback" not in stderr and "leaked" not in stderr, stderr
    assert wait_until_gone(process.pid, 5.0) == []
    assert tree(toy_copy) == before
    resumed = run_build("render", "-q", "smoke", "--out", str(toy_copy))
    assert resumed.returncode == 0, resumed.stderr
    assert f"0 of {len(TOY_CHAPTERS)} chapter(s) to render" in resumed.stdout
    assert tree(toy_copy) == before


@pytest.mark.render
def test_a_killed_build_takes_its_workers_with_it_and_the_next_build_cleans_up(toy_copy):
    before = tree(toy_copy)
    process = start_render(toy_copy, *(chapter.number for chapter in TOY_CHAPTERS))
    os.kill(process.pid, signal.SIGKILL)  # the build alone: its worker must not outlive it
    process.communicate(timeout=30)
    assert wait_until_gone(process.pid, 5.0) == [], "a render worker outlived its build"
    assert tree(toy_copy) == before
    leftovers = [path.name for path in (toy_copy / WORK_FOLDER).iterdir() if path.name != "tex"]
    assert leftovers, "the killed build left no staging folder to clean (the test would prove nothing)"
    again = run_build("render", TOY_CHAPTERS[0].number, "-q", "smoke", "--out", str(toy_copy))
    assert again.returncode == 0, again.stderr
    assert "0 of 1 chapter(s) to render" in again.stdout
    assert [path.name for path in (toy_copy / WORK_FOLDER).iterdir()] == ["tex"]
    assert tree(toy_copy) == before


# --- 3: damaged outputs are noticed by content -----------------------------------------------------------------
# (on the toy lecture, tests/data/toy: the same build code, its lecture joined again in a second, not a minute)

def flip_a_byte(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0xFF
    path.write_bytes(bytes(data))


def test_damaged_lecture_files_are_joined_again(toy_copy):
    before = tree(toy_copy)
    lecture = toy_copy / "lecture.mp4"
    with open(lecture, "r+b") as handle:
        handle.truncate(lecture.stat().st_size // 2)
    (toy_copy / "lecture.vtt").unlink()
    result = run_build("render", "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 0, result.stderr
    assert f"0 of {len(TOY_CHAPTERS)} chapter(s) to render" in result.stdout
    assert ("Note: lecture.mp4 is missing or not the file recorded (sha256) when the lecture was joined: "
            "joining the lecture again") in result.stderr
    assert tree(toy_copy) == before  # the same chapters joined again: the same bytes


@pytest.mark.render
def test_a_damaged_chapter_or_clip_is_rendered_again(toy_copy):
    before = tree(toy_copy)
    video = toy_copy / f"{TOY_SECOND.stem}.mp4"
    size = video.stat().st_size
    flip_a_byte(video, size // 2)
    assert video.stat().st_size == size
    clips = toy_copy / "clips" / TOY_SECOND.stem
    entries = json.loads((clips / "index.json").read_text(encoding="utf-8"))
    (clips / entries[0]["files"]["vtt"]).unlink()
    with open(clips / entries[-1]["files"]["mp4"], "r+b") as handle:
        handle.truncate(100)
    result = run_build("render", TOY_SECOND.number, "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 0, result.stderr
    assert (f"Note: {TOY_SECOND.stem}.mp4 (and 2 more of its files) is missing or not the file recorded (sha256) "
            f"when it was built: rendering §{TOY_SECOND.number} again") in result.stderr
    assert "1 of 1 chapter(s) to render" in result.stdout
    record = ChapterRecord.load(toy_copy, TOY_SECOND.stem)
    assert record is not None and record.damaged(toy_copy) == []
    for entry in entries:
        assert all((toy_copy / "clips" / TOY_SECOND.stem / name).is_file() for name in entry["files"].values())
    after = tree(toy_copy)
    others = {name for name in before if TOY_SECOND.stem not in name and not name.startswith("lecture")
              and name != MANIFEST}
    assert {name: after[name] for name in others} == {name: before[name] for name in others}


# --- 4: malformed state and text: one line naming the file and line --------------------------------------------

@pytest.mark.parametrize(("content", "note"), [
    ("null", f"Note: {MANIFEST} is not a manifest this build wrote (damaged?): writing it again"),
    ('{"title": "x", "preset": "smoke", "chapters": [], "lecture": {"key": "0", "seconds": 1, "files": {}}}',
     f"Note: {MANIFEST} is from another version of the build: writing it again"),
], ids=["null", "older-format"])
def test_a_manifest_that_is_not_a_manifest_is_rebuilt_by_render(toy_copy, content, note):
    before = tree(toy_copy)
    (toy_copy / MANIFEST).write_text(content + "\n", encoding="utf-8")
    result = run_build("render", "-q", "smoke", "--out", str(toy_copy))
    assert result.returncode == 0, result.stderr
    no_traceback(result)
    assert note in result.stderr.splitlines()
    assert f"0 of {len(TOY_CHAPTERS)} chapter(s) to render" in result.stdout
    assert Manifest.load(toy_copy).chapters[0].number == TOY_CHAPTERS[0].number
    assert tree(toy_copy) == before


@pytest.mark.parametrize(("content", "message"), [
    ("null", ("manifest.json: the top level is NoneType, not dict; it is not a lecture manifest: "
             "run 'build.py render --out {out}' to rebuild it")),
    ('{"title": "x", "chapters": [], "lecture": {}}',
     ("manifest.json was written by another version of the build (format 1, this one reads "
     f"{FORMAT}): run 'build.py render --out {{out}}' to rebuild it")),
], ids=["null", "older-format"])
def test_preview_of_a_manifest_it_cannot_use_says_to_rebuild(tmp_path, content, message):
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    (out / MANIFEST).write_text(content, encoding="utf-8")
    before = tree(out)
    result = run_build("preview", "--out", str(out), "--no-serve")
    assert result.returncode == 1
    no_traceback(result)
    assert last_line(result.stderr) == f"Error: {out}/" + message.format(out=out)
    assert tree(out) == before


def text_with(tmp_path: Path, old: str, new: str) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    assert old in text
    edited = tmp_path / "reference.md"
    edited.write_text(text.replace(old, new, 1), encoding="utf-8")
    return edited


def refused_render(tmp_path: Path, edited: Path, *, number: str = FIRST.number) -> str:
    """Render from an edited text into a built folder: refused in one line, the folder untouched; that line."""
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    before = tree(out)
    result = run_build("render", number, "-q", "smoke", "--out", str(out), env={"LECTURE_TEXT": str(edited)})
    assert result.returncode == 1
    no_traceback(result)
    assert tree(out) == before
    return last_line(result.stderr)


def line_of(path: Path, needle: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if needle in line)


def test_text_that_is_not_utf8_is_one_line_naming_file_and_line(tmp_path):
    edited = text_with(tmp_path, "how fast is something changing", "how fast is something changing")
    line = line_of(edited, "how fast is something changing")
    column = edited.read_text(encoding="utf-8").splitlines()[line - 1].index("how fast") + len("how f") + 1
    edited.write_bytes(edited.read_bytes().replace(b"how fast", b"how f\xe4st", 1))
    assert refused_render(tmp_path, edited) == (f"Error: {edited}:{line}: not UTF-8 text (byte 0xe4 at column "
                                                f"{column}): save the file as UTF-8")


def lines_starting(path: Path, start: str) -> list[int]:
    return [number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
            if line.startswith(start)]


def test_a_duplicate_label_is_one_line_naming_file_and_line(tmp_path):
    edited = text_with(tmp_path, "{#speedometer}", "{#question}")
    first, second = (line + 1 for line in lines_starting(edited, "{#question}"))  # each block starts below its label
    assert refused_render(tmp_path, edited) == (f"Error: {edited}:{second}: §01: label 'question' is used twice "
                                                f"(first at line {first})")


def test_a_duplicate_section_is_one_line_naming_file_and_line(tmp_path):
    edited = text_with(tmp_path, "## §02 ", "## §01 ")
    first, second = lines_starting(edited, "## §01 ")
    assert refused_render(tmp_path, edited) == (f"Error: {edited}:{second}: section §01 appears twice "
                                                f"(first at line {first})")


@pytest.mark.parametrize(("name", "content", "message"), [
    ("adaptations.toml", '[[adaptation]]\nsection = "01"\noriginal = not quoted\n', "adaptations.toml:3: Invalid value"),
    ("adaptations.toml", '[[adaptation]]\nsection = 1\noriginal = "a"\nvideo = "b"\n',
     "adaptations.toml:1: an [[adaptation]] needs section, original and video, each a string"),
    ("theme.toml", "[colors]\npaper = \n", "theme.toml:2: Invalid value"),
])
def test_a_malformed_toml_asset_is_one_line_naming_file_and_line(tmp_path, monkeypatch, name, content, message):
    broken = tmp_path / name
    broken.write_text(content, encoding="utf-8")
    if name == "adaptations.toml":
        monkeypatch.setenv("LECTURE_ADAPTATIONS", str(broken))
    else:
        monkeypatch.setattr(build, "ASSETS", tmp_path)
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    before = tree(out)
    result = CliRunner().invoke(build.cli, ["render", FIRST.number, "-q", "smoke", "--out", str(out)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert last_line(result.output) == f"Error: {tmp_path}/{message}"
    assert tree(out) == before


# --- 5: maths that would be published garbled is an error before anything renders -----------------------------

TRIANGLE = "vertical side $f(x+h) - f(x)$ (rise)"


@pytest.mark.parametrize(("new", "message"), [
    ("vertical side f(x+h) - f(x)$ (rise)",
     ("§03 'triangle': unbalanced '$' in \"The little right triangle hugging the curve has horizontal side $h$ "
     "(run), vertical side f(x+h) - f(x)$ (rise), and hypotenuse equal to the secant line.\"")),
    ("vertical side $\\rise f(x+h) - f(x)$ (rise)",
     ("§03 'triangle', sentence 1: unknown LaTeX command \\rise in $\\rise f(x+h) - f(x)$ (the maths reader, "
     "lecture/maths/known.py, does not know it): \"The little right triangle hugging the curve has horizontal side "
     "$h$ (run), vertical side $\\rise f(x+h) - f(x)$ (rise), and hypotenuse equal to the secant line.\"")),
], ids=["unbalanced", "unknown-command"])
def test_bad_maths_is_rejected_with_section_line_and_sentence(tmp_path, new, message):
    edited = text_with(tmp_path, TRIANGLE, new)
    line = line_of(edited, "The little right triangle")
    assert refused_render(tmp_path, edited, number="03") == f"Error: {edited}:{line}: {message}"
    assert not (tmp_path / "out" / WORK_FOLDER).exists(), "nothing renders before the text is checked"


@pytest.mark.parametrize(("latex", "problem"), [
    (r"\foo + x", r"unknown LaTeX command \foo"), (r"\begin{cases} x \end{cases}", "unknown LaTeX environment"),
    (r"\frac{1}{2", "cannot read"), (r"x^", "a command without its argument"),
    (" (rise), vertical side ", "prose inside maths"),
])
def test_the_caption_converter_passes_nothing_through(latex, problem):
    with pytest.raises(MathError, match=problem.replace("\\", "\\\\")):
        latex_to_text(latex)


# --- 6: the preview server ----------------------------------------------------------------------------------------

@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[PreviewServer, Path]]:
    folder = fake_build(tmp_path / "out", THREE_CHAPTERS)
    (folder / "lecture.mp4").write_bytes(bytes(range(256)) * 4)
    (folder / ".lock").write_text("pid 1")
    (folder / WORK_FOLDER).mkdir()
    (folder / WORK_FOLDER / "staged.mp4").write_bytes(b"staged")
    (tmp_path / "secret.txt").write_text("outside")
    (folder / "planted.txt").symlink_to(tmp_path / "secret.txt")
    (folder / "planted-folder").symlink_to(tmp_path, target_is_directory=True)
    with PreviewServer(folder) as server:
        server.start()
        yield server, folder


def get(server: PreviewServer, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(("path", "headers", "status"), [
    ("/lecture.mp4", {"Range": "bytes=" + "9" * 30_000 + "-"}, 416),
    ("/lecture.mp4", {"Range": "bytes=0-" + "9" * 30_000}, 206),
    ("/" + "a" * 60_000 + ".mp4", {}, 414),
    ("/.lock", {}, 404),
    ("/.work/staged.mp4", {}, 404),
    ("/%2Ework/staged.mp4", {}, 404),
    ("/planted.txt", {}, 404),
    ("/planted-folder/secret.txt", {}, 404),
    ("/clips/", {}, 404),
], ids=["huge-range-start", "huge-range-end", "long-segment", "lock", "work", "work-quoted", "symlink-file",
        "symlink-folder", "no-listing"])
def test_the_preview_server_refuses_what_is_not_published_and_survives_hostile_input(served, path, headers, status):
    server, _folder = served
    assert get(server, path, headers)[0] == status
    assert get(server, "/lecture.mp4", {"Range": "bytes=0-3"}) == (206, bytes(range(4))), "the server died"
    assert get(server, "/lecture.vtt")[0] == 200
    assert len(path) < MAX_PATH or status == 414


def test_preview_waits_for_no_build_it_would_read_half_of(tmp_path):
    out = fake_build(tmp_path / "out", THREE_CHAPTERS)
    before = tree(out)
    with output_lock(out):
        result = run_build("preview", "--out", str(out), "--no-serve")
    assert result.returncode == 1
    assert last_line(result.stderr) == (f"Error: {out}/ is being written by another build (pid {os.getpid()}); "
                                        "wait for it to finish or use another --out")
    assert tree(out) == before


# --- 7: published files and folders get the usual modes -----------------------------------------------------------

def test_published_files_and_folders_have_the_usual_modes(smoke_lecture):
    umask = os.umask(0)
    os.umask(umask)
    wrong = []
    for path in smoke_lecture.rglob("*"):
        if any(part.startswith(".") for part in path.relative_to(smoke_lecture).parts):
            continue
        expected = (0o777 if path.is_dir() else 0o666) & ~umask
        if stat.S_IMODE(path.stat().st_mode) != expected:
            wrong.append(f"{path.relative_to(smoke_lecture)} {oct(stat.S_IMODE(path.stat().st_mode))}")
    assert (smoke_lecture / "clips" / FIRST.stem).is_dir()
    assert wrong == []


def test_publishing_respects_another_umask(tmp_path, monkeypatch):
    """What a worker staged (mkdtemp makes 0700 folders) is published with the modes the umask allows."""
    out, staging = tmp_path / "out", tmp_path / "out" / WORK_FOLDER / "01-x-abc"
    clips = staging / "out" / "clips"
    clips.mkdir(parents=True)
    os.chmod(clips, 0o700)
    (clips / "01-01-a.mp4").write_bytes(b"clip")
    video = staging / "out" / "01-x.mp4"
    video.write_bytes(b"video")
    os.chmod(video, 0o600)
    monkeypatch.setattr("lecture.render.chapter.UMASK", 0o027)  # as read when the build started
    monkeypatch.setattr("lecture.core.media.UMASK", 0o027)  # the clip folder goes through swap_folder
    ChapterOutput(FIRST, staging, ((video, out / "01-x.mp4"),), (clips, out / "clips" / "01-x"), 1.0).publish()
    assert stat.S_IMODE((out / "01-x.mp4").stat().st_mode) == 0o640
    assert stat.S_IMODE((out / "clips" / "01-x").stat().st_mode) == 0o750
    assert (out / "clips" / "01-x" / "01-01-a.mp4").read_bytes() == b"clip"
    assert not staging.exists()
