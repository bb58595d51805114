"""The kit's look, measured on its mobjects (no rendering): tables in line, maths typeset, surfaces shaded."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from manim import ManimColor, MathTex, Text, ValueTracker, config, tempconfig

from lecture.text.document import load_document
from scenes.kit import FitPlot, GlossaryCard, LinearData, Readout, definition, graph_surface, surface_axes, text_table
from scenes.kit import theme
from scenes.kit.typeset import MixedLabel, baseline, sans

# Frame units to pixels at 1080p (the frame is config.frame_height units high whatever the preset).
PX_AT_1080P = 1080 / config.frame_height
SMALLEST_TEXT_PX = 18  # issue #14: no text smaller than this at 1080p


@pytest.fixture(autouse=True)
def _tex_in_session_folder(tex_dir: Path, tmp_path: Path):
    with tempconfig({"tex_dir": str(tex_dir), "text_dir": str(tmp_path / "text")}):
        yield


def text_tables():
    document = load_document()
    return [document.section(number).block(label).table
            for number, label in (("04", "hierarchy"), ("05", "renaming-table"), ("10", "contrast-table"))]


@pytest.mark.parametrize("rows", text_tables(), ids=["§04", "§05", "§10"])
def test_a_table_row_stands_on_one_baseline_and_its_columns_start_at_one_edge(rows):
    table = text_table(rows)
    written = [[cell for cell in row if cell.text.strip()] for row in table.get_rows()]
    lines = [[baseline(cell) for cell in row] for row in written]
    for row in lines:
        assert max(row) - min(row) < 1e-3, "cells of one row on different baselines"
    pitches = np.diff([row[0] for row in lines])
    assert np.ptp(pitches) < 1e-3, "rows at uneven distances"
    for column in zip(*table.get_rows()):
        lefts = [cell.get_left()[0] for cell in column if cell.text.strip()]
        assert max(lefts) - min(lefts) < 0.02, "a text column not flush left"


def test_a_column_of_numbers_is_flush_right():
    table = text_table([["step", "loss"], ["1", "12.5"], ["10", "3.25"], ["100", "-0.75"]])
    for column in list(zip(*table.get_rows())):
        rights = [cell.get_right()[0] for cell in column]
        assert max(rights) - min(rights) < 0.02


def test_a_table_needs_rows_of_equal_length():
    with pytest.raises(ValueError, match="equal length"):
        text_table([["a", "b"], ["c"]])


def test_a_label_typesets_its_maths_on_the_words_baseline():
    label = MixedLabel(source="Tangent slope = $f'(x)$", font_size=theme.READOUT_LABEL_SIZE)
    words, maths = label.submobjects
    assert isinstance(words, Text) and isinstance(maths, MathTex)
    assert abs(baseline(words) - baseline(maths)) < 1e-3
    assert label.plain == "Tangent slope = f′(x)"
    # Same x-height: the typeset x as tall as the sans x.
    x_height = MixedLabel(source="x", font_size=40).height
    assert MixedLabel(source="$x$", font_size=40)[0][0].height == pytest.approx(x_height, rel=0.05)


def test_maths_outside_dollars_in_a_label_is_refused():
    with pytest.raises(ValueError, match=r"write the maths '∂' inside \$…\$"):
        Readout(label="∂L/∂w", value=lambda: 0.0)


def test_readouts_side_by_side_have_one_height_and_their_values_one_line():
    readouts = [Readout(label=label, value=lambda: -2.5, width=1.9)
                for label in ("$w$", r"$\partial L/\partial w$", "$L(w, b)$", "step")]
    assert np.ptp([readout.box.height for readout in readouts]) < 1e-6
    assert np.ptp([readout.value.get_bottom()[1] for readout in readouts]) < 1e-6
    assert np.ptp([baseline(readout.caption) for readout in readouts]) < 1e-3
    assert [readout.label_text for readout in readouts] == ["w", "∂L/∂w", "L(w, b)", "step"]


def test_glossary_terms_share_a_baseline_and_definitions_one_size():
    section = load_document().section("09")
    cards = [GlossaryCard(term=block.term, definition=definition(block), width=3.25, height=1.55)
             for block in section.blocks if block.label.startswith("term-")]
    assert len(cards) >= 10
    assert np.ptp([baseline(card.term) - card.box.get_top()[1] for card in cards]) < 1e-3
    assert np.ptp([card.definition.get_top()[1] - card.box.get_top()[1] for card in cards]) < 0.05
    # No card shrank its definition (the ∂L card once did): every line as wide as it is at the theme's size.
    for card in cards:
        for line in card.definition:
            assert line.width == pytest.approx(sans(line.original_text, font_size=theme.FINE_SIZE).width, rel=1e-3)


def test_a_surface_is_shaded_by_height_in_the_theme_colours():
    axes = surface_axes(x_range=[-2, 2, 1], y_range=[-2, 2, 1], z_range=[0, 4, 2], x_length=4, y_length=4,
                        z_length=3)
    surface = graph_surface(axes, lambda x, y: x * x + y * y, x_range=[-2, 2], y_range=[-2, 2], resolution=8)
    heights = [axes.point_to_coords(face.get_center())[2] for face in surface]
    colours = [face.get_fill_color() for face in surface]
    lowest, highest = colours[int(np.argmin(heights))], colours[int(np.argmax(heights))]
    # The corners rise past the top of the z axis; the bottom face is near the bottom.
    assert highest == ManimColor(theme.SURFACE_HIGH)
    assert np.abs(lowest.to_rgb() - ManimColor(theme.SURFACE_LOW).to_rgb()).max() < 0.05
    # Lighter with height: no checkerboard of two alternating tones.
    brightness = [float(np.mean(colour.to_rgb())) for colour in colours]
    order = np.argsort(heights)
    assert all(np.diff(np.array(brightness)[order]) >= -1e-9)


def test_a_thumbnail_plot_fades_the_numbers_and_names_too_small_to_read():
    data = LinearData(x=np.array([0.0, 1.0, 2.0]), y=np.array([1.0, 3.0, 5.0]))
    plot = FitPlot(data=data, w=ValueTracker(2.0), b=ValueTracker(1.0), x_range=[-0.5, 4.5, 1],
                   y_range=[-1, 10, 2], x_length=5.6, y_length=4.9)
    small = [*plot.axes.x_axis.numbers, *plot.axes.y_axis.numbers, *plot.labels]
    assert min(text.height for text in small) * PX_AT_1080P >= SMALLEST_TEXT_PX
    width = plot.width
    animation = plot.thumbnail(scale=0.42, at=(3.0, 1.0))
    animation.begin()
    animation.interpolate(1.0)
    assert plot.width == pytest.approx(0.42 * width)
    assert plot.get_center()[:2] == pytest.approx([3.0, 1.0])
    assert all(glyph.get_fill_opacity() == 0 for text in small for glyph in text.family_members_with_points())
    assert all(dot.get_fill_opacity() > 0 for dot in plot.dots)


def test_a_fit_plot_puts_its_tick_numbers_beside_their_axes_and_over_its_line():
    # §07's plot: axes crossing at its centre, where the numbers once sat up to ~290 px away at the edges.
    data = LinearData(x=np.array([-1.0, 0.0, 1.0]), y=np.array([-1.0, 1.0, 3.0]))
    plot = FitPlot(data=data, w=ValueTracker(2.0), b=ValueTracker(1.0), x_range=[-1.5, 1.5, 1], y_range=[-2, 4, 1],
                   x_length=5.0, y_length=4.4)
    origin = plot.axes.c2p(0, 0)
    for number in plot.axes.y_axis.numbers:
        assert 0 < (origin[0] - number.get_right()[0]) * PX_AT_1080P < 50  # just left of the y axis
    for number in plot.axes.x_axis.numbers:
        assert 0 < (origin[1] - number.get_top()[1]) * PX_AT_1080P < 50  # just below the x axis
    # Painted after the moving line, on a paper halo: the line passes behind them.
    painted = plot.get_family()
    line_at = painted.index(plot.line)
    assert all(painted.index(number) > line_at for number in plot.numbers.family_members_with_points())
    assert all(number.get_stroke_width(background=True) > 0 for number in plot.numbers.family_members_with_points())
