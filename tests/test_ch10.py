"""§10: the knob starts at a seeded random value, gradient descent turns it to the least-squares w, and the
weights file holds what training found."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from scenes.ch10_knob import (
    DATA,
    ETA,
    INIT_SCALE,
    INIT_SEED,
    RECORDED_GAIN,
    SAVED_DECIMALS,
    TRAIN_STEPS,
    WEIGHTS_FILE,
    WeightVersusInput,
    initial_w,
    load_weights,
    loss,
    save_weights,
    song,
    trained_w,
    training_data,
    training_path,
)
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals

REPOSITORY = Path(__file__).resolve().parent.parent
# Where a scene could leave a file in the checkout: its top level and the project's own folders
# (not .venv, output/ or caches, which a walk of the whole checkout would wade through).
PROJECT_FOLDERS = ("assets", "scenes", "lecture", "tests", "benchmarks")
H = 1e-4


def test_initialisation_is_random_small_and_reproducible():
    assert initial_w() == initial_w(INIT_SEED)
    assert initial_w(INIT_SEED + 1) != initial_w()
    assert abs(initial_w()) < 3 * INIT_SCALE
    # Over many seeds the starting points spread like N(0, INIT_SCALE²).
    starts = np.array([initial_w(seed) for seed in range(2000)])
    assert abs(starts.mean()) < 0.1 * INIT_SCALE
    assert starts.std() == pytest.approx(INIT_SCALE, rel=0.1)


def test_the_data_is_recorded_at_the_gain_with_noise():
    again = training_data()
    np.testing.assert_array_equal(again.x, DATA.x)
    np.testing.assert_array_equal(again.y, DATA.y)
    assert np.all(np.abs(DATA.x) <= 1.0)
    noise = DATA.y - RECORDED_GAIN * DATA.x
    assert np.any(np.abs(noise) > 1e-3)  # no point sits exactly on the recorded line


def test_training_is_gradient_descent_to_the_least_squares_w():
    """Each step goes against the slope of the scene's own loss, read off by finite differences."""
    path = training_path()
    assert path.shape == (TRAIN_STEPS + 1,)
    assert path[0] == initial_w()
    for before, after in itertools.pairwise(path):
        slope = (loss(before + H) - loss(before - H)) / (2 * H)  # L(w) is quadratic: exact but for rounding
        assert after == pytest.approx(before - ETA * slope, abs=1e-9)
    assert trained_w() == pytest.approx(DATA.best_w(0.0), abs=1e-3)
    assert loss(trained_w()) == pytest.approx(min(loss(w) for w in np.linspace(-1, 4, 2001)), abs=1e-4)
    assert np.all(np.diff([loss(w) for w in path]) < 0)


def test_no_single_x_gives_the_trained_w():
    ratios = DATA.y / DATA.x
    assert np.all(np.abs(ratios - trained_w()) > 1e-3)


def test_the_weights_file_round_trips(tmp_path):
    path = save_weights(trained_w(), tmp_path)
    assert path.name == WEIGHTS_FILE
    assert load_weights(path) == round(trained_w(), SAVED_DECIMALS)


def test_songs_stay_within_the_input_panel():
    t = np.linspace(0, 40, 2000)
    for index in np.linspace(0, 6, 25):
        assert np.max(np.abs(song(index, t))) <= 1.0 + 1e-9


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(WeightVersusInput, tmp_path, tex_dir=tex_dir)
    assert readings["initialization:2"]["w"] == two_decimals(initial_w())
    assert readings["initialization:3"]["L"] == two_decimals(loss(initial_w()))
    assert readings["training:3"] == {"w": two_decimals(trained_w()), "L": two_decimals(loss(trained_w()))}
    # Inference: the knob holds the weight loaded from the file while the songs change.
    assert scene.loaded == round(trained_w(), SAVED_DECIMALS)
    assert readings["saved-to-disk:3"]["w"] == readings["bag-of-weights:3"]["w"] == two_decimals(scene.loaded)
    written = [*REPOSITORY.glob(WEIGHTS_FILE), *tmp_path.rglob(WEIGHTS_FILE),
               *(path for folder in PROJECT_FOLDERS for path in (REPOSITORY / folder).rglob(WEIGHTS_FILE))]
    assert not written, "the scene writes its weights file into a temporary folder only"
    # Tick numbers beside the axes that cross in the plot's middle, not out at its edges.
    axes = scene.fit.axes
    origin = axes.c2p(0, 0)
    for number in axes.y_axis.numbers:
        assert 0 < origin[0] - number.get_right()[0] < 0.3
        assert number.get_y() == pytest.approx(axes.c2p(0, number.get_value())[1])
    for number in axes.x_axis.numbers:
        assert 0 < origin[1] - number.get_top()[1] < 0.3
    # The plot's y and the output's ŷ = wx are apart: each reads as its own label.
    y_name, output_name = scene.fit.labels[1], scene.names[2]
    assert output_name.get_left()[0] > scene.stereo[2].get_right()[0]
    assert np.linalg.norm(y_name.get_center() - output_name.get_center()) > 2.0
    assert_layout_clean(scene)
