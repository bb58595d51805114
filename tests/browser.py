"""Headless Chromium for the tests that load the pages (preview, slides), through Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

__all__ = ["TIMEOUT_MS", "headless_chromium"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
TIMEOUT_MS = 60_000  # two shared cores: a cold Chromium can be slow


def headless_chromium(*extra_args: str) -> Iterator[object]:
    """A launched Chromium for a module's fixture to ``yield from``; the test is skipped where none is installed."""
    if not CHROMIUM.is_file():
        pytest.skip("Chromium is not installed: apt-get install chromium (./run.sh test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=[*CHROMIUM_ARGS, *extra_args])
        yield chromium
        chromium.close()
