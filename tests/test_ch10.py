"""§10: the knob starts at a seeded random value, gradient descent turns it to the least-squares w, and the
weights file holds what training found."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenes.ch10_knob import (
    DATA,
    ETA,
    INIT_SCALE,
    INIT_SEED,
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
from tests.readings import readouts_by_beat, two_decimals

REPOSITORY = Path(__file__).resolve().parent.parent


def test_initialisation_is_random_small_and_reproducible():
    assert initial_w() == initial_w(INIT_SEED) == float(np.random.default_rng(INIT_SEED).normal(0, INIT_SCALE))
    assert initial_w(INIT_SEED + 1) != initial_w()
    assert abs(initial_w()) < 3 * INIT_SCALE


def test_the_data_is_drawn_the_same_way_every_time():
    again = training_data()
    np.testing.assert_array_equal(again.x, DATA.x)
    np.testing.assert_array_equal(again.y, DATA.y)


def test_training_is_gradient_descent_to_the_least_squares_w():
    path = training_path()
    assert path.shape == (TRAIN_STEPS + 1,)
    assert path[0] == initial_w()
    for before, after in zip(path, path[1:]):
        slope = 2 * np.mean((before * DATA.x - DATA.y) * DATA.x)  # ∂L/∂w for ŷ = w·x
        assert after == pytest.approx(before - ETA * slope)
    closed_form = float(np.dot(DATA.x, DATA.y) / np.dot(DATA.x, DATA.x))
    assert trained_w() == pytest.approx(closed_form, abs=1e-3)
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


def test_the_readouts_on_screen(tmp_path):
    scene, readings = readouts_by_beat(WeightVersusInput, tmp_path)
    assert readings["initialization:2"]["w"] == two_decimals(initial_w())
    assert readings["initialization:3"]["L"] == two_decimals(loss(initial_w()))
    assert readings["training:3"] == {"w": two_decimals(trained_w()), "L": two_decimals(loss(trained_w()))}
    # Inference: the knob holds the weight loaded from the file while the songs change.
    assert scene.loaded == round(trained_w(), SAVED_DECIMALS)
    assert readings["saved-to-disk:3"]["w"] == readings["bag-of-weights:3"]["w"] == two_decimals(scene.loaded)
    assert not list(REPOSITORY.glob(f"**/{WEIGHTS_FILE}"))
