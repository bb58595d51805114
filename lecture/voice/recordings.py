"""A lecturer's own recordings in place of the synthetic voice, beat by beat.

A file ``assets/voice/NN/<beat>.wav`` (or ``.flac``, ``.m4a``, ``.mp3``,
``.ogg``, ``.opus``: ffmpeg decodes them all; any rate, mono or stereo)
replaces the synthetic voice for that beat of chapter NN. The recording is
decoded, its leading and trailing silence trimmed, its level brought to the
synthetic voice's (so the chapter's two voices match once the whole track is
normalised), and its words are found in it by forced alignment (PocketSphinx,
offline, with the US English model its wheel ships), so the captions follow the
lecturer word by word and the beat lasts as long as the recording.

Where alignment cannot be trusted (a word the dictionary lacks and espeak
cannot spell for it, or a recording that does not say the text), the words
are placed by their share of the synthetic voice's timing over the speech a
silence detector finds, and the build says so for that beat.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from lecture.voice.audio import integrated_loudness, to_pcm16, write_wav
from lecture.voice.utterance import Utterance
from lecture.core.media import run_tool
from lecture.core.identity import recordings_root

__all__ = ["RecordingError", "SUFFIXES", "check_recordings", "find_recording", "load_recording",
           "recording_stem", "recordings_folder"]

# The formats a recording is read in (ffmpeg decodes each); any other file is an error, never ignored.
SUFFIXES = (".wav", ".flac", ".m4a", ".mp3", ".ogg", ".opus")
MAX_SECONDS = 60.0
SPEECH_RATE = 22_050  # the synthetic voice's, so both place the same way
# The synthetic voice's loudness as piper makes it (beats of the lecture measure −24 to −25.6 LUFS):
# a recording is brought to it, so the two voices match once the chapter is normalised.
VOICE_LUFS = -25.0
_SILENCE_DBFS = -45.0  # a 20 ms frame quieter than this, relative to full scale, is silence
_CLIPPED = 0.995
_ALIGNER_RATE = 16_000
_FRAME_SECONDS = 0.01  # PocketSphinx counts 10 ms frames
# Of the words a recording should say, the share a plain recognition must hear for the alignment to be trusted.
_HEARD_SHARE = 0.3


class RecordingError(ValueError):
    """A recording that cannot be used: the message names the file and what to do."""


def recordings_folder(number: str) -> Path:
    return recordings_root() / number


def recording_stem(reference: str) -> str:
    """A beat's file name without suffix: ``tangent-and-secant:2`` → ``tangent-and-secant-2``."""
    return reference.replace(":", "-")


def find_recording(number: str, reference: str) -> Path | None:
    """The recording of one beat, if the lecturer made one."""
    for suffix in SUFFIXES:
        path = recordings_folder(number) / f"{recording_stem(reference)}{suffix}"
        if path.is_file():
            return path
    return None


def check_recordings(numbers: Sequence[str], beats: Mapping[str, Sequence[str]]) -> None:
    """Refuse, in one line naming the file, what the build would otherwise pass over in silence.

    ``numbers`` are every chapter's; ``beats`` the references of the chapters being built. In the
    recordings folder: an entry that is not the folder of a chapter, and in a chapter's folder a
    file in a format that is not read, one named after no beat, or a second recording of a beat.
    """
    root = recordings_root()
    if not root.is_dir():
        return
    for entry in sorted(root.iterdir()):
        if not entry.name.startswith(".") and not (entry.is_dir() and entry.name in numbers):
            raise RecordingError(f"{entry}: not the folder of a chapter ({', '.join(numbers)}); a recording goes "
                                 f"in its chapter's folder, as {root / numbers[0] / 'question.wav'}")
    for number, references in beats.items():
        folder = recordings_folder(number)
        if not folder.is_dir():
            continue
        stems = [recording_stem(reference) for reference in references]
        found: dict[str, Path] = {}
        for path in sorted(folder.iterdir()):
            if path.name.startswith("."):
                continue
            if not path.is_file() or path.suffix not in SUFFIXES:
                raise RecordingError(f"{path}: not a recording in a format that is read ({', '.join(SUFFIXES)}); "
                                     "convert it to one of them")
            if path.stem not in stems:
                raise RecordingError(f"{path}: §{number} has no beat {path.stem!r}; name a recording after one of "
                                     f"its beats: {', '.join(stems)}")
            if path.stem in found:
                raise RecordingError(f"{path}: §{number} beat {path.stem!r} has another recording, "
                                     f"{found[path.stem].name}; keep one")
            found[path.stem] = path


def _decode(path: Path, rate: int | None = None) -> np.ndarray:
    """Mono float samples at ``rate``; without a rate, every channel's samples as recorded (interleaved),
    where the peaks are true: resampling and mixing channels down move them."""
    convert = ["-ac", "1", "-ar", str(rate)] if rate else []
    result = run_tool(["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a:0", *convert,
                       "-f", "f32le", "-"], capture_output=True)
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        raise RecordingError(f"{path}: cannot read it as audio ({detail[-1] if detail else 'ffmpeg failed'})")
    return np.frombuffer(result.stdout, dtype=np.float32)


def _frame_levels(samples: np.ndarray, rate: int) -> np.ndarray:
    """Each 20 ms frame's RMS level in dBFS."""
    size = max(1, rate // 50)
    frames = samples[: len(samples) // size * size].reshape(-1, size)
    return 20 * np.log10(np.sqrt((frames.astype(np.float64) ** 2).mean(axis=1)) + 1e-12)


def _loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) as ffmpeg's ebur128 measures it."""
    with tempfile.TemporaryDirectory(prefix="recording-") as folder:
        path = write_wav(Path(folder) / "speech.wav", to_pcm16(samples), rate)
        return integrated_loudness(path)


def load_recording(path: Path, number: str, reference: str, words: tuple[str, ...],
                   synthetic_times: tuple[tuple[float, float], ...]) -> Utterance:
    """Decode, check, trim, level and align one beat's recording.

    ``words`` are what the beat says (the spoken form); ``synthetic_times`` the
    synthetic voice's times for them, used to place the words where alignment fails.
    """
    beat = f"§{number} beat {reference!r} ({path})"
    native = _decode(path)
    if len(native) == 0:
        raise RecordingError(f"{beat}: the file holds no sound")
    peak = float(np.abs(native).max())
    samples = _decode(path, SPEECH_RATE)
    notes = []
    if peak >= _CLIPPED:
        notes.append(f"{beat}: the recording is clipped (peak {20 * np.log10(peak):.1f} dBFS); record it quieter")
    levels = _frame_levels(samples, SPEECH_RATE)
    loud = np.flatnonzero(levels > _SILENCE_DBFS)
    if len(loud) == 0:
        raise RecordingError(f"{beat}: the recording is silent")
    # Trim to the speech, keeping a tenth of a second on either side.
    margin = 5
    first, last = max(0, loud[0] - margin), min(len(levels), loud[-1] + 1 + margin)
    samples = samples[first * (SPEECH_RATE // 50): last * (SPEECH_RATE // 50)]
    if len(samples) / SPEECH_RATE > MAX_SECONDS:
        raise RecordingError(f"{beat}: {len(samples) / SPEECH_RATE:.0f} s of speech, more than {MAX_SECONDS:.0f} s "
                             "for one beat; check it is the right file")
    gain = 10 ** ((VOICE_LUFS - _loudness(samples, SPEECH_RATE)) / 20)
    samples = np.clip(samples * gain, -1.0, 1.0)
    times, aligned, why = _align(samples, words)
    if not aligned:
        notes.append(f"{beat}: {why}; its captions are placed by the speech's pauses, not word by word")
        times = _placed_by_share(samples, synthetic_times)
    pcm = to_pcm16(samples)
    key = hashlib.sha256(pcm.tobytes() + repr(times).encode()).hexdigest()[:24]
    return Utterance(pcm, SPEECH_RATE, tuple(times), key, aligned, tuple(notes))


# --- Forced alignment ------------------------------------------------------------------------------

_ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
        "seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words(text: str) -> list[str]:
    """A number as words for the aligner's dictionary: 0.01 → zero point zero one, 60 → sixty."""
    whole, _, fraction = text.partition(".")
    value = int(whole) if whole else 0
    words: list[str] = []
    if value >= 1000:  # a year or a count: digit by digit is close enough for alignment
        return [_ONES[int(digit)] for digit in whole] + (["point", *(_ONES[int(d)] for d in fraction)] if fraction else [])
    if value >= 100:
        words += [_ONES[value // 100], "hundred"]
        value %= 100
        if value == 0:
            return words + (["point", *(_ONES[int(d)] for d in fraction)] if fraction else [])
    if value < 20:
        words.append(_ONES[value])
    else:
        words.append(_TENS[value // 10])
        if value % 10:
            words.append(_ONES[value % 10])
    if fraction:
        words += ["point", *(_ONES[int(d)] for d in fraction)]
    return words


def _aligner_words(word: str) -> list[str]:
    """One spoken word as the aligner's dictionary spells it (lower case, no punctuation, numbers as words)."""
    bare = word.strip(".,;:!?\"“”()").lower()
    if re.fullmatch(r"\d+(\.\d+)?", bare):
        return _number_words(bare)
    return [bare] if bare else []


# espeak's IPA (as piper phonemises) to the CMU phones PocketSphinx's dictionary uses, for a word it lacks.
_IPA = sorted({
    "aɪ": "AY", "aʊ": "AW", "eɪ": "EY", "oʊ": "OW", "ɔɪ": "OY", "iː": "IY", "uː": "UW", "ɑː": "AA", "ɔː": "AO",
    "ɜː": "ER", "tʃ": "CH", "dʒ": "JH", "i": "IY", "ɪ": "IH", "ᵻ": "IH", "ɛ": "EH", "e": "EH", "æ": "AE", "a": "AA",
    "ɑ": "AA", "ɔ": "AO", "o": "OW", "ʊ": "UH", "u": "UW", "ʌ": "AH", "ə": "AH", "ɐ": "AH", "ɚ": "ER", "ɝ": "ER",
    "p": "P", "b": "B", "t": "T", "d": "D", "ɾ": "T", "k": "K", "ɡ": "G", "g": "G", "f": "F", "v": "V", "θ": "TH",
    "ð": "DH", "s": "S", "z": "Z", "ʃ": "SH", "ʒ": "ZH", "h": "HH", "m": "M", "n": "N", "ŋ": "NG", "l": "L",
    "ɹ": "R", "r": "R", "w": "W", "j": "Y", "x": "K",
}.items(), key=lambda item: -len(item[0]))


def _phones(ipa: str) -> str:
    phones, position = [], 0
    while position < len(ipa):
        for symbol, phone in _IPA:
            if ipa.startswith(symbol, position):
                phones.append(phone)
                position += len(symbol)
                break
        else:
            position += 1  # stress, length and other marks
    return " ".join(phones)


def _align(samples: np.ndarray, words: tuple[str, ...]) -> tuple[list[tuple[float, float]], bool, str]:
    """Each spoken word's (start, end) in the recording, by forced alignment; or why it cannot be trusted."""
    from pocketsphinx import Decoder

    pcm = _resample(samples, SPEECH_RATE, _ALIGNER_RATE)
    heard = _recognise(pcm)
    expected = [w for word in words for w in _aligner_words(word)]
    content = [w for w in expected if len(w) > 3]
    share = sum(1 for w in content if w in heard) / max(1, len(content))
    if share < _HEARD_SHARE:
        return [], False, (f"it does not seem to say the text (heard {' '.join(heard[:8]) or 'nothing'}…, "
                           f"{share:.0%} of the words)")
    decoder = Decoder(samprate=_ALIGNER_RATE, bestpath=False, loglevel="FATAL")
    for word in set(expected):
        if decoder.lookup_word(word) is None:
            phones = _spell(word)
            if not phones:
                return [], False, f"the aligner's dictionary lacks {word!r}"
            decoder.add_word(word, phones, False)
    decoder.set_align_text(" ".join(expected))
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), full_utt=True)
    decoder.end_utt()
    segments = [(segment.word, segment.start_frame, segment.end_frame) for segment in decoder.seg()
                if segment.word not in {"<s>", "</s>", "<sil>", "[NOISE]"} and not segment.word.startswith("+")]
    names = [re.sub(r"\(\d+\)$", "", text) for text, _, _ in segments]
    if names != expected:
        return [], False, "the aligner could not place every word"
    times, index = [], 0
    for word in words:
        count = len(_aligner_words(word))
        if count == 0:
            times.append(times[-1] if times else (0.0, 0.0))
            continue
        span = segments[index: index + count]
        times.append((span[0][1] * _FRAME_SECONDS, (span[-1][2] + 1) * _FRAME_SECONDS))
        index += count
    return times, True, ""


def _spell(word: str) -> str:
    """Phones for a word the dictionary lacks, from espeak (through piper's phonemiser)."""
    from piper.phonemize_espeak import ESPEAK_DATA_DIR, EspeakPhonemizer

    phonemes = EspeakPhonemizer(ESPEAK_DATA_DIR).phonemize("en-us", word)
    return _phones("".join(char for sentence in phonemes for char in sentence))


def _recognise(pcm: np.ndarray) -> list[str]:
    """What a plain recognition (the default language model) hears: a check that the recording says the text."""
    from pocketsphinx import Decoder

    decoder = Decoder(samprate=_ALIGNER_RATE, loglevel="FATAL")
    decoder.start_utt()
    decoder.process_raw(pcm.tobytes(), full_utt=True)
    decoder.end_utt()
    hypothesis = decoder.hyp()
    return hypothesis.hypstr.split() if hypothesis is not None else []


def _resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Float samples to 16-bit PCM at another rate (ffmpeg's resampler)."""
    result = run_tool(["ffmpeg", "-v", "error", "-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", "-",
                       "-ar", str(target), "-f", "s16le", "-"], input=samples.astype(np.float32).tobytes(),
                      capture_output=True, check=True)
    return np.frombuffer(result.stdout, dtype=np.int16)


def _placed_by_share(samples: np.ndarray, synthetic: tuple[tuple[float, float], ...]) -> list[tuple[float, float]]:
    """Words placed over the speech the silence detector finds, by their share of the synthetic voice's timing."""
    levels = _frame_levels(samples, SPEECH_RATE)
    speaking = np.flatnonzero(levels > _SILENCE_DBFS)
    start, end = speaking[0] * 0.02, (speaking[-1] + 1) * 0.02
    first, last = synthetic[0][0], synthetic[-1][1]
    scale = (end - start) / max(1e-6, last - first)
    return [(start + (a - first) * scale, start + (b - first) * scale) for a, b in synthetic]
