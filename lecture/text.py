"""The source text as a model: document → sections → blocks → sentences.

The text lives in ``assets/reference.md`` (its header comment gives the
format).  Scenes never copy its words: they name a block by label, and the
build reads the words from here each time it runs.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

from lecture.mathtext import INLINE_MATH, inline_to_text

__all__ = [
    "ASSETS",
    "Adaptation",
    "Block",
    "Document",
    "Section",
    "TextReferenceError",
    "caption_text",
    "load_document",
]

ASSETS = Path(__file__).resolve().parent.parent / "assets"
REFERENCE = ASSETS / "reference.md"
ADAPTATIONS = ASSETS / "adaptations.toml"
TEXT_VARIABLE = "LECTURE_TEXT"

BlockKind = Literal["prose", "math", "table", "heading", "widget", "rule"]

_SECTION = re.compile(r"^## §(\d\d) (.+)$")
_LABEL = re.compile(r"^\{#([a-z0-9][a-z0-9-]*)\}$")
_LIST_ITEM = re.compile(r"^(?:\d+\.|-)\s+")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
# A sentence ends at . ! or ? (perhaps inside a closing quote) before a capital,
# a quote, a bracket or maths.
_SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]"))\s+(?=["(A-Z\x00])')


class TextReferenceError(LookupError):
    """A scene names text that the source no longer has."""


@dataclass(frozen=True)
class Adaptation:
    """One sentence reworded for video (the page said "drag the sliders")."""

    section: str
    original: str
    video: str


@dataclass(frozen=True)
class Block:
    """One block of the source: a paragraph, list item, formula, table, …"""

    kind: BlockKind
    label: str
    source: str
    line: int
    labelled: bool = True

    @property
    def sentences(self) -> tuple[str, ...]:
        """The block's prose split into sentences, maths kept as ``$…$``."""
        if self.kind != "prose":
            return ()
        return split_sentences(prose_source(self.source))

    @property
    def math(self) -> str:
        """The LaTeX of a display-maths block."""
        if self.kind != "math":
            raise TextReferenceError(f"block {self.label!r} is {self.kind}, not maths")
        return self.source.strip().removeprefix("$$").removesuffix("$$").strip()

    @property
    def table(self) -> list[list[str]]:
        """The rows of a table block (header first), cells stripped."""
        if self.kind != "table":
            raise TextReferenceError(f"block {self.label!r} is {self.kind}, not a table")
        rows = []
        for line in self.source.splitlines():
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if all(set(cell) <= {"-", " "} for cell in cells):
                continue
            rows.append(cells)
        return rows

    @property
    def term(self) -> str:
        """The bold term of a definition item (``- **f(x)** — …``)."""
        match = _BOLD.search(self.source)
        if match is None:
            raise TextReferenceError(f"block {self.label!r} has no bold term")
        return match.group(1)


@dataclass(frozen=True)
class Section:
    """One section of the text: one chapter of the lecture."""

    number: str
    title: str
    blocks: tuple[Block, ...]
    headings: tuple[str, ...] = field(default=())

    def block(self, label: str) -> Block:
        for block in self.blocks:
            if block.label == label:
                return block
        raise TextReferenceError(
            f"§{self.number} has no block labelled {label!r} "
            f"(labels: {', '.join(b.label for b in self.blocks if b.labelled)})"
        )

    @property
    def prose(self) -> tuple[Block, ...]:
        """The blocks that the chapter's captions must carry."""
        return tuple(block for block in self.blocks if block.kind == "prose")


@dataclass(frozen=True, eq=False)  # hashed by identity: narrations are cached per document
class Document:
    """The whole source text."""

    title: str
    sections: dict[str, Section]
    adaptations: tuple[Adaptation, ...]

    def section(self, number: str) -> Section:
        try:
            return self.sections[number]
        except KeyError:
            raise TextReferenceError(
                f"the text has no section §{number} (sections: {', '.join(self.sections)})"
            ) from None

    def adapted(self, number: str, sentence: str) -> str:
        """The sentence as the video says it: the listed rewording, or itself."""
        for adaptation in self.adaptations:
            if adaptation.section == number and adaptation.original == sentence:
                return adaptation.video
        return sentence


def prose_source(source: str) -> str:
    """A prose block's text without list markers, bold marks or line breaks."""
    text = _LIST_ITEM.sub("", source.strip(), count=1)
    text = _BOLD.sub(r"\1", text)
    return re.sub(r"\s+", " ", text)


def split_sentences(text: str) -> tuple[str, ...]:
    """Split prose into sentences without looking inside ``$…$`` maths."""
    maths: list[str] = []

    def protect(match: re.Match[str]) -> str:
        maths.append(match.group(0))
        return f"\x00{len(maths) - 1}\x00"

    protected = INLINE_MATH.sub(protect, text)
    parts = _SENTENCE_END.split(protected)
    restore = re.compile(r"\x00(\d+)\x00")
    return tuple(restore.sub(lambda m: maths[int(m.group(1))], part).strip() for part in parts if part.strip())


NO_BREAK_SPACE = "\u00a0"


def caption_text(sentence: str, *, keep_maths_together: bool = False) -> str:
    """A source sentence as a caption reads it: maths as plain Unicode text."""
    return inline_to_text(sentence, glue=NO_BREAK_SPACE if keep_maths_together else " ")


def _classify(lines: list[str]) -> BlockKind:
    first = lines[0]
    if first.startswith("$$"):
        return "math"
    if first.startswith("|"):
        return "table"
    if first.startswith("###"):
        return "heading"
    if first.startswith("```"):
        return "widget"
    if first.strip() == "---":
        return "rule"
    return "prose"


def _strip_comments(text: str) -> str:
    """Blank out HTML comments, keeping line numbers."""
    return re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)


def parse_document(text: str, adaptations: tuple[Adaptation, ...] = ()) -> Document:
    """Parse the structured text (see the header of ``assets/reference.md``)."""
    lines = _strip_comments(text).splitlines()
    title = ""
    sections: dict[str, Section] = {}
    current: tuple[str, str] | None = None
    blocks: list[Block] = []
    pending_label: str | None = None
    chunk: list[str] = []
    chunk_line = 0
    in_fence = False

    def flush() -> None:
        nonlocal chunk, pending_label
        if not chunk:
            return
        if current is not None:
            kind = _classify(chunk)
            labelled = pending_label is not None
            label = pending_label or f"line-{chunk_line}"
            if kind == "heading":
                label = pending_label or f"heading-{chunk_line}"
            blocks.append(Block(kind, label, "\n".join(chunk), chunk_line, labelled))
        chunk = []
        pending_label = None

    def close_section() -> None:
        nonlocal blocks
        flush()
        if current is not None:
            number, name = current
            if number in sections:
                raise ValueError(f"section §{number} appears twice in the text")
            sections[number] = Section(number, name, tuple(blocks))
        blocks = []

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if in_fence:
            chunk.append(line)
            if stripped.startswith("```"):
                in_fence = False
                flush()
            continue
        if not stripped:
            flush()
            continue
        if section := _SECTION.match(stripped):
            close_section()
            current = (section.group(1), section.group(2).strip())
            continue
        if stripped.startswith("# ") and not title:
            title = stripped[2:].strip()
            continue
        if label := _LABEL.match(stripped):
            flush()
            pending_label = label.group(1)
            continue
        if not chunk:
            chunk_line = number
            in_fence = stripped.startswith("```")
        chunk.append(line)
        if stripped.startswith("###"):
            flush()
    close_section()

    for section in sections.values():
        seen: set[str] = set()
        for block in section.blocks:
            if block.label in seen:
                raise ValueError(f"§{section.number}: label {block.label!r} is used twice")
            seen.add(block.label)
    for adaptation in adaptations:
        section = sections.get(adaptation.section)
        sentences = {sentence for block in section.prose for sentence in block.sentences} if section else set()
        if adaptation.original not in sentences:
            raise TextReferenceError(
                f"adaptations.toml: §{adaptation.section} has no sentence {adaptation.original!r}; "
                "the text changed, so update or remove this adaptation"
            )
    return Document(title, sections, adaptations)


def load_adaptations(path: Path = ADAPTATIONS) -> tuple[Adaptation, ...]:
    """The explicit list of sentences reworded for video."""
    if not path.exists():
        return ()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return tuple(Adaptation(str(item["section"]), item["original"], item["video"]) for item in data.get("adaptation", []))


def load_document() -> Document:
    """Load and parse the source text (once per process and file version).

    ``LECTURE_TEXT`` names another copy of the text, for a lecturer's edition
    or a test; render workers inherit it.
    """
    path = Path(os.environ.get(TEXT_VARIABLE, REFERENCE))
    return _parse_file(path, path.stat().st_mtime_ns, ADAPTATIONS, ADAPTATIONS.stat().st_mtime_ns)


@cache
def _parse_file(path: Path, _mtime: int, adaptations_path: Path, _adaptations_mtime: int) -> Document:
    return parse_document(path.read_text(encoding="utf-8"), load_adaptations(adaptations_path))
