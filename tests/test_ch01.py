"""§01: the numbers the storyboard names, from the scene's own model and its readouts."""

from __future__ import annotations

import pytest

from scenes.ch01_derivative import (
    CURVE,
    FINAL_X,
    SMALLEST_H,
    SPEEDOMETER_MPH,
    SPEEDS_ON_THE_WAY,
    START_H,
    START_X,
    SecantCollapse,
)
from scenes.kit import secant_slope, tangent_slope
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals


def test_at_x_1_h_1_the_secant_is_3_and_the_tangent_2():
    assert (START_X, START_H) == (1.0, 1.0)
    assert two_decimals(secant_slope(CURVE, START_X, START_H)) == "3.00"
    assert two_decimals(tangent_slope(CURVE, START_X)) == "2.00"


def test_as_h_shrinks_the_secant_slope_tends_to_the_tangent():
    slopes = [secant_slope(CURVE, 1.0, h) for h in (1.0, 0.5, 0.1, SMALLEST_H)]
    assert slopes == sorted(slopes, reverse=True)
    assert two_decimals(secant_slope(CURVE, 1.0, SMALLEST_H)) == "2.01"
    assert SMALLEST_H == 0.01


def test_at_x_3_the_tangent_slope_is_6():
    assert FINAL_X == 3.0
    assert tangent_slope(CURVE, FINAL_X) == pytest.approx(6.0)


def test_the_speedometer_reads_the_texts_60_mph():
    assert SPEEDS_ON_THE_WAY[-1] == SPEEDOMETER_MPH == 60


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    """Run the whole scene without writing video and read the readouts it shows at each beat's end."""
    scene, readings = readouts_by_beat(SecantCollapse, tmp_path, tex_dir=tex_dir)
    # The distance is the car's own: the speed integrated over the beat (about 15 s near 60 mph: a quarter mile).
    distance = readings["speedometer"].pop("distance (miles)")
    assert distance == f"{scene.miles.get_value():.2f}" and 0.15 < float(distance) < 0.35
    assert readings["speedometer"] == {"speed (mph)": "60.00"}
    # The sliders were swept and came back: the page's opening values.
    assert readings["tangent-and-secant:2"] == {"Secant slope (P → Q)": "3.00", "Tangent slope = f′(x)": "2.00"}
    assert readings["tangent-and-secant:3"] == {"Secant slope (P → Q)": "2.01", "Tangent slope = f′(x)": "2.00"}
    assert readings["collapse"] == {"Secant slope (P → Q)": "6.01", "Tangent slope = f′(x)": "6.00"}
    assert scene.model.x.get_value() == FINAL_X and scene.model.h.get_value() == SMALLEST_H
    assert_layout_clean(scene)
    # ``with self.beat(reference) as clock``: the clock narrates that beat and counts from its first frame;
    # by the chapter's end every beat's words have been said.
    assert list(scene.beat_clocks) == list(readings)
    for reference, (opened, clock) in scene.beat_clocks.items():
        assert clock.narration.reference == reference and clock.scene is scene
        assert clock.start == opened and clock.until_last_word() == 0
