"""§03: the page's plot at x = 1, h = 1 reads f(x) 1.00, f(x+h) 4.00, rise 3.00; the heights of x²."""

from __future__ import annotations

import pytest
from scenes.ch03_rise_and_run import CURVE, HEIGHT_EXAMPLES, START_H, START_X, RiseAndRun, height_line
from tests.readings import assert_layout_clean, readouts_by_beat, two_decimals


def test_at_x_1_h_1_the_heights_and_rise_are_1_4_and_3():
    assert (START_X, START_H) == (1.0, 1.0)
    assert two_decimals(CURVE(START_X)) == "1.00"
    assert two_decimals(CURVE(START_X + START_H)) == "4.00"
    assert two_decimals(CURVE(START_X + START_H) - CURVE(START_X)) == "3.00"


def test_the_listed_heights_are_1_at_x_1_and_4_at_x_2():
    assert HEIGHT_EXAMPLES == (1.0, 2.0)
    assert [height_line(x) for x in HEIGHT_EXAMPLES] == ["f(1) = 1", "f(2) = 4"]


@pytest.mark.render
def test_the_readouts_on_screen(tmp_path, tex_dir):
    scene, readings = readouts_by_beat(RiseAndRun, tmp_path, tex_dir=tex_dir)
    assert readings["drop-a-line:2"] == {"f(x)": "1.00", "f(x+h)": "4.00", "rise": "3.00"}
    assert readings["triangle:2"] == {"f(x)": "1.00", "f(x+h)": "4.00", "rise": "3.00", "rise ÷ run": "3.00"}
    # After the sliders move and come back, the plot reads as the page opened.
    assert (scene.x.get_value(), scene.h.get_value()) == (START_X, START_H)
    assert two_decimals(scene.rise()) == "3.00"
    assert_layout_clean(scene)
