"""§07: the text's gradient-descent example, run with numpy, and the readouts the scene shows."""

from __future__ import annotations

import re

import numpy as np
import pytest

from lecture.text.document import load_document
from scenes.ch07_weights_and_loss import (
    BOWL_DATA,
    ETA,
    EXAMPLE,
    EXAMPLE_STEPS,
    START,
    WeightsAndLoss,
    bowl_path,
    descent_line,
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
    # Each line is cut at its arrow (the lines are aligned on it); read whole, it is the page's.
    assert [" ".join(line) for line in update_lines(step)] == [r"w \leftarrow 0 - 0.01\cdot(-20) = 0.2",
                                                                r"b \leftarrow 0 - 0.01\cdot(-10) = 0.1"]
    assert [line[1] for line in update_lines(step)] == [r"\leftarrow"] * 2
    assert prediction_line(step) == r"\hat{y} = 0.2 \cdot 2 + 0.1 = 0.5"


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")  # "-5" in "(-5)" and "= -5", but "0 - 5" is 0 and 5


def numbers_said(label: str) -> list[list[float]]:
    """Every number each sentence of a §07 block says, in order."""
    return [[float(n) for n in NUMBER.findall(sentence)]
            for sentence in load_document().section("07").block(label).sentences]


def test_the_restored_lists_say_the_numbers_the_model_computes():
    # The spoken additions of adaptations.toml against the scene's own first step, number by number.
    step = first_step()
    (w0, b0), eta = START, ETA
    said, expected = numbers_said("start-restored"), [
        # ŷ is 0, so the error is 0 − 5 = −5.
        [step.prediction, step.prediction, step.y, step.error],
        # 4·(−5) = −20 for w, 2·(−5) = −10 for b.
        [step.w_factor, step.error, step.dL_dw, step.b_factor, step.error, step.dL_db],
    ]
    assert len(said) == len(expected)
    for numbers, values in zip(said, expected):
        assert numbers == pytest.approx(values)
    # w becomes 0 − 0.01·(−20) = 0.2, b becomes 0 − 0.01·(−10) = 0.1.
    update = [w0, eta, step.dL_dw, step.w, b0, eta, step.dL_db, step.b]
    assert numbers_said("update-restored") == [pytest.approx(update)]


def test_every_gradient_is_parallel_to_2_1():
    for w, b in example_path():
        dw, db = EXAMPLE.gradient(w, b)
        assert dw * 1 - db * 2 == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 40, EXAMPLE_STEPS])
def test_the_path_is_t_n_times_2_1_with_t_n_1_minus_0_9_to_the_n(n):
    assert example_path()[n] == pytest.approx((1 - 0.9**n) * np.array([2.0, 1.0]), abs=1e-12)


def test_the_floor_line_on_screen_is_t_times_2_1_with_ratio_0_9():
    line = descent_line()
    assert line.end == pytest.approx((2.0, 1.0)) and line.ratio == pytest.approx(0.9)
    for n, point in enumerate(example_path()):
        assert point == pytest.approx((1 - line.ratio**n) * np.array(line.end), abs=1e-12)


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
