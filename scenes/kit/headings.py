"""The text's ``###`` headings on screen, where a chapter turns to a new part."""

from __future__ import annotations

from manim import DOWN, LEFT, Mobject, Text

from lecture.text.document import Section
from scenes.kit import theme
from scenes.kit.quoting import heading_before

__all__ = ["subheading"]


def subheading(section: Section, label: str, *, under: Mobject) -> Text:
    """The heading nearest before block ``label``, muted, left-aligned under the section title ``under``."""
    heading = Text(heading_before(section, label), font=theme.SANS, font_size=theme.SUBHEADING_SIZE,
                   color=theme.MUTED)
    return heading.next_to(under, DOWN, buff=0.22, aligned_edge=LEFT)
