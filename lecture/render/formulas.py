"""The formulas a build has typeset, shared between its segments: each is compiled by LaTeX once a build.

Each segment typesets into its own TeX folder (Manim cleans up after each formula it compiles, so
two processes must not share one). Manim names a formula's SVG by a hash of the whole TeX file it
compiles, template and all, and uses an SVG it finds under that name without compiling. So the
SVGs of finished segments are gathered in one folder, and a segment starting copies in those it
lacks: a digit or an axis name is compiled by the first chapter that shows it, not by all ten.
A file enters either folder whole (written beside it, then renamed), and the shared one only from
segments that have finished.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from lecture.core.media import atomic_path

__all__ = ["share_formulas", "take_formulas"]


def share_formulas(cache: Path, formulas: Path) -> int:
    """Add the SVGs of a finished segment's TeX ``cache`` that ``formulas`` lacks; returns how many."""
    formulas.mkdir(parents=True, exist_ok=True)
    added = 0
    for svg in cache.glob("*.svg"):
        added += _copy_whole(svg, formulas / svg.name)
    return added


def take_formulas(formulas: Path, cache: Path) -> int:
    """Copy into a segment's TeX ``cache`` the shared SVGs it lacks, before it renders; returns how many."""
    taken = 0
    for svg in formulas.glob("*.svg"):
        taken += _copy_whole(svg, cache / svg.name)
    return taken


def _copy_whole(source: Path, destination: Path) -> bool:
    """Copy ``source`` to ``destination`` unless it is there, so that no reader sees half of it."""
    if destination.exists():
        return False
    with atomic_path(destination) as partial:
        shutil.copyfile(source, partial)
    return True
