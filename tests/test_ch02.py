"""§02: f′(x) = 2x from the scene's own model; slope 2 at x = 1 and 6 at x = 3, as its readouts show."""

from __future__ import annotations

import pytest

from lecture.maths import inline_to_text
from lecture.text.document import load_document
from scenes.ch02_limit_formula import (
    CURVE,
    FINAL_X,
    SMALLEST_H,
    START_H,
    START_X,
    LimitFormula,
    example_heading,
    with_maths,
)
from scenes.kit import derivative, equation_sides, heading_before, polynomial_tex, secant_slope
from scenes.kit.typeset import MixedLabel
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals

SECTION = load_document().section("02")


def test_the_worked_example_ends_on_the_models_derivative():
    """The text's last step and the model agree: lim (2x + h) = 2x."""
    *_, answer = equation_sides(SECTION.block("step-limit-math").math)
    assert answer == polynomial_tex(derivative(CURVE))


def test_the_cancelled_term_is_the_models_f_of_x():
    expansion = equation_sides(SECTION.block("step-expand-math").math)[-1]
    assert expansion.startswith(polynomial_tex(CURVE))


def test_the_slope_is_2_at_x_1_and_6_at_x_3():
    assert (START_X, FINAL_X) == (1.0, 3.0)
    assert derivative(CURVE)(START_X) == pytest.approx(2.0)
    assert derivative(CURVE)(FINAL_X) == pytest.approx(6.0)


def test_the_recipes_secant_slope_tends_to_the_derivative():
    assert two_decimals(secant_slope(CURVE, START_X, START_H)) == "3.00"
    assert two_decimals(secant_slope(CURVE, START_X, SMALLEST_H)) == "2.01"


def test_the_example_heading_is_the_texts_with_its_maths_typeset():
    """The heading keeps the text's words; its maths, the model's f, is LaTeX inside them."""
    heading = heading_before(SECTION, "step-expand")
    source = example_heading(heading)
    assert source.endswith("$f(x) = x^2$") and not source.startswith("$")
    assert inline_to_text(source) == heading
    with pytest.raises(ValueError, match="does not write"):
        with_maths(heading, "g(x) = x^3")


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    """The model's slopes (the tests above pin them to the text's 3, 2.01, 2 and 6): the secant's at h = 1 and
    at the smallest h, then the tangent's at x = 1 and at x = 3."""
    scene, readings = readouts_by_beat(LimitFormula, tmp_path, tex_dir=tex_dir)
    secant, tangent = "Secant slope (P → Q)", "Tangent slope = f′(x)"
    assert readings["recipe-divide"] == {secant: two_decimals(secant_slope(CURVE, START_X, START_H))}
    assert (readings["recipe-limit"] == readings["whole-expression:1"]
            == {secant: two_decimals(secant_slope(CURVE, START_X, SMALLEST_H))})
    # The secant's readout leaves with the secant.
    assert (readings["whole-expression:2"] == readings["result:1"]
            == {tangent: two_decimals(derivative(CURVE)(START_X))})
    assert readings["result:2"] == {tangent: two_decimals(derivative(CURVE)(FINAL_X))}
    assert scene.model.x.get_value() == FINAL_X
    # The worked example: one heading in the readouts' style, its lines aligned on their first "=".
    assert isinstance(scene.heading, MixedLabel)
    lines = (scene.expanded, scene.subtracted, scene.divided, scene.limit)
    columns = [line.occurrences("=")[0].get_center()[0] for line in lines]
    assert max(columns) - min(columns) == pytest.approx(0, abs=1e-6)
    assert_layout_clean(scene)
