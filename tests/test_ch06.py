"""§06: the partials of the worked example and of the bowl, from the scene's own model and readouts."""

from __future__ import annotations

import pytest

from lecture.text.document import load_document
from scenes.ch06_partial_derivatives import (
    BOWL,
    EXAMPLE,
    EXAMPLE_X,
    EXAMPLE_Y_END,
    ONE_INPUT,
    ONE_INPUT_SWEEP,
    POINT,
    SlicingASurface,
    bowl_slope,
    example_slope_in_x,
)
from scenes.kit import equation_sides, heading_before
from tests.readings import assert_layout_clean, readouts_by_beat

POINTS = [(1.0, 1.0), (0.5, -2.0), (-1.5, 0.25), (3.0, 2.0)]
H = 1e-5


def central_difference(f, x: float, y: float, variable: str) -> float:
    dx, dy = (H, 0.0) if variable == "x" else (0.0, H)
    return (f(x + dx, y + dy) - f(x - dx, y - dy)) / (2 * H)


@pytest.mark.parametrize("x, y", POINTS)
def test_the_example_partials_are_2xy_plus_3y2_and_x2_plus_6xy(x, y):
    assert EXAMPLE(x, y) == pytest.approx(x**2 * y + 3 * x * y**2 + 7)
    assert EXAMPLE.partial("x")(x, y) == pytest.approx(2 * x * y + 3 * y**2)
    assert EXAMPLE.partial("y")(x, y) == pytest.approx(x**2 + 6 * x * y)
    for variable in ("x", "y"):
        assert EXAMPLE.partial(variable)(x, y) == pytest.approx(central_difference(EXAMPLE, x, y, variable), rel=1e-6)


@pytest.mark.parametrize("x, y", POINTS)
def test_the_bowl_partials_match_finite_differences(x, y):
    for variable in ("x", "y"):
        assert BOWL.partial(variable)(x, y) == pytest.approx(central_difference(BOWL, x, y, variable), rel=1e-6)


def test_the_model_typesets_as_the_text_writes_it():
    section = load_document().section("06")
    assert equation_sides(section.block("example-x-math").math)[1] == EXAMPLE.partial("x").tex() == "2xy + 3y^2"
    assert equation_sides(section.block("example-y-math").math)[1] == EXAMPLE.partial("y").tex() == "x^2 + 6xy"
    assert EXAMPLE.tex().replace("^2", "²") in heading_before(section, "example-x")
    assert "f(x, y) = " + BOWL.tex() in section.block("two-inputs").source


def test_the_slopes_at_p_and_along_the_other_variable():
    assert (bowl_slope("x", *POINT), bowl_slope("y", *POINT)) == (2.0, -1.0)
    assert example_slope_in_x(EXAMPLE_Y_END) == pytest.approx(2 * EXAMPLE_X * 2 + 3 * 4)


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(SlicingASurface, tmp_path, tex_dir=tex_dir)
    # The opening tangent's slope where it stops sliding, 2x on y = x².
    assert ONE_INPUT(ONE_INPUT_SWEEP[1]) == pytest.approx(ONE_INPUT_SWEEP[1] ** 2)
    assert readings["surface-slope"] == {"slope of the curve": f"{2 * ONE_INPUT_SWEEP[1]:.2f}"}
    assert readings["ambiguous:2"] == {"slope along x": "2.00", "slope along y": "-1.00"}
    assert readings["both-depend"]["∂f/∂x at x = 1"] == "16.00"
    assert readings["slicing:3"] == {"slope of the x-slice at P": "2.00", "slope of the y-slice at P": "-1.00"}
    assert_layout_clean(scene)
