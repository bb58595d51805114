"""Two points on one curve, P at x and Q at x + h: the model §01–§04 move and read."""

from __future__ import annotations

from manim import ValueTracker
from numpy.polynomial import Polynomial

from scenes.kit.calculus import secant_slope, tangent_slope

__all__ = ["PARABOLA", "SecantModel"]

PARABOLA = Polynomial([0, 0, 1])  # y = x², the curve §01–§04 work on


class SecantModel:
    """P at x and Q at x + h on ``curve``, moved by two trackers; every number about them is computed here."""

    def __init__(self, *, curve: Polynomial, x: float, h: float) -> None:
        self.curve = curve
        self.x = ValueTracker(x)
        self.h = ValueTracker(h)

    def p(self) -> tuple[float, float]:
        x = self.x.get_value()
        return x, float(self.curve(x))

    def q(self) -> tuple[float, float]:
        x = self.x.get_value() + self.h.get_value()
        return x, float(self.curve(x))

    def rise(self) -> float:
        """f(x + h) − f(x)."""
        return self.q()[1] - self.p()[1]

    def run(self) -> float:
        """h."""
        return self.h.get_value()

    def slope(self) -> float:
        """Rise over run: the secant's slope."""
        return secant_slope(self.curve, self.x.get_value(), self.h.get_value())

    def tangent(self) -> float:
        """The slope at P: what the secant's slope tends to as h → 0."""
        return tangent_slope(self.curve, self.x.get_value())
