"""§07: the text's gradient-descent example, run with numpy, and the readouts the scene shows."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.ch07_weights_and_loss import (
    BOWL_DATA,
    EXAMPLE,
    EXAMPLE_STEPS,
    WeightsAndLoss,
    bowl_path,
    example_path,
    first_step,
    prediction_line,
    start_lines,
    update_lines,
)
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals


def test_the_loss_is_2w_plus_b_minus_5_squared_with_the_texts_partials():
    for w, b in [(0.0, 0.0), (0.2, 0.1), (1.5, -2.0), (3.0, 4.0)]:
        error = 2 * w + b - 5
        assert float(EXAMPLE.loss(w, b)) == pytest.approx(error**2)
        assert EXAMPLE.gradient(w, b) == pytest.approx([4 * error, 2 * error])


def test_the_first_step_from_0_0():
    step = first_step()
    assert (step.prediction, step.error) == (0.0, -5.0)
    assert (step.w_factor, step.b_factor) == (4.0, 2.0)
    assert (step.dL_dw, step.dL_db) == (-20.0, -10.0)
    assert (step.w, step.b) == pytest.approx((0.2, 0.1))
    assert step.new_prediction == pytest.approx(0.5)


def test_the_lost_lists_show_those_numbers():
    step = first_step()
    assert start_lines(step) == [
        r"\hat{y} = 0 \cdot 2 + 0 = 0",
        r"\hat{y} - y = 0 - 5 = -5",
        r"\frac{\partial L}{\partial w} = 4\cdot(-5) = -20",
        r"\frac{\partial L}{\partial b} = 2\cdot(-5) = -10",
    ]
    assert update_lines(step) == [r"w \leftarrow 0 - 0.01\cdot(-20) = 0.2", r"b \leftarrow 0 - 0.01\cdot(-10) = 0.1"]
    assert prediction_line(step) == r"\hat{y} = 0.2 \cdot 2 + 0.1 = 0.5"


def test_every_gradient_is_parallel_to_2_1():
    for w, b in example_path():
        dw, db = EXAMPLE.gradient(w, b)
        assert dw * 1 - db * 2 == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 40, EXAMPLE_STEPS])
def test_the_path_is_t_n_times_2_1_with_t_n_1_minus_0_9_to_the_n(n):
    assert example_path()[n] == pytest.approx((1 - 0.9**n) * np.array([2.0, 1.0]), abs=1e-12)


def test_the_descent_converges_to_2_1_where_y_hat_is_5():
    w, b = example_path()[-1]
    assert (two_decimals(w), two_decimals(b)) == ("2.00", "1.00")
    assert two_decimals(EXAMPLE.predict(w, b)[0]) == "5.00"
    assert np.allclose(example_path()[-1], [2.0, 1.0], atol=1e-3)


def test_the_bowl_descent_reaches_its_bottom():
    assert BOWL_DATA.best_fit() == pytest.approx((2.0, 1.0))
    assert bowl_path()[-1] == pytest.approx((2.0, 1.0), abs=5e-3)


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(WeightsAndLoss, tmp_path, tex_dir=tex_dir)
    assert readings["nudge"]["∂L/∂w"] == "-2.00" and readings["nudge"]["∂L/∂b"] == "3.00"
    assert readings["new-prediction:3"] == {"step": "80.00", "w": "2.00", "b": "1.00", "ŷ": "5.00"}
    assert_layout_clean(scene)
