"""The mathematics the chapters show, computed rather than typed."""

from __future__ import annotations

from numpy.polynomial import Polynomial

__all__ = ["Polynomial", "secant_slope", "tangent_slope"]


def secant_slope(f: Polynomial, x: float, h: float) -> float:
    """Rise over run between (x, f(x)) and (x + h, f(x + h))."""
    return float((f(x + h) - f(x)) / h)


def tangent_slope(f: Polynomial, x: float) -> float:
    """The derivative of ``f`` at ``x``, from the polynomial's own derivative."""
    return float(f.deriv()(x))
