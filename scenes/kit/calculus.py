"""The mathematics the chapters show, computed rather than typed."""

from __future__ import annotations

from numpy.polynomial import Polynomial

__all__ = ["Polynomial", "clamp", "derivative", "secant_slope", "tangent_slope"]


def clamp(value: float, low: float, high: float) -> float:
    """``value`` held within [low, high]: a knob stays on its dial, a path's ball on its path."""
    return min(max(value, low), high)


def secant_slope(f: Polynomial, x: float, h: float) -> float:
    """Rise over run between (x, f(x)) and (x + h, f(x + h))."""
    return float((f(x + h) - f(x)) / h)


def derivative(f: Polynomial) -> Polynomial:
    """f′, as numpy differentiates the polynomial: 2x for x², 5x⁴ for x⁵."""
    return f.deriv()


def tangent_slope(f: Polynomial, x: float) -> float:
    """The derivative of ``f`` at ``x``."""
    return float(derivative(f)(x))
