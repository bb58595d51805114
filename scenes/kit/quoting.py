"""Pieces of the text's own words and maths, for showing on screen without retyping them."""

from __future__ import annotations

from lecture.maths import INLINE_MATH
from lecture.text.document import Block, Section, load_document

__all__ = ["definition", "display_math", "heading_before", "inline_maths", "lead_phrase", "number"]


def inline_maths(block: Block) -> list[str]:
    """The LaTeX of each ``$…$`` in a prose block, in order."""
    return INLINE_MATH.findall(block.source)


def number(value: float) -> str:
    """A computed number as the text writes it (0.2, -20, 5): shown numbers then match the text's own."""
    return f"{round(value, 6):g}"


def definition(block: Block) -> str:
    """What a glossary item says of its term: the sentence after ``term —``."""
    (sentence,) = block.sentences
    term = block.term
    if not sentence.startswith(term):
        raise ValueError(f"block {block.label!r} does not start with its term {term!r}")
    return sentence[len(term):].lstrip(" —").strip()


def lead_phrase(block: Block) -> str:
    """A numbered step's name: its first sentence without the full stop (``Forward pass``)."""
    return block.sentences[0].rstrip(".")


def display_math(section: str, label: str) -> str:
    """The LaTeX of a display-maths block of any section (for a scene that quotes another section)."""
    return load_document().section(section).block(label).math


def heading_before(section: Section, label: str) -> str:
    """The text of the ``###`` heading nearest before the block ``label`` (headings have no labels)."""
    heading = None
    for block in section.blocks:
        if block.label == label:
            if heading is None:
                raise LookupError(f"§{section.number} has no heading before {label!r}")
            return heading
        if block.kind == "heading":
            heading = block.source.lstrip("#").strip()
    raise LookupError(f"§{section.number} has no block labelled {label!r}")
