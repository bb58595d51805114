"""Two points on one curve, P at x and Q at x + h: the model §01–§04 move and read."""

from __future__ import annotations

from numpy.polynomial import Polynomial

from scenes.kit.calculus import secant_slope, tangent_slope
from scenes.kit.widgets import SliderValue

__all__ = ["PARABOLA", "SecantModel"]

PARABOLA = Polynomial([0, 0, 1])  # y = x², the curve §01–§04 work on


class SecantModel:
    """P at x and Q at x + h on ``curve``, moved by two sliders' values; every number about them is computed here.

    P and Q are drawn where the sliders' values are (``p``, ``q``); the numbers (heights, rise, run,
    slopes) are computed from x and h as the sliders show them, so each readout agrees with them.
    """

    def __init__(self, *, curve: Polynomial, x: float, h: float, h_decimals: int = 2) -> None:
        self.curve = curve
        self.x = SliderValue(x)
        self.h = SliderValue(h, decimals=h_decimals)

    def p(self) -> tuple[float, float]:
        x = self.x.get_value()
        return x, float(self.curve(x))

    def q(self) -> tuple[float, float]:
        x = self.x.get_value() + self.h.get_value()
        return x, float(self.curve(x))

    def height_at_x(self) -> float:
        """f(x)."""
        return float(self.curve(self.x.shown()))

    def height_at_x_plus_h(self) -> float:
        """f(x + h)."""
        return float(self.curve(self.x.shown() + self.h.shown()))

    def rise(self) -> float:
        """f(x + h) − f(x)."""
        return self.height_at_x_plus_h() - self.height_at_x()

    def run(self) -> float:
        """h."""
        return self.h.shown()

    def slope(self) -> float:
        """Rise over run: the secant's slope."""
        return secant_slope(self.curve, self.x.shown(), self.h.shown())

    def tangent(self) -> float:
        """The slope at P: what the secant's slope tends to as h → 0."""
        return tangent_slope(self.curve, self.x.shown())
