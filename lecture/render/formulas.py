"""The formulas a build has typeset, shared between its segments: each is compiled by LaTeX once a build.

Each segment typesets into its own TeX folder (Manim cleans up after each formula it compiles, so
two processes must not share one). Manim names a formula's SVG by a hash of the whole TeX file it
compiles, template and all, and uses an SVG it finds under that name without compiling. So the
SVGs of finished segments are gathered in one folder, and a segment starting copies in those it
lacks: a digit or an axis name is compiled by the first chapter that shows it, not by all ten.
A file enters either folder whole (written beside it, then renamed), and the shared one only from
segments that have finished.

A segment on a cluster worker shares no folder with the build: it is handed the shared SVGs as data
(``packed_formulas``) and sends back those it typeset itself (``new_formulas``), which the build keeps.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from lecture.core.media import atomic_path

__all__ = ["keep_formulas", "new_formulas", "packed_formulas", "share_formulas", "take_formulas"]


def share_formulas(cache: Path, formulas: Path) -> int:
    """Add the SVGs of a finished segment's TeX ``cache`` that ``formulas`` lacks; returns how many."""
    formulas.mkdir(parents=True, exist_ok=True)
    added = 0
    for svg in cache.glob("*.svg"):
        added += _copy_whole(svg, formulas / svg.name)
    return added


def take_formulas(formulas: Path | Mapping[str, bytes], cache: Path) -> int:
    """Put into a segment's TeX ``cache`` the shared SVGs it lacks, before it renders; returns how many.

    ``formulas`` is the shared folder, or its SVGs by file name (``packed_formulas``).
    """
    if isinstance(formulas, Path):
        return sum(_copy_whole(svg, cache / svg.name) for svg in formulas.glob("*.svg"))
    return keep_formulas(formulas, cache)


def packed_formulas(formulas: Path) -> dict[str, bytes]:
    """The shared folder's SVGs by file name: for a segment that shares no folder with the build."""
    return {svg.name: svg.read_bytes() for svg in sorted(formulas.glob("*.svg"))}


def new_formulas(cache: Path, given: Mapping[str, bytes]) -> dict[str, bytes]:
    """The SVGs in a finished segment's TeX ``cache`` that it was not ``given``: those it typeset itself."""
    return {svg.name: svg.read_bytes() for svg in sorted(cache.glob("*.svg")) if svg.name not in given}


def keep_formulas(typeset: Mapping[str, bytes], folder: Path) -> int:
    """Write each SVG of ``typeset`` (by file name) that ``folder`` lacks, whole; returns how many."""
    folder.mkdir(parents=True, exist_ok=True)
    kept = 0
    for name, data in typeset.items():
        destination = folder / Path(name).name  # a name, never a path out of the folder
        if not destination.exists():
            with atomic_path(destination) as partial:
                partial.write_bytes(data)
            kept += 1
    return kept


def _copy_whole(source: Path, destination: Path) -> bool:
    """Copy ``source`` to ``destination`` unless it is there, so that no reader sees half of it."""
    if destination.exists():
        return False
    with atomic_path(destination) as partial:
        shutil.copyfile(source, partial)
    return True
