"""§09: the glossary comes from the text; the loss curve is a real gradient-descent run that keeps falling."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from manim import tempconfig

from lecture.text.document import load_document
from lecture.narration.chapters import narrations
from scenes.ch09_glossary import (
    DATA,
    ETA,
    START,
    STEPS,
    TERMS,
    VocabularyAndTrainingLoop,
    glossary_cards,
    loss_curve,
    lowest_loss,
    training_path,
)
from scenes import CHAPTERS
from scenes.kit import definition, said_by, term_tex, theme
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals


def test_every_glossary_item_of_the_text_gets_a_card():
    section = load_document().section("09")
    assert TERMS == tuple(block.label for block in section.prose if block.label.startswith("term-"))
    for label in TERMS:
        assert definition(section.block(label))


def test_every_definition_is_set_at_one_size_none_shrunk_to_fit(tmp_path, tex_dir):
    with tempconfig({"media_dir": str(tmp_path), "tex_dir": str(tex_dir), "text_dir": str(tmp_path / "text")}):
        cards = glossary_cards(load_document().section("09"))
    sizes = {round(line.font_size, 3) for card in cards for line in card.definition}
    assert sizes == {theme.FINE_SIZE}
    for card in cards:  # and each fits its card
        assert card.box.get_bottom()[1] < card.definition.get_bottom()[1]


def test_a_card_shows_its_term_while_the_term_is_said():
    chapter = next(chapter for chapter in CHAPTERS if chapter.number == "09")
    by_beat = {n.reference: n for n in narrations(chapter, 15.0, voice=None)}
    partials = by_beat["term-partials"]  # its first cue is the term alone: the term lasts that cue
    term = load_document().section("09").block("term-partials").term
    assert partials.cues[0].start < said_by(partials, term) <= partials.cues[0].end
    assert said_by(by_beat["term-x"], "x") < 0.1 * by_beat["term-x"].duration
    with pytest.raises(ValueError, match="never say"):
        said_by(partials, "gradient descent")


def test_maths_terms_are_typeset_and_words_are_not():
    section = load_document().section("09")
    terms = {label: section.block(label).term for label in TERMS}
    assert term_tex(terms["term-y-hat"]) == r"\hat{y}"
    assert term_tex(terms["term-partials"]) == r"\partial L/\partial w,\; \partial L/\partial b"
    assert term_tex(terms["term-gradient"]) == r"\nabla L"
    assert term_tex(terms["term-backpropagation"]) is None
    assert term_tex(terms["term-gradient-descent"]) is None


def test_the_curve_is_a_gradient_descent_run():
    path = training_path()
    assert path.shape == (STEPS + 1, 2)
    assert tuple(path[0]) == START
    for before, after in itertools.pairwise(path):
        np.testing.assert_allclose(after, before - ETA * DATA.gradient(*before))
    np.testing.assert_allclose(loss_curve(), DATA.loss(path[:, 0], path[:, 1]))


def test_the_loss_falls_at_every_step_and_bottoms_out_near_least_squares():
    losses = loss_curve()
    assert np.all(np.diff(losses) < 0)
    assert losses[0] == pytest.approx(float(np.mean(DATA.y**2)))  # w = b = 0 predicts 0 everywhere
    assert lowest_loss() < losses[-1] < 1.5 * lowest_loss()


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(VocabularyAndTrainingLoop, tmp_path, tex_dir=tex_dir)
    path, losses = training_path(), loss_curve()
    gradient = DATA.gradient(*path[0])
    assert readings["forward-pass:3-4"] == {"w": "0.00", "b": "0.00", "L": two_decimals(losses[0])}
    assert readings["backward-pass:2"]["∂L/∂w"] == two_decimals(gradient[0])
    assert readings["backward-pass:2"]["∂L/∂b"] == two_decimals(gradient[1])
    first = readings["update:2"]
    assert (first["w"], first["b"], first["L"]) == tuple(map(two_decimals, (*path[1], losses[1])))
    last = readings["repeat:2"]
    assert (last["w"], last["b"], last["L"]) == tuple(map(two_decimals, (*path[-1], losses[-1])))
    assert scene.step.get_value() == STEPS
    # The loop's data on screen: the model's points, and its line where the run ends.
    axes = scene.fit.axes
    shown = np.array([axes.p2c(dot.get_center()) for dot in scene.fit.dots])
    np.testing.assert_allclose(shown, np.column_stack([DATA.x, DATA.y]), atol=1e-6)
    np.testing.assert_allclose((scene.fit.w.get_value(), scene.fit.b.get_value()), path[-1])
    assert scene.fit.line in scene.mobjects and scene.fit.residuals in scene.mobjects
    assert_layout_clean(scene)
