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


def test_the_derivative_of_x_squared_is_2x():
    assert polynomial_tex(CURVE) == "x^2"
    assert list(derivative(CURVE).coef) == [0, 2]
    assert polynomial_tex(derivative(CURVE)) == "2x"


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
    scene, readings = readouts_by_beat(LimitFormula, tmp_path, tex_dir=tex_dir)
    assert readings["recipe-divide"] == {"Secant slope (P → Q)": "3.00"}
    assert readings["recipe-limit"] == {"Secant slope (P → Q)": "2.01"}
    assert readings["whole-expression:1"] == {"Secant slope (P → Q)": "2.01"}
    # The secant's readout leaves with the secant.
    assert readings["whole-expression:2"] == {"Tangent slope = f′(x)": "2.00"}
    assert readings["result:1"] == {"Tangent slope = f′(x)": "2.00"}
    assert readings["result:2"] == {"Tangent slope = f′(x)": "6.00"}
    assert scene.model.x.get_value() == FINAL_X
    # The worked example: one heading in the readouts' style, its lines aligned on their first "=".
    assert isinstance(scene.heading, MixedLabel)
    lines = (scene.expanded, scene.subtracted, scene.divided, scene.limit)
    columns = [line.occurrences("=")[0].get_center()[0] for line in lines]
    assert max(columns) - min(columns) == pytest.approx(0, abs=1e-6)
    assert_layout_clean(scene)
