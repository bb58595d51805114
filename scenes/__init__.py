"""The lecture's chapters, in order: one Manim scene per section of the text.

Importing this package is cheap (no Manim); ``Chapter.load`` imports a scene.
"""

from lecture.text.chapters import Chapter

__all__ = ["CHAPTERS"]

CHAPTERS: tuple[Chapter, ...] = (
    Chapter("01", "what-a-derivative-is", "scenes.ch01_derivative", "SecantCollapse"),
    Chapter("02", "the-limit-definition-formula", "scenes.ch02_limit_formula", "LimitFormula"),
    Chapter("03", "heights-rise-and-run", "scenes.ch03_rise_and_run", "RiseAndRun"),
    Chapter("04", "how-the-formula-is-the-derivative", "scenes.ch04_formula_is_derivative", "FormulaIsDerivative"),
    Chapter("05", "slope-in-disguise", "scenes.ch05_slope_in_disguise", "SlopeInDisguise"),
    Chapter("06", "partial-differentiation", "scenes.ch06_partial_derivatives", "SlicingASurface"),
    Chapter("07", "the-ml-connection", "scenes.ch07_weights_and_loss", "WeightsAndLoss"),
    Chapter("08", "why-both-w-and-b", "scenes.ch08_why_w_and_b", "WhyWAndB"),
    Chapter("09", "vocabulary-and-the-bigger-picture", "scenes.ch09_glossary", "VocabularyAndTrainingLoop"),
    Chapter("10", "is-w-derived-from-x", "scenes.ch10_knob", "WeightVersusInput"),
)
