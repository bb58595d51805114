"""The small kit every chapter shares: theme, widgets, graphs, narrated beats."""

from scenes.kit.beats import LectureScene, LectureScene3D
from scenes.kit.calculus import Polynomial, secant_slope, tangent_slope
from scenes.kit.tables import text_table
from scenes.kit.graphs import axis_labels, line_with_slope, secant_line, themed_axes
from scenes.kit.widgets import Readout, Slider

__all__ = [
    "LectureScene",
    "LectureScene3D",
    "Polynomial",
    "Readout",
    "Slider",
    "axis_labels",
    "line_with_slope",
    "secant_line",
    "secant_slope",
    "tangent_slope",
    "text_table",
    "themed_axes",
]
