"""The toy lecture's chapter registry: its three sections, each with a tiny scene (the third in 3D) (``LECTURE_CHAPTERS``)."""

from lecture.text.chapters import Chapter

__all__ = ["CHAPTERS"]

CHAPTERS: tuple[Chapter, ...] = (
    Chapter("01", "a-dot", "tests.data.toy.ch01_dot", "ADot"),
    Chapter("02", "a-line", "tests.data.toy.ch02_line", "ALine"),
    Chapter("03", "a-bowl", "tests.data.toy.ch03_bowl", "ABowl"),
)
