"""The narration as a script to record: what to read aloud, beat by beat.

A lecturer who wants their own voice prints a chapter's script, records each
beat into a file named as the script says (``assets/voice/NN/<beat>.wav``),
and builds again: those beats use the recording (see ``lecture/voice/recordings.py``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from lecture.core.outputs import SCRIPT_FOLDER
from lecture.text.chapters import Chapter
from lecture.core.media import atomic_path
from lecture.voice.recordings import recording_stem, recordings_folder
from lecture.text.document import Document
from lecture.voice.speech import Voice
from lecture.narration.chapters import narrations

__all__ = ["ScriptBeat", "write_scripts"]



@dataclass(frozen=True)
class ScriptBeat:
    """One beat to record: its id, the file to record into, the words, the synthetic voice's length."""

    chapter: str
    beat: str
    file: str
    say: tuple[str, ...]
    seconds: float


def _beats(chapter: Chapter, document: Document, voice: Voice | None) -> list[ScriptBeat]:
    beats = []
    for narration in narrations(chapter, 60.0, document, voice):
        folder = recordings_folder(chapter.number)
        beats.append(ScriptBeat(chapter.number, narration.reference,
                                f"{folder.parent.name}/{folder.name}/{recording_stem(narration.reference)}.wav",
                                narration.spoken, round(narration.speech_seconds, 1)))
    return beats


def _markdown(chapter: Chapter, document: Document, beats: Sequence[ScriptBeat]) -> str:
    minutes, seconds = divmod(round(sum(beat.seconds for beat in beats)), 60)
    lines = [f"# §{chapter.number} {chapter.title(document)}", "",
             (f"{len(beats)} beats, about {minutes} min {seconds} s as the synthetic voice reads them. "
             "Record each beat into its own file (WAV, FLAC, M4A, MP3, OGG or Opus; any rate; mono or stereo), "
             "a breath of silence before and after is fine."), ""]
    for number, beat in enumerate(beats, start=1):
        lines += [f"## {number}. `{beat.beat}` ({beat.seconds:.1f} s)", "", f"File: `assets/{beat.file}`", ""]
        lines += [f"> {sentence}" for sentence in beat.say]
        lines.append("")
    return "\n".join(lines)


def write_scripts(chapters: Sequence[Chapter], document: Document, voice: Voice | None, out_dir: Path) -> Path:
    """Write ``script/NN-slug.md`` per chapter and ``script/index.json``; return the index's path."""
    folder = out_dir / SCRIPT_FOLDER
    index = []
    for chapter in chapters:
        beats = _beats(chapter, document, voice)
        with atomic_path(folder / f"{chapter.stem}.md") as part:
            part.write_text(_markdown(chapter, document, beats), encoding="utf-8")
        index += [asdict(beat) for beat in beats]
    with atomic_path(folder / "index.json") as part:
        part.write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder / "index.json"
