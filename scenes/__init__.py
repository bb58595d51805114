"""The lecture's chapters, in order: one Manim scene per section of the text.

Importing this package is cheap (no Manim); ``Chapter.load`` imports a scene.
"""

from lecture.chapters import Chapter

__all__ = ["CHAPTERS"]

CHAPTERS: tuple[Chapter, ...] = (
    Chapter("01", "what-a-derivative-is", "scenes.ch01_derivative", "SecantCollapse"),
)
