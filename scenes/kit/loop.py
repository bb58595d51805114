"""The training loop as a cycle of boxes with a token running round it (§09)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    Animation,
    Arrow,
    Dot,
    Line,
    ManimColor,
    Mobject,
    MoveAlongPath,
    Polygon,
    SurroundingRectangle,
    VGroup,
    VMobject,
)

from scenes.kit import theme
from scenes.kit.layout import intended_overlap

__all__ = ["CycleNode", "TrainingLoop"]

# Arrows stop this far short of the boxes they join.
_ARROW_GAP = 0.08
# The box the token is under: a thicker highlighted outline; the others: a thin muted one.
_LIT, _UNLIT = (theme.HIGHLIGHT, 4), (theme.MUTED, 2)


class CycleNode(VGroup):
    """One step of the loop: a box with its name."""

    def __init__(self, *, name: VMobject) -> None:
        super().__init__()
        self.label = name  # not ``name``: Manim keeps a mobject's name (a str) there, which the layout check reads
        self.box = SurroundingRectangle(name, buff=0.22, corner_radius=0.12, color=theme.MUTED, stroke_width=2,
                                        fill_color=theme.PANEL, fill_opacity=1)
        self.add(self.box, name)


class TrainingLoop(VGroup):
    """Boxes round a cycle, an arrow from each to the next, and a token that runs along the arrows.

    The token hides under the boxes and the box it is under lights up, so a scene only plays
    ``advance()`` (to the next box) and ``lap()`` (once round); the scene shows each node and arrow
    (``nodes[i]``, ``arrows[i]`` from node i to node i + 1) when its beat comes.
    """

    def __init__(self, *, names: Sequence[VMobject], corners: Sequence[Sequence[float]],
                 token_color: ManimColor = theme.HIGHLIGHT) -> None:
        super().__init__()
        self.nodes = [CycleNode(name=name) for name in names]
        for node, (x, y) in zip(self.nodes, corners):
            node.move_to([x, y, 0])
        self.arrows = [Arrow(*_edge_to_edge(a, b), color=theme.MUTED, stroke_width=4, buff=0,
                             max_tip_length_to_length_ratio=0.12)
                       for a, b in zip(self.nodes, self.nodes[1:] + self.nodes[:1])]
        self.cycle = Polygon(*(node.get_center() for node in self.nodes), stroke_opacity=0)
        self.token = Dot(self.nodes[0].get_center(), radius=0.13, color=token_color)
        self.reached = 0  # the node the token last moved to
        token = self.token
        for node in self.nodes:
            node.set_z_index(1)
            # A closure over the token, not the scene: copies (FadeIn makes them) must not drag a scene along.
            node.box.add_updater(lambda box: _light(box, under=_inside(token, box)))
        intended_overlap(self.token, *self.nodes)  # the token passes under the boxes, hidden
        self.add(*self.nodes, *self.arrows, self.token)

    def advance(self, *, run_time: float = 1.0) -> Animation:
        """The token along the next arrow, to the next box."""
        start = self.nodes[self.reached]
        self.reached = (self.reached + 1) % len(self.nodes)
        return MoveAlongPath(self.token, Line(start.get_center(), self.nodes[self.reached].get_center()),
                             run_time=run_time)

    def lap(self) -> Animation:
        """The token once round the whole cycle, back to the box it started from (play it with a run time)."""
        return MoveAlongPath(self.token, self.cycle)


def _light(box: Mobject, *, under: bool) -> None:
    color, width = _LIT if under else _UNLIT
    box.set_stroke(color, width=width)


def _inside(dot: Mobject, box: Mobject) -> bool:
    x, y, _ = dot.get_center()
    return box.get_left()[0] <= x <= box.get_right()[0] and box.get_bottom()[1] <= y <= box.get_top()[1]


def _edge_to_edge(a: Mobject, b: Mobject) -> tuple[np.ndarray, np.ndarray]:
    """Where the segment between two boxes' centres leaves ``a`` and enters ``b`` (axis-aligned neighbours)."""
    direction = b.get_center() - a.get_center()
    unit = direction / np.linalg.norm(direction)
    return a.get_critical_point(unit) + _ARROW_GAP * unit, b.get_critical_point(-unit) - _ARROW_GAP * unit
