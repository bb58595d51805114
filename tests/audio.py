"""The silences of a file's sound track, as ffmpeg's silencedetect finds them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from lecture.core.media import probe

__all__ = ["silences"]


def silences(video: Path, *, noise_db: float = -40, seconds: float = 0.2) -> list[tuple[float, float]]:
    """(start, end) of each stretch of at least ``seconds`` under ``noise_db``; one still open ends with the file."""
    result = subprocess.run(["ffmpeg", "-hide_banner", "-nostats", "-i", str(video), "-map", "0:a",
                             "-af", f"silencedetect=n={noise_db:g}dB:d={seconds:g}", "-f", "null", "-"],
                            capture_output=True, text=True, check=True)
    starts = [float(x) for x in re.findall(r"silence_start: (-?[\d.]+)", result.stderr)]
    ends = [float(x) for x in re.findall(r"silence_end: ([\d.]+)", result.stderr)]
    return list(zip(starts, ends + [probe(video).duration] * (len(starts) - len(ends))))
