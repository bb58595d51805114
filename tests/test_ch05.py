"""§05: s(t) = 5t² gives s′(t) = 10t, 20 m/s at t = 2, and v′(t) = 10 m/s², as the readouts show."""

from __future__ import annotations

import pytest
from scenes.ch05_slope_in_disguise import (
    POSITION,
    VELOCITY_T,
    WANDER_T,
    SlopeInDisguise,
    acceleration,
    velocity,
)
from scenes.kit import polynomial_tex
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals


def test_the_velocity_is_10t_and_20_at_two_seconds():
    assert polynomial_tex(POSITION, variable="t") == "5t^2"
    assert polynomial_tex(velocity(POSITION), variable="t") == "10t"
    assert VELOCITY_T == 2.0
    assert two_decimals(velocity(POSITION)(VELOCITY_T)) == "20.00"


def test_the_acceleration_is_a_constant_10():
    assert list(acceleration(POSITION).coef) == [10]
    assert polynomial_tex(acceleration(POSITION), variable="t") == "10"


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(SlopeInDisguise, tmp_path, tex_dir=tex_dir)
    assert readings["velocity:2"] == {"s′(t) in m/s": "20.00"}
    assert readings["acceleration:1"] == {"s′(t) in m/s": "20.00", "v′(t) in m/s²": "10.00"}
    # t wanders and comes back: the velocity changed on the way, the acceleration did not.
    assert WANDER_T[-1] == VELOCITY_T
    assert readings["acceleration:2"] == readings["acceleration:1"]
    assert two_decimals(scene.acceleration_now()) == "10.00"
    assert_layout_clean(scene)


def test_the_acceleration_does_not_move_while_t_wanders():
    assert {two_decimals(acceleration(POSITION)(t)) for t in WANDER_T} == {"10.00"}
    assert len({two_decimals(velocity(POSITION)(t)) for t in WANDER_T}) == len(WANDER_T)
