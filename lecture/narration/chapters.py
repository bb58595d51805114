"""A chapter narrated: every beat of its scene given its cues (and speech), checked against the text."""

from __future__ import annotations

from lecture.narration.beat import FROM_ENVIRONMENT, MIN_GAP_FRAMES, CaptionError, Narration, narrate
from lecture.text.chapters import Chapter
from lecture.text.document import Document, TextReferenceError

__all__ = ["captioned_seconds", "narrations"]


def narrations(chapter: Chapter, frame_rate: float, document: Document | None = None,
               voice=FROM_ENVIRONMENT) -> tuple[Narration, ...]:
    """Every beat's cues (and speech), checked against the text; errors name scene and reference.

    ``voice=None`` checks the text and times the cues for reading, without speaking.
    """
    found = []
    for ref in chapter.beat_references():
        try:
            found.append(narrate(chapter.number, ref.reference, frame_rate, document, voice))
        except (TextReferenceError, CaptionError) as error:
            raise type(error)(
                f"{chapter.scene} ({chapter.source_path.name}:{ref.line}): text reference {ref.reference!r}: {error}"
            ) from None
    return tuple(found)


def captioned_seconds(chapter: Chapter, frame_rate: float, document: Document | None = None,
                      voice=FROM_ENVIRONMENT) -> float:
    """The least the chapter can last: every word said and cue read, with the gaps between beats."""
    gap = MIN_GAP_FRAMES / frame_rate
    return sum(narration.duration + gap for narration in narrations(chapter, frame_rate, document, voice))
