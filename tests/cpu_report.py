"""Opt-in: where the suite's CPU goes, by test file. ``pytest -p tests.cpu_report`` prints a table at the end.

Each test's setup, call and teardown are measured with ``getrusage``: the worker's own CPU plus that of
the child processes it has waited for (render workers, ffmpeg, LaTeX, the build.py a test runs). A child
is counted when it is reaped, so a process left running is counted in whichever test reaps it. The
session's smoke build is counted in the setup of the first test that needs it. Under pytest-xdist each
worker measures its own tests and hands the sums to the controller, which prints one table.
"""

from __future__ import annotations

import resource
from collections import defaultdict
from collections.abc import Iterator

import pytest

_TOP = 25  # files in the table; the rest are summed on one line


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class CpuReport:
    def __init__(self) -> None:
        self.by_file: dict[str, float] = defaultdict(float)
        self.costliest: list[tuple[float, str]] = []

    def add(self, nodeid: str, seconds: float) -> None:
        self.by_file[nodeid.split("::")[0]] += seconds
        self.costliest.append((seconds, nodeid))

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        start = _cpu_seconds()
        yield
        self.add(item.nodeid, _cpu_seconds() - start)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        workeroutput = getattr(session.config, "workeroutput", None)
        if workeroutput is not None:  # an xdist worker: the controller prints
            workeroutput["cpu_report"] = {"by_file": dict(self.by_file), "costliest": self.costliest}

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node, error) -> None:
        sent = getattr(node, "workeroutput", {}).get("cpu_report")
        if sent:
            for path, seconds in sent["by_file"].items():
                self.by_file[path] += seconds
            self.costliest += [tuple(pair) for pair in sent["costliest"]]

    def pytest_terminal_summary(self, terminalreporter) -> None:
        if getattr(terminalreporter.config, "workeroutput", None) is not None or not self.by_file:
            return
        write = terminalreporter.write_line
        terminalreporter.section("CPU by test file (s, own + children reaped)")
        ranked = sorted(self.by_file.items(), key=lambda pair: -pair[1])
        for path, seconds in ranked[:_TOP]:
            write(f"{seconds:8.1f}  {path}")
        if len(ranked) > _TOP:
            write(f"{sum(seconds for _, seconds in ranked[_TOP:]):8.1f}  {len(ranked) - _TOP} other files")
        write(f"{sum(self.by_file.values()):8.1f}  in tests (worker start-up and collection not counted)")
        terminalreporter.section("costliest tests (s)")
        for seconds, nodeid in sorted(self.costliest, reverse=True)[:15]:
            write(f"{seconds:8.1f}  {nodeid}")


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(CpuReport(), "cpu-report-collector")
