"""§04: the power rule x⁵ → 5x⁴ from numpy; rise and run vanish while their ratio settles on 2."""

from __future__ import annotations

import pytest
from lecture.text.document import load_document
from scenes.ch04_formula_is_derivative import (
    CHECK_X,
    CURVE,
    POWER,
    POWER_SMALLEST_H,
    SMALLEST_H,
    START_X,
    FormulaIsDerivative,
    chain_links,
)
from scenes.kit import derivative, secant_slope, tangent_slope, underbrace_parts
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals

SECTION = load_document().section("04")


def test_the_limit_definition_confirms_the_shortcut():
    assert two_decimals(secant_slope(POWER, CHECK_X, POWER_SMALLEST_H)) == two_decimals(derivative(POWER)(CHECK_X))


def test_the_ratio_nears_the_slope_at_p_while_rise_and_run_still_read_as_numbers():
    assert two_decimals(secant_slope(CURVE, START_X, SMALLEST_H)) == "2.01"
    assert two_decimals(tangent_slope(CURVE, START_X)) == "2.00"
    assert two_decimals(SMALLEST_H) != "0.00"


def test_the_chain_and_the_braces_come_from_the_text():
    assert len(chain_links(SECTION.block("chain").sentences[0])) == 4
    assert len(underbrace_parts(SECTION.block("underbraced").math)) == 4


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(FormulaIsDerivative, tmp_path, tex_dir=tex_dir)
    assert readings["no-width:1"] == {"rise": "0.00", "run": "0.00"}
    assert readings["no-width:2"] == {"rise": "3.00", "run": "1.00", "rise ÷ run": "3.00"}
    # Not 0.00 ÷ 0.00 = 2.00: rise and run are small numbers, their ratio nears the limit shown beside it.
    assert readings["no-width:4"] == {"rise": "0.02", "run": "0.01", "rise ÷ run": "2.01", "slope at P (h → 0)": "2.00"}
    assert readings["power-rule"] == {"Secant slope at x = 1": "5.00", "Power rule at x = 1": "5.00"}
    assert_layout_clean(scene)
