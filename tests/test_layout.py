"""The layout check on small pictures made for it: each rule finds what breaks it and passes what does not."""

from __future__ import annotations

import os
from types import SimpleNamespace

import numpy as np
import pytest
from click.testing import CliRunner
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    ORIGIN,
    OUT,
    RIGHT,
    UP,
    Dot,
    Line,
    NumberLine,
    RoundedRectangle,
    Scene,
    SurroundingRectangle,
    Text,
    ThreeDScene,
    ValueTracker,
    VGroup,
    tempconfig,
)

import build
from scenes.kit import Readout, theme
from scenes.kit.depth import DepthCamera
from scenes.kit.dials import Knob
from scenes.kit.layout import (
    CLEARANCE_PX,
    DRY_RUN,
    SMALL_SHARE,
    LayoutCheck,
    Violation,
    _inspect,
    _pieces,
    axes_over_surfaces,
    describe,
    intended_overlap,
)
from scenes.kit.surfaces import SurfaceScene, bowl_surface, surface_axes, surface_axis_labels


def findings(scene: Scene) -> list[tuple[str, str, str]]:
    """(kind, subject, other) of everything wrong in the scene's picture as it stands."""
    return [(kind, subject, other) for kind, subject, other, _, _ in _inspect(_pieces(scene, set()))]


def label(text: str, **kwargs) -> Text:
    return Text(text, font=theme.SANS, font_size=theme.LABEL_SIZE, **kwargs)


def test_two_texts_that_overlap_are_found_and_named():
    scene = Scene()
    scene.add(label("rise"), label("run").shift(RIGHT * 0.3))
    assert findings(scene) == [("text overlap", "Text(rise)", "Text(run)")]


def test_texts_apart_are_clean_and_touching_is_a_matter_of_pixels():
    scene = Scene()
    rise = label("rise")
    run = label("run").next_to(rise, RIGHT, buff=0.5)
    scene.add(rise, run)
    assert findings(scene) == []
    run.next_to(rise, RIGHT, buff=0.5 * CLEARANCE_PX * 8 / 1080)  # half the clearance, in frame units
    assert findings(scene) == [("text overlap", "Text(rise)", "Text(run)")]


def test_a_label_on_its_curve_is_found_and_one_beside_it_is_not():
    scene = Scene()
    line = Line(LEFT * 3, RIGHT * 3)
    name = label("f(x)")
    scene.add(line, name)
    assert findings(scene) == [("text on line", "Text(f(x))", "Line")]
    name.next_to(line, UP, buff=0.2)
    assert findings(scene) == []


def test_a_label_inside_its_own_box_is_clean_and_a_box_cutting_through_it_is_not():
    scene = Scene()
    words = label("Secant slope")
    box = RoundedRectangle(width=words.width + 0.5, height=words.height + 0.4, corner_radius=0.1,
                           fill_color=theme.PANEL, fill_opacity=1).move_to(words)
    scene.add(box, words)
    assert findings(scene) == []
    box.stretch_to_fit_width(words.width / 2)
    assert findings(scene) == [("text on line", "Text(Secant slope)", "RoundedRectangle")]


def test_a_declared_overlap_is_left_alone():
    scene = Scene()
    formula = label("2x")
    tight = SurroundingRectangle(formula, buff=0.01)
    scene.add(formula, tight)
    assert findings(scene) == [("text on line", "Text(2x)", "SurroundingRectangle")]
    intended_overlap(tight, formula)
    assert findings(scene) == []
    with pytest.raises(ValueError, match="at least two"):
        intended_overlap(tight)


def test_the_caption_band_and_the_side_margins():
    scene = Scene()
    dot = Dot(ORIGIN)
    scene.add(dot)
    assert findings(scene) == []
    dot.move_to(DOWN * 3.5)
    assert findings(scene) == [("caption band", "Dot", "")]
    dot.move_to(RIGHT * 6.9)
    assert findings(scene) == [("edge", "Dot", "")]


def test_small_text_is_measured_on_its_tallest_glyph():
    scene = Scene()
    tick = Text("10", font=theme.SANS, font_size=10)
    scene.add(tick)
    assert findings(scene) == [("small text", "Text(10)", "")]
    tick.scale(2)
    assert findings(scene) == []
    # A lone "=" is short at any size: it says nothing about the text's size.
    scene.add(Text("=", font=theme.SANS, font_size=theme.LABEL_SIZE).shift(DOWN * 2))
    assert findings(scene) == []


def test_many_parts_of_one_figure_breaking_a_rule_are_one_finding():
    scene = Scene()
    ticks = Line(LEFT * 3, RIGHT * 3).shift(DOWN * 2.5)
    ticks.add(*(label(str(n)).move_to([n - 2, -3.2, 0]) for n in range(4)))
    scene.add(ticks)
    [(kind, subject, _other, _, detail)] = _inspect(_pieces(scene, set()))
    assert (kind, subject) == ("caption band", "Line › Text(0)")
    assert detail.endswith("(and 3 more of its parts)")


def test_in_3d_what_counts_is_where_the_camera_shows_it():
    scene = ThreeDScene()
    upright = Line(ORIGIN, OUT * 3)
    note = label("z").move_to(UP * 1.5)
    scene.renderer.camera.add_fixed_in_frame_mobjects(note)
    scene.add(upright, note)
    scene.set_camera_orientation(phi=0, theta=-90 * DEGREES)  # from above, the line is a point
    assert findings(scene) == []
    scene.set_camera_orientation(phi=90 * DEGREES, theta=-90 * DEGREES)  # from the side, it stands up
    assert findings(scene) == [("text on line", "Text(z)", "Line")]


def test_a_narrated_still_longer_than_four_seconds_is_found():
    scene = Scene()
    with tempconfig({"frame_rate": 2}):
        check = LayoutCheck("01")
        check.attach(scene)
        frame = np.zeros((2, 2, 3), dtype=np.uint8)
        for beat, still_frames in (("short", 7), ("long", 10)):
            cue = SimpleNamespace(start=0.0, end=(still_frames + 1) / 2)
            check.begin_beat(beat, SimpleNamespace(duration=cue.end, cues=[cue]))
            frame = frame + 100  # the picture changes as each beat begins, then stands still
            scene.renderer.add_frame(frame, num_frames=still_frames + 1)
    stills = [violation for violation in check.violations() if violation.kind == "still"]
    assert [(violation.beat, violation.subject) for violation in stills] == [("long", "4.0–9.5 s")]


def _stills_while(build_picture, *, seconds: float, tmp_path, tex_dir) -> list[str]:
    """The still findings of one narrated beat of ``seconds`` in which ``build_picture(scene)`` plays, drawn as a
    dry run draws them (2 fps, 320×180)."""
    with tempconfig({**DRY_RUN, "media_dir": str(tmp_path), "tex_dir": str(tex_dir)}):
        scene = Scene()
        check = LayoutCheck("01")
        check.attach(scene)
        cue = SimpleNamespace(start=0.0, end=seconds)
        check.begin_beat("speedometer", SimpleNamespace(duration=seconds, cues=[cue]))
        build_picture(scene)
    return [violation.detail for violation in check.violations() if violation.kind == "still"]


def _old_speedometer(scene: Scene) -> tuple[ValueTracker, Dot]:
    """§01's speedometer as it was: a dial without numbers at 60 and an unlabelled dot creeping along a track."""
    mph = ValueTracker(60)
    dial = Knob(tracker=mph, value_range=(0, 120), radius=1.35, ticks=7)
    speed = Readout(label="speed (mph)", value=mph.get_value, decimals=0, width=2.6)
    road = Line(LEFT * 2.5, RIGHT * 2.5, color=theme.GRID, stroke_width=theme.TRACK_WIDTH)
    VGroup(dial, speed, road).arrange(DOWN, buff=0.35).move_to(RIGHT * 3.6 + UP * 0.2)
    car = Dot(road.get_start(), radius=0.14, color=theme.SECANT)
    car.add_updater(lambda dot, dt: dot.shift(RIGHT * mph.get_value() * 5 / (60 * 18) * dt))
    scene.add(dial, speed, road, car)
    return mph, car


def test_a_small_part_creeping_under_the_words_counts_as_still(tmp_path, tex_dir):
    """§01 at 12–23 s: the speedometer sat at 60 and only the knob crept along its track, which passed
    the old rule (any change at all counted as motion)."""
    def creep(scene: Scene) -> None:
        _old_speedometer(scene)
        scene.wait(10)

    found = _stills_while(creep, seconds=10, tmp_path=tmp_path, tex_dir=tex_dir)
    assert len(found) == 1 and f"no more than {SMALL_SHARE:.1%} of the picture changes" in found[0]


def test_the_needle_moving_under_the_words_is_not_still(tmp_path, tex_dir):
    def swing(scene: Scene) -> None:
        mph, _ = _old_speedometer(scene)
        for value in (45, 72, 60, 90, 60):
            scene.play(mph.animate.set_value(value), run_time=2)

    assert _stills_while(swing, seconds=10, tmp_path=tmp_path, tex_dir=tex_dir) == []


def test_the_check_command_lists_violations_one_a_line_and_fails(monkeypatch):
    found = {"02": [Violation("02", "result:1", "end", "edge", "MathTex(x)", "", "38 px from the frame's edge")],
             "03": []}

    def dry_run(scene_class, *, media_dir, tex_dir):
        return SimpleNamespace(layout_check=SimpleNamespace(violations=lambda: found[scene_class.SECTION]))

    monkeypatch.setattr("scenes.kit.layout.dry_run", dry_run)
    monkeypatch.delenv("LECTURE_VOICE", raising=False)
    runner = CliRunner()
    failed = runner.invoke(build.cli, ["check", "02", "03", "--voice", "none"])
    assert failed.exit_code == 1
    assert "§02 result:1 (end): edge: MathTex(x): 38 px from the frame's edge\n" in failed.output
    assert "03-heights-rise-and-run: layout clean" in failed.output
    clean = runner.invoke(build.cli, ["check", "03", "--voice", "none"])
    assert clean.exit_code == 0, clean.output
    # Silent dry runs leave the voice to what runs next in this process (a render would go mute).
    assert "LECTURE_VOICE" not in os.environ


def test_tick_labels_beside_their_own_ticks_are_clean_but_not_beside_another_axis():
    scene = Scene()
    axis = NumberLine(x_range=[0, 3, 1], length=4, include_numbers=True, font_size=theme.SMALL_SIZE)
    axis.numbers.shift(UP * 0.2)  # onto the line: their own axis, drawn that way on purpose
    scene.add(axis)
    assert findings(scene) == []
    scene.add(Line(LEFT * 3, RIGHT * 3).move_to(axis.numbers))
    assert ("text on line", "NumberLine › DecimalNumber(1)", "Line") in findings(scene)


def test_a_widget_keeping_a_part_in_its_name_attribute_is_named_after_its_class():
    class Card(VGroup):
        pass

    card = Card(label("gradient"))
    card.name = card[0]  # a widget's own use of the attribute, as TrainingLoop's nodes do
    assert describe(card) == "Card"
    assert describe(card[0]) == "Text(gradient)"


def test_a_declared_overlap_holds_for_parts_shown_without_their_whole():
    scene = Scene()
    formula = label("f(x+h)")
    box = SurroundingRectangle(formula[:2], buff=0.01)
    intended_overlap(box, formula)
    scene.add(box, VGroup(*formula[:4]))  # the formula's glyphs, loose
    assert findings(scene) == []
    scene.add(Line(LEFT, RIGHT).move_to(formula))
    assert findings(scene) == [("text on line", "loose glyphs", "Line")]


def test_an_axis_name_behind_a_nearer_face_is_found_and_moved_beside_its_axis():
    # From §07's view the +y end runs under the bowl's far wall: its name there would be painted on the wall.
    scene = SurfaceScene(camera_class=DepthCamera)
    scene.FIRST_VIEW = (62, -70)
    scene.setup()
    axes = surface_axes(x_range=[-2.8, 2.8, 1], y_range=[-2.8, 2.8, 1], z_range=[0, 4.6, 1], x_length=7.0,
                        y_length=7.0, z_length=3.5)
    surface = bowl_surface(axes, lambda x, y: x * x + y * y, radius=2.0)
    names = surface_axis_labels(axes, names=("x", "y", "z"), buff=0.5)
    scene.add(axes, surface, names)
    assert axes_over_surfaces(scene).names_over == {"y axis name"}
    check = LayoutCheck("07")
    check._look(scene, "bowl", "end")
    assert ("axis over surface", "y axis name", "Surface") in {(v.kind, v.subject, v.other)
                                                               for v in check.violations()}
    scene.name_axes_where_seen(names, axes, surface)
    assert axes_over_surfaces(scene).names_over == set()
    check = LayoutCheck("07")
    check._look(scene, "bowl", "end")
    assert check.violations() == []  # moved clear of the bowl and of the axes


def test_an_axis_painted_over_a_nearer_face_of_a_surface_is_found():
    # The axes cross under a bowl; seen from above its rim, the bowl's walls are nearer than the axes.
    def bowl_with(axes) -> ThreeDScene:
        scene = ThreeDScene(camera_class=DepthCamera)
        scene.add(axes, bowl_surface(axes, lambda x, y: x * x + y * y, radius=2.0))
        scene.set_camera_orientation(phi=64 * DEGREES, theta=-58 * DEGREES)
        return scene

    ranges = {"x_range": [-2.8, 2.8, 1], "y_range": [-2.8, 2.8, 1], "z_range": [0, 4.6, 1], "x_length": 7.0,
              "y_length": 7.0, "z_length": 3.5}
    sorted_axes = surface_axes(**ranges)
    depth = axes_over_surfaces(bowl_with(sorted_axes))
    assert depth.over == {}
    hidden = [piece for axis in sorted_axes.get_axes() for piece in axis.pieces if id(piece) in depth.hidden]
    assert len(hidden) > 10  # under the bowl: a label beside them touches nothing
    # Axes painted in one go, as the kit drew them before: over the bowl's near wall.
    planted = surface_axes(**ranges).set_shade_in_3d(False)
    scene = bowl_with(planted)
    found = axes_over_surfaces(scene)
    assert set(found.over) == {"NumberLine"} and found.over["NumberLine"] > 10
    check = LayoutCheck("06")
    check._look(scene, "bowl", "end")
    assert ("axis over surface", "NumberLine", "Surface") in {(v.kind, v.subject, v.other) for v in check.violations()}
