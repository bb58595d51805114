"""Pieces of the text's own words and maths, for showing on screen without retyping them."""

from __future__ import annotations

import re

from lecture.text import Block

__all__ = ["inline_maths", "definition", "lead_phrase"]

_INLINE = re.compile(r"(?<![\\$])\$([^$]+)\$(?!\$)")


def inline_maths(block: Block) -> list[str]:
    """The LaTeX of each ``$…$`` in a prose block, in order."""
    return _INLINE.findall(block.source)


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
