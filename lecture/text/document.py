"""The source text as a model: document → sections → blocks → sentences.

The text lives in ``assets/reference.md`` (its header comment gives the
format).  Scenes never copy its words: they name a block by label, and the
build reads the words from here each time it runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Literal

from lecture.core.identity import adaptations_path, text_path
from lecture.core.files import load_toml, read_text, shown, table_lines
from lecture.maths import (MathError, hide_inline_maths, inline_to_text, put_back_maths, read, unbalanced_dollar)

__all__ = [
    "parse_reference",
    "Adaptation",
    "Addition",
    "Block",
    "Document",
    "Section",
    "TextError",
    "TableReading",
    "TextReferenceError",
    "load_document",
]


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


class TextError(ValueError):
    """The source text or a TOML asset is malformed; the message names the file and line."""


def parse_reference(reference: str) -> tuple[str, slice]:
    """Split ``label`` / ``label:2`` / ``label:2-3`` (sentences count from 1)."""
    label, _, span = reference.partition(":")
    if not span:
        return label, slice(None)
    first, _, last = span.partition("-")
    try:
        start, stop = int(first), int(last or first)
    except ValueError:
        raise TextReferenceError(f"bad sentence span in {reference!r}: use label, label:2 or label:2-3") from None
    return label, slice(start - 1, stop)



@dataclass(frozen=True)
class Adaptation:
    """One sentence reworded for video (the page said "drag the sliders")."""

    section: str
    original: str
    video: str

    def describe(self) -> str:
        return f"adapted for video: {self.original!r} → {self.video!r}"


@dataclass(frozen=True)
class TableReading:
    """How the voice reads one of the text's tables: a sentence per row, its cells put in from the text.

    ``{1}``, ``{2}``, … stand for a row's cells. ``first`` and ``last`` (if given) read the first and last
    rows; ``each`` reads the others. ``intro`` (if given) comes before the rows.
    """

    section: str
    table: str
    each: str
    first: str = ""
    last: str = ""
    intro: str = ""

    def sentences(self, rows: list[list[str]]) -> tuple[str, ...]:
        body = rows[1:]
        said = [self.intro] if self.intro else []
        for index, row in enumerate(body):
            template = (self.first if index == 0 and self.first else
                        self.last if index == len(body) - 1 and self.last else self.each)
            said.append(_fill(template, row))
        return tuple(said)

    def describe(self) -> str:
        return f"table read for video: {self.table!r} row by row as {self.each!r}"


@dataclass(frozen=True)
class Addition:
    """Words the video says that the text lost (a list the extraction dropped), after the block they follow."""

    section: str
    after: str
    label: str
    video: str

    def describe(self) -> str:
        return f"added for video after {self.after!r}: {self.label!r} {self.video!r}"


AnyAdaptation = Adaptation | TableReading | Addition
_CELL = re.compile(r"\{(\d+)\}")


def _fill(template: str, row: list[str]) -> str:
    """A row's sentence: each ``{n}`` is the n-th cell, lower-cased where it does not start the sentence."""
    def cell(match: re.Match[str]) -> str:
        text = row[int(match.group(1)) - 1]
        starts = not template[:match.start()].strip()
        first = text.split()[0]
        keep = starts or (len(first) > 1 and first[:2].isupper()) or (len(first) == 1 and first not in {"A", "I"})
        return text if keep else text[:1].lower() + text[1:]

    return _CELL.sub(cell, template)


@dataclass(frozen=True)
class Block:
    """One block of the source: a paragraph, list item, formula, table, …"""

    kind: BlockKind
    label: str
    source: str
    line: int
    labelled: bool = True
    reading: tuple[str, ...] = ()  # a table's sentences as the voice reads it (adaptations.toml)
    added: bool = False  # words for video only: an [[addition]] of adaptations.toml

    @property
    def sentences(self) -> tuple[str, ...]:
        """What the block says: prose split into sentences (maths kept as ``$…$``), a display formula as
        ``$$…$$``, a table as its declared reading."""
        if self.kind == "math":
            return (f"$${self.math}$$",)
        if self.kind == "table":
            return self.reading
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
    adaptations: tuple[AnyAdaptation, ...]

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
            if isinstance(adaptation, Adaptation) and adaptation.section == number and adaptation.original == sentence:
                return adaptation.video
        return sentence


def prose_source(source: str) -> str:
    """A prose block's text without list markers, bold marks or line breaks."""
    text = _LIST_ITEM.sub("", source.strip(), count=1)
    text = _BOLD.sub(r"\1", text)
    return re.sub(r"\s+", " ", text)


def split_sentences(text: str) -> tuple[str, ...]:
    """Split prose into sentences without looking inside ``$…$`` maths."""
    protected, maths = hide_inline_maths(text)
    parts = _SENTENCE_END.split(protected)
    return tuple(put_back_maths(part, maths, lambda m: m.group(0)).strip() for part in parts if part.strip())


NO_BREAK_SPACE = "\u00a0"


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
    return re.sub(r"<!--.*?-->", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)


def parse_document(text: str, adaptations: tuple[AnyAdaptation, ...] = (),
                   source: str = "assets/reference.md") -> Document:
    """Parse the structured text (see the header of ``assets/reference.md``).

    Malformed text (a section or label used twice, a ``$`` left open, maths the
    captions cannot show) is a TextError naming ``source`` and the line.
    """
    lines = _strip_comments(text).splitlines()
    section_lines: dict[str, int] = {}
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
            if current[0] in section_lines:
                raise TextError(f"{source}:{number}: section §{current[0]} appears twice "
                                f"(first at line {section_lines[current[0]]})")
            section_lines[current[0]] = number
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
        seen: dict[str, int] = {}
        for block in section.blocks:
            if block.label in seen:
                raise TextError(f"{source}:{block.line}: §{section.number}: label {block.label!r} is used twice "
                                f"(first at line {seen[block.label]})")
            seen[block.label] = block.line
            _check_maths(section, block, source)
    for adaptation in adaptations:
        section = sections.get(adaptation.section)
        if isinstance(adaptation, Adaptation):
            sentences = {sentence for block in section.prose for sentence in block.sentences} if section else set()
            if adaptation.original not in sentences:
                raise TextReferenceError(
                    f"adaptations.toml: §{adaptation.section} has no sentence {adaptation.original!r}; "
                    "the text changed, so update or remove this adaptation"
                )
        else:
            sections[adaptation.section] = _adapt(section, adaptation)
    return Document(title, sections, adaptations)


def _adapt(section: Section | None, adaptation: TableReading | Addition) -> Section:
    """A section with a table's reading set, or an addition put in after the block it follows."""
    named = adaptation.table if isinstance(adaptation, TableReading) else adaptation.after
    if section is None or named not in {block.label for block in section.blocks}:
        raise TextReferenceError(f"adaptations.toml: §{adaptation.section} has no block {named!r}; "
                                 "the text changed, so update or remove this entry")
    blocks = list(section.blocks)
    index = next(index for index, block in enumerate(blocks) if block.label == named)
    if isinstance(adaptation, TableReading):
        if blocks[index].kind != "table":
            raise TextReferenceError(f"adaptations.toml: §{adaptation.section} {named!r} is not a table")
        rows = blocks[index].table
        if any(int(number) > len(rows[0]) for number in _CELL.findall(adaptation.each + adaptation.first
                                                                     + adaptation.last)):
            raise TextReferenceError(f"adaptations.toml: §{adaptation.section} {named!r} has "
                                     f"{len(rows[0])} columns; a reading names a cell past them")
        blocks[index] = replace(blocks[index], reading=adaptation.sentences(rows))
    else:
        if adaptation.label in {block.label for block in blocks}:
            raise TextError(f"adaptations.toml: §{adaptation.section} has a block {adaptation.label!r} already; "
                            "name the addition otherwise")
        blocks.insert(index + 1, Block("prose", adaptation.label, adaptation.video, blocks[index].line,
                                       added=True))
    return replace(section, blocks=tuple(blocks))


_ROUGH_SENTENCE = re.compile(r"\S.*?(?:[.!?]\"?(?=\s+[\"(A-Z$])|\Z)", re.DOTALL)


def _check_maths(section: Section, block: Block, source: str) -> None:
    """Every ``$`` closed and every formula, inline or display, readable as caption text and as speech.

    Anything else is a TextError naming the file, the line and the sentence or formula.
    """
    if block.kind == "math":
        try:
            read(block.math)
        except MathError as error:
            raise TextError(f"{source}:{block.line}: §{section.number} {block.label!r}: {error}") from None
    if block.kind != "prose":
        return
    if unbalanced_dollar(block.source):
        # Find the sentence that opens what it does not close (sentences split without trusting the maths).
        for match in _ROUGH_SENTENCE.finditer(block.source):
            if unbalanced_dollar(match.group(0)):
                line = block.line + block.source.count("\n", 0, match.start())
                raise TextError(f"{source}:{line}: §{section.number} {block.label!r}: unbalanced '$' in "
                                f'"{prose_source(match.group(0))}"')
        raise TextError(f"{source}:{block.line}: §{section.number} {block.label!r}: unbalanced '$' in "
                        f'"{prose_source(block.source)}"')
    for index, sentence in enumerate(block.sentences, start=1):
        try:
            inline_to_text(sentence)
        except MathError as error:
            first_words = sentence.split("$", 1)[0].strip()[:20]
            offset = block.source.find(first_words) if first_words else 0
            line = block.line + block.source.count("\n", 0, max(offset, 0))
            raise TextError(f"{source}:{line}: §{section.number} {block.label!r}, sentence {index}: {error}: "
                            f'"{sentence}"') from None


# Each kind of entry in adaptations.toml: its class, the keys it needs, and the keys it may have.
_ENTRIES = {
    "adaptation": (Adaptation, ("section", "original", "video"), ()),
    "table": (TableReading, ("section", "table", "each"), ("first", "last", "intro")),
    "addition": (Addition, ("section", "after", "label", "video"), ()),
}


def load_adaptations(path: Path | None = None) -> tuple[AnyAdaptation, ...]:
    """What the video says differently from the text: sentences reworded, tables read, lost lists restored.

    A malformed entry is a TextError naming its line.
    """
    path = path or adaptations_path()
    if not path.exists():
        return ()
    data = load_toml(path, TextError)
    text = read_text(path, TextError)
    adaptations = []
    for kind, (entry, needed, optional) in _ENTRIES.items():
        headers = table_lines(text, kind)
        items = data.get(kind, [])
        if not isinstance(items, list):
            raise TextError(f"{shown(path)}: '{kind}' must be a list of [[{kind}]] tables")
        for position, item in enumerate(items):
            where = f"{shown(path)}:{headers[position]}" if position < len(headers) else shown(path)
            if not (isinstance(item, dict) and all(isinstance(item.get(key), str) for key in needed)
                    and all(isinstance(item.get(key, ""), str) for key in optional)):
                article = "an" if kind[0] in "aeiou" else "a"
                raise TextError(f"{where}: {article} [[{kind}]] needs {', '.join(needed[:-1])} and {needed[-1]}, "
                                "each a string")
            for key in ("video", "each", "first", "last", "intro"):
                wording = item.get(key, "")
                try:
                    inline_to_text(wording)
                except MathError as error:
                    raise TextError(f"{where}: the video wording: {error}") from None
                if unbalanced_dollar(wording):
                    raise TextError(f"{where}: unbalanced '$' in the video wording {wording!r}")
            adaptations.append(entry(**{key: item[key] for key in (*needed, *optional) if key in item}))
    return tuple(adaptations)


def load_document() -> Document:
    """Load and parse the source text (once per process and file version).

    The text and its adaptations are the lecture's (``lecture.core.identity``: ``LECTURE_TEXT`` and
    ``LECTURE_ADAPTATIONS`` name others, for a lecturer's edition or a test; render workers inherit them).
    A lecture may have no adaptations file.
    """
    path, adaptations = text_path(), adaptations_path()
    try:
        stamps = path.stat().st_mtime_ns, adaptations.stat().st_mtime_ns if adaptations.exists() else 0
    except OSError as error:
        raise TextError(f"{shown(Path(error.filename or path))}: cannot be read: {error.strerror}") from None
    return _parse_file(path, stamps[0], adaptations, stamps[1])


@cache
def _parse_file(path: Path, _mtime: int, adaptations_path: Path, _adaptations_mtime: int) -> Document:
    return parse_document(read_text(path, TextError), load_adaptations(adaptations_path), source=shown(path))
