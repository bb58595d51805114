"""Surfaces z = f(x, y) in 3D: themed axes, the surface, slices, tangents, a descent path.

Rendering cost shapes this module (Cairo, manim 0.22). A shaded surface costs
~0.2 s a frame whenever it must be redrawn: while it animates, while the camera
moves, or when anything before it in the scene's list changes. Still mobjects
are drawn once per animation into a static background, so a ``SurfaceScene``
keeps its surface and axes at the front of the list and what is drawn on it
(tangents, the path) unshaded: Manim draws unshaded mobjects after the shaded
ones, so they are never hidden by the surface, moving or still. The axes, slice
curves (and planes, ``by_depth``) are cut into pieces sorted among the surface's
faces (``scenes.kit.depth``), so the surface hides the parts of them that run
behind a nearer wall: sorted only among what is painted in one pass, so keep
them still with the surface (``keep_still``), or animate the surface with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import pairwise

import numpy as np
from manim import (
    DEGREES,
    OUT,
    RIGHT,
    TAU,
    Animation,
    Arrow,
    Circumscribe,
    Create,
    FadeIn,
    Dot,
    Line,
    ManimColor,
    MathTex,
    Mobject,
    Polygon,
    Surface,
    ThreeDAxes,
    ThreeDCamera,
    ValueTracker,
    VGroup,
    VMobject,
    interpolate_color,
    rotation_about_z,
    rotation_matrix,
)

from scenes.kit import theme
from scenes.kit.calculus import clamp
from scenes.kit.beats import LectureScene3D
from scenes.kit.depth import (
    DepthCamera,
    FacesOnScreen,
    camera_points,
    depth_sorted_axes,
    on_surface_curve,
    sort_by_depth,
)
from scenes.kit.layout import DEPTH_TOLERANCE

__all__ = [
    "SurfaceScene",
    "bowl_surface",
    "surface_axes",
    "surface_axis_labels",
    "graph_surface",
    "slice_curve",
    "slice_plane",
    "slice_tangent",
    "floor_arrow",
    "DescentPath",
]

SurfaceFunction = Callable[[float, float], float]


# Where the light sits, in screen coordinates: above the viewer, so that floors are lit and walls shaded.
# Manim's default light (below left) bleaches the far walls of a bowl to white.
LIGHT_FROM_VIEWER = np.array([0.0, 12.0, 8.0])


def whole_family(mobject: Mobject) -> list[Mobject]:
    """``mobject.get_family()`` as a set would hold it (each member, any order), walked without generators."""
    family, unwalked = [], [mobject]
    while unwalked:
        member = unwalked.pop()
        family.append(member)
        unwalked.extend(member.submobjects)
    return family


class SurfaceScene(LectureScene3D):
    """A 3D chapter with flat overlays (title, formulas, readouts) fixed in the frame.

    The surface sits to the left (``pin``); flat pieces stack in a column on the right (``column``).
    """

    COLUMN_X: float = 3.7  # the centre of the flat column beside the surface
    FIRST_VIEW: tuple[float, float] = (70, -100)  # the camera's (phi, theta) in degrees as the chapter opens

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("camera_class", DepthCamera)  # axes sorted among the faces, unlit
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        super().setup()
        self._overlays: list[Mobject] = []
        # What ``pin`` placed, how to find its anchor and where it shows: ``turn_camera`` keeps it there.
        self._pinned: tuple[Mobject, Callable[[], np.ndarray], np.ndarray] | None = None
        phi, theta = self.FIRST_VIEW
        self.set_camera_orientation(phi=phi * DEGREES, theta=theta * DEGREES)

    def overlay(self, *mobjects: Mobject) -> Mobject:
        """Fix mobjects in the frame without adding them (an animation adds them); returns the first."""
        self._overlays.extend(mobjects)
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)
        return mobjects[0]

    def circumscribe(self, mobject: Mobject, **kwargs) -> Circumscribe:
        """Manim's ``Circumscribe`` of an overlay, its passing frame fixed in the frame too (not drawn in 3D)."""
        animation = Circumscribe(mobject, **kwargs)
        self.overlay(*(part.mobject for part in animation.animations))
        return animation

    def column(self, mobject: Mobject, *, y: float) -> Mobject:
        """Place a flat piece in the right-hand column at height ``y``, fixed in the frame (an animation adds it)."""
        self.overlay(mobject)
        return mobject.move_to([self.COLUMN_X, y, 0])

    def face_camera(self, *mobjects: Mobject) -> None:
        """Keep labels and dots upright and facing the viewer wherever they sit in 3D (an animation adds them)."""
        self.renderer.camera.add_fixed_orientation_mobjects(*mobjects)

    def keep_still(self, *mobjects: Mobject) -> None:
        """Move mobjects to the front of the scene's list so they stay in the static background."""
        for mobject in reversed(mobjects):
            self.bring_to_back(mobject)

    def view_rotation(self, *, phi: float | None = None, theta: float | None = None) -> np.ndarray:
        """The camera's rotation (scene point → screen point, before perspective): now, or at (phi, theta) degrees."""
        camera = self.renderer.camera
        phi = camera.get_phi() if phi is None else phi * DEGREES
        theta = camera.get_theta() if theta is None else theta * DEGREES
        return rotation_matrix(-phi, RIGHT) @ rotation_about_z(-theta - 90 * DEGREES)

    def name_axes_where_seen(self, names: VGroup, axes: ThreeDAxes, surface: Surface, *,
                             views: Sequence[dict[str, float] | None] = (None,)) -> None:
        """Move each axis name the surface hides, or that crosses an axis, beside the farthest of its axis in view.

        A name is painted after the surface, so one behind it would show on it. ``views`` are the camera
        angles (phi, theta in degrees; None: as it is now) the name must be clear from: where the camera
        turns from and to while the names show. Place the names once their content is pinned.
        """
        for name, axis in zip(names, axes.get_axes()):
            spot = self._spot_in_view(name, axis, axes, surface, views)
            if spot is not None:
                name.move_to(spot)

    def _spot_in_view(self, name: Mobject, axis: Mobject, axes: ThreeDAxes, surface: Surface,
                      views: Sequence[dict[str, float] | None], *, distance: float = 0.45, samples: int = 30
                      ) -> np.ndarray | None:
        """Where an axis name shows clear from every view; None where it already does (or nowhere does).

        Tried in turn: where it is, then beside its axis, ``distance`` from it square to it on screen
        (either side), from the axis's end back toward its 0.
        """
        here = name.get_center() - axis.get_end()  # the name's place, from its axis's end
        with self.seen_from(views[0]):
            along = (self.view_rotation() @ (axis.get_end() - axis.get_start()))[:2]
            square = np.array([-along[1], along[0]]) / max(np.linalg.norm(along), 1e-9)
            aside = [self.view_rotation().T @ np.array([*(side * distance * square), 0.0]) for side in (1.0, -1.0)]
        start, end = axis.get_start(), axis.get_end()
        origin = float(np.clip(np.dot(axis.number_to_point(0) - start, end - start) / np.dot(end - start, end - start),
                               0.0, 1.0))  # only along its positive half
        tries = [(1.0, here)] + [(t, offset) for t in np.linspace(1.0, origin, samples + 1) for offset in aside]
        clear = np.ones(len(tries), dtype=bool)
        along_axis = np.linspace(0.0, 1.0, 80)[:, None]
        for view in views:
            with self.seen_from(view) as camera:
                # Projected once a view, not once a try.
                faces = FacesOnScreen(camera, [face for face in surface if face.has_points()])
                paths = [camera_points(camera, line.get_start() + along_axis * (line.get_end() - line.get_start()))[0]
                         for line in axes.get_axes()]
                start, end = axis.get_start(), axis.get_end()
                clear &= [self._name_clear(camera, name, start + t * (end - start) + offset, faces, paths)
                          for t, offset in tries]
        if clear[0] or not clear.any():
            return None
        t, offset = tries[int(np.argmax(clear))]
        return axis.get_start() + t * (axis.get_end() - axis.get_start()) + offset

    def _name_clear(self, camera: ThreeDCamera, name: Mobject, centre: np.ndarray, faces: FacesOnScreen,
                    axis_paths: list[np.ndarray], *, margin: float = 0.06) -> bool:
        """Whether a name at ``centre`` shows in front of the faces and crosses none of the axes (screen paths)."""
        on_screen = self.view_rotation().T
        half = np.array([name.width / 2, name.height / 2])
        corners = [centre + on_screen @ np.array([dx * half[0], dy * half[1], 0.0]) for dx in (-1, 1) for dy in (-1, 1)]
        if faces.nearer(np.array([centre, *corners]), tolerance=DEPTH_TOLERANCE).any():
            return False
        box, _ = camera_points(camera, np.array(corners))
        low, high = box.min(axis=0) - margin, box.max(axis=0) + margin
        return not any(np.any(np.all((path >= low) & (path <= high), axis=1)) for path in axis_paths)

    @contextmanager
    def seen_from(self, view: dict[str, float] | None) -> Iterator[ThreeDCamera]:
        """The camera turned to a view (phi, theta in degrees) for a moment, the pinned content kept in its place.

        To work out how things will show from there; None keeps the camera as it is.
        """
        camera = self.renderer.camera
        phi, theta = camera.get_phi(), camera.get_theta()
        shift = np.zeros(3)
        if view is not None:
            camera.set_phi(view["phi"] * DEGREES)
            camera.set_theta(view["theta"] * DEGREES)
            if self._pinned is not None:
                content, anchor, at = self._pinned
                shift = self.view_rotation().T @ at - anchor()
                content.shift(shift)
        camera.reset_rotation_matrix()
        try:
            yield camera
        finally:
            if self._pinned is not None:
                self._pinned[0].shift(-shift)
            camera.set_phi(phi)
            camera.set_theta(theta)
            camera.reset_rotation_matrix()

    def pin(self, content: Mobject, *, anchor: Callable[[], np.ndarray], at: Sequence[float]) -> None:
        """Shift 3D content so that ``anchor()`` (a point of it) shows at the screen point ``at``.

        The surface can then sit to one side, leaving the other to flat formulas and readouts. (The
        camera's own frame centre would shift the fixed-in-frame overlays as well.)
        """
        self._pinned = (content, anchor, np.array([at[0], at[1], 0.0]))
        content.shift(self.view_rotation().T @ self._pinned[2] - anchor())
        self.light_from_viewer()

    def raise_surface(self, *, axes: Mobject, names: Mobject, surface: Mobject, phi: float, theta: float,
                      turn_time: float | Callable[[], float] = 2.0) -> None:
        """Draw the axes, fade the surface in, keep both in the static background, then turn to (phi, theta).

        ``turn_time`` is the turn's seconds, or a function giving them as the turn starts (a beat clock's
        ``lambda: clock.at(words)``), for a turn that ends on its words.
        """
        self.name_axes_where_seen(names, axes, surface, views=[{"phi": phi, "theta": theta}])  # where it stays
        self.play(Create(axes), FadeIn(names))
        # The axes animate too, so they are painted with the fading faces, sorted among them (see depth).
        self.play(FadeIn(surface), Animation(axes), run_time=1.0)
        self.keep_still(axes, surface)
        self.turn_camera(phi=phi, theta=theta, run_time=turn_time() if callable(turn_time) else turn_time)

    def turn_camera(self, *, phi: float, theta: float, **kwargs) -> None:
        """Move the camera to new angles (degrees) while the pinned content keeps its spot on screen."""
        if self._pinned is None:
            raise RuntimeError("turn_camera keeps pinned content in place: pin it first")
        content, anchor, at = self._pinned

        def keep_in_place(mobject: Mobject) -> None:
            mobject.shift(self.view_rotation().T @ at - anchor())
            self.light_from_viewer()

        content.add_updater(keep_in_place)
        self.move_camera(phi=phi * DEGREES, theta=theta * DEGREES, **kwargs)
        content.remove_updater(keep_in_place)
        # The animation left the camera's trackers in the scene; while there, any later
        # animation of a mobject before them counts as a camera move and redraws the surface.
        camera = self.renderer.camera
        self.remove(*camera.get_value_trackers(), camera._frame_center)

    def light_from_viewer(self) -> None:
        """Light the surface from above the camera, wherever it looks from."""
        self.renderer.camera.light_source.move_to(self.view_rotation().T @ LIGHT_FROM_VIEWER)

    def flat_copy(self, mobject: VMobject) -> VMobject:
        """A copy fixed in the frame where the mobject now appears: lifts a piece of 3D into a flat figure."""
        camera = self.renderer.camera
        camera.reset_rotation_matrix()
        copy = mobject.copy().clear_updaters()
        for piece in copy.family_members_with_points():
            piece.points = camera.project_points(piece.points) * np.array([1.0, 1.0, 0.0])
        self.overlay(copy)
        return copy

    def update_mobjects(self, dt: float) -> None:
        super().update_mobjects(dt)
        # A live number builds new glyphs as it changes; fix those in the frame too.
        fixed = self.renderer.camera.fixed_in_frame_mobjects
        for mobject in self._overlays:
            fixed.update(whole_family(mobject))


def surface_axes(*, x_range: Sequence[float], y_range: Sequence[float], z_range: Sequence[float],
                 x_length: float, y_length: float, z_length: float) -> ThreeDAxes:
    """3D axes in muted ink, in pieces sorted by depth among a surface's faces: hidden where they run behind it."""
    axes = ThreeDAxes(
        x_range=x_range, y_range=y_range, z_range=z_range,
        x_length=x_length, y_length=y_length, z_length=z_length,
        tips=False,
        axis_config={"color": theme.MUTED, "stroke_width": theme.AXIS_WIDTH, "include_ticks": True,
                     "tick_size": 0.06},
    )
    axes.set_shade_in_3d(False)
    return depth_sorted_axes(axes)


def surface_axis_labels(axes: ThreeDAxes, *, names: Sequence[str] = ("x", "y", "z"),
                        buff: float = 0.35) -> VGroup:
    """The axes' names just past their ends (the scene should make them face the camera)."""
    ends = (axes.x_axis.get_end(), axes.y_axis.get_end(), axes.z_axis.get_end())
    directions = (axes.x_axis.get_unit_vector(), axes.y_axis.get_unit_vector(), OUT)
    labels = VGroup()
    for name, end, direction in zip(names, ends, directions):
        label = MathTex(name, color=theme.INK, font_size=theme.SYMBOL_SIZE)
        label.move_to(end + buff * direction)
        label.names_axis = name  # the layout check finds axis names by it (a name behind a surface shows on it)
        labels.add(label)
    return labels


def _shade_by_height(surface: Surface, axes: ThreeDAxes) -> Surface:
    """Colour each face by its height, from the theme's low to its high surface colour over the z axis.

    A height gradient, rather than a checkerboard, shows at a glance where the surface is low; the
    light then shades the faces. The faint paper-coloured mesh is kept: it shows the surface's curvature.
    """
    low, high = axes.z_range[:2]
    for face in surface:
        height = axes.point_to_coords(face.get_center())[2]
        face.set_fill(interpolate_color(theme.SURFACE_LOW, theme.SURFACE_HIGH, clamp((height - low) / (high - low),
                                                                                       0.0, 1.0)))
    return surface


def graph_surface(axes: ThreeDAxes, f: SurfaceFunction, *, x_range: Sequence[float], y_range: Sequence[float],
                  resolution: int = 20, opacity: float = 0.9) -> Surface:
    """The graph of z = f(x, y) over a rectangle, shaded by height."""
    return _shade_by_height(Surface(
        lambda u, v: axes.c2p(u, v, f(u, v)),
        u_range=x_range, v_range=y_range, resolution=resolution,
        checkerboard_colors=False, fill_opacity=opacity,
        stroke_color=theme.PAPER, stroke_width=0.4, stroke_opacity=0.5,
    ), axes)


def bowl_surface(axes: ThreeDAxes, f: SurfaceFunction, *, radius: float, resolution: Sequence[int] = (8, 24),
                 opacity: float = 0.9) -> Surface:
    """The graph of z = f(x, y) over a disk about the origin, shaded by height: a rim that reads as a bowl."""
    return _shade_by_height(Surface(
        lambda r, t: axes.c2p(r * np.cos(t), r * np.sin(t), f(r * np.cos(t), r * np.sin(t))),
        u_range=[0, radius], v_range=[0, TAU], resolution=tuple(resolution),
        checkerboard_colors=False, fill_opacity=opacity,
        stroke_color=theme.PAPER, stroke_width=0.4, stroke_opacity=0.5,
    ), axes)



def _along(along: str, at: float, t: float) -> tuple[float, float]:
    if along not in ("x", "y"):
        raise ValueError(f"along must be 'x' or 'y', not {along!r}")
    return (t, at) if along == "x" else (at, t)


def slice_curve(axes: ThreeDAxes, f: SurfaceFunction, *, along: str, at: float, span: Sequence[float],
                **style) -> VGroup:
    """Where a vertical plane meets the surface: ``along="x"`` holds y at ``at``, ``"y"`` holds x.

    In pieces sorted among the surface's faces (``on_surface_curve``): hidden where a nearer wall covers it.
    """
    def point(t: float) -> np.ndarray:
        x, y = _along(along, at, t)
        return axes.c2p(x, y, f(x, y))

    return on_surface_curve(point, span, **style)


def slice_plane(axes: ThreeDAxes, f: SurfaceFunction, *, along: str, at: float, span: Sequence[float], top: float,
                color: ManimColor, opacity: float = 0.22, by_depth: bool = False) -> VGroup:
    """A translucent vertical sheet running in the ``along`` direction through ``at``, standing on the surface.

    Its foot is the slice curve and it rises to the height ``top``: a plane cut off where it enters the
    surface, so nothing of it hangs below the surface, seen through it. ``by_depth`` cuts it into tiles
    sorted among the surface's faces (``scenes.kit.depth``), so faces nearer the camera cover it: for a
    still sheet, since only mobjects drawn in one pass are sorted among each other.
    """
    columns, rows = (16, 6) if by_depth else (48, 1)
    steps = np.linspace(span[0], span[1], columns + 1)
    foot = np.array([min(f(*_along(along, at, t)), top) for t in steps])
    # fractions[j] of the way from the foot up to the top, for each column edge
    fractions = np.linspace(0.0, 1.0, rows + 1)

    def point(i: int, j: int) -> np.ndarray:
        x, y = _along(along, at, steps[i])
        return axes.c2p(x, y, foot[i] + fractions[j] * (top - foot[i]))

    if by_depth:
        tiles = [Polygon(point(i, j), point(i + 1, j), point(i + 1, j + 1), point(i, j + 1))
                 for i in range(columns) for j in range(rows)]
    else:
        tiles = [Polygon(*(point(i, 0) for i in range(columns + 1)),
                         *(point(i, 1) for i in reversed(range(columns + 1))))]
    sheet = VGroup(*tiles).set_fill(color, opacity=opacity).set_stroke(width=0)
    # Its edges (the foot is the slice curve, drawn by slice_curve): the top, and both sides.
    edges = VGroup(*(Line(point(i, rows), point(i + 1, rows)) for i in range(columns)),
                   *(Line(point(i, j), point(i, j + 1)) for i in (0, columns) for j in range(rows)))
    edges.set_stroke(color, width=2, opacity=0.7)
    plane = VGroup(sheet, edges)
    return sort_by_depth(plane) if by_depth else plane


def slice_tangent(axes: ThreeDAxes, f: SurfaceFunction, *, along: str, x: float, y: float, slope: float,
                  ahead: float, behind: float | None = None, **style) -> Line:
    """The slice curve's tangent at (x, y): rises ``slope`` per unit step in the ``along`` direction.

    ``ahead`` and ``behind`` are its on-screen lengths either side of the point (``behind`` defaults to ``ahead``).
    """
    step = np.array([1.0, 0.0] if along == "x" else [0.0, 1.0])
    centre = axes.c2p(x, y, f(x, y))
    forward = axes.c2p(x + step[0], y + step[1], f(x, y) + slope)
    direction = (forward - centre) / np.linalg.norm(forward - centre)
    behind = ahead if behind is None else behind
    return Line(centre - behind * direction, centre + ahead * direction, **style)


def floor_arrow(axes: ThreeDAxes, start: Sequence[float], vector: Sequence[float], *, z: float = 0.0,
                **style) -> Arrow:
    """An arrow lying in the horizontal plane at height ``z``: a direction in the (x, y) inputs."""
    (x, y), (dx, dy) = start, vector
    return Arrow(axes.c2p(x, y, z), axes.c2p(x + dx, y + dy, z), buff=0, **style)


class DescentPath(VGroup):
    """A ball rolling down a surface through the points of a computed path, leaving a trail.

    ``progress`` counts steps: at 3.5 the ball is halfway from the 3rd iterate to the 4th.
    """

    def __init__(self, *, axes: ThreeDAxes, f: SurfaceFunction, path: np.ndarray, progress: ValueTracker,
                 color: ManimColor = theme.HIGHLIGHT, radius: float = 0.09) -> None:
        super().__init__()
        self.axes, self.f, self.path, self.progress = axes, f, np.asarray(path, dtype=float), progress
        self.trail = VMobject(color=color, stroke_width=theme.CURVE_WIDTH - 1)
        self.ball = Dot(radius=radius, color=color, stroke_color=theme.INK, stroke_width=1.5)
        self.add(self.trail, self.ball)
        self.trail.add_updater(lambda trail: trail.set_points_as_corners(self._trail_points()))
        self.ball.add_updater(lambda ball: ball.move_to(self._on_surface([self.position()])[0]))
        self.update()

    def steer(self, *, w: ValueTracker, b: ValueTracker) -> None:
        """Make two trackers follow the ball, so what follows them (a line, readouts) follows the descent.

        Clear the trackers' updaters to let go; the scene must hold the trackers for their updaters to run.
        """
        for tracker, i in ((w, 0), (b, 1)):
            tracker.add_updater(lambda t, i=i: t.set_value(self.position()[i]))

    def step(self) -> int:
        """The last iterate reached (readouts show iterates, never points between them)."""
        return int(np.floor(min(self.progress.get_value(), len(self.path) - 1) + 1e-9))

    def iterate(self) -> np.ndarray:
        """(w, b) at the last iterate reached."""
        return self.path[self.step()]

    def position(self) -> np.ndarray:
        """Where the ball is: between two iterates while it moves."""
        n = clamp(self.progress.get_value(), 0.0, len(self.path) - 1)
        low = int(np.floor(n))
        high = min(low + 1, len(self.path) - 1)
        return self.path[low] + (n - low) * (self.path[high] - self.path[low])

    def _trail_points(self) -> np.ndarray:
        # Each step follows the surface, not the chord between its ends: a chord of a curved surface runs
        # above or below it, beside a slice curve drawn on the surface.
        corners = [*self.path[: self.step() + 1], self.position()]
        on_surface = self._on_surface(corners)
        steps = [corners[:1]]
        for (start, end), (shown_start, shown_end) in zip(pairwise(corners), pairwise(on_surface)):
            pieces = int(np.ceil(np.linalg.norm(shown_end - shown_start) / 0.1))
            steps.append([start + (end - start) * k / pieces for k in range(1, pieces)])
            steps.append([end])
        return self._on_surface([point for step in steps for point in step])

    def _on_surface(self, points: Sequence[np.ndarray]) -> np.ndarray:
        """Each (w, b) point on the surface, in scene coordinates: the axes' arithmetic done once for all of them."""
        xs, ys = (np.array([point[i] for point in points], dtype=float) for i in (0, 1))
        return self.axes.c2p(xs, ys, np.array([self.f(x, y) for x, y in zip(xs, ys)], dtype=float)).T
