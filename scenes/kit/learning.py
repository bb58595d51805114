"""The machine-learning models the chapters show: a line, its MSE loss, gradient descent.

Pure numpy, so the chapters' tests check the same functions the scenes draw.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = ["LinearData", "gradient_descent"]


@dataclass(frozen=True)
class LinearData:
    """Data points (xᵢ, yᵢ) fitted by the line ŷ = w·x + b under the mean squared error."""

    x: np.ndarray
    y: np.ndarray

    @classmethod
    def on_line(cls, x, *, w: float, b: float) -> LinearData:
        """Points exactly on y = w·x + b."""
        x = np.asarray(x, dtype=float)
        return cls(x, w * x + b)

    @classmethod
    def points(cls, *pairs: tuple[float, float]) -> LinearData:
        """Data from (x, y) pairs."""
        x, y = np.array(pairs, dtype=float).T
        return cls(x, y)

    def predict(self, w: float, b: float, x=None) -> np.ndarray:
        """ŷ = w·x + b at the data's x (or at the given x)."""
        return w * (self.x if x is None else np.asarray(x, dtype=float)) + b

    def residuals(self, w: float, b: float) -> np.ndarray:
        """ŷᵢ − yᵢ for every point."""
        return self.predict(w, b) - self.y

    def loss(self, w, b):
        """L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)²; w and b may be arrays (a grid of the surface)."""
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        errors = np.multiply.outer(w, self.x) + b[..., None] - self.y
        return np.mean(errors**2, axis=-1)

    def gradient(self, w: float, b: float) -> np.ndarray:
        """(∂L/∂w, ∂L/∂b) = (2/n) Σ (w·xᵢ + b − yᵢ)·(xᵢ, 1)."""
        errors = self.residuals(w, b)
        return np.array([2 * np.mean(errors * self.x), 2 * np.mean(errors)])

    def best_w(self, b: float) -> float:
        """The w that minimises the loss when b is held fixed: least squares on that slice."""
        return float(np.dot(self.x, self.y - b) / np.dot(self.x, self.x))

    def best_fit(self) -> tuple[float, float]:
        """The bottom of the bowl: least squares in both w and b."""
        design = np.column_stack([self.x, np.ones_like(self.x)])
        (w, b), *_ = np.linalg.lstsq(design, self.y, rcond=None)
        return float(w), float(b)


def gradient_descent(gradient: Callable[[np.ndarray], np.ndarray], start, *, eta: float, steps: int) -> np.ndarray:
    """Every point of a gradient-descent run, start included: θ ← θ − η·∇L(θ).

    Returns an array of shape ``(steps + 1, len(start))``.
    """
    path = [np.asarray(start, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - eta * np.asarray(gradient(path[-1]), dtype=float))
    return np.array(path)
