"""Narrated beats: a scene names the text that narrates each beat.

``with self.beat("speedometer") as clock:`` looks the block up in the
source text, adds its speech with Manim's own ``add_sound`` and its cues with
``add_subcaption`` (so plain ``manim`` gives the voice and the ``.srt`` too),
lets the body animate on the beat's clock (``clock.at("words")``, ``clock.until_end()``;
``clock.narration`` is the beat's text and timing), then waits until the words
are said and the cues read.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import ClassVar

import numpy as np
from manim import UL, Scene, Text, ThreeDScene, VGroup, config

from lecture.narration.beat import MIN_GAP_FRAMES, Narration, narrate
from lecture.render.described import Description
from lecture.render.hooks import beat_done, beat_starting
from lecture.text.document import Section, TextReferenceError, load_document
from scenes.kit import theme
from scenes.kit.cameras import LectureCamera
from scenes.kit.layout import LayoutCheck
from scenes.kit.pacing import BeatClock

__all__ = ["Narrated", "LectureScene", "LectureScene3D"]


# Every run of a chapter draws the same "random" numbers, so renders are identical.
LECTURE_SEED = 2026


class Narrated:
    """Mixin for scenes narrated by captions taken from one section of the text."""

    SECTION: ClassVar[str] = ""

    def __init__(self, *args, layout_check: LayoutCheck | None = None, **kwargs) -> None:
        kwargs.setdefault("random_seed", LECTURE_SEED)
        super().__init__(*args, **kwargs)
        self.beat_pictures: dict[str, np.ndarray] = {}
        # A beat's section can go on after its words (a fade before the next beat): its very last
        # frame, where that is not its picture. A described version holds it.
        self.beat_last_pictures: dict[str, np.ndarray] = {}
        self._section_beat: str | None = None  # the beat whose section the scene is in
        # What each beat's picture shows that its narration does not say (``describe``), by reference.
        self.beat_descriptions: dict[str, Description] = {}
        self._beat: str | None = None
        # Dry runs check the layout of every beat (scenes.kit.layout); renders do not pay for it.
        self.layout_check = layout_check
        if layout_check is not None:
            layout_check.attach(self)

    @property
    def section(self) -> Section:
        return load_document().section(self.SECTION)

    def narration(self, reference: str) -> Narration:
        """The cues a reference stands for, or an error naming scene and reference."""
        try:
            return narrate(self.SECTION, reference, float(config.frame_rate))
        except TextReferenceError as error:
            raise TextReferenceError(f"{type(self).__name__}: text reference {reference!r} is broken: {error}") from None

    def describe(self, text: str) -> None:
        """Say what this beat's picture shows that its narration does not: the described version speaks it.

        Present tense, what changes and to which values (formatted from the model, never typed),
        no interpretation; call it first or last in the beat's body.
        """
        self._set_description(Description(" ".join(text.split()), covered=False))

    def describe_none(self, reason: str) -> None:
        """Declare that this beat's narration already says what its picture shows (``reason``: how)."""
        self._set_description(Description(" ".join(reason.split()), covered=True))

    def _set_description(self, description: Description) -> None:
        reference = self._beat
        if reference is None:
            raise RuntimeError(f"{type(self).__name__}: describe() and describe_none() belong inside a beat")
        if not description.text:
            raise ValueError(f"{type(self).__name__}: beat {reference!r}: an empty description")
        if reference in self.beat_descriptions:
            raise RuntimeError(f"{type(self).__name__}: beat {reference!r} is described twice")
        self.beat_descriptions[reference] = description

    @contextmanager
    def beat(self, reference: str) -> Iterator[BeatClock]:
        """Narrate the body with the referenced text; last at least as long as its speech and cues.

        The body gets the beat's clock, started as the beat opens, to time its plays by the words.
        """
        narration = self.narration(reference)
        self._end_section()
        beat_starting(self, reference)  # a segment's render draws from its first beat on and stops at its end
        self.next_section(reference)  # each beat is a section: a clip of its own
        frame_rate = config.frame_rate
        start_frame = round(self.time * frame_rate)
        if narration.audio is not None:
            self.add_sound(str(narration.audio))
        for cue in narration.cues:
            self.add_subcaption(cue.text, duration=cue.end - cue.start, offset=cue.start)
        if self.layout_check is not None:
            self.layout_check.begin_beat(reference, narration)
        self._beat = self._section_beat = reference
        try:
            yield BeatClock(scene=self, narration=narration)
        finally:
            self._beat = None
        # The beat's picture once its animations are done: the poster of its clip.
        self.beat_pictures[reference] = self.renderer.get_frame()
        # Hold until the last cue has been read and the gap before the next beat's
        # first cue has passed. Manim counts whole frames (it floors a wait), so
        # wait for a whole number of frames plus half a frame.
        end_frame = start_frame + round(narration.duration * frame_rate) + MIN_GAP_FRAMES
        missing = end_frame - round(self.time * frame_rate)
        if missing > 0:
            self.wait((missing + 0.5) / frame_rate)
        if self.layout_check is not None:
            self.layout_check.end_beat(self, reference)
        beat_done(self.SECTION, reference)

    def _end_section(self) -> None:
        """Keep the last frame of the beat's section whose end this is, if it differs from the beat's picture."""
        reference, self._section_beat = self._section_beat, None
        if reference is None or reference not in self.beat_pictures:
            return
        last = self.renderer.get_frame()
        if not np.array_equal(last, self.beat_pictures[reference]):
            self.beat_last_pictures[reference] = last

    def tear_down(self) -> None:
        self._end_section()
        super().tear_down()

    def section_title(self) -> VGroup:
        """``§01  What a derivative is`` in the top-left corner."""
        number = Text(f"§{self.SECTION}", font=theme.SANS, font_size=theme.TITLE_SIZE, color=theme.HIGHLIGHT,
                      weight="BOLD")
        title = Text(self.section.title, font=theme.SANS, font_size=theme.TITLE_SIZE, color=theme.INK)
        title.next_to(number, direction=[1, 0, 0], buff=0.3)
        return VGroup(number, title).to_corner(UL, buff=0.45)


class LectureScene(Narrated, Scene):
    """A 2D chapter on the paper background."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("camera_class", LectureCamera)
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        self.camera.background_color = theme.PAPER


class LectureScene3D(Narrated, ThreeDScene):
    """A 3D chapter on the paper background."""

    def setup(self) -> None:
        self.camera.background_color = theme.PAPER
