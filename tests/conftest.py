"""Shared fixtures: one smoke build of the whole lecture per test session, one of the toy lecture (for the tests
of the build's mechanics: a join of a few seconds of speech costs a second, the real lecture's a minute), one TeX
folder for the dry runs.

Tests that render are marked ``render``: those that use the smoke build are marked here, the
others (dry runs, pixel tests) where they are written. ``pytest -m "not render"`` is the fast lane,
and in it a test that starts a Manim render without the mark fails, naming the mark.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from manim import Scene

from lecture.text.chapters import Chapter
from lecture.build.pipeline import LectureBuild
from lecture.core.presets import PRESETS
from lecture.render.chapter import TEX_FOLDER
from lecture.core.identity import (ADAPTATIONS_VARIABLE, CHAPTERS_VARIABLE, PRONUNCIATIONS_VARIABLE,
                                   RECORDINGS_VARIABLE, TEXT_VARIABLE)
from lecture.core.outputs import WORK_FOLDER
from scenes import CHAPTERS
from tests.data.toy import CHAPTERS as TOY_CHAPTERS

TOY = Path(__file__).resolve().parent / "data" / "toy"
# The toy lecture's identity: its text and registry; no adaptations, pronunciations or recordings (none exist there).
TOY_LECTURE = {TEXT_VARIABLE: str(TOY / "lecture.md"), CHAPTERS_VARIABLE: "tests.data.toy",
               ADAPTATIONS_VARIABLE: str(TOY / "none" / "adaptations.toml"),
               PRONUNCIATIONS_VARIABLE: str(TOY / "none" / "pronunciations.toml"),
               RECORDINGS_VARIABLE: str(TOY / "none" / "voice")}


def pytest_addoption(parser: pytest.Parser) -> None:
    # The names of Manim's frames_comparison options, which tests/pixels.py honours.
    parser.addoption("--set_test", action="store_true", default=False,
                     help="Write the control frames of the pixel tests instead of comparing.")
    parser.addoption("--show_diff", action="store_true", default=False,
                     help="Show a picture of the difference when a pixel test fails.")


# Fixtures that stand for the session's smoke build: a test using one, directly or through another
# fixture, needs every chapter rendered.
SMOKE_BUILD_FIXTURES = frozenset({"smoke_lecture", "smoke_renders", "lecture_copy", "smoke_frames"})
# Fixtures that stand for the session's toy build: a test using one renders (a few seconds), but waits for no smoke build.
TOY_BUILD_FIXTURES = frozenset({"toy_lecture", "toy_copy", "toy_frames"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if uses_the_smoke_build(item) or TOY_BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.render)
    items[:] = sorted(items, key=file_rank(items).__getitem__)


def uses_the_smoke_build(item: pytest.Item) -> bool:
    return bool(SMOKE_BUILD_FIXTURES & set(getattr(item, "fixturenames", ())))


def file_rank(items: list[pytest.Item]) -> dict[pytest.Item, tuple[int, int]]:
    """The order the workers take files in (pytest-xdist hands out whole files, in this order).

    The smoke build takes both cores for about three minutes and every file that reads it waits.
    So one file that needs it goes first (its worker starts the build at once), then the files
    that render without it (dry runs, pixel tests) keep the other worker busy meanwhile, then the
    files that read the build; the files that render nothing come last, to fill the gaps at the end.
    """
    by_file: dict[Path, list[pytest.Item]] = {}
    for item in items:
        by_file.setdefault(item.path, []).append(item)

    def kind(tests: list[pytest.Item]) -> int:
        if any(uses_the_smoke_build(test) for test in tests):
            return 2
        return 1 if any(test.get_closest_marker("render") for test in tests) else 3

    kinds = {path: kind(tests) for path, tests in by_file.items()}
    first = next((path for path in by_file if kinds[path] == 2), None)
    order = {path: (0 if path == first else kinds[path], index) for index, path in enumerate(by_file)}
    return {item: order[item.path] for item in items}


@pytest.fixture(autouse=True)
def _renders_are_marked(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep the fast lane fast: an unmarked test that renders a scene fails instead of slowing it down."""
    if request.node.get_closest_marker("render") is not None:
        return

    def refuse(scene: Scene, *args, **kwargs) -> None:
        raise AssertionError(f"{request.node.nodeid} renders a scene: mark it @pytest.mark.render")

    monkeypatch.setattr(Scene, "render", refuse)


@pytest.fixture(scope="session")
def tex_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One TeX (and Pango text) folder for every dry run of the session: each formula is compiled once."""
    return tmp_path_factory.mktemp("tex")


@dataclass(frozen=True)
class ChapterFiles:
    chapter: Chapter
    video: Path
    srt: Path
    vtt: Path


@pytest.fixture(scope="session")
def smoke_lecture(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Every chapter rendered at the smoke preset (two processes) and joined into the lecture.

    Under pytest-xdist the workers share one build: the first to need it renders it
    while holding a lock, the others wait and use it (tests change only copies of it).
    """
    return shared_build("smoke", _smoke_build, tmp_path_factory, worker_id)


def shared_build(name: str, make: Callable[[Path], Path], tmp_path_factory: pytest.TempPathFactory,
                 worker_id: str) -> Path:
    """``make``'s build, once a session: under pytest-xdist the first worker to need it builds it holding a lock."""
    if worker_id == "master":
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    with open(shared / f"{name}.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        out_dir = shared / name
        if not (out_dir / "manifest.json").is_file():
            make(out_dir)
    return out_dir


def _smoke_build(out_dir: Path) -> Path:
    # Whole chapters, each frame's md5 kept: the reference the segmented renders are compared with.
    build = LectureBuild(CHAPTERS, PRESETS["smoke"], out_dir, split=False, frame_hashes=frames_folder(out_dir))
    build.render(jobs=2, on_done=lambda *args: None)
    assert build.assemble(CHAPTERS) is not None
    return out_dir


@contextmanager
def toy_identity() -> Iterator[None]:
    """This process and the render workers it starts build the toy lecture, until the block ends."""
    saved = {name: os.environ.get(name) for name in TOY_LECTURE}
    os.environ.update(TOY_LECTURE)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _toy_build(out_dir: Path) -> Path:
    # As the smoke build: whole chapters, each frame's md5 kept.
    with toy_identity():
        build = LectureBuild(TOY_CHAPTERS, PRESETS["smoke"], out_dir, split=False,
                             frame_hashes=frames_folder(out_dir))
        build.render(jobs=2, on_done=lambda *args: None)
        assert build.assemble(TOY_CHAPTERS) is not None
    return out_dir


@pytest.fixture(scope="session")
def toy_lecture(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The toy lecture (tests/data/toy: three sections, nine beats, the third in 3D) rendered at smoke and joined,
    once a session: what the tests of the build's mechanics (joins, manifests, damage, segments) work on."""
    return shared_build("toy", _toy_build, tmp_path_factory, worker_id)


@pytest.fixture(scope="session")
def toy_frames(toy_lecture: Path) -> Path:
    """The toy build's frame md5s, one file per chapter, from whole-chapter renders."""
    return frames_folder(toy_lecture)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The toy lecture is the lecture for this test, its ``build.py`` runs and this process alike."""
    for name, value in TOY_LECTURE.items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def toy_copy(toy_lecture: Path, toy: None, tmp_path: Path) -> Path:
    """A private copy of the toy build's output folder, to change freely; the toy lecture is the test's lecture."""
    copy = tmp_path / "out"
    shutil.copytree(toy_lecture, copy, ignore=shutil.ignore_patterns(WORK_FOLDER, ".lock"))
    return copy


def frames_folder(out_dir: Path) -> Path:
    """Where a test build keeps each chapter's frame md5s (``NN.txt``), beside its output folder."""
    return out_dir.with_name(f"{out_dir.name}-frames")


@pytest.fixture(scope="session")
def smoke_frames(smoke_lecture: Path) -> Path:
    """The smoke build's frame md5s, one file per chapter, from whole-chapter renders."""
    return frames_folder(smoke_lecture)


@pytest.fixture(scope="session")
def smoke_renders(smoke_lecture: Path) -> dict[str, ChapterFiles]:
    return {
        chapter.number: ChapterFiles(chapter, *(smoke_lecture / f"{chapter.stem}{suffix}"
                                                for suffix in (".mp4", ".srt", ".vtt")))
        for chapter in CHAPTERS
    }


@pytest.fixture
def lecture_copy(smoke_lecture: Path, tmp_path: Path) -> Path:
    """A private copy of the smoke build's output folder, to change freely (its TeX cache too)."""
    copy = tmp_path / "out"
    shutil.copytree(smoke_lecture, copy, ignore=shutil.ignore_patterns(WORK_FOLDER, ".lock"))
    with_smoke_tex(copy, smoke_lecture)
    return copy


def with_smoke_tex(out_dir: Path, smoke_lecture: Path) -> Path:
    """Give a test build the smoke build's TeX cache (what a rebuild of a real output folder has):
    each formula is compiled once a session, not once per test render."""
    shutil.copytree(smoke_lecture / WORK_FOLDER / TEX_FOLDER, out_dir / WORK_FOLDER / TEX_FOLDER, dirs_exist_ok=True)
    return out_dir
