"""The layout check: what a viewer would find wrong in a beat's picture, read from the scene's own mobjects.

At the middle and the end of every beat it looks at what is drawn, where the camera shows it (a
``ThreeDCamera`` projects 3D points, fixed-in-frame overlays stay put), and finds

- anything reaching into the caption band at the bottom, or within the side margins;
- text or maths overlapping other text or maths, or touching a line, curve or mark;
- text too small to read;
- an axis painted over a surface's face that is nearer the camera (``axes_over_surfaces``);

and over the whole run, narrated stretches where the picture does not change. Overlaps that a
figure means (a box around its formula, a label on its own arrow) are declared with
``intended_overlap``. A chapter is checked by a dry run (``dry_run``: no video, 2 fps, 320×180),
which is what the chapter tests and ``build.py check`` run.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from manim import (
    DecimalNumber,
    Group,
    Mobject,
    MarkupText,
    NumberLine,
    SingleStringMathTex,
    Surface,
    Text,
    ThreeDCamera,
    VDict,
    VGroup,
    VMobject,
    VMobjectFromSVGPath,
    Wait,
    config,
    tempconfig,
)

from scipy.ndimage import binary_dilation

from scenes.kit import theme
from scenes.kit.depth import FacesOnScreen

if TYPE_CHECKING:
    from manim import Scene

    from lecture.narration.beat import Narration

__all__ = [
    "CLEARANCE_PX", "DEPTH_TOLERANCE", "DRY_RUN", "LONGEST_STILL_SECONDS", "MIN_TEXT_PX", "SIDE_MARGIN_PX",
    "SMALL_SHARE", "Depth", "LayoutCheck", "Violation", "axes_over_surfaces", "describe", "dry_run",
    "intended_overlap", "summary",
]

# Margins and thresholds in pixels of the 1080p picture, the size the lecture is shown at.
REFERENCE_HEIGHT_PX = 1080
# Players and slide tools crop or hide the last few percent at the sides; keep content in from them.
SIDE_MARGIN_PX = 60
# Smaller letters are hard to read from the back of a lecture hall (measured on the tallest glyph:
# a digit or a capital).
MIN_TEXT_PX = 18
# Closer than this, a label reads as touching what is beside it.
CLEARANCE_PX = 8
# Longer than this with nothing moving while the voice speaks, and the viewer's eye has nothing to follow.
LONGEST_STILL_SECONDS = 4.0
# Longer than this with only a small part moving (a knob creeping along its track, a car along a road):
# the frames differ from the stretch's first in no more than SMALL_SHARE of the picture.
LONGEST_SMALL_SECONDS = 5.0
SMALL_SHARE = 0.003
# A pixel counts as changed when its grey level moves by more than this (of 255): not by antialiasing.
_CHANGED_LEVEL = 24
# A changed pixel counts its neighbours this many pixels around: at the dry run's 320×180 a line the
# viewer sees 6 px wide is 1 px, so a line drawn across the picture counts the band a viewer sees move.
_CHANGE_REACH_PX = 2
# The caption band is theme.CAPTION_SAFE_BOTTOM: nothing but the background below it.
# Scene units: a face nearer the camera than an axis by more than this covers it (less is the same depth:
# an axis meeting the surface, or a face's corners off its plane).
DEPTH_TOLERANCE = 0.1
# A face at least this opaque hides what is behind it.
_OPAQUE = 0.5
# Where an axis piece is looked at: inside it, clear of the ends it shares with its neighbours.
_DEPTH_SAMPLES = (0.25, 0.5, 0.75)

# The dry run the check rides on: every frame is drawn (that is how stills are found), small and few.
# Manim's per-play cache hashing is off: a dry run writes no partial movies to reuse, and hashing every
# mobject before each play was nearly half of a 3D chapter's dry run.
DRY_RUN = {"dry_run": True, "frame_rate": 2, "pixel_width": 320, "pixel_height": 180, "progress_bar": "none",
           "verbosity": "ERROR", "disable_caching": True}

# Containers that say nothing about what a piece is: left out of its name.
_GENERIC = (VGroup, Group, VDict, VMobject, Mobject)
_TEXT = (Text, MarkupText, SingleStringMathTex, DecimalNumber)
# Faint enough to count as not drawn (a hidden box, a space between words).
_INVISIBLE = 0.02
# Characters whose glyph reaches a digit's height: what "text height" measures.
_TALL = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZbdfhklt()[]{}|/∂∇ΔΣ√∫")
# Points on each cubic Bézier piece of a line, to follow its curve.
_SAMPLES = 6

_allowance_ids = itertools.count(1)


def intended_overlap(*mobjects: Mobject) -> None:
    """Declare that these mobjects (with their parts) are meant to touch or overlap one another.

    For a box around its formula, a label on its own arrow, a value written on its track: the layout
    check then leaves these pairs alone. Copies keep the declaration.
    """
    if len(mobjects) < 2:
        raise ValueError("intended_overlap needs at least two mobjects: the ones that may overlap each other")
    key = next(_allowance_ids)
    # Every part carries it: a scene may later show a formula's parts without the formula.
    for member in (member for mobject in mobjects for member in mobject.get_family()):
        member.layout_allowances = getattr(member, "layout_allowances", frozenset()) | {key}


@dataclass(frozen=True)
class Violation:
    """One thing wrong in one beat: ``moment`` is "middle", "end" or both, empty for a still."""

    chapter: str
    beat: str
    moment: str
    kind: str
    subject: str
    other: str = ""
    detail: str = ""

    def line(self) -> str:
        when = f" ({self.moment})" if self.moment else ""
        pair = f"{self.subject} × {self.other}" if self.other else self.subject
        return f"§{self.chapter} {self.beat}{when}: {self.kind}: {pair}: {self.detail}"


def _px(units: float) -> float:
    return units * REFERENCE_HEIGHT_PX / config.frame_height


def _units(px: float) -> float:
    return px * config.frame_height / REFERENCE_HEIGHT_PX


def _text_of(mobject: Mobject) -> str | None:
    if isinstance(mobject, DecimalNumber):
        return f"{mobject.get_value():.{mobject.num_decimal_places}f}"
    if isinstance(mobject, SingleStringMathTex):
        return mobject.tex_string
    if isinstance(mobject, (Text, MarkupText)):
        return getattr(mobject, "original_text", mobject.text)
    return None


def describe(mobject: Mobject) -> str:
    """A readable name: the kit's ``name`` or the class, with the text a text or formula shows."""
    text = _text_of(mobject)
    # Manim's ``name`` is the class's unless set; a widget may use the attribute for a part of its own.
    name = mobject.name if isinstance(mobject.name, str) else type(mobject).__name__
    return f"{name}({' '.join(text.split())})" if text is not None else name


@dataclass(frozen=True)
class _Context:
    """Where a piece sits in the scene's tree: what it belongs to and what it may overlap."""

    top: int  # the id of the scene's mobject it belongs to: one figure
    owners: tuple[str, ...] = ()  # the names of the meaningful containers it is part of, outermost first
    axis: int | None = None  # the id of the number line it is part of: tick labels sit beside their own ticks
    allowances: frozenset[int] = frozenset()  # intended_overlap declarations on it or its containers
    area: bool = False  # a surface's patch: neither labels nor labelled

    def within(self, mobject: Mobject, name: str) -> _Context:
        """The context of ``mobject``'s children (``name`` is the mobject's)."""
        meaningful = type(mobject) not in _GENERIC
        # Names: the outermost meaningful container, the nearest one, and the piece itself.
        owners = (*self.owners[:1], name) if meaningful else self.owners
        return _Context(self.top, owners, id(mobject) if isinstance(mobject, NumberLine) else self.axis,
                        self.allowances | getattr(mobject, "layout_allowances", frozenset()),
                        self.area or isinstance(mobject, Surface))


@dataclass
class _Piece:
    """Something drawn: a text (its glyphs' boxes) or a mark (its outline as segments), as projected."""

    name: str
    context: _Context
    text: bool
    measurable: bool = True  # a text with a digit, capital or tall letter, whose tallest glyph gives its size
    boxes: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # xmin, ymin, xmax, ymax
    segments: np.ndarray = field(default_factory=lambda: np.zeros((0, 2, 2)))  # start, end (x, y)

    def extent(self) -> np.ndarray:
        if self.text:
            return np.array([*self.boxes[:, :2].min(axis=0), *self.boxes[:, 2:].max(axis=0)])
        flat = self.segments.reshape(-1, 2)
        return np.array([*flat.min(axis=0), *flat.max(axis=0)])


def _shows_tall_glyphs(mobject: Mobject) -> bool:
    """Whether a text shows a glyph as tall as a digit: an "=" or "x" alone says nothing of its size."""
    text = _text_of(mobject) or ""
    if isinstance(mobject, SingleStringMathTex):
        text = re.sub(r"\\(?:text|mathrm|operatorname)\{([^}]*)\}", r"\1", text)
        text = re.sub(r"\\[a-zA-Z]+|[{}^_]", "", text)  # commands and grouping draw no letters of their own
    return any(char in _TALL for char in text)


def _drawn(mobject: VMobject) -> bool:
    if len(mobject.points) == 0:
        return False
    fill = np.max(mobject.get_fill_opacities(), initial=0.0)
    stroke = np.max(mobject.get_stroke_opacities(), initial=0.0) if mobject.get_stroke_width() > 0 else 0.0
    return max(fill, stroke) > _INVISIBLE


def _outline(points: np.ndarray) -> np.ndarray:
    """The (x, y) segments of a path of cubic Bézier pieces (four points each)."""
    cubics = points[: len(points) // 4 * 4].reshape(-1, 4, 3)[:, :, :2]
    t = np.linspace(0.0, 1.0, _SAMPLES + 1)[None, :, None]
    a, b, c, d = (cubics[:, index][:, None, :] for index in range(4))
    curve = (1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t ** 2 * c + t ** 3 * d
    return np.stack([curve[:, :-1], curve[:, 1:]], axis=2).reshape(-1, 2, 2)


def _glyph_sources(scene: Scene) -> dict[int, str]:
    """Which text or formula each glyph comes from, for the texts the scene keeps in its attributes.

    A scene often animates parts of a formula (``formula.part(...)``) without adding the formula
    itself: the glyphs then sit loose in the scene, and this names them after their formula.
    """
    sources: dict[int, str] = {}
    for value in vars(scene).values():
        for kept in value if isinstance(value, (list, tuple)) else (value,):
            if not isinstance(kept, Mobject):
                continue
            for member in kept.get_family():
                if isinstance(member, _TEXT):
                    for glyph in member.family_members_with_points():
                        sources.setdefault(id(glyph), describe(member))
    return sources


def _pieces(scene: Scene, skipped: set[int]) -> list[_Piece]:
    """Every drawn text and mark of the scene, named after itself and its meaningful containers."""
    camera = scene.renderer.camera
    if hasattr(camera, "reset_rotation_matrix"):
        camera.reset_rotation_matrix()  # a ThreeDCamera keeps the matrix of the last frame it drew
    sources = _glyph_sources(scene)
    pieces: list[_Piece] = []
    loose: dict[str, _Piece] = {}  # glyphs of formulas not themselves in the scene, one piece per formula

    def box(glyph: VMobject) -> list[float]:
        points = camera.transform_points_pre_display(glyph, glyph.points)[:, :2]
        return [*points.min(axis=0), *points.max(axis=0)]

    seen: set[int] = set()  # a mobject in two groups is drawn once

    def visit(mobject: Mobject, context: _Context) -> None:
        if id(mobject) in skipped or id(mobject) in seen:
            return
        seen.add(id(mobject))
        name = describe(mobject)
        label = " › ".join(context.owners if context.owners[-1:] == (name,) else (*context.owners, name))
        inner = context.within(mobject, name)
        if isinstance(mobject, _TEXT):
            glyphs = [glyph for glyph in mobject.family_members_with_points()
                      if isinstance(glyph, VMobject) and _drawn(glyph) and id(glyph) not in skipped]
            if glyphs:
                pieces.append(_Piece(label, inner, True, _shows_tall_glyphs(mobject),
                                     boxes=np.array([box(glyph) for glyph in glyphs])))
            return
        source = sources.get(id(mobject))
        # A glyph outside its text: a path of a font, or any part of a formula the scene keeps (its fraction
        # bars are rectangles).
        if (source or type(mobject) is VMobjectFromSVGPath) and _drawn(mobject):
            key = source or " › ".join((*context.owners, "loose glyphs"))
            if key not in loose:
                loose[key] = _Piece(f"{source} (part)" if source else key, inner, True)
                pieces.append(loose[key])
            loose[key].boxes = np.vstack([loose[key].boxes, [box(mobject)]])
            return
        if isinstance(mobject, VMobject) and _drawn(mobject):
            points = camera.transform_points_pre_display(mobject, mobject.points)
            # A surface's patches only need their extent: their control points, unsampled, give it.
            segments = np.stack([points[:-1, :2], points[1:, :2]], axis=1) if inner.area else _outline(points)
            if len(segments):
                pieces.append(_Piece(label, inner, False, segments=segments))
        for child in mobject.submobjects:
            visit(child, inner)

    for mobject in [*scene.mobjects, *scene.foreground_mobjects]:
        visit(mobject, _Context(id(mobject)))
    return pieces


def _box_gaps(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The distance between every box of ``first`` and every box of ``second`` (0 where they overlap)."""
    dx = np.maximum(0.0, np.maximum(second[None, :, 0] - first[:, None, 2], first[:, None, 0] - second[None, :, 2]))
    dy = np.maximum(0.0, np.maximum(second[None, :, 1] - first[:, None, 3], first[:, None, 1] - second[None, :, 3]))
    return np.hypot(dx, dy)


def _segments_meet_boxes(segments: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """Which segments cross which boxes (Liang–Barsky clipping), as a (segments, boxes) array."""
    start, delta = segments[:, 0, :][:, None, :], (segments[:, 1, :] - segments[:, 0, :])[:, None, :]
    low, high = boxes[None, :, :2], boxes[None, :, 2:]
    with np.errstate(divide="ignore", invalid="ignore"):
        t_low, t_high = (low - start) / delta, (high - start) / delta
    flat = delta == 0
    inside = (start >= low) & (start <= high)
    entry = np.where(flat, np.where(inside, -np.inf, np.inf), np.minimum(t_low, t_high))
    exit_ = np.where(flat, np.where(inside, np.inf, -np.inf), np.maximum(t_low, t_high))
    enter = np.maximum(entry.max(axis=2), 0.0)
    leave = np.minimum(exit_.min(axis=2), 1.0)
    return enter <= leave


def _grow(boxes: np.ndarray, by: float) -> np.ndarray:
    return boxes + np.array([-by, -by, by, by])


def _unary(pieces: list[_Piece]) -> Iterator[tuple[str, _Piece, float, str]]:
    """(kind, piece, badness, detail) for each piece that breaks a rule on its own."""
    half_width = config.frame_width / 2
    band = theme.CAPTION_SAFE_BOTTOM
    side = _units(SIDE_MARGIN_PX)
    for piece in pieces:
        xmin, ymin, xmax, _ = piece.extent()
        if ymin < band:
            depth = _px(band - ymin)
            yield "caption band", piece, depth, f"reaches {depth:.0f} px into the bottom band"
        inset = min(xmin + half_width, half_width - xmax)
        if inset < side:
            yield "edge", piece, -inset, f"{_px(inset):.0f} px from the frame's edge (margin {SIDE_MARGIN_PX})"
        if piece.text and piece.measurable:
            height = _px(float(np.max(piece.boxes[:, 3] - piece.boxes[:, 1])))
            if height < MIN_TEXT_PX:
                yield "small text", piece, -height, f"{height:.0f} px high (at least {MIN_TEXT_PX})"


def _inspect(pieces: list[_Piece]) -> Iterator[tuple[str, str, str, float, str]]:
    """(kind, subject, other, badness, detail) for everything wrong in one picture."""
    # A rule broken by many parts of one figure (its tick labels, say) is one finding: named by the
    # figure and its worst part.
    grouped: dict[tuple[str, int], list[tuple[float, _Piece, str]]] = {}
    for kind, piece, badness, detail in _unary(pieces):
        grouped.setdefault((kind, piece.context.top), []).append((badness, piece, detail))
    for (kind, _), found in grouped.items():
        badness, worst, detail = max(found, key=lambda entry: entry[0])
        more = f" (and {len(found) - 1} more of its parts)" if len(found) > 1 else ""
        yield kind, worst.name, "", badness, detail + more
    clearance = _units(CLEARANCE_PX)
    texts = [piece for piece in pieces if piece.text and not piece.context.area]
    marks = [piece for piece in pieces if not piece.text and not piece.context.area]
    for first, second in itertools.combinations(texts, 2):
        if first.context.allowances & second.context.allowances:
            continue
        gap = float(_box_gaps(first.boxes, second.boxes).min())
        if gap < clearance:
            detail = "overlap" if gap == 0 else f"{_px(gap):.1f} px apart"
            yield "text overlap", first.name, second.name, -gap, detail
    for text in texts:
        reach = _grow(text.extent()[None, :], clearance)
        for mark in marks:
            allowed = text.context.allowances & mark.context.allowances
            if allowed or (text.context.axis is not None and text.context.axis == mark.context.axis):
                continue
            near = mark.segments[_segments_meet_boxes(mark.segments, reach)[:, 0]]
            if not len(near):
                continue
            if _segments_meet_boxes(near, text.boxes).any():
                yield "text on line", text.name, mark.name, 1.0, "crosses it"
            elif _segments_meet_boxes(near, _grow(text.boxes, clearance)).any():
                yield "text on line", text.name, mark.name, 0.0, f"within {CLEARANCE_PX} px"


@dataclass
class Depth:
    """How the axes of a 3D picture lie among the faces of its surfaces, as the camera paints them.

    ``over`` names each axis painted over a nearer face, with how many of its pieces are; ``hidden``
    holds the ids of the axis pieces the surface covers wholly (a label beside one touches nothing);
    ``names_over`` holds the axis names (``surface_axis_labels``) that lie behind a nearer face, which
    the camera paints over it all the same (a name is painted after every face).
    """

    over: dict[str, int] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)
    names_over: set[str] = field(default_factory=set)


def axes_over_surfaces(scene: Scene, skipped: set[int] | None = None) -> Depth:
    """Which axes the camera paints over nearer faces of a surface, and which axis pieces a surface hides.

    Manim's Cairo camera paints in order, with no depth buffer. For each piece of a 3D axis (a
    ``NumberLine``'s parts, not fixed in the frame) and each face of a ``Surface`` it overlaps on
    screen, the face's depth where it covers the piece says which is nearer; the painting order
    (``camera.get_mobjects_to_display``) says which is painted last. A nearer face painted first is a
    fault: the axis shows through the surface.
    """
    camera = scene.renderer.camera
    found = Depth()
    if not isinstance(camera, ThreeDCamera):
        return found
    skipped = skipped or set()
    camera.reset_rotation_matrix()
    fixed = camera.fixed_in_frame_mobjects
    members = [member for member in scene.get_mobject_family_members() if id(member) not in skipped]
    faces = [face for surface in members if isinstance(surface, Surface) for face in surface.submobjects
             if face.has_points() and np.max(face.get_fill_opacities(), initial=0.0) >= _OPAQUE]
    pieces: list[tuple[str, VMobject]] = []
    for axis in (member for member in members if isinstance(member, NumberLine) and member not in fixed):
        name = describe(axis)
        pieces.extend((name, piece) for piece in axis.family_members_with_points()
                      if isinstance(piece, VMobject) and _drawn(piece) and id(piece) not in skipped)
    names = [member for member in members if getattr(member, "names_axis", None) and member not in fixed]
    if not faces or not (pieces or names):
        return found
    order = {id(mobject): index for index, mobject in enumerate(camera.get_mobjects_to_display(scene.mobjects))}
    on_screen = FacesOnScreen(camera, faces)
    face_order = np.array([order.get(id(face), -1) for face in faces] * 2)
    if names:
        behind = on_screen.nearer(np.array([name.get_center() for name in names]), tolerance=DEPTH_TOLERANCE)
        found.names_over.update(f"{name.names_axis} axis name" for name, covered in zip(names, behind)
                                if covered.any())
    if not pieces:
        return found
    t = np.array(_DEPTH_SAMPLES)[:, None]
    samples = np.concatenate([piece.get_start() + t * (piece.get_end() - piece.get_start()) for _, piece in pieces])
    nearer = on_screen.nearer(samples, tolerance=DEPTH_TOLERANCE)
    per_piece = nearer.reshape(len(pieces), len(_DEPTH_SAMPLES), -1)
    for (name, piece), covers in zip(pieces, per_piece):
        painted_after = face_order[covers.any(axis=0)] > order.get(id(piece), -1)
        if not painted_after.all():
            found.over[name] = found.over.get(name, 0) + 1
        elif covers.any(axis=1).all():
            found.hidden.add(id(piece))
    return found


_MOMENTS = ("middle", "end")  # when a beat's picture is looked at


@dataclass
class _Beat:
    reference: str
    start_frame: int
    middle_frame: int
    cues: tuple[float, float]  # when its first cue starts and its last ends, in seconds of the chapter


class _Stretches:
    """Frames cut into stretches that each differ from their first frame in no more than ``share`` of the picture."""

    def __init__(self, *, share: float) -> None:
        self.share = share
        self.closed: list[tuple[int, int]] = []  # (first frame, frame after the last)
        self._start, self._picture = 0, None

    def add(self, grey: np.ndarray, index: int) -> None:
        """Frame ``index`` (in grey levels): it continues the open stretch, or begins the next."""
        if self._picture is not None:
            changed = np.abs(grey - self._picture) > _CHANGED_LEVEL
            if self.share > 0:
                changed = binary_dilation(changed, iterations=_CHANGE_REACH_PX)
            if float(changed.mean()) <= self.share:
                return
            self.closed.append((self._start, index))
        self._start, self._picture = index, grey

    def runs(self, frame_count: int) -> list[tuple[int, int]]:
        """Every stretch, the open one ending at ``frame_count``."""
        return [*self.closed, (self._start, frame_count)]


class LayoutCheck:
    """Watches one run of a narrated scene: its pictures at each beat's middle and end, and its frames."""

    def __init__(self, chapter: str) -> None:
        self.chapter = chapter
        self.frame_count = 0
        # Stretches where nothing changes, and where no more than a small part does.
        self.still_runs, self.small_runs = _Stretches(share=0.0), _Stretches(share=SMALL_SHARE)
        self.beats: list[_Beat] = []
        self._found: dict[tuple[str, str, str, str], tuple[list[str], float, str]] = {}
        self.frame_rate = 1.0

    def attach(self, scene: Scene) -> None:
        """Hash every frame the scene draws, and look at the picture when a beat reaches its middle."""
        self.frame_rate = float(config.frame_rate)  # the run's: the check is read after its settings are gone
        renderer = scene.renderer
        hand_over = renderer.add_frame

        def add_frame(frame: np.ndarray, num_frames: int = 1) -> None:
            first = self.frame_count
            grey = frame[..., :3].astype(np.int16).mean(axis=2)
            self.still_runs.add(grey, first)
            self.small_runs.add(grey, first)
            self.frame_count += num_frames
            if self.beats and first <= self.beats[-1].middle_frame < self.frame_count:
                self._look(scene, self.beats[-1].reference, "middle")
            hand_over(frame, num_frames)

        renderer.add_frame = add_frame

    def begin_beat(self, reference: str, narration: Narration) -> None:
        rate = self.frame_rate
        start = self.frame_count
        # The beat lasts at least as long as its words: its middle is halfway through them.
        middle = start + max(1, round(narration.duration * rate / 2))
        cues = (start / rate + narration.cues[0].start, start / rate + narration.cues[-1].end) if narration.cues \
            else (start / rate, start / rate)
        self.beats.append(_Beat(reference, start, middle, cues))

    def end_beat(self, scene: Scene, reference: str) -> None:
        self._look(scene, reference, "end")

    def _look(self, scene: Scene, reference: str, moment: str) -> None:
        # Mid-animation, what an animation is changing is on its way somewhere: judge it when it arrives.
        skipped: set[int] = set()
        if moment == "middle":
            camera = scene.renderer.camera
            turning = set(map(id, camera.get_value_trackers())) if isinstance(camera, ThreeDCamera) else set()
            for animation in scene.animations or ():
                if not isinstance(animation, Wait):
                    skipped.update(id(member) for member in animation.mobject.get_family())
                if id(animation.mobject) in turning:
                    # The camera is turning: everything drawn in 3D is on its way to where it shows.
                    fixed = camera.fixed_in_frame_mobjects
                    skipped.update(id(member) for member in scene.get_mobject_family_members()
                                   if member not in fixed)
        depth = axes_over_surfaces(scene, skipped)
        over = [("axis over surface", axis, "Surface", float(count), f"{count} of its pieces painted over nearer faces")
                for axis, count in depth.over.items()]
        over += [("axis over surface", name, "Surface", 1.0, "painted over a nearer face it lies behind")
                 for name in sorted(depth.names_over)]
        for kind, subject, other, badness, detail in [*_inspect(_pieces(scene, skipped | depth.hidden)), *over]:
            key = (reference, kind, subject, other)
            moments, worst, worst_detail = self._found.get(key, ([], -np.inf, ""))
            if moment not in moments:
                moments.append(moment)
            self._found[key] = (moments, badness, detail) if badness > worst else (moments, worst, worst_detail)

    def stills(self) -> Iterator[Violation]:
        """Narrated stretches where nothing moves for over LONGEST_STILL_SECONDS, or only a small part for over
        LONGEST_SMALL_SECONDS (each stretch told once)."""
        rate = self.frame_rate
        told: list[tuple[str, float, float]] = []
        for runs, longest, what in ((self.still_runs, LONGEST_STILL_SECONDS, "without a changing frame"),
                                    (self.small_runs, LONGEST_SMALL_SECONDS,
                                     f"in which no more than {SMALL_SHARE:.1%} of the picture changes")):
            for beat in self.beats:
                first_cue, last_cue = beat.cues
                for start, end in runs.runs(self.frame_count):
                    still_from, still_to = max(start / rate, first_cue), min(end / rate, last_cue)
                    if still_to - still_from <= longest or any(
                            reference == beat.reference and still_from < to and since < still_to
                            for reference, since, to in told):
                        continue
                    told.append((beat.reference, still_from, still_to))
                    yield Violation(self.chapter, beat.reference, "", "still", f"{still_from:.1f}–{still_to:.1f} s",
                                    "", f"{still_to - still_from:.1f} s {what} while the captions show")

    def violations(self) -> list[Violation]:
        """Everything found, beat by beat in the order of the chapter."""
        order = {beat.reference: index for index, beat in enumerate(self.beats)}
        found = [Violation(self.chapter, reference, " and ".join(sorted(moments, key=_MOMENTS.index)), kind, subject,
                           other, detail)
                 for (reference, kind, subject, other), (moments, _, detail) in self._found.items()]
        found.extend(self.stills())
        return sorted(found, key=lambda violation: order.get(violation.beat, len(order)))


def dry_run(scene_class: type[Scene], *, media_dir: Path, tex_dir: Path, check_layout: bool = True) -> Scene:
    """Run a narrated scene without writing video, its layout checked; ``scene.layout_check`` holds the findings.

    Without ``check_layout`` it only runs (what ``build.py coverage`` needs: the beats' descriptions).
    """
    with tempconfig({**DRY_RUN, "media_dir": str(media_dir), "tex_dir": str(tex_dir)}):
        scene = scene_class(layout_check=LayoutCheck(scene_class.SECTION) if check_layout else None)
        scene.render()
    return scene


def summary(violations: Iterable[Violation]) -> str:
    """One line per violation."""
    return "\n".join(violation.line() for violation in violations)
