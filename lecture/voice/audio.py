"""A chapter's sound for the web: one AAC track at 48 kHz, loudness-normalised.

Speech is placed by the scene (Manim's ``add_sound``); here the whole track is
brought to −16 LUFS integrated (EBU R128, as measured by ffmpeg's ``ebur128``)
with a true peak of at most −1.5 dBTP. One gain does it, and a limiter catches
the peaks the gain would push too high; since limiting lowers the loudness,
the result is measured again and the gain corrected (two or three passes, each
a fraction of a second). ffmpeg's ``loudnorm`` was tried first: on speech it falls back to its
dynamic mode and lands a whole unit short of the target.
"""

from __future__ import annotations

import hashlib
import io
import re
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lecture.core.media import atomic_path, run_tool

__all__ = ["read_recorded_wav", "to_pcm16", "wav_record", "write_wav",
           "LIMIT_DBFS", "PEAK_LIMITER", "TRACK_RATE", "peak_limiter", "TARGET_LUFS", "TRUE_PEAK_DBTP", "Loudness",
           "aac_args", "integrated_loudness", "measure_loudness", "normalise_speech"]

TRACK_RATE = 48_000  # the published speech track's sample rate
TARGET_LUFS = -16.0
TRUE_PEAK_DBTP = -1.5
# Headroom for what a sample-peak limiter lets through: peaks between samples, and the AAC encoder's
# overshoot. 1 dB was not enough: §10 came out at -1.2 dBTP.
LIMIT_DBFS = TRUE_PEAK_DBTP - 2.0
_TOLERANCE_LU = 0.15


def peak_limiter(limit_dbfs: float = LIMIT_DBFS) -> str:
    """ffmpeg's sample-peak limiter at ``limit_dbfs``."""
    return f"alimiter=limit={10 ** (limit_dbfs / 20):.4f}:attack=2:release=50:level=false"


PEAK_LIMITER = peak_limiter()
# Limiting takes back part of each added decibel: on our speech a decibel more gain adds 0.3 to 0.5 LU once the
# peaks are limited. The first correction assumes 0.45; later ones use the last two passes (the secant), kept
# within these bounds because ebur128 reports loudness to a tenth of a unit only.
_FIRST_SLOPE = 0.45
_SLOPES = (0.2, 1.0)
AAC_BITRATE = "128k"
# The speech is made at 22,050 Hz (piper's voice; recordings are brought to its rate), so the track holds nothing
# above 11.0 kHz but what limiting adds (60 dB down), and a description, a semitone higher, reaches 11.7 kHz. The
# AAC coder's own choice at 128 kbit/s is 20 kHz: a third of its CPU went on empty bands, and the bits it spent
# there left the speech's noise 9 dB higher (SNR 29.6 against 38.8 dB on the lecture's track).
AAC_CUTOFF_HZ = 12_000


@dataclass(frozen=True)
class Loudness:
    """What ffmpeg's ebur128 filter measures of a track."""

    integrated: float  # LUFS
    true_peak: float  # dBTP


def measure_loudness(path: Path) -> Loudness:
    """The integrated loudness and true peak of a file's first audio stream."""
    stderr = _ebur128(path, true_peak=True)
    peak = re.findall(r"^\s+Peak:\s+(-?[\d.]+|-inf) dBFS", stderr, re.MULTILINE)
    if not peak:
        raise RuntimeError(f"ffmpeg measured no loudness in {path.name}")
    return Loudness(_integrated(stderr, path), float(peak[-1]))


def integrated_loudness(path: Path) -> float:
    """The integrated loudness (LUFS) of a file's first audio stream: ``measure_loudness`` without the true peak.

    The true peak (four times oversampled) is more than half of ffmpeg's work; the gain steps need only the loudness.
    """
    return _integrated(_ebur128(path, true_peak=False), path)


def _ebur128(path: Path, *, true_peak: bool) -> str:
    result = run_tool(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-map", "0:a:0",
         "-af", f"ebur128={'peak=true:' if true_peak else ''}framelog=verbose", "-f", "null", "-"],
        check=True, capture_output=True, text=True,
    )
    return result.stderr


def _integrated(stderr: str, path: Path) -> float:
    integrated = re.findall(r"^\s+I:\s+(-?[\d.]+|-inf) LUFS", stderr, re.MULTILINE)
    if not integrated:
        raise RuntimeError(f"ffmpeg measured no loudness in {path.name}")
    return float(integrated[-1])


def normalise_speech(speech: Path, destination: Path) -> float:
    """Write ``speech`` at 48 kHz, at the target loudness with its peaks limited; return its loudness (LUFS)."""
    gain = TARGET_LUFS - integrated_loudness(speech)
    slope, last = _FIRST_SLOPE, None
    for _ in range(5):
        run_tool(
            ["ffmpeg", "-v", "error", "-y", "-i", str(speech),
             "-af", f"aresample={TRACK_RATE},volume={gain:.2f}dB,{PEAK_LIMITER}",
             "-c:a", "pcm_f32le", "-f", "wav", str(destination)],
            check=True, capture_output=True,
        )
        measured = integrated_loudness(destination)
        if abs(measured - TARGET_LUFS) <= _TOLERANCE_LU:
            break
        if last is not None and abs(gain - last[0]) > 0.05:
            slope = min(max((measured - last[1]) / (gain - last[0]), _SLOPES[0]), _SLOPES[1])
        last = gain, measured
        gain += (TARGET_LUFS - measured) / slope
    return measured


def aac_args() -> list[str]:
    """ffmpeg output options for the published track.

    ffmpeg's default AAC coder (twoloop), not its "fast" one: fast took 40% of the CPU on
    our speech but overshot the limited peaks by up to 1 dB (a true peak of −0.6 dBTP in
    the lecture), where twoloop stays within a few tenths. Its bandwidth is the speech's (``AAC_CUTOFF_HZ``).
    """
    return ["-c:a", "aac", "-b:a", AAC_BITRATE, "-cutoff", str(AAC_CUTOFF_HZ), "-ar", str(TRACK_RATE), "-ac", "1"]



def to_pcm16(samples: np.ndarray) -> np.ndarray:
    """Float samples in [-1, 1] as 16-bit PCM (clipped, symmetric)."""
    return np.clip(samples * 32767, -32767, 32767).astype(np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int) -> Path:
    """16-bit mono samples as a WAV file, written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as part, wave.open(str(part), "wb") as writer:
        writer.setnchannels(1)
        writer.setsampwidth(2)
        writer.setframerate(rate)
        writer.writeframes(np.asarray(samples, dtype=np.int16).tobytes())
    return path


def wav_record(path: Path) -> dict[str, str | int]:
    """What a cache keeps of a WAV it wrote, to know the file again: its sha256, its size and its samples."""
    data = path.read_bytes()
    with wave.open(io.BytesIO(data), "rb") as reader:
        samples = reader.getnframes()
    return {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data), "samples": samples}


def read_recorded_wav(path: Path, record: object) -> tuple[np.ndarray, int] | None:
    """A 16-bit mono WAV's samples and rate, if its bytes are the ones ``record`` (``wav_record``) describes.

    ``wave`` reads a truncated file without a complaint (its reads come back short), and garbage behind
    an intact header still opens as a WAV: only the recorded hash and length tell that a cached file is
    whole. None when the file is missing or not the one recorded.
    """
    if not isinstance(record, dict):
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if len(data) != record.get("bytes") or hashlib.sha256(data).hexdigest() != record.get("sha256"):
        return None
    try:
        with wave.open(io.BytesIO(data), "rb") as reader:
            rate = reader.getframerate()
            samples = np.frombuffer(reader.readframes(reader.getnframes()), dtype=np.int16)
    except (wave.Error, EOFError, ValueError):
        return None
    return (samples, rate) if len(samples) == record.get("samples") else None
