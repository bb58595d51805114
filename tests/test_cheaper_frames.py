"""The kit's cheaper ways to draw a frame give exactly what Manim's own give: the same list to paint, the same
digits to the bit, the same sheen on an axis. (The build's frame hashes check whole chapters; these check each
shortcut on its own, where it could go wrong.)"""

from __future__ import annotations

import random

import numpy as np
import pytest
from manim import (
    RIGHT,
    Camera,
    Circle,
    ORANGE,
    DashedLine,
    DecimalNumber,
    Dot,
    Mobject,
    Surface,
    Text,
    ThreeDAxes,
    ThreeDCamera,
    VGroup,
    VMobject,
    tempconfig,
)
from manim.utils.family import extract_mobject_family_members

from scenes.kit.cameras import LectureCamera, painted_family
from scenes.kit.depth import DepthCamera, centre, depth_sorted_axes
from scenes.kit.widgets import LiveNumber


def random_mobjects(rng: random.Random) -> list[Mobject]:
    """Up to 25 mobjects, some with points, whose submobjects are drawn from each other: shared parts and cycles."""
    mobjects: list[Mobject] = []
    for _ in range(rng.randint(1, 25)):
        mobject = VGroup() if rng.random() < 0.4 else VMobject()
        if type(mobject) is VMobject and rng.random() < 0.7:
            mobject.set_points_as_corners([[0, 0, 0], [1, 0, 0]])
        mobjects.append(mobject)
    for mobject in mobjects:
        mobject.submobjects = rng.sample(mobjects, min(rng.randint(0, 3), len(mobjects)))
    return mobjects


def test_painted_family_is_manims_list_in_manims_order():
    rng = random.Random(2026)
    for _ in range(400):
        mobjects = random_mobjects(rng)
        handed = [rng.choice(mobjects) for _ in range(rng.randint(1, 10))]
        ours = painted_family(handed)
        assert [id(m) for m in ours] == [id(m) for m in extract_mobject_family_members(handed, only_those_with_points=True)]


def test_painted_family_of_a_listed_tree_walks_each_mobject_once():
    """As Manim hands a play's moving mobjects: a group and every member, listed; each appears once, parents first."""
    leaves = [VMobject().set_points_as_corners([[0, 0, 0], [i, 1, 0]]) for i in range(1, 5)]
    inner = VGroup(*leaves[:2])
    outer = VGroup(inner, *leaves[2:])
    assert painted_family(outer.get_family()) == leaves


@pytest.fixture
def tex_config(tmp_path, tex_dir):
    with tempconfig({"tex_dir": str(tex_dir), "media_dir": str(tmp_path)}):
        yield


def drawn(number: DecimalNumber) -> list[tuple]:
    """What the camera paints of a number: each member's type (below the number itself), points and colours."""
    return [(type(m).__name__ if m is not number else "number", m.points.tobytes(), m.fill_rgbas.tobytes(),
             m.stroke_rgbas.tobytes()) for m in number.get_family()]


def test_a_live_number_changes_to_the_same_glyphs_as_manims(tex_config):
    values = [0.0, 1.25, -3.5, 10.75, 0.01, 123.46, -0.004, 7.0, 1.25]
    manims = DecimalNumber(0.5, num_decimal_places=2, font_size=30, color="#123456").shift([1.5, -0.3, 0])
    ours = LiveNumber(0.5, num_decimal_places=2, font_size=30, color="#123456").shift([1.5, -0.3, 0])
    assert drawn(ours) == drawn(manims)
    for value in values:
        manims.set_value(value)
        ours.set_value(value)
        assert drawn(ours) == drawn(manims), value
        assert ours.get_value() == manims.get_value()
    # Again after the numbers move, grow and change colour.
    for step, value in enumerate(values * 2):
        for number in (manims, ours):
            if step % 3 == 1:
                number.shift([0.25, -0.125, 0])
            if step == 4:
                number.scale(1.5)
            if step == 7:
                number.set_color("#ff8800")
            if step == 12:  # two colours: the glyphs' styles are matched as Manim matches them
                number.set_color(["#ff8800", "#0088ff"])
            number.set_value(value)
        assert drawn(ours) == drawn(manims), (step, value)


def test_a_live_numbers_glyphs_leave_manims_shared_table_alone(tex_config):
    from manim.mobject.text.numbers import string_to_mob_map

    DecimalNumber(-1234567.890, num_decimal_places=3)  # every glyph below in Manim's table, as Manim made it
    table = {key: [m.points.copy() for m in glyph.get_family()] for key, glyph in string_to_mob_map.items()}
    number = LiveNumber(1.0, num_decimal_places=1, font_size=60).shift([2.0, 1.0, 0])
    for value in (2.5, 9.9, -1.0, 1234.5):
        number.set_value(value)
        number.set_color("#ff0000").shift([0.5, 0.5, 0]).scale(1.5)
    for key, points in table.items():
        assert all(np.array_equal(a, m.points) for a, m in zip(points, string_to_mob_map[key].get_family())), key


def test_an_axis_sheens_as_manims_axes_do_while_painted_and_after_moving():
    manims, ours = (ThreeDAxes(x_range=[-2, 2], y_range=[-2, 2], z_range=[0, 4]) for _ in range(2))
    depth_sorted_axes(ours)
    for step in range(3):
        DepthCamera.painting = object()  # as while DepthCamera paints a frame
        try:
            for axis, mine in zip(manims.get_axes(), ours.get_axes()):
                for piece, my_piece in zip(axis.family_members_with_points(), mine.family_members_with_points()):
                    expected, got = piece.get_gradient_start_and_end_points(), my_piece.get_gradient_start_and_end_points()
                    assert all(np.array_equal(a, b) for a, b in zip(expected, got))
        finally:
            DepthCamera.painting = None
        for axes in (manims, ours):
            axes.shift([0.5 * step, -0.25, 0.1]).rotate(0.3, about_point=np.zeros(3))


def test_a_copied_text_shares_its_parsed_svg_and_owns_its_points():
    """scenes.kit.copies: the glyphs' parsed SVG paths are shared by a copy, what is drawn is its own."""
    import scenes.kit  # noqa: F401  (the kit installs the sharing as it is imported)

    original = Text("f(x) = x²")
    copied = original.copy()
    glyphs = original.family_members_with_points()
    copied_glyphs = copied.family_members_with_points()
    assert len(glyphs) == len(copied_glyphs) > 3
    for glyph, copy in zip(glyphs, copied_glyphs):
        assert copy.path_obj is glyph.path_obj
        assert copy.points is not glyph.points and np.array_equal(copy.points, glyph.points)
    before = [glyph.points.copy() for glyph in glyphs]
    copied.shift(RIGHT).set_color("#ff0000")
    assert all(np.array_equal(glyph.points, points) for glyph, points in zip(glyphs, before))
    assert original.get_color() != copied.get_color()


def pieces_to_sort() -> list[Mobject]:
    """What a 3D frame sorts: a surface's faces, axis pieces and ticks, dots, groups, a lone point, nothing."""
    surface = Surface(lambda u, v: np.array([u, v, u * u - v * v / 2]), u_range=[-1, 1.5], v_range=[-1, 1],
                      resolution=(6, 5), fill_opacity=0.8).set_shade_in_3d(True)
    axes = ThreeDAxes(x_range=[-2, 2], y_range=[-2, 2], z_range=[0, 4]).rotate(0.4, axis=np.array([1.0, 0.2, 0]))
    lone = VMobject()
    lone.points = np.array([[0.3, -0.2, 1.1]])
    return [*surface.get_family(), *axes.get_family(), Dot([1, 2, 3]), VGroup(Dot(), Dot([2, -1, 0.5])), lone,
            VMobject(), surface]


def test_a_pieces_centre_is_manims_to_the_last_bit():
    for piece in pieces_to_sort():
        assert np.array_equal(centre(piece), piece.get_z_index_reference_point())
    grouped = VGroup(Dot([4, 4, 4]))
    tied = Dot()
    tied.z_index_group = grouped
    assert np.array_equal(centre(tied), grouped.get_center())


def test_a_lit_piece_has_manims_colours_while_painted_and_after_it_moves():
    manims, ours = ThreeDCamera(), DepthCamera()
    for camera in (manims, ours):
        camera.light_source.move_to([-3.0, 2.0, 5.0])
    pieces = [piece for piece in pieces_to_sort() if piece.has_points()]
    for step in range(3):
        ours.capture_mobjects([])  # a frame painted (its lighting forgotten after)
        DepthCamera.painting = object()  # as while DepthCamera paints a frame (capture_mobjects forgot the last)
        try:
            for piece in pieces:
                for rgbas in (piece.get_fill_rgbas(), piece.get_stroke_rgbas()):
                    for _ in range(2):  # the fill, then the stroke: the second from what the first measured
                        assert np.array_equal(ours.modified_rgbas(piece, rgbas), manims.modified_rgbas(piece, rgbas))
        finally:
            DepthCamera.painting = None
        for piece in pieces[step::2]:  # half of them moved, half kept as they were
            piece.shift([0.3 * step, -0.2, 0.1]).rotate(0.5, about_point=np.zeros(3))
        if step == 1:
            for camera in (manims, ours):
                camera.light_source.move_to([2.0, -1.0, 4.0])
        pieces[0].set_fill(ORANGE)  # new colours, same points
    for piece in pieces:  # and outside a frame
        assert np.array_equal(ours.modified_rgbas(piece, piece.get_fill_rgbas()),
                              manims.modified_rgbas(piece, piece.get_fill_rgbas()))


def outlines_to_paint() -> list[VMobject]:
    """Outlines of every kind: glyphs with holes, a closed curve, open and broken paths, dashes, a lone point."""
    broken = VMobject(stroke_width=6).set_points_as_corners([[-3, -1, 0], [-2, 1, 0], [-1, -1, 0]])
    broken.append_vectorized_mobject(VMobject().set_points_as_corners([[0, 0, 0], [1, 1, 0], [2, 0, 0], [0, 0, 0]]))
    lone = VMobject()
    lone.points = np.array([[0.3, -0.2, 0.0]])
    return [Text("8Bq", font_size=96).shift(2 * RIGHT), Circle(radius=1.5, fill_opacity=0.4), broken,
            DashedLine([-4, -2, 0], [4, 2.5, 0], dash_length=0.2), lone]


@pytest.mark.parametrize("kind", ["2D", "3D"])
def test_a_kept_outline_paints_what_a_traced_one_does_and_follows_its_points(kind):
    """The cameras hand Cairo an outline traced at an earlier capture when the points are the same: every pixel
    as Manim's tracing paints it, capture after capture, as some outlines move (in place or by new points)."""
    if kind == "2D":
        ours, traced = LectureCamera(), Camera()
    else:
        class Traced(DepthCamera):
            set_cairo_context_path = Camera.set_cairo_context_path
        ours, traced = DepthCamera(), Traced()
        for camera in (ours, traced):
            camera.set_phi(1.1)
            camera.set_theta(-0.8)
    mobjects = outlines_to_paint()
    for step in range(4):
        for camera in (ours, traced):
            camera.reset()
            camera.capture_mobjects(mobjects)
        assert np.array_equal(ours.pixel_array, traced.pixel_array), f"capture {step}"
        mobjects[step % 3].shift([0.4, -0.1, 0.2])  # moved: new points in the same array
        mobjects[3].submobjects[step].points = mobjects[3].submobjects[step].points[::-1].copy()
    assert ours.pixel_array.any()

