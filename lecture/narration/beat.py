"""A beat narrated: its words from the text, its speech placed in time and written as one WAV, its caption cues.

``narrate(section, reference, …)`` reads the referenced sentences, has the voice speak them (or takes
the lecturer's recording of the beat), places the utterances in time and writes the beat's WAV
(cached by content), and lays out and times the cues to the speech, to common subtitle norms.

Norms (one place): at most 42 characters a line and 2 lines a cue; lines break
after punctuation or before a conjunction or preposition, never between an
article and its noun or a pronoun and its verb; at most 17 characters a second;
each cue on screen 5/6 s to 7 s, at least 2 frames between cues.
"""

from __future__ import annotations

import hashlib
import math
import sys
from collections.abc import Callable
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from lecture.voice.audio import wav_record, write_wav
from lecture.voice.recordings import find_recording, load_recording
from lecture.voice.utterance import Utterance
from lecture.text.spoken import SpokenToken, load_pronunciations, spoken_tokens
from lecture.text.document import NO_BREAK_SPACE, Document, TextReferenceError, load_document, parse_reference
from lecture.voice.speech import (SpeechCache, Voice, cached_audio, default_cache_folder, read_entry, save_entry,
                           voice_from_environment)

__all__ = [
    "CaptionError",
    "Cue",
    "Narration",
    "MAX_LINE_CHARS",
    "MAX_LINES",
    "MAX_CHARS_PER_SECOND",
    "MIN_CUE_SECONDS",
    "MAX_CUE_SECONDS",
    "MIN_GAP_FRAMES",
    "display_length",
    "layout_cues",
    "narrate",
]

MAX_LINE_CHARS = 42
MAX_LINES = 2
MAX_CHARS_PER_SECOND = 17
MIN_CUE_SECONDS = 5 / 6
MAX_CUE_SECONDS = 7.0
MIN_GAP_FRAMES = 2
# Pacing for a lecture: slower than the norm's ceiling, never shorter than a glance.
READING_CHARS_PER_SECOND = 14.0
SHORTEST_CUE_SECONDS = 1.5
# With a voice: a breath before a beat's first word and between its sentences, and
# how long a cue may stay after its last word (into a pause, never into the next cue).
LEAD_IN_SECONDS = 0.15
SENTENCE_PAUSE_SECONDS = 0.2
LINGER_SECONDS = 0.8
# A cue cut inside a phrase must not need a pause: room for the gap between cues and rounding to frames.
_PHRASE_MARGIN_SECONDS = 0.15
# A wait shorter than this between two words is not heard as a pause.
_AUDIBLE_PAUSE_SECONDS = 0.05
# Each piece of speech placed in a beat fades in and out over this long, so no splice clicks.
SPLICE_FADE_SECONDS = 0.005

ARTICLES = frozenset({"a", "an", "the"})
SUBJECT_PRONOUNS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
OBJECT_PRONOUNS = frozenset({"you", "it", "me", "us", "them", "him", "her"})
CONJUNCTIONS_AND_PREPOSITIONS = frozenset(
    """and but or nor so yet because which that while when where if then than as
    to of in on at by for with from into onto over under through between toward
    towards about across without until like via using""".split()
)
_CLAUSE_PUNCTUATION = (",", ";", ":", "—", "–", ")", ".", "?", "!", '"', "”")
# Where the voice pauses: punctuation, perhaps inside a closing quote ('related,"'); a bare closing quote
# ('the concept "derivative" is') is no pause.
_SPEECH_PAUSES = (",", ";", ":", "—", "–", ")", ".", "?", "!")


def _pauses_after(caption: str) -> bool:
    return caption.rstrip("\"”’'").endswith(_SPEECH_PAUSES)
_FORBIDDEN = math.inf


class CaptionError(ValueError):
    """Text that cannot be captioned within the norms."""


def display_length(text: str) -> int:
    """Characters as a viewer counts them (a combining accent adds none)."""
    if text.isascii():  # no combining marks: most lines, and the line breaker measures many
        return len(text)
    return sum(1 for char in text if not unicodedata.combining(char))


def _bare(word: str) -> str:
    return word.strip('"“”()').lower()


def _is_number(word: str) -> bool:
    return _bare(word).replace(".", "", 1).isdigit()


def _break_cost(words: list[str], index: int, sentence_ends: frozenset[int]) -> float:
    """The cost of breaking a line or cue just before ``words[index]``."""
    before, after = words[index - 1], words[index]
    if index in sentence_ends:
        return 0.0
    if before.endswith(_CLAUSE_PUNCTUATION) or after in {"—", "–"}:
        return 1.0 if after not in {"—", "–"} else 2.0
    if _bare(before) in ARTICLES:
        return _FORBIDDEN
    # A subject pronoun is followed by its verb; "tells you / which" is an object.
    if _bare(before) in SUBJECT_PRONOUNS and _bare(after) not in CONJUNCTIONS_AND_PREPOSITIONS:
        return _FORBIDDEN
    if after == "=":
        return 1.5  # "derivative / = limit of secant slope": a chain reads link by link
    if _is_number(before) and not after.startswith("("):
        return 40.0  # keep "60 mph" and "20 m/s" together
    if len(_bare(after).rstrip(".,;:!?")) == 1 and _bare(after)[0].isalpha():
        return 20.0  # keep a name with its symbol: "the weight w", "point P"
    if _bare(after) in CONJUNCTIONS_AND_PREPOSITIONS:
        return 2.0
    if _bare(after) in OBJECT_PRONOUNS:
        return 9.0  # "tells / you" splits a verb from its object
    if _bare(before) in CONJUNCTIONS_AND_PREPOSITIONS:
        return 12.0
    return 6.0


def _best_lines(words: list[str], start: int, end: int, sentence_ends: frozenset[int]) -> tuple[float, tuple[str, ...]]:
    """The best one- or two-line layout of ``words[start:end]``."""
    whole = " ".join(words[start:end])
    if display_length(whole) <= MAX_LINE_CHARS:
        return 0.0, (whole,)
    best: tuple[float, tuple[str, ...]] = (_FORBIDDEN, ())
    for split in range(start + 1, end):
        first, second = " ".join(words[start:split]), " ".join(words[split:end])
        first_length, second_length = display_length(first), display_length(second)
        if first_length > MAX_LINE_CHARS or second_length > MAX_LINE_CHARS:
            continue
        cost = _break_cost(words, split, sentence_ends)
        # A bottom-heavy pyramid reads best; penalise lopsided pairs gently.
        cost += abs(first_length - second_length) / 12
        if cost < best[0]:
            best = (cost, (first, second))
    return best


def layout_cues(sentences: list[str], fits: Callable[[int, int], bool] | None = None) -> list[tuple[str, ...]]:
    """Lay caption text out as cues of at most two lines.

    Sentences of one block may share a cue; a cue boundary prefers a sentence
    end, then punctuation, then a conjunction or preposition. ``fits(first,
    end)`` may refuse a cue of words ``first`` to ``end`` (exclusive), counted
    over all the sentences: a voice that takes longer to say them than a cue
    may stay up.
    """
    words: list[str] = []
    sentence_ends: set[int] = set()
    for sentence in sentences:
        words.extend(sentence.split(" "))
        sentence_ends.add(len(words))
    ends = frozenset(sentence_ends)
    for word in words:
        if display_length(word) > MAX_LINE_CHARS:
            raise CaptionError(f"{word!r} is longer than a caption line ({MAX_LINE_CHARS} characters)")

    count = len(words)
    best_cost = [math.inf] * (count + 1)
    best_from: list[tuple[int, tuple[str, ...]]] = [(0, ())] * (count + 1)
    best_cost[0] = 0.0
    for end in range(1, count + 1):
        boundary = 0.0 if end == count else 3 * _break_cost(words, end, ends)
        for start in range(end - 1, -1, -1):
            if display_length(" ".join(words[start:end])) > MAX_LINES * MAX_LINE_CHARS + 1:
                break
            if best_cost[start] == math.inf or (fits is not None and not fits(start, end)):
                continue
            line_cost, lines = _best_lines(words, start, end, ends)
            cost = best_cost[start] + line_cost + boundary + 10.0  # 10: each cue costs a read
            if cost < best_cost[end]:
                best_cost[end] = cost
                best_from[end] = (start, lines)
    if best_cost[count] == math.inf:
        raise CaptionError(f"no layout within the norms for: {' '.join(words)!r}")
    cues: list[tuple[str, ...]] = []
    end = count
    while end > 0:
        start, lines = best_from[end]
        cues.append(lines)
        end = start
    return cues[::-1]


def reading_seconds(lines: tuple[str, ...]) -> float:
    """How long a cue stays up: enough to read it, within the norms."""
    characters = sum(display_length(line) for line in lines)
    return min(MAX_CUE_SECONDS, max(SHORTEST_CUE_SECONDS, characters / READING_CHARS_PER_SECOND))


@dataclass(frozen=True)
class Cue:
    """One caption on screen: its lines and when, relative to its beat."""

    lines: tuple[str, ...]
    start: float
    end: float

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass(frozen=True)
class Narration:
    """What one beat of a chapter says: the text it refers to, as timed cues.

    With a voice, ``audio`` is the beat's speech (a WAV from the beat's start)
    and the cues follow its words; without, the cues are timed for reading.
    """

    section: str
    reference: str
    sentences: tuple[str, ...]
    cues: tuple[Cue, ...]
    audio: Path | None = None
    speech_seconds: float = 0.0  # from the beat's start to its last spoken word
    spoken: tuple[str, ...] = ()  # each sentence as the voice is given it
    said: tuple[tuple[float, float], ...] = ()  # each cue's first word start and last word end, in the beat
    # Pauses the norms put in between two words of one phrase (the words either side, the seconds).
    phrase_cuts: tuple[tuple[str, str, float], ...] = ()
    phrases: tuple[str, ...] = ()  # what the voice was given to say, a sentence or a part of one at a time

    @property
    def duration(self) -> float:
        return max(self.cues[-1].end if self.cues else 0.0, self.speech_seconds)


def _frames(seconds: float, frame_rate: float) -> int:
    return math.ceil(seconds * frame_rate - 1e-9)


class _FromEnvironment:
    """The voice named by ``LECTURE_VOICE`` (the default): what a render uses."""


FROM_ENVIRONMENT = _FromEnvironment()
_caches: dict[tuple[Voice, Path], SpeechCache] = {}


def speech_cache(voice: Voice) -> SpeechCache:
    """This process's cache of one voice's speech (its ``synthesized`` counts new sentences)."""
    folder = default_cache_folder()
    return _caches.setdefault((voice, folder), SpeechCache(voice, folder))


def narrate(section: str, reference: str, frame_rate: float, document: Document | None = None,
            voice: Voice | None | _FromEnvironment = FROM_ENVIRONMENT) -> Narration:
    """Resolve a scene's reference to the text into timed cues (and speech).

    Times are whole frames so that the gap between cues is exact at any rate.
    ``voice=None`` times the cues for reading, without speech.
    """
    if isinstance(voice, _FromEnvironment):
        voice = voice_from_environment()
    return _narrate(section, reference, frame_rate, document or load_document(), voice, load_pronunciations())


@cache
def _narrate(section: str, reference: str, frame_rate: float, document: Document, voice: Voice | None,
             pronunciations: tuple) -> Narration:
    label, span = parse_reference(reference)
    block = document.section(section).block(label)
    sentences = block.sentences[span]
    if not sentences:
        raise TextReferenceError(f"§{section} {reference!r} names nothing to say (a table needs a [[table]] "
                                 "reading in adaptations.toml)" if block.kind == "table" else
                                 f"§{section} {reference!r} names no prose sentences, formula or table")
    tokens = [spoken_tokens(document.adapted(section, sentence), pronunciations) for sentence in sentences]
    captions = [" ".join(token.caption for token in sentence) for sentence in tokens]
    spoken = tuple(" ".join(word for token in sentence for word in token.words) for sentence in tokens)
    speech = None
    if voice is not None:
        speech = _Speech(tokens, speech_cache(voice), find_recording(section, reference), (section, reference))
        for note in speech.notes:
            print(f"Warning: {note}", file=sys.stderr)
    try:
        layouts = _layout(captions, speech)
    except CaptionError as error:
        raise CaptionError(f"§{section} {reference!r}: {error}") from None
    if speech is None:
        return Narration(section, reference, tuple(sentences), _read_cues(layouts, frame_rate), spoken=spoken)
    cues, audio, said = speech.cues(layouts, frame_rate)
    if speech.phrase_cuts and speech.recording is None:
        # No layout could cut at a pause: say the sentence as two phrases, each ending with its own fall,
        # so the pause the norms need falls between them.
        tokens = _phrases(tokens, {cut for _, _, cut, _ in speech.phrase_cuts})
        speech = _Speech(tokens, speech_cache(voice), None, (section, reference))
        layouts = _layout([" ".join(token.caption for token in phrase) for phrase in tokens], speech)
        cues, audio, said = speech.cues(layouts, frame_rate)
    phrases = tuple(" ".join(word for token in phrase for word in token.words) for phrase in tokens)
    return Narration(section, reference, tuple(sentences), cues, audio, said[-1][1], spoken, said,
                     tuple((before, after, seconds) for before, after, _, seconds in speech.phrase_cuts), phrases)


def _phrases(sentences: list[tuple[SpokenToken, ...]], starts: set[int]) -> list[tuple[SpokenToken, ...]]:
    """The sentences' tokens with a new phrase begun at each token index in ``starts`` (counted over all)."""
    phrases: list[tuple[SpokenToken, ...]] = []
    index = 0
    for sentence in sentences:
        phrase: list[SpokenToken] = []
        for token in sentence:
            if index in starts and phrase:
                phrases.append(tuple(phrase))
                phrase = []
            phrase.append(token)
            index += 1
        phrases.append(tuple(phrase))
    return phrases


def _layout(captions: list[str], speech: _Speech | None) -> list[tuple[str, ...]]:
    """The cues' layout: with speech, cut where the speech pauses wherever the norms allow it."""
    if speech is None:
        return layout_cues(captions)
    try:
        return layout_cues(captions, fits=lambda first, end: speech.fits(first, end)
                           and speech.keeps_phrases(first, end))
    except CaptionError:
        return layout_cues(captions, fits=speech.fits)  # a sentence with no room to cut at a pause


def _shown(lines: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(line.replace(NO_BREAK_SPACE, " ") for line in lines)


def _read_cues(layouts: list[tuple[str, ...]], frame_rate: float) -> tuple[Cue, ...]:
    """Cues one after another, each up long enough to read."""
    cues: list[Cue] = []
    frame = 0
    for lines in layouts:
        shown = max(_frames(reading_seconds(lines), frame_rate), _frames(MIN_CUE_SECONDS, frame_rate))
        cues.append(Cue(_shown(lines), frame / frame_rate, (frame + shown) / frame_rate))
        frame += shown + MIN_GAP_FRAMES
    return tuple(cues)


def _token_times(tokens: tuple[SpokenToken, ...], utterance: Utterance,
                 word: int = 0) -> list[tuple[float, float] | None]:
    """Each caption token's (start, end) in its audio (from its ``word``-th word); None for a silent token (a dash)."""
    times: list[tuple[float, float] | None] = []
    for token in tokens:
        count = len(token.words)
        times.append((utterance.word_times[word][0], utterance.word_times[word + count - 1][1]) if count else None)
        word += count
    return times


class _Speech:
    """A beat's sentences spoken: what decides its cue layout and times, and its audio.

    A cue appears on the frame of its first word (at most a frame early) and stays
    until its last word ends, lingering into a pause. Where the norms need more
    time than the words take (a short cue read quickly, the gap between cues),
    the speech waits: the audio is cut between the cues' words and a pause is
    put in; words are never hurried. A cue whose words take longer to say than a
    cue may stay up is not laid out at all (``fits``): the words go on two cues.
    A pause is put in only where the speech pauses already (a comma, a clause, a
    sentence): the layout cuts cues elsewhere only where no pause is needed
    (``keeps_phrases``), so no phrase is cut short.
    """

    def __init__(self, sentences: list[tuple[SpokenToken, ...]], cache_: SpeechCache,
                 recording: Path | None = None, where: tuple[str, str] = ("", "")) -> None:
        self.cache = cache_
        self.utterances: list[Utterance] = [
            cache_.utterance(tuple(word for token in sentence for word in token.words)) for sentence in sentences]
        # Every caption token: (its audio unit, its times in that unit). A unit is a sentence of the
        # synthetic voice, or the lecturer's whole recording of the beat.
        self.tokens = [(index, times) for index, (sentence, utterance) in enumerate(zip(sentences, self.utterances))
                       for times in _token_times(sentence, utterance)]
        self.captions = [token.caption for sentence in sentences for token in sentence]
        # Pauses put in between two words of a phrase: the words either side, the token after, the seconds.
        self.phrase_cuts: list[tuple[str, str, int, float]] = []
        self.recording = recording
        self.notes: tuple[str, ...] = ()
        if recording is not None:
            words = tuple(word for sentence in sentences for token in sentence for word in token.words)
            recorded = load_recording(recording, *where, words, self._synthetic_times())
            self.utterances, self.notes = [recorded], recorded.notes
            self.tokens, first = [], 0
            for sentence in sentences:
                self.tokens += [(0, times) for times in _token_times(sentence, recorded, first)]
                first += sum(len(token.words) for token in sentence)

    def _synthetic_times(self) -> tuple[tuple[float, float], ...]:
        """The synthetic voice's word times over the whole beat, sentence after sentence."""
        times, offset = [], 0.0
        for utterance in self.utterances:
            times += [(offset + start, offset + end) for start, end in utterance.word_times]
            offset += utterance.seconds + SENTENCE_PAUSE_SECONDS
        return tuple(times)

    def _start(self, token: int) -> float | None:
        """When a token's first word is said, from the beat's first sentence on, as the voice says it."""
        unit, times = self.tokens[token]
        if times is None:
            return None
        return sum(utterance.seconds + SENTENCE_PAUSE_SECONDS for utterance in self.utterances[:unit]) + times[0]

    def keeps_phrases(self, first: int, end: int) -> bool:
        """Whether a cue of tokens ``first`` to ``end`` can end there without a pause cut into a phrase.

        A cue must stay up long enough to be read; when its words are said faster than that, the next
        cue's words wait. That wait is a pause the listener hears, so it may only fall where the speech
        pauses anyway: after punctuation, before a dash, or between sentences.
        """
        if end >= len(self.tokens) or _pauses_after(self.captions[end - 1]) \
                or self.captions[end] in {"—", "–"}:
            return True
        said = [start for start in map(self._start, range(first, end)) if start is not None]
        following = next((start for start in map(self._start, range(end, len(self.tokens))) if start is not None),
                         None)
        if not said or following is None:
            return True
        characters = display_length(" ".join(self.captions[first:end]).replace(NO_BREAK_SPACE, " "))
        needed = max(MIN_CUE_SECONDS, characters / MAX_CHARS_PER_SECOND) + _PHRASE_MARGIN_SECONDS
        return following - said[0] >= needed

    def fits(self, first: int, end: int) -> bool:
        """Whether tokens ``first`` to ``end`` (exclusive) can be said within one cue's time on screen."""
        spoken = [(s, t) for s, t in self.tokens[first:end] if t is not None]
        if not spoken:
            return True
        seconds = 0.0
        for sentence in sorted({s for s, _ in spoken}):
            times = [t for s, t in spoken if s == sentence]
            seconds += times[-1][1] - times[0][0] + SENTENCE_PAUSE_SECONDS
        # Room for a pause before a cue's last words and for rounding to frames.
        return seconds <= MAX_CUE_SECONDS - 0.5

    def cues(self, layouts: list[tuple[str, ...]],
             frame_rate: float) -> tuple[tuple[Cue, ...], Path, tuple[tuple[float, float], ...]]:
        """The cues timed to the speech, the beat's audio, and each cue's first and last word times."""
        utterances, tokens, cache_ = self.utterances, self.tokens, self.cache
        rate = utterances[0].sample_rate
        # The tokens of each cue, in order: a cue's words are the tokens of its lines.
        bounds, first = [], 0
        for lines in layouts:
            count = sum(len(line.split(" ")) for line in lines)
            bounds.append((first, first + count))
            first += count

        def cut(token: int) -> float:
            """Where an audio piece starting at ``token`` begins in its sentence: midway through the pause."""
            sentence = tokens[token][0]
            before = [t for s, t in tokens[:token] if s == sentence and t is not None]
            after = [t for s, t in tokens[token:] if s == sentence and t is not None]
            if not before:
                return 0.0
            if not after:
                return utterances[sentence].seconds
            return (before[-1][1] + after[0][0]) / 2

        gap = MIN_GAP_FRAMES
        placed: list[tuple[int, float, float, float]] = []  # sentence, from, to (its seconds), at (beat seconds)
        starts, ends, spoken_starts, spoken_ends = [], [], [], []
        at = LEAD_IN_SECONDS
        required_end = -math.inf  # frame the previous cue may not end before
        for index, (first, last) in enumerate(bounds):
            spoken = [(s, t) for s, t in tokens[first:last] if t is not None]
            if not spoken:
                raise CaptionError(f"a cue says nothing: {' '.join(layouts[index])!r}")
            cue_start_at = None
            # One audio piece for each sentence this cue touches.
            for sentence in sorted({s for s, _ in spoken}):
                in_sentence = [position for position in range(first, last) if tokens[position][0] == sentence]
                begin = cut(in_sentence[0])
                following = last if last < len(tokens) and tokens[last][0] == sentence else None
                end = cut(following) if following is not None else utterances[sentence].seconds
                if placed and placed[-1][0] != sentence:
                    at += SENTENCE_PAUSE_SECONDS
                if cue_start_at is None:
                    word_offset = next(t for s, t in spoken if s == sentence)[0] - begin
                    if index > 0:
                        wait = (required_end + gap) / frame_rate - word_offset + 1e-6 - at
                        same_sentence = placed and placed[-1][0] == sentence
                        if wait > _AUDIBLE_PAUSE_SECONDS and same_sentence and not _pauses_after(
                                self.captions[first - 1]) and self.captions[first] not in {"—", "–"}:
                            self.phrase_cuts.append((self.captions[first - 1], self.captions[first], first, wait))
                        at += max(0.0, wait)
                    cue_start_at = at + word_offset
                placed.append((sentence, begin, end, at))
                last_word = [t for s, t in spoken if s == sentence][-1][1]
                spoken_end = at + last_word - begin
                at += end - begin
            start_frame = math.floor(cue_start_at * frame_rate + 1e-6)
            characters = sum(display_length(line) for line in _shown(layouts[index]))
            needed = max(spoken_end, start_frame / frame_rate + MIN_CUE_SECONDS,
                         start_frame / frame_rate + characters / MAX_CHARS_PER_SECOND)
            required_end = _frames(needed, frame_rate)
            starts.append(start_frame)
            ends.append(required_end)
            spoken_starts.append(cue_start_at)
            spoken_ends.append(spoken_end)
        cues = []
        for index, lines in enumerate(layouts):
            end = max(ends[index], _frames(spoken_ends[index] + LINGER_SECONDS, frame_rate))
            if index + 1 < len(layouts):
                end = min(end, starts[index + 1] - gap)
            end = max(ends[index], min(end, starts[index] + _frames(MAX_CUE_SECONDS, frame_rate)))
            cues.append(Cue(_shown(lines), starts[index] / frame_rate, end / frame_rate))
        audio = _write_beat_audio(placed, utterances, rate, cache_)
        return tuple(cues), audio, tuple(zip(spoken_starts, spoken_ends))


def _write_beat_audio(placed: list[tuple[int, float, float, float]], utterances: list[Utterance], rate: int,
                      cache_: SpeechCache) -> Path:
    """The beat's speech as one WAV: each piece at its place, silence between."""
    key = hashlib.sha256(repr([SPLICE_FADE_SECONDS, *((utterances[s].key, round(b * rate), round(e * rate),
                                                        round(a * rate)) for s, b, e, a in placed)]).encode()
                         ).hexdigest()[:24]
    path = cache_.folder / "beats" / f"{key}.wav"
    record = path.with_suffix(".json")
    # Verified before Manim reads it: a cut file would give a traceback (an odd size) or cut-off speech.
    if cached_audio(path, read_entry(record), "placing the beat's speech again") is not None:
        return path
    length = max(round(a * rate) + round(e * rate) - round(b * rate) for _, b, e, a in placed)
    track = np.zeros(length, dtype=np.int16)
    fade = np.linspace(0.0, 1.0, max(1, round(SPLICE_FADE_SECONDS * rate)))
    for sentence, begin, end, at in placed:
        piece = utterances[sentence].samples[round(begin * rate): round(end * rate)].astype(np.float64)
        edge = min(len(fade), len(piece) // 2)
        if edge:
            piece[:edge] *= fade[:edge]
            piece[len(piece) - edge:] *= fade[:edge][::-1]
        track[round(at * rate): round(at * rate) + len(piece)] = np.round(piece).astype(np.int16)
    write_wav(path, track, rate)
    save_entry(record, {"audio": wav_record(path)})
    return path
