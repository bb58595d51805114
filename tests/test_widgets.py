"""Pixel tests of the kit's widgets against control frames.

Regenerate the control data after an intended change with
``./run.sh test tests/test_widgets.py --set_test`` and look at the frames.
"""

from __future__ import annotations

import pytest
from manim import DOWN, ValueTracker, VGroup

from scenes.kit import Readout, Slider
from scenes.kit.beats import LectureScene
from tests.pixels import assert_matches_control, last_frame

pytestmark = pytest.mark.render  # each test draws a frame with Manim


def two_sliders(scene) -> None:
    scene.add(VGroup(
        Slider(label="x", tracker=ValueTracker(0.0), value_range=(0, 3)),
        Slider(label="h", tracker=ValueTracker(0.75), value_range=(0, 1)),
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
            Slider(label="x", tracker=ValueTracker(2.0), value_range=(0, 3)),
            Slider(label="h", tracker=ValueTracker(0.1), value_range=(0, 1)),
        ).arrange(DOWN, buff=0.6))

    if request.config.getoption("--set_test"):
        pytest.skip("comparing, not setting")
    with pytest.raises(AssertionError, match="pixels differ"):
        assert_matches_control(last_frame(LectureScene, moved, tmp_path, tex_dir=tex_dir), "widgets", "two_sliders",
                               request)
