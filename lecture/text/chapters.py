"""Chapters: a section of the text and the scene that animates it (the registry in ``scenes/`` lists them).

A plain value: naming a chapter loads neither Manim nor the voice (``lecture.narration.chapters`` narrates one).
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from lecture.text.document import Document, load_document, parse_reference

__all__ = ["Chapter", "BeatReference", "Coverage"]


@dataclass(frozen=True)
class BeatReference:
    """A ``self.beat("…")`` call in a scene module, found without running it."""

    reference: str
    line: int


@dataclass(frozen=True)
class Chapter:
    """One chapter of the lecture: a section of the text and its scene."""

    number: str
    slug: str
    module: str
    scene: str

    @property
    def stem(self) -> str:
        """The output files' name: ``01-what-a-derivative-is``."""
        return f"{self.number}-{self.slug}"

    @property
    def source_path(self) -> Path:
        spec = importlib.util.find_spec(self.module)
        if spec is None or spec.origin is None:
            raise ModuleNotFoundError(f"chapter {self.number}: no module {self.module}")
        return Path(spec.origin)

    def load(self) -> type:
        """Import the scene class (this imports Manim)."""
        return getattr(importlib.import_module(self.module), self.scene)

    def title(self, document: Document | None = None) -> str:
        return (document or load_document()).section(self.number).title

    def beat_references(self) -> tuple[BeatReference, ...]:
        """The literal references of the scene's beats, in source order."""
        tree = ast.parse(self.source_path.read_text(encoding="utf-8"))
        found = []
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "beat"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append(BeatReference(node.args[0].value, node.lineno))
        return tuple(sorted(found, key=lambda ref: ref.line))

    def coverage(self, document: Document | None = None) -> Coverage:
        document = document or load_document()
        section = document.section(self.number)
        spoken: dict[str, set[int]] = {}
        for ref in self.beat_references():
            label, span = parse_reference(ref.reference)
            block = section.block(label)
            spoken.setdefault(label, set()).update(range(len(block.sentences))[span])
        missing = tuple(
            (block.label, index + 1, sentence)
            for block in section.prose
            for index, sentence in enumerate(block.sentences)
            if index not in spoken.get(block.label, set())
        )
        total = sum(len(block.sentences) for block in section.prose)
        adapted = tuple(a for a in document.adaptations if a.section == self.number)
        # What the screen shows must be said: every display formula and every table, each where a beat
        # names it (a table read as adaptations.toml says).
        unsaid = tuple((block.kind, block.label) for block in section.blocks
                       if block.kind in {"math", "table"} and block.label not in spoken)
        return Coverage(self, total, missing, adapted, unsaid)


@dataclass(frozen=True)
class Coverage:
    """Which prose sentences of a section its chapter's captions carry."""

    chapter: Chapter
    total: int
    missing: tuple[tuple[str, int, str], ...]
    adaptations: tuple
    unsaid: tuple[tuple[str, str], ...] = ()  # (kind, label) of formulas and tables no beat says

    @property
    def covered(self) -> int:
        return self.total - len(self.missing)
