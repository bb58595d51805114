"""The text model: sections, blocks, sentences, and maths read as caption text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lecture.text.document import TextReferenceError, load_document, parse_document
from lecture.core.identity import REFERENCE
from tests.norms import caption_text

# The source page's text as extracted (the storyboard's seed), kept with the tests.
SEED = Path(__file__).resolve().parent / "data" / "seed-reference.txt"


def test_the_text_has_ten_sections_with_the_source_titles():
    document = load_document()
    assert list(document.sections) == [f"{n:02}" for n in range(1, 11)]
    assert document.section("01").title == "What a derivative is"
    assert document.section("07").title == "The ML connection: weights & loss"
    assert document.section("10").title == "Is w derived from x?"


def test_every_prose_sentence_is_in_the_seed_text():
    """The asset restructures the source; it does not reword it."""
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    for section in load_document().sections.values():
        for block in (block for block in section.prose if not block.added):  # additions are for video only
            for sentence in block.sentences:
                # A definition item joins its term and meaning with " — " (the page set them apart).
                parts = sentence.split(" — ", 1) if block.source.lstrip().startswith("- **") else [sentence]
                for part in parts:
                    assert part in seed, f"§{section.number} {block.label}: {part!r}"


def test_sentences_split_at_ends_but_not_inside_maths():
    block = load_document().section("07").block("new-prediction")
    assert [caption_text(s) for s in block.sentences] == [
        "New prediction: ŷ = 0.2·2 + 0.1 = 0.5.",
        "We've moved from predicting 0 to predicting 0.5, closer to the true value.",
        "Repeat thousands of times and we converge near a combination that gives ŷ = 5.",
    ]


def test_list_items_lose_their_markers_and_bold():
    section = load_document().section("02")
    assert section.block("recipe-rise").sentences == ("f(x+h) − f(x) — how much the height changed over that step (the rise)",)
    assert section.block("step-expand").sentences == ("Write $f(x+h)$:",)


def test_display_maths_and_tables_are_not_prose():
    section = load_document().section("04")
    assert section.block("underbraced").kind == "math"
    assert section.block("hierarchy").kind == "table"
    assert section.block("hierarchy").table[0] == ["Layer", "What it is", "What it does"]
    assert "underbraced" not in {block.label for block in section.prose}


def test_an_unknown_label_names_the_section_and_the_label():
    with pytest.raises(TextReferenceError, match=r"§01 has no block labelled 'nowhere'"):
        load_document().section("01").block("nowhere")


def test_an_adaptation_whose_sentence_left_the_text_is_an_error():
    from lecture.text.document import Adaptation

    text = REFERENCE.read_text(encoding="utf-8").replace("drag the sliders below", "move the sliders below")
    stale = Adaptation("01", "To see how this works, drag the sliders below.", "watch")
    with pytest.raises(TextReferenceError, match="adaptations.toml"):
        parse_document(text, (stale,))


def test_adaptations_change_only_the_listed_sentences():
    document = load_document()
    sentence = document.section("01").block("slope-at-a-point").sentences[1]
    assert document.adapted("01", sentence) == "To see how this works, watch the sliders."
    untouched = document.section("01").block("collapse").sentences[0]
    assert document.adapted("01", untouched) == untouched
