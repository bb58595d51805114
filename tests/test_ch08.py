"""§08: fitting y = 2x + 1 at x = 0…4 by hand, and the slice b = 0 of its bowl, from the scene's own data."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.ch08_why_w_and_b import (
    DATA,
    NO_INTERCEPT,
    SLICE_B,
    START,
    WhyWAndB,
    both_knobs_path,
    mse,
    slice_minimum,
    w_only_path,
)
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals


def test_the_data_lie_on_y_2x_plus_1_at_x_0_to_4():
    assert DATA.x.tolist() == [0, 1, 2, 3, 4]
    assert DATA.y.tolist() == [2 * x + 1 for x in range(5)]
    assert DATA.best_fit() == pytest.approx((2.0, 1.0))
    assert mse(2.0, 1.0) == pytest.approx(0.0)


def test_the_no_intercept_preset_misses_every_point_by_exactly_1():
    assert DATA.residuals(*NO_INTERCEPT).tolist() == [-1.0] * 5
    assert two_decimals(mse(*NO_INTERCEPT)) == "1.00"
    assert two_decimals(mse(*START)) == "11.00"  # the page as it opens: w = 1, b = 0


def test_the_best_w_on_the_slice_b_0_is_7_over_3_with_loss_1_over_3():
    best_w, best_loss = slice_minimum()
    assert best_w == pytest.approx(7 / 3)
    assert best_loss == pytest.approx(1 / 3)
    assert (two_decimals(best_w), two_decimals(best_loss)) == ("2.33", "0.33")
    # It is the minimum along the slice, and above the bowl's minimum 0.
    along = np.linspace(1, 3, 401)
    assert np.all(DATA.loss(along, np.zeros_like(along)) >= best_loss - 1e-12)
    assert best_loss > mse(*DATA.best_fit())


def test_updating_only_w_stays_on_the_slice_and_stops_at_7_over_3():
    path = w_only_path()
    assert np.all(path[:, 1] == SLICE_B)
    assert path[-1, 0] == pytest.approx(7 / 3, abs=1e-3)


def test_both_knobs_reach_the_bottom():
    assert both_knobs_path()[-1] == pytest.approx((2.0, 1.0), abs=5e-3)


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(WhyWAndB, tmp_path, tex_dir=tex_dir)
    assert readings["why-b"] == {"loss (MSE)": "11.00"}
    assert readings["no-intercept:2"] == {"loss (MSE)": "1.00"}
    assert readings["no-intercept:3"] == {"loss (MSE)": "0.00"}
    slice_label = "lowest on slice b = 0 at w = 2.33"
    assert readings["slice-of-bowl:4"][slice_label] == "0.33"
    assert readings["slice-of-bowl:4"]["lowest in bowl: (w, b) = (2, 1)"] == "0.00"
    assert readings["slice-of-bowl:4"]["w"] == "2.33" and readings["slice-of-bowl:4"]["b"] == "0.00"
    assert readings["slice-of-bowl:5"]["loss (MSE)"] == "0.00"
    assert_layout_clean(scene)
