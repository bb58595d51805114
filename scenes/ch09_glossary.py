"""§09 Vocabulary & the bigger picture: the glossary as cards, then the training loop turning while the loss drops."""

from __future__ import annotations

from contextlib import AbstractContextManager

import numpy as np
from manim import *

from lecture.text.document import Section

from scenes.kit import (
    BeatClock,
    FitPlot,
    Formula,
    GlossaryCard,
    LectureScene,
    LinearData,
    Readout,
    TrainingLoop,
    definition,
    gradient_descent,
    inline_maths,
    lead_phrase,
    subheading,
    theme,
    themed_axes,
)

TERMS = ("term-x", "term-y-hat", "term-y", "term-w", "term-b", "term-loss", "term-partials", "term-gradient",
         "term-eta", "term-backpropagation", "term-gradient-descent")
CARD_COLUMNS = 4
# Every definition fits at the card's one size (tests/test_ch09.py), and the grid stays above the captions.
CARD_WIDTH, CARD_HEIGHT, CARD_GAP = 3.25, 1.55, 0.1
TERM_SECONDS = 0.7  # at least this long to show a card and its term

# The loop trains a line ŷ = w·x + b on five points by plain gradient descent.
DATA = LinearData.points((0, 1.2), (1, 2.7), (2, 5.3), (3, 6.8), (4, 9.1))
START = (0.0, 0.0)
ETA = 0.01
STEPS = 60
QUICK_LAPS = (2, 3, 4, 5)  # the step reached at the end of each lap, one step a lap
LONG_LAPS = (8, 12, 20, 35, STEPS)  # then each lap stands for many steps
FIRST_LAP_SECONDS, QUICK_LAP_SECONDS = 0.9, 1.05

NODE_TOP, NODE_BOTTOM = 1.75, -0.55  # the cycle's two rows
NODE_LEFT, NODE_RIGHT = -5.35, -1.15
READOUT_Y = -2.1
READOUT_WIDTH = 2.35
SLOPE_COLOR = theme.SECANT
# Right of the loop, side by side: the data the loop fits, with its line, then the loss it computes.
PLOT_Y, PLOT_HEIGHT = 0.55, 2.3
DATA_PLOT_X, DATA_PLOT_WIDTH = 1.65, 1.9
LOSS_PLOT_X, LOSS_PLOT_WIDTH = 4.55, 2.3


def training_path() -> np.ndarray:
    """Every (w, b) of the run, start included: θ ← θ − η·∇L(θ)."""
    return gradient_descent(lambda p: DATA.gradient(*p), START, eta=ETA, steps=STEPS)


def loss_curve() -> np.ndarray:
    """L(w, b) at each step of the run: what the curve on screen plots."""
    path = training_path()
    return DATA.loss(path[:, 0], path[:, 1])


def lowest_loss() -> float:
    """Where the loss bottoms out: the least-squares fit's loss."""
    return float(DATA.loss(*DATA.best_fit()))


def glossary_cards(section: Section) -> VGroup:
    """A card for every term, in the text's order, on the grid (placed by the scene)."""
    cards = VGroup(*(
        GlossaryCard(term=section.block(label).term, definition=definition(section.block(label)),
                     width=CARD_WIDTH, height=CARD_HEIGHT)
        for label in TERMS
    ))
    return cards.arrange_in_grid(cols=CARD_COLUMNS, buff=CARD_GAP, flow_order="rd")


class VocabularyAndTrainingLoop(LectureScene):
    SECTION = "09"

    def construct(self) -> None:
        self.path = training_path()
        self.losses = loss_curve()
        self.step = ValueTracker(0)
        self.lay_out_the_cards()
        self.name_the_data()
        self.name_the_parameters()
        self.name_the_loss_and_its_slopes()
        self.name_the_learning()
        self.clear_the_table()
        self.run_the_forward_pass()
        self.run_the_backward_pass()
        self.update_the_parameters()
        self.repeat_until_it_bottoms_out()

    # The model on screen: every number below is read off the gradient-descent run.
    def state(self) -> tuple[float, float]:
        return tuple(self.path[int(self.step.get_value())])

    def loss_now(self) -> float:
        return float(self.losses[int(self.step.get_value())])

    def gradient_now(self) -> np.ndarray:
        return DATA.gradient(*self.state())

    def lay_out_the_cards(self) -> None:
        """Every card in its place on the grid, none shown yet."""
        self.title = self.section_title()
        self.heading = subheading(self.section, "term-x", under=self.title)
        cards = glossary_cards(self.section)
        cards.next_to(self.heading, DOWN, buff=0.22).set_x(0)
        # The last row is short: centre it under the others.
        cards[len(cards) - len(cards) % CARD_COLUMNS:].set_x(0)
        self.cards = cards
        self.card_of = dict(zip(TERMS, cards))

    def deal(self, beat: AbstractContextManager[BeatClock], *with_card: Animation) -> None:
        """A beat that deals its card: the term while it is named, then the definition written as it is said."""
        with beat as clock:
            self.describe_none("the card's term appears as it is named and its definition is written as it is read")
            card = self.card_of[clock.narration.reference]
            self.play(FadeIn(card.box, shift=UP * 0.15), FadeIn(card.term, shift=UP * 0.15), *with_card,
                      run_time=max(TERM_SECONDS, clock.at(card.term_text)))
            self.play(Write(card.definition, stroke_color=theme.INK),
                      run_time=max(1.0, clock.until_last_word()), rate_func=linear)

    def name_the_data(self) -> None:
        self.deal(self.beat("term-x"), FadeIn(self.title, shift=DOWN * 0.2), FadeIn(self.heading))
        self.deal(self.beat("term-y-hat"))
        self.deal(self.beat("term-y"))

    def name_the_parameters(self) -> None:
        self.deal(self.beat("term-w"))
        self.deal(self.beat("term-b"))

    def name_the_loss_and_its_slopes(self) -> None:
        self.deal(self.beat("term-loss"))
        self.deal(self.beat("term-partials"))
        self.deal(self.beat("term-gradient"))

    def name_the_learning(self) -> None:
        self.deal(self.beat("term-eta"))
        self.deal(self.beat("term-backpropagation"))
        self.deal(self.beat("term-gradient-descent"))

    def clear_the_table(self) -> None:
        heading = subheading(self.section, "forward-pass", under=self.title)
        self.play(FadeOut(self.cards, shift=DOWN * 0.2), ReplacementTransform(self.heading, heading), run_time=1.0)
        self.heading = heading

    def run_the_forward_pass(self) -> None:
        section = self.section
        loss_name = definition(section.block("term-loss")).split(" (")[0]
        names = (
            step_name(lead_phrase(section.block("forward-pass"))),
            VGroup(MathTex("L", color=theme.INK, font_size=theme.AXIS_LABEL_SIZE), step_name(loss_name)).arrange(
                RIGHT, buff=0.2),
            step_name(lead_phrase(section.block("backward-pass"))),
            step_name(lead_phrase(section.block("update"))),
        )
        self.loop = TrainingLoop(names=names, corners=((NODE_LEFT, NODE_TOP), (NODE_RIGHT, NODE_TOP),
                                                       (NODE_RIGHT, NODE_BOTTOM), (NODE_LEFT, NODE_BOTTOM)))

        self.axes = themed_axes(x_range=[0, STEPS, 20], y_range=[0, 35, 10], x_length=LOSS_PLOT_WIDTH,
                                y_length=PLOT_HEIGHT)
        self.axes.move_to([LOSS_PLOT_X, PLOT_Y, 0])
        self.fit = self.data_plot()
        names = VGroup(  # "step" at the axis' end: below it, it read as the label of the L readout
            Text("step", font=theme.SANS, font_size=theme.SMALL_SIZE, color=theme.INK).next_to(
                self.axes.x_axis.get_end(), RIGHT, buff=0.15),
            MathTex("L", color=theme.INK, font_size=theme.AXIS_LABEL_SIZE).next_to(self.axes.y_axis, UP, buff=0.12),
        )
        self.curve = VMobject(color=theme.TANGENT, stroke_width=theme.CURVE_WIDTH)
        self.curve.add_updater(lambda curve: curve.set_points_as_corners(self.curve_points()))
        self.curve_end = Dot(radius=0.08, color=theme.TANGENT)
        self.curve_end.add_updater(lambda dot: dot.move_to(self.curve_points()[-1]))

        self.readouts = VGroup(
            Readout(label="$w$", value=lambda: self.state()[0], color=theme.WEIGHT, width=READOUT_WIDTH),
            Readout(label="$b$", value=lambda: self.state()[1], color=theme.BIAS, width=READOUT_WIDTH),
            Readout(label=r"$\partial L/\partial w$", value=lambda: float(self.gradient_now()[0]), color=SLOPE_COLOR,
                    width=READOUT_WIDTH),
            Readout(label=r"$\partial L/\partial b$", value=lambda: float(self.gradient_now()[1]), color=SLOPE_COLOR,
                    width=READOUT_WIDTH),
            Readout(label="$L$", value=self.loss_now, color=theme.TANGENT, width=READOUT_WIDTH),
        ).arrange(RIGHT, buff=0.22).move_to([0, READOUT_Y, 0])
        w_b, slopes, loss = self.readouts[:2], self.readouts[2:4], self.readouts[4]
        self.slopes = slopes

        forward, loss_node = self.loop.nodes[:2]
        fit = self.fit
        with self.beat("forward-pass:1-2") as clock:
            self.describe(f"The loop's first box, Forward pass, appears, with readouts w = {self.path[0][0]:.2f} "
                          f"and b = {self.path[0][1]:.2f}, and a plot of the {len(DATA.x)} data points the loop "
                          "trains on.")
            self.play(FadeIn(forward), FadeIn(self.loop.token, scale=0.5), FadeIn(w_b))
            # "Feed input through the network": the data the loop trains on, its inputs x along the axis.
            self.play(Create(fit.axes), FadeIn(fit.labels), FadeIn(fit.dots, lag_ratio=0.2),
                      run_time=max(1.0, clock.until_last_word()))
        with self.beat("forward-pass:3-4") as clock:
            self.describe(f"An arrow leads to a box, L loss. The model's line is drawn across the data at y hat = "
                          f"{self.path[0][0]:g} x + {self.path[0][1]:g}, with dashed misses to each point; a loss "
                          f"readout shows {self.losses[0]:.2f}, marked on a plot of L against step, from 0 to {STEPS}.")
            # "Compute prediction": the line's ŷ at every x (w = b = 0 predicts 0); "Compute loss": the misses.
            self.play(GrowArrow(self.loop.arrows[0]), self.loop.advance(), FadeIn(loss_node), Create(fit.line),
                      run_time=max(1.0, clock.at("Compute prediction.")))
            self.play(fit.reveal_residuals(), FadeIn(loss), Create(self.axes), FadeIn(names),
                      FadeIn(self.curve_end), run_time=max(1.0, clock.until_last_word()))
            self.add(self.curve)

    def data_plot(self) -> FitPlot:
        """The data as dots with the line ŷ = w·x + b at the run's current step, and its misses."""
        w, b = ValueTracker(0.0), ValueTracker(0.0)
        # The line follows the run: the trackers read the step before the line redraws from them.
        w.add_updater(lambda tracker: tracker.set_value(self.state()[0]))
        b.add_updater(lambda tracker: tracker.set_value(self.state()[1]))
        self.add(w, b)
        top = float(np.ceil(DATA.y.max() / 5) * 5)
        fit = FitPlot(data=DATA, w=w, b=b, x_range=[0, float(DATA.x.max()), 1], y_range=[0, top, 5],
                      x_length=DATA_PLOT_WIDTH, y_length=PLOT_HEIGHT)
        fit.move_to([DATA_PLOT_X, PLOT_Y, 0])
        return fit

    def curve_points(self) -> np.ndarray:
        """(step, loss) up to the tracker's step, the last segment drawn part-way."""
        step = self.step.get_value()
        whole = int(step)
        steps = np.arange(whole + 1, dtype=float)
        losses = self.losses[: whole + 1]
        if whole < STEPS and step > whole:
            steps = np.append(steps, step)
            losses = np.append(losses, np.interp(step, [whole, whole + 1], self.losses[whole:whole + 2]))
        if len(steps) == 1:  # one point: a zero-length segment so the curve has points
            steps, losses = np.repeat(steps, 2), np.repeat(losses, 2)
        return np.asarray(self.axes.c2p(steps, losses)).T

    def run_the_backward_pass(self) -> None:
        backward = self.loop.nodes[2]
        partial = Formula(inline_maths(self.section.block("backward-pass"))[0], font_size=theme.SYMBOL_SIZE)
        partial.set_color(SLOPE_COLOR).next_to(self.loop.arrows[1], RIGHT, buff=0.2)
        with self.beat("backward-pass:1"):
            self.describe_none("an arrow leads down to the Backward pass box as it is named")
            self.play(GrowArrow(self.loop.arrows[1]), FadeIn(backward), self.loop.advance(run_time=FIRST_LAP_SECONDS))
        with self.beat("backward-pass:2") as clock:
            self.describe("Readouts of the partials appear, partial L by partial w at "
                          f"{DATA.gradient(*self.path[0])[0]:.2f} and partial L by partial b at "
                          f"{DATA.gradient(*self.path[0])[1]:.2f}. A light runs down every miss, and each miss in "
                          "turn travels into both partials' readouts.")
            self.play(Write(partial), run_time=1.0)
            each = max(1.0, clock.at("in the network") / len(self.slopes))
            for slope in self.slopes:  # one partial for every parameter, each from ∂L/∂θ
                self.play(FadeIn(slope, target_position=partial, scale=0.5), run_time=each)
            # "in the network — this is backpropagation": a flash down every point's miss, where the partials
            # start, and the step's name lit. The name lights up, not the whole box (a box lit whole hides its name).
            misses = self.misses_now()
            self.play(Indicate(backward.label, color=SLOPE_COLOR, scale_factor=1.15),
                      LaggedStart(*(ShowPassingFlash(miss.copy(), time_width=0.8) for miss in misses), lag_ratio=0.25),
                      run_time=max(1.2, clock.at("this is backpropagation")))
            # "systematic application of partial derivatives + chain rule": every point's miss, one after
            # another, carried back into the partial of every parameter.
            self.play(LaggedStart(*(self.carry_back(miss) for miss in misses), lag_ratio=0.5),
                      run_time=max(2.0, clock.until_last_word() - 0.9))
            self.play(*(Indicate(slope.value, color=SLOPE_COLOR, scale_factor=1.2) for slope in self.slopes),
                      run_time=0.9)
        self.partial = partial

    def misses_now(self) -> VGroup:
        """Each point's miss yᵢ − ŷᵢ at the run's step, solid and bold: what the partials are made of."""
        axes, predictions = self.fit.axes, DATA.predict(*self.state())
        return VGroup(*(Line(axes.c2p(x, y), axes.c2p(x, prediction), color=SLOPE_COLOR,
                             stroke_width=theme.SECANT_WIDTH + 3)
                        for x, y, prediction in zip(DATA.x, DATA.y, predictions) if abs(prediction - y) > 1e-9))

    def carry_back(self, miss: VMobject) -> Animation:
        """One point's miss, copied into each partial's readout: each partial sums what every point sends.

        Each copy fades as it goes, so it never covers the readout's digits as it lands on them.
        """
        return AnimationGroup(*(miss.copy().animate(remover=True).scale(0.3).move_to(slope.value).set_opacity(0)
                                for slope in self.slopes))

    def update_the_parameters(self) -> None:
        update = self.loop.nodes[3]
        rule = Formula(inline_maths(self.section.block("update"))[0], font_size=theme.AXIS_LABEL_SIZE)
        rule.move_to([(NODE_LEFT + NODE_RIGHT) / 2, (NODE_TOP + NODE_BOTTOM) / 2, 0])
        with self.beat("update:1"):
            self.describe_none("an arrow leads to the Update box as it is named")
            self.play(GrowArrow(self.loop.arrows[2]), FadeIn(update), self.loop.advance(run_time=FIRST_LAP_SECONDS))
        with self.beat("update:2") as clock:
            self.describe(f"After the rule is written, one step: w becomes {self.path[1][0]:.2f}, b "
                          f"{self.path[1][1]:.2f}, and the loss falls to {self.losses[1]:.2f}, a second point on "
                          "the plot.")
            # The rule written as it is said, then the step it describes, then on to the next lap.
            speech = clock.narration.speech_seconds or clock.narration.duration  # unvoiced: as long as its cues
            self.play(Write(rule), run_time=0.45 * speech)
            # The step first (w, b, the line, L and the curve's point change together as it lands), then the
            # new values are lit: lit while the step ran, w and b read 0.00 as the curve had already dropped.
            self.play(self.step.animate.set_value(1), run_time=0.4)
            self.play(*(Indicate(readout.value, color=readout.box.get_stroke_color(), scale_factor=1.2)
                        for readout in (*self.readouts[:2], self.readouts[4])),
                      run_time=max(0.5, 0.3 * speech - 0.4))
            self.play(GrowArrow(self.loop.arrows[3]),
                      self.loop.advance(run_time=max(FIRST_LAP_SECONDS, 0.25 * speech)))

    def lap(self, until: int, run_time: float) -> None:
        """One turn of the loop while the run advances to step ``until``."""
        self.play(self.loop.lap(), self.step.animate.set_value(until),
                  run_time=run_time, rate_func=linear)

    def repeat_until_it_bottoms_out(self) -> None:
        with self.beat("repeat:1"):
            self.describe(f"The loop runs lap by lap to step {QUICK_LAPS[-1]}; the line turns toward the points and "
                          f"the loss curve falls to {self.losses[QUICK_LAPS[-1]]:.2f}.")
            for until in QUICK_LAPS:
                self.lap(until, QUICK_LAP_SECONDS)
        with self.beat("repeat:2") as clock:
            self.describe(f"Laps run on to step {STEPS}; the line settles through the points and the curve "
                          "flattens near zero, the loss reaching "
                          f"{self.losses[STEPS]:.2f} at w = {self.path[STEPS][0]:.2f}, b = "
                          f"{self.path[STEPS][1]:.2f}.")
            seconds = (clock.narration.duration - 1.5) / len(LONG_LAPS)
            for until in LONG_LAPS:
                self.lap(until, seconds)
            self.play(Flash(self.curve_end, color=theme.TANGENT))
        self.wait(1.0)


def step_name(text: str) -> Text:
    return Text(text, font=theme.SANS, font_size=theme.BOX_TEXT_SIZE, color=theme.INK)

