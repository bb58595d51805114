"""The small kit every chapter shares: theme, widgets, graphs, surfaces, the loss bowl, the training loop, beats."""

from scenes.kit.beats import LectureScene, LectureScene3D
from scenes.kit.layout import intended_overlap
from scenes.kit.calculus import Polynomial, clamp, derivative, secant_slope, tangent_slope
from scenes.kit.tables import text_table
from scenes.kit.graphs import axis_labels, line_with_slope, secant_line, themed_axes
from scenes.kit.widgets import Readout, Slider, SliderValue
from scenes.kit.typeset import MixedLabel
from scenes.kit.secants import PARABOLA, SecantModel
from scenes.kit.curve_points import RiseRun, TangentAt
from scenes.kit.emphasis import row_band, strike_through
from scenes.kit.formulas import (
    Formula,
    Spotlight,
    equation_sides,
    polynomial_tex,
    underbrace_parts,
)
from scenes.kit.learning import LinearData, gradient_descent
from scenes.kit.fitting import FitPlot
from scenes.kit.quoting import definition, display_math, heading_before, inline_maths, lead_phrase, number
from scenes.kit.headings import subheading
from scenes.kit.surfaces import (
    SurfaceScene,
    DescentPath,
    bowl_surface,
    floor_arrow,
    graph_surface,
    slice_curve,
    slice_plane,
    slice_tangent,
    surface_axes,
    surface_axis_labels,
)
from scenes.kit.depth import depth_sorted_line, joined, sort_by_depth
from scenes.kit.glossary import GlossaryCard, term_tex, wrapped_text
from scenes.kit.dials import Knob, SignalTrace
from scenes.kit.parameters import LossBowl, ParameterReadouts, ParameterScene, ParameterSliders
from scenes.kit.loop import CycleNode, TrainingLoop
from scenes.kit.pacing import BeatClock, said_by
from scenes.kit.copies import share_parsed_svg_paths

share_parsed_svg_paths()

__all__ = [
    "BeatClock",
    "PARABOLA",
    "SecantModel",
    "Formula",
    "LectureScene",
    "LectureScene3D",
    "MixedLabel",
    "Polynomial",
    "Readout",
    "RiseRun",
    "Slider",
    "SliderValue",
    "Spotlight",
    "TangentAt",
    "axis_labels",
    "derivative",
    "display_math",
    "equation_sides",
    "intended_overlap",
    "heading_before",
    "line_with_slope",
    "polynomial_tex",
    "row_band",
    "strike_through",
    "secant_line",
    "secant_slope",
    "tangent_slope",
    "text_table",
    "themed_axes",
    "underbrace_parts",
    "LinearData",
    "gradient_descent",
    "FitPlot",
    "definition",
    "inline_maths",
    "lead_phrase",
    "SurfaceScene",
    "DescentPath",
    "bowl_surface",
    "floor_arrow",
    "graph_surface",
    "slice_curve",
    "slice_plane",
    "depth_sorted_line",
    "joined",
    "sort_by_depth",
    "slice_tangent",
    "surface_axes",
    "surface_axis_labels",
    "said_by",
    "GlossaryCard",
    "term_tex",
    "wrapped_text",
    "Knob",
    "SignalTrace",
    "clamp",
    "number",
    "subheading",
    "LossBowl",
    "ParameterReadouts",
    "ParameterScene",
    "ParameterSliders",
    "CycleNode",
    "TrainingLoop",
]
