"""Pixel tests of the kit's widgets against control frames.

Regenerate the control data after an intended change with
``./run.sh test tests/test_widgets.py --set_test`` and look at the frames.
"""

from __future__ import annotations

import pytest
from manim import DOWN, VGroup

from scenes.kit import PARABOLA, Readout, SecantModel, Slider, SliderValue
from scenes.kit.beats import LectureScene
from tests.pixels import assert_matches_control, last_frame

pytestmark = pytest.mark.render  # each test draws a frame with Manim


def two_sliders(scene) -> None:
    scene.add(VGroup(
        Slider(label="x", tracker=SliderValue(0.0), value_range=(0, 3)),
        Slider(label="h", tracker=SliderValue(0.75), value_range=(0, 1)),
    ).arrange(DOWN, buff=0.6))


def secant_readout(scene) -> None:
    scene.add(Readout(label=r"Secant slope $(P \to Q)$", value=lambda: 3.0))


@pytest.mark.parametrize("build", [two_sliders, secant_readout], ids=lambda build: build.__name__)
def test_widget_matches_its_control_frame(build, request, tmp_path, tex_dir):
    assert_matches_control(last_frame(LectureScene, build, tmp_path, tex_dir=tex_dir), "widgets", build.__name__,
                           request)


def test_the_comparison_notices_a_moved_knob(request, tmp_path, tex_dir):
    """The control frame of two_sliders must not match sliders at other values."""
    def moved(scene) -> None:
        scene.add(VGroup(
            Slider(label="x", tracker=SliderValue(2.0), value_range=(0, 3)),
            Slider(label="h", tracker=SliderValue(0.1), value_range=(0, 1)),
        ).arrange(DOWN, buff=0.6))

    if request.config.getoption("--set_test"):
        pytest.skip("comparing, not setting")
    with pytest.raises(AssertionError, match="pixels differ"):
        assert_matches_control(last_frame(LectureScene, moved, tmp_path, tex_dir=tex_dir), "widgets", "two_sliders",
                               request)


def _shown(readout: Readout) -> float:
    """The number a readout shows, as a student reads it."""
    readout.update()
    value = readout.value
    return float(f"{value.get_value():.{value.num_decimal_places}f}")


def _rise_run_ratio(h: float) -> tuple[float, float, float, int]:
    """§04's three readouts at x = 1 and this h: the numbers they show, and the ratio's decimal places."""
    from scenes.ch04_formula_is_derivative import FIGURES, START_X, rise_over_run

    model = SecantModel(curve=PARABOLA, x=START_X, h=h, h_decimals=4)
    rise, run, ratio = (Readout(label=name, value=value, figures=FIGURES)
                        for name, value in (("rise", model.rise), ("run", model.run),
                                            ("ratio", lambda: rise_over_run(model))))
    return _shown(rise), _shown(run), _shown(ratio), ratio.value.num_decimal_places


def _held_h() -> list[float]:
    from scenes.ch04_formula_is_derivative import CLOSE_H, SMALLEST_H, STEP_H

    return [STEP_H, CLOSE_H, SMALLEST_H]


@pytest.mark.parametrize("h", _held_h())
def test_a_ratio_held_on_screen_is_the_shown_rise_divided_by_the_shown_run(h, tex_dir):
    """§04 at h = 0.01 showed rise 0.02, run 0.01 and rise ÷ run 2.01: dividing the shown numbers gave 2.00."""
    rise, run, ratio, places = _rise_run_ratio(h)
    assert round(rise / run, places) == ratio, (rise, run, ratio)


# Where the secant's own slope and the shown parts' quotient part in the last place (§04's review, Q sliding):
# 2.94 ÷ 0.986, 2.71 ÷ 0.927, 1.36 ÷ 0.537, 0.213 ÷ 0.101, 0.0260 ÷ 0.0129; and a few more h.
@pytest.mark.parametrize("h", [0.986, 0.927, 0.537, 0.101, 0.0129, 0.9, 0.5, 0.137, 0.05, 0.0137, 0.003])
def test_while_h_moves_the_ratio_is_the_shown_rise_divided_by_the_shown_run(h, tex_dir):
    rise, run, ratio, places = _rise_run_ratio(h)
    assert rise != 0 and run != 0  # small numbers keep their figures, never read as 0.00
    assert round(rise / run, places) == ratio, (rise, run, ratio)


@pytest.mark.parametrize("t", [0.699, 0.695, 0.7049, 2.476, 2.4849, 1.0])
def test_a_readout_computed_from_a_slider_agrees_with_the_value_it_shows(t, tex_dir):
    """§05 showed t = 0.70 beside s′ = 6.99, and t = 2.48 beside s′ = 24.83: s′(t) = 10t of the shown t."""
    tracker = SliderValue(t)
    slider = Slider(label="t", tracker=tracker, value_range=(0, 3))
    speed = Readout(label="speed", value=lambda: 10 * tracker.shown())
    slider.update()
    shown_t = float(f"{slider.value.get_value():.{slider.value.num_decimal_places}f}")
    assert _shown(speed) == pytest.approx(10 * shown_t)


def test_a_slider_needs_a_slider_value(tex_dir):
    from manim import ValueTracker

    with pytest.raises(TypeError, match="SliderValue"):
        Slider(label="x", tracker=ValueTracker(0.0), value_range=(0, 3))
