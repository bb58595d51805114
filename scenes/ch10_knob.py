"""§10 Is w derived from x? Songs pass through a volume knob that stays put; training, not the music, turns it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import numpy as np
from manim import *

from scenes.kit import (
    FitPlot,
    Formula,
    Knob,
    LectureScene,
    LinearData,
    Readout,
    SignalTrace,
    clamp,
    gradient_descent,
    inline_maths,
    row_band,
    subheading,
    text_table,
    theme,
)
from scenes.kit.tables import baseline

# The model is ŷ = w·x: one knob. Its training data: input levels x and the levels y they should come out at.
DATA_SEED = 3
SAMPLES = 10
RECORDED_GAIN = 2.5  # the gain the data was recorded with; training has to find it from the data alone
NOISE = 0.45
INIT_SEED = 10  # fixed, so every render starts the knob at the same "random" place
INIT_SCALE = 0.3  # initial weights are small: drawn from N(0, 0.3²)
ETA = 0.5
TRAIN_STEPS = 25
STEREO_W = 1.5  # where the knob is set while the analogy is told
KNOB_RANGE = (-1.0, 3.0)
WEIGHTS_FILE = "model.json"
SAVED_DECIMALS = 4

# Songs: x(t) = a·sin(f₁t + φ) + (1 − a)·sin(f₂t), never louder than 1.
SONGS = ((0.7, 1.3, 4.1, 0.0), (0.5, 2.6, 0.9, 1.0), (0.8, 0.8, 5.3, 2.2), (0.6, 3.4, 1.7, 0.4),
         (0.55, 1.9, 6.0, 1.6), (0.75, 2.2, 0.7, 2.9), (0.6, 1.1, 3.3, 0.8))
FRESH_SONGS = 3  # the last few songs are never heard in training: inference's fresh x's
FLOW_SPEED = 1.6  # how fast the music runs through the panels (t units a second)
# The stereo fills the page while the analogy is told, then shrinks to the top to make room for training.
PANEL_WIDTH, PANEL_HEIGHT, PANEL_X = 4.0, 2.4, 4.5
KNOB_RADIUS = 1.0
STAGE_Y = 0.85
COMPACT, COMPACT_Y = 0.75, 1.5
LONE_READOUT_Y = -1.8  # the w readout under the knob, before there is a loss to show
BOTTOM_ROW = -1.4  # training's plots and readouts, and later the weights file, under the shrunk stereo
RULE_Y = -0.35  # the update rule between the shrunk stereo and the readouts
READOUT_X = 1.05
SIDE_X = 4.4  # the plots left and right of the readouts
READOUT_WIDTH = 1.8
# Training: the initial draw's bell is gone, so the rule and readouts take the left and the fit grows on the right.
TRAINING_READOUT_XS = (-4.9, -2.9)
TRAINING_FIT_X, TRAINING_FIT_SCALE = 2.6, 1.1
NUMBER_GAP = 0.2  # tick numbers beside their axes, a little off them so the line passing the axis' end clears them
# The contrast table: every cell is there, faint, from the start (to read ahead); each is lit as it is said.
FAINT = 0.3
TABLE_HOLD = 0.6  # the whole table lit, once more, after its last words (within the 3 s of silence allowed)
OFF_THE_DATA = -0.9  # how far the knob is turned off the trained w to show the data holding it there


def training_data() -> LinearData:
    """Ten (x, y) pairs drawn with a fixed seed: y is x at the recorded gain, plus noise."""
    rng = np.random.default_rng(DATA_SEED)
    x = rng.uniform(-1.0, 1.0, SAMPLES)
    return LinearData(x, RECORDED_GAIN * x + rng.normal(0.0, NOISE, SAMPLES))


DATA = training_data()


def initial_w(seed: int = INIT_SEED) -> float:
    """The knob's random starting point: small, from a normal distribution, the same for the same seed."""
    return float(np.random.default_rng(seed).normal(0.0, INIT_SCALE))


def loss(w: float) -> float:
    """L(w) = (1/n) Σ (w·xᵢ − yᵢ)²: the model has no bias."""
    return float(DATA.loss(w, 0.0))


def training_path() -> np.ndarray:
    """w at every step of gradient descent from the random start: w ← w − η·∂L/∂w."""
    path = gradient_descent(lambda w: [DATA.gradient(w[0], 0.0)[0]], [initial_w()], eta=ETA, steps=TRAIN_STEPS)
    return path[:, 0]


def trained_w() -> float:
    return float(training_path()[-1])


def save_weights(w: float, folder: Path) -> Path:
    """Write the trained model, which is nothing but its weights, to ``folder``."""
    path = folder / WEIGHTS_FILE
    path.write_text(json.dumps({"w": round(w, SAVED_DECIMALS)}), encoding="utf-8")
    return path


def load_weights(path: Path) -> float:
    return float(json.loads(path.read_text(encoding="utf-8"))["w"])


def song(index: float, t: np.ndarray) -> np.ndarray:
    """The music at times ``t``; a fractional index cross-fades from one song to the next."""
    low = int(clamp(np.floor(index), 0, len(SONGS) - 1))
    high = min(low + 1, len(SONGS) - 1)
    mix = float(index) - low

    def one(k: int) -> np.ndarray:
        a, f1, f2, phase = SONGS[k]
        return a * np.sin(f1 * t + phase) + (1 - a) * np.sin(f2 * t)

    return (1 - mix) * one(low) + mix * one(high)


def panel(width: float = PANEL_WIDTH, height: float = PANEL_HEIGHT) -> tuple[Axes, VGroup]:
    """Signal axes (time along, level up, ±3) inside a framed box."""
    axes = Axes(x_range=[0, 10, 1], y_range=[-3, 3, 1], x_length=width - 0.3, y_length=height - 0.2, tips=False,
                axis_config={"color": theme.GRID, "stroke_width": 2, "include_ticks": False})
    axes.y_axis.set_opacity(0)
    frame = RoundedRectangle(corner_radius=0.12, width=width, height=height, stroke_color=theme.MUTED,
                             stroke_width=2, fill_color=theme.PANEL, fill_opacity=1).move_to(axes)
    return axes, VGroup(frame, axes)


def lift_header(table: Table) -> None:
    """Set the header one row-pitch above the first row: the text's empty corner cell would pull it off its line."""
    rows, lines = table.get_rows(), table.get_horizontal_lines()
    pitch = lines[0].get_y() - lines[1].get_y()
    target = baseline(rows[1][1]) + pitch
    for cell in rows[0]:
        if cell.submobjects:
            cell.shift(UP * (target - baseline(cell)))



def numbers_beside_axes(axes: Axes) -> None:
    """Put each tick number beside its own axis (left of the y-axis, under the x-axis), where the axes cross."""
    for number in axes.y_axis.numbers:
        number.next_to(axes.c2p(0, number.get_value()), LEFT, buff=NUMBER_GAP)
    for number in axes.x_axis.numbers:
        number.next_to(axes.c2p(number.get_value(), 0), DOWN, buff=NUMBER_GAP)


def padlock(color=theme.MUTED) -> VGroup:
    shackle = Arc(radius=0.13, start_angle=0, angle=PI, color=color, stroke_width=5).shift(UP * 0.12)
    body = RoundedRectangle(corner_radius=0.04, width=0.38, height=0.28, color=color, fill_color=color,
                            fill_opacity=1, stroke_width=0)
    return VGroup(shackle, body)


class WeightVersusInput(LectureScene):
    SECTION = "10"

    def construct(self) -> None:
        self.w = ValueTracker(STEREO_W)
        self.song = ValueTracker(0)
        self.phase = ValueTracker(0)
        self.path = training_path()
        self.answer_no()
        self.set_up_the_stereo()
        self.play_the_music()
        self.set_the_knob()
        self.hear_the_output()
        self.change_the_songs()
        self.tune_for_all_the_music()
        self.start_at_random()
        self.train_the_knob()
        self.credit_the_data()
        self.contrast_x_and_w()
        self.save_the_weights()
        self.call_it_a_bag_of_weights()

    # The model on screen: ŷ = w·x, with w from the tracker and x from the songs.
    def x_signal(self, t: np.ndarray) -> np.ndarray:
        return song(self.song.get_value(), t - self.phase.get_value())

    def y_signal(self, t: np.ndarray) -> np.ndarray:
        return self.w.get_value() * self.x_signal(t)

    def loss_now(self) -> float:
        return loss(self.w.get_value())

    def music(self, on: bool) -> None:
        """Let the songs run through the panels (during waits too), or stop them."""
        self.phase.clear_updaters()
        if on:
            self.phase.add_updater(lambda phase, dt: phase.increment_value(FLOW_SPEED * dt))
            self.add(self.phase)

    def answer_no(self) -> None:
        self.title = self.section_title()
        x, w = (MathTex(name, color=theme.INK, font_size=96) for name in ("x", "w"))
        VGroup(x, w).arrange(RIGHT, buff=3.0).move_to(UP * 0.3)
        derived = Arrow(x.get_right(), w.get_left(), buff=0.3, color=theme.MUTED, stroke_width=6)
        cross = Cross(derived, stroke_color=theme.SECANT, stroke_width=8, scale_factor=0.5)
        with self.beat("no"):
            self.describe("x and w are written with an arrow from x to w, and the arrow is crossed out; then they "
                          "fade out.")
            self.play(FadeIn(self.title, shift=DOWN * 0.2), FadeIn(x), FadeIn(w))
            self.play(GrowArrow(derived))
            self.play(Create(cross))
        self.play(FadeOut(VGroup(x, w, derived, cross)))

    def set_up_the_stereo(self) -> None:
        self.heading = subheading(self.section, "stereo", under=self.title)
        self.input_axes, input_panel = panel()
        self.output_axes, output_panel = panel()
        input_panel.move_to([-PANEL_X, STAGE_Y, 0])
        output_panel.move_to([PANEL_X, STAGE_Y, 0])
        self.knob = Knob(tracker=self.w, value_range=KNOB_RANGE, radius=KNOB_RADIUS).move_to([0, STAGE_Y, 0])
        arrows = VGroup(
            Arrow(input_panel.get_right(), self.knob.get_left(), buff=0.15, color=theme.MUTED, stroke_width=4),
            Arrow(self.knob.get_right(), output_panel.get_left(), buff=0.15, color=theme.MUTED, stroke_width=4),
        )
        self.stereo = VGroup(input_panel, self.knob, output_panel, arrows)
        self.w.set_value(0)  # the knob comes in turned down: it is turned up as its role is told (stereo:3)
        with self.beat("stereo:1"):
            self.describe("Three panels appear, joined by arrows: an input panel, a volume knob, and an output panel.")
            self.play(FadeIn(self.heading))
            self.play(FadeIn(input_panel), FadeIn(self.knob), FadeIn(output_panel), GrowArrow(arrows[0]),
                      GrowArrow(arrows[1]))

    def play_the_music(self) -> None:
        x_tex, w_tex, y_tex = inline_maths(self.section.block("stereo"))[:3]
        self.input_trace = SignalTrace(axes=self.input_axes, signal=self.x_signal, color=theme.INK)
        self.output_trace = SignalTrace(axes=self.output_axes, signal=self.y_signal, color=theme.TANGENT)
        # Above the panels' opaque fill, whichever was added last (playing an animation re-adds its mobject).
        for trace in (self.input_trace, self.output_trace):
            trace.set_z_index(1)
        self.names = VGroup(
            MathTex(x_tex, color=theme.INK, font_size=theme.LARGE_SYMBOL_SIZE).next_to(self.stereo[0], DOWN, buff=0.15),
            MathTex(w_tex, color=theme.WEIGHT, font_size=theme.LARGE_SYMBOL_SIZE).next_to(self.knob, DOWN, buff=0.2),
            MathTex(y_tex, color=theme.TANGENT, font_size=theme.LARGE_SYMBOL_SIZE).next_to(self.stereo[2], DOWN,
                                                                                      buff=0.15),
        )
        with self.beat("stereo:2"):
            self.describe("A wavy signal starts running through the input panel, labelled x.")
            self.music(on=True)
            self.play(Create(self.input_trace), FadeIn(self.names[0]))

    def set_the_knob(self) -> None:
        self.w_readout = Readout(label="$w$", value=self.w.get_value, color=theme.WEIGHT, width=READOUT_WIDTH)
        self.w_readout.move_to([0, LONE_READOUT_Y, 0])
        with self.beat("stereo:3"):
            self.describe(f"The knob is labelled w, with a readout; it turns from 0 to {STEREO_W:.2f}.")
            self.play(FadeIn(self.names[1]), FadeIn(self.w_readout))
            self.play(self.w.animate.set_value(STEREO_W), run_time=1.5)

    def hear_the_output(self) -> None:
        with self.beat("stereo:4"):
            self.describe("The output panel shows the signal scaled by w, labelled y hat equals w x: taller than "
                          "the input.")
            self.play(Create(self.output_trace), FadeIn(self.names[2]))

    def change_the_songs(self) -> None:
        with self.beat("stereo:5"):
            self.describe("The input signal changes shape twice, and the output changes with it; the knob stays put.")
            self.play(self.song.animate.set_value(1), run_time=1.5)
            self.play(self.song.animate.set_value(2), run_time=1.5)
        with self.beat("stereo:6"):
            self.describe("The knob is circled; another song comes in, and the knob does not move.")
            self.play(Circumscribe(self.knob, Circle, color=theme.WEIGHT, buff=0.12))
            self.play(self.song.animate.set_value(3), run_time=1.5)

    def tune_for_all_the_music(self) -> None:
        with self.beat("stereo:7") as clock:
            self.describe(f"The knob turns up to {STEREO_W + 0.8:.2f}, the output growing; a new song comes in; "
                          f"the knob returns to {STEREO_W:.2f}.")
            turn = (clock.narration.duration - 1.0) / 4
            self.play(self.w.animate.set_value(STEREO_W + 0.8), run_time=turn)
            self.play(self.song.animate.set_value(4), run_time=turn)
            self.play(self.w.animate.set_value(STEREO_W), run_time=turn)
            self.play(self.song.animate.set_value(0), run_time=turn)

    def start_at_random(self) -> None:
        start = initial_w()
        axes = Axes(x_range=[-1, 1, 0.5], y_range=[0, 1.5, 0.5], x_length=4.0, y_length=1.8, tips=False,
                    axis_config={"color": theme.MUTED, "stroke_width": theme.AXIS_WIDTH, "include_ticks": True},
                    x_axis_config={"include_numbers": True, "font_size": theme.SMALL_SIZE,
                                   "decimal_number_config": {"color": theme.MUTED, "num_decimal_places": 1}})
        axes.move_to([-SIDE_X, BOTTOM_ROW, 0])
        bell = axes.plot(lambda w: np.exp(-0.5 * (w / INIT_SCALE) ** 2) / (INIT_SCALE * np.sqrt(2 * PI)),
                         color=theme.SECOND, stroke_width=theme.CURVE_WIDTH - 1)
        draw = DashedLine(axes.c2p(start, 0), axes.i2gp(start, bell), dash_length=0.08, color=theme.WEIGHT,
                          stroke_width=3)
        drawn = Dot(axes.c2p(start, 0), radius=0.09, color=theme.WEIGHT)
        self.fit = FitPlot(data=DATA, w=self.w, b=ValueTracker(0), x_range=[-1, 1, 1], y_range=[-3, 3, 3],
                           x_length=3.6, y_length=2.2)
        numbers_beside_axes(self.fit.axes)
        self.fit.move_to([SIDE_X, BOTTOM_ROW + 0.1, 0])
        # The y name straight above its axis' tip, its number beside the tip.
        self.fit.labels[1].next_to(self.fit.axes.c2p(0, self.fit.axes.y_range[1]), UP, buff=0.1)
        self.loss_readout = Readout(label="$L$", value=self.loss_now, color=theme.TANGENT, width=READOUT_WIDTH)
        self.loss_readout.move_to([READOUT_X, BOTTOM_ROW, 0])
        heading = subheading(self.section, "initialization", under=self.title)
        self.initial = VGroup(axes, bell, draw, drawn)
        stage = VGroup(self.stereo, self.names)
        stage.generate_target()
        stage.target.scale(COMPACT, about_point=self.stereo.get_center()).shift(UP * (COMPACT_Y - STAGE_Y))
        # ŷ = wx beside its panel: under it, it would stand over the data plot's own y.
        stereo, names = stage.target
        names[2].next_to(stereo[2], RIGHT, buff=0.2)
        with self.beat("initialization:1"):
            self.describe("The stereo shrinks upward. Below, a bell curve of the random starting values, centred "
                          f"on 0, spread {INIT_SCALE:g}.")
            # The stereo moves up out of the way: the knob's story continues underneath it.
            self.play(ReplacementTransform(self.heading, heading), MoveToTarget(stage),
                      self.w_readout.animate.move_to([-READOUT_X, BOTTOM_ROW, 0]), run_time=1.0)
            self.play(Create(axes), Create(bell), run_time=1.0)
        self.heading = heading
        with self.beat("initialization:2"):
            self.describe(f"A value is drawn from the bell curve, at {self.path[0]:.2f}, and the knob turns to it.")
            self.play(FadeIn(drawn, shift=DOWN * 0.4), Create(draw))
            self.play(self.w.animate.set_value(start), run_time=1.2)
        with self.beat("initialization:3"):
            self.describe("A plot of the training data appears, points rising left to right, with the line y hat "
                          f"equals w x at w = {self.path[0]:.2f}, nearly flat; dashed gaps show its misses, and the "
                          "loss reads "
                          f"{loss(self.path[0]):.2f}.")
            self.play(FadeIn(self.fit, lag_ratio=0.1), FadeIn(self.loss_readout))
            self.play(Create(self.fit.residuals))

    def light_the_data(self) -> AnimationGroup:
        """Each data point swells where it is (the group swelled as one would push its outer points outward)."""
        return AnimationGroup(*(Indicate(dot, color=theme.DATA, scale_factor=1.4) for dot in self.fit.dots))

    def train_the_knob(self) -> None:
        rule = Formula(inline_maths(self.section.block("training"))[1], font_size=theme.AXIS_LABEL_SIZE)
        left = np.mean(TRAINING_READOUT_XS)
        rule.move_to([left, RULE_Y, 0])
        with self.beat("training:1"):
            self.describe_none("the update rule is written as training is named")
            self.play(FadeOut(self.initial), Write(rule),
                      self.w_readout.animate.set_x(TRAINING_READOUT_XS[0]),
                      self.loss_readout.animate.set_x(TRAINING_READOUT_XS[1]),
                      self.fit.animate.scale(TRAINING_FIT_SCALE).set_x(TRAINING_FIT_X).align_to(
                          [0, theme.CAPTION_SAFE_BOTTOM + 0.08, 0], DOWN))
        with self.beat("training:2") as clock:
            self.describe(f"In {TRAIN_STEPS} steps the knob turns from {self.path[0]:.2f} to {self.path[-1]:.2f}; "
                          f"the line tilts up onto the points, and the loss falls from {loss(self.path[0]):.2f} to "
                          f"{loss(self.path[-1]):.2f}.")
            step_time = min(0.4, (clock.narration.duration - 0.5) / TRAIN_STEPS)
            for w in self.path[1:]:
                self.play(self.w.animate.set_value(w), run_time=step_time, rate_func=linear)
        with self.beat("training:3"):
            self.describe("The knob flashes, and the gaps vanish: the line runs through the points.")
            self.play(Flash(self.knob, color=theme.WEIGHT, flash_radius=1.0), FadeOut(self.fit.residuals))
        self.rule = rule

    def credit_the_data(self) -> None:
        # Lines through single points: each x on its own would ask for a different w.
        single = VGroup(*(
            DashedLine(self.fit.axes.c2p(0, 0), self.fit.axes.c2p(x, y), dash_length=0.07, color=theme.SECANT,
                       stroke_width=2.5)
            for x, y in zip(DATA.x, DATA.y) if abs(x) > 0.3
        ))
        # Each thing lit as it is named.
        with self.beat("final-value:1") as clock:
            self.describe_none("the knob, the data, the loss and the rule are highlighted as each is named")
            self.play(Circumscribe(self.knob, Circle, color=theme.WEIGHT, buff=0.12),
                      Indicate(self.w_readout.value, color=theme.WEIGHT), run_time=max(1.0, clock.at("is determined")))
            self.play(self.light_the_data(), run_time=max(0.8, clock.at("by the data")))
            self.play(Indicate(self.loss_readout.value, color=theme.TANGENT),
                      run_time=max(0.8, clock.at("loss function")))
            self.play(Indicate(self.rule, color=theme.WEIGHT), run_time=max(0.8, clock.at("gradient descent.")))
        with self.beat("final-value:2") as clock:
            self.describe(f"The data points are highlighted. The knob turns from {trained_w():.2f} to "
                          f"{trained_w() + OFF_THE_DATA:.2f} and back: the line flattens off the points, the dashed "
                          "misses grow and shrink, and the loss rises and falls back. Then dashed lines are drawn from "
                          "the origin through each point, each at a different slope.")
            self.play(self.light_the_data(), run_time=max(0.8, clock.at("informed by x")))
            # "the data shapes what the right value of w should be": turned off it, the line leaves the
            # points and their misses and the loss grow; back at the trained w they shrink again.
            self.fit.residuals.update()
            self.add(self.fit.residuals)
            self.play(self.w.animate(rate_func=there_and_back).set_value(self.w.get_value() + OFF_THE_DATA),
                      run_time=max(1.0, clock.at("should be")))
            self.remove(self.fit.residuals)
            # "but w isn't computed from any single x": the line through each point alone asks for another w.
            self.play(Create(single, lag_ratio=0.3), run_time=max(2.0, clock.until_last_word()))
        self.single = single

    def contrast_x_and_w(self) -> None:
        self.music(on=False)
        shown = Group(*(m for m in self.mobjects if m is not self.title and m is not self.phase))
        block = self.section.block("contrast-table")
        table = text_table(block.table, row_gap=0.24)
        heading = subheading(self.section, "contrast-table", under=self.title)
        table.next_to(heading, DOWN, buff=0.35).set_x(0)
        lift_header(table)
        header, *rows = table.get_rows()
        band = row_band(table, rows[-1])
        # The table as it is read (adaptations.toml): x's column, then w's, then a row per sentence, each
        # cell appearing as it is said; the last row (frozen weights) marked.
        cells = VGroup(*(cell for row in table.get_rows() for cell in row if cell.submobjects))
        cells.set_opacity(FAINT)
        with self.beat("contrast-table") as clock:
            self.describe_none("the table is drawn faint and each cell lights up as it is read")
            self.play(FadeOut(shown), FadeIn(heading), run_time=0.8)
            # The whole table, faint, with its lines: there to be read for as long as it is talked about.
            self.play(Create(table.get_horizontal_lines()), Create(table.get_vertical_lines()), FadeIn(cells),
                      run_time=max(0.8, clock.at("the input x") - 0.5))
            self.play(header[1].animate.set_opacity(1), run_time=0.5)
            clock.until("the weight")
            self.play(header[2].animate.set_opacity(1), run_time=0.5)
            for row, words, sentence in zip(rows, block.table[1:], block.sentences[1:]):
                # Each cell lit while it is said, whole by its last word.
                self.play(row[0].animate.set_opacity(1), *([FadeIn(band)] if row is rows[-1] else []),
                          run_time=max(0.5, clock.at(clock.cell_words(sentence, words[0]))))
                for cell, text in zip(row[1:], words[1:]):
                    said = clock.at(clock.cell_words(sentence, text))
                    self.play(cell.animate.set_opacity(1), run_time=max(0.5, said))
            self.play(Indicate(rows[-1][2], color=theme.WEIGHT, scale_factor=1.1), run_time=0.8)
        self.wait(TABLE_HOLD)
        self.play(FadeOut(table, band, heading), run_time=0.8)

    def save_the_weights(self) -> None:
        self.song.set_value(len(SONGS) - FRESH_SONGS)
        self.w.set_value(trained_w())
        with tempfile.TemporaryDirectory() as folder:  # written for real, then gone: never into the repository
            path = save_weights(trained_w(), Path(folder))
            contents, loaded = path.read_text(encoding="utf-8"), load_weights(path)
        self.loaded = loaded
        file_card = self.weights_file(path.name, contents).move_to([0, BOTTOM_ROW, 0])
        self.file_card = file_card
        write = Arrow(self.names[1].get_bottom(), file_card.get_top(), buff=0.12, color=theme.MUTED, stroke_width=4)
        lock = padlock().next_to(self.knob, UR, buff=-0.05)
        self.w_readout.move_to([-SIDE_X, BOTTOM_ROW, 0])
        sheet, contents_line = VGroup(*file_card[:2], file_card[2][0]), file_card[2][1]
        with self.beat("saved-to-disk:1"):
            self.describe(f"The stereo returns with w at {trained_w():.2f}. An arrow runs from the knob down to a "
                          f"file, {WEIGHTS_FILE}, holding w equals {self.loaded:.{SAVED_DECIMALS}f}.")
            self.play(FadeIn(self.stereo), FadeIn(self.names), FadeIn(self.input_trace), FadeIn(self.output_trace),
                      FadeIn(self.w_readout))
            # Saving: the knob's value goes down the arrow into the file, which is all the model is.
            self.play(GrowArrow(write), FadeIn(sheet, shift=DOWN * 0.2))
            # The value flies down into the file whole, and becomes its line there, inside the sheet.
            flying = self.w_readout.value.copy()
            self.play(flying.animate.move_to(contents_line), run_time=0.8)
            self.play(FadeTransform(flying, contents_line), run_time=0.7)
            self.music(on=True)
        with self.beat("saved-to-disk:2"):
            self.describe("The arrow turns to point from the file up to the knob, which takes the saved value and "
                          "gets a padlock; a new song plays.")
            self.play(write.animate.rotate(PI), run_time=0.8)
            self.play(self.w.animate.set_value(loaded), FadeIn(lock, scale=0.5))
            self.play(self.song.animate.set_value(len(SONGS) - FRESH_SONGS + 1), run_time=1.5)
        with self.beat("saved-to-disk:3"):
            self.describe("Another new song comes through; the padlock and the w readout are highlighted, unchanged.")
            self.play(self.song.animate.set_value(len(SONGS) - 1), run_time=2.0)
            self.play(Indicate(lock, color=theme.WEIGHT), Indicate(self.w_readout.value, color=theme.WEIGHT))
        self.lock = lock

    def weights_file(self, name: str, contents: str) -> VGroup:
        """A sheet with a folded corner: the file's name, and its contents as read back from disk."""
        title = Text(name, font=theme.SANS, font_size=theme.BODY_SIZE, color=theme.MUTED)
        body = Text(contents, font=theme.SANS, font_size=theme.SYMBOL_SIZE, color=theme.INK)
        text = VGroup(title, body).arrange(DOWN, buff=0.2)
        width, height, fold = text.width + 0.7, text.height + 0.5, 0.3
        sheet = Polygon([0, 0, 0], [width - fold, 0, 0], [width, -fold, 0], [width, -height, 0], [0, -height, 0],
                        color=theme.INK, stroke_width=2, fill_color=theme.PANEL, fill_opacity=1)
        corner = VMobject(color=theme.INK, stroke_width=2).set_points_as_corners(
            [[width - fold, 0, 0], [width - fold, -fold, 0], [width, -fold, 0]])
        return VGroup(sheet, corner, text.move_to(sheet))

    def call_it_a_bag_of_weights(self) -> None:
        with self.beat("bag-of-weights:1"):
            self.describe_none("the weights file is circled as the model is named")
            self.play(Circumscribe(self.file_card, color=theme.WEIGHT, buff=0.15))
        with self.beat("bag-of-weights:2") as clock:
            self.describe_none("the saved value and the knob are highlighted as training is named")
            # "Training figures out what those weights should be": the knob's training again, unlocked, from
            # its random start along the steps to the value the file holds.
            path = np.array([*self.path[:-1], self.loaded])
            self.play(FadeOut(self.lock), self.w.animate.set_value(path[0]), run_time=max(0.6, clock.at("Training")))
            self.play(UpdateFromAlphaFunc(self.w, lambda tracker, alpha: tracker.set_value(
                          np.interp(alpha * (len(path) - 1), np.arange(len(path)), path))),
                      run_time=max(1.0, clock.until_end(leaving=0.8)), rate_func=linear)
            # Lit, barely swelling: at Indicate's usual 1.2 the line overran its sheet.
            self.play(FadeIn(self.lock, scale=0.5),
                      Indicate(self.file_card[2][1], color=theme.WEIGHT, scale_factor=1.05),
                      Circumscribe(self.knob, Circle, color=theme.WEIGHT, buff=0.12),
                      run_time=max(0.8, clock.until_end()))
        with self.beat("bag-of-weights:3"):
            self.describe("A new song runs through, and the output follows it with the knob locked.")
            self.play(self.song.animate.set_value(len(SONGS) - FRESH_SONGS), run_time=2.0)
        self.wait(1.0)
