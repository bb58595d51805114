"""The chapters' model polynomials and their derivatives, as the scenes typeset them and the text writes them."""

from __future__ import annotations

import pytest

from scenes import ch02_limit_formula as ch02
from scenes import ch04_formula_is_derivative as ch04
from scenes.kit import Polynomial, derivative, polynomial_tex


@pytest.mark.parametrize(("polynomial", "written", "coefficients", "derivative_written"), [
    pytest.param(ch02.CURVE, "x^2", [0, 2], "2x", id="02-x-squared"),
    pytest.param(ch04.POWER, "x^5", [0, 0, 0, 0, 5], "5x^4", id="04-power-rule"),
])
def test_the_derivative_is_the_texts(polynomial: Polynomial, written: str, coefficients: list[float],
                                     derivative_written: str):
    assert polynomial_tex(polynomial) == written
    assert list(derivative(polynomial).coef) == coefficients
    assert polynomial_tex(derivative(polynomial)) == derivative_written
