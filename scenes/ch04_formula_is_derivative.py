"""§04 How the formula is the derivative: the chain, the under-braced formula, two points sliding together."""

from __future__ import annotations

from manim import *

# The kit is the lecture's own layer over Manim: imported the same way.
from scenes.kit import *
from scenes.kit.widgets import places_for
from scenes.kit import theme

CURVE = PARABOLA  # y = x², as in §01–§03
START_X = 1.0
STEP_H = 1.0  # how far Q steps out of P, as in §01–§03
CLOSE_H = 0.4  # "closer and closer": the first slide
# Rise and run still read as numbers (0.0201 and 0.0100) while their ratio, 2.01, nears the slope at P, 2.00:
# the limit is shown as where the ratio goes, never as 0.00 ÷ 0.00.
SMALLEST_H = 0.01
# Rise, run and their ratio keep three significant figures, so the shown ratio is the shown rise ÷ run.
FIGURES = 3
POWER = Polynomial([0, 0, 0, 0, 0, 1])  # x⁵, the power-rule example
CHECK_X = 1.0  # where the limit definition is seen to agree with the power rule
POWER_SMALLEST_H = 0.0001  # small enough for x⁵'s secant slope to read 5.00


def as_shown(value: float) -> str:
    """A rise, run or ratio as its readout shows it (three significant figures, at least two decimals)."""
    return f"{value:.{places_for(value, decimals=2, figures=FIGURES)}f}"


def rise_over_run(model: SecantModel) -> float:
    """The ratio readout's value: the shown rise ÷ the shown run, so a student dividing them gets what it shows.

    (The secant's slope itself can differ in the last place while Q slides.)
    """
    rise, run = (float(as_shown(value)) for value in (model.rise(), model.run()))
    return rise / run if run else model.slope()


# Colours of the chain's links, shared with the formula's under-brace labels.
LINK_COLORS = (theme.INK, theme.SECANT, theme.TANGENT, theme.SECOND)
BRACE_COLORS = (theme.INK, theme.HIGHLIGHT, theme.SECANT, theme.TANGENT)
CHAIN_SIZE = 28
READOUT_WIDTH = 2.75
TABLE_SIZE = 20


def chain_links(sentence: str) -> list[str]:
    """The chain's links, as the text writes them between its "=" signs."""
    return [link.strip() for link in sentence.split("=")]



class FormulaIsDerivative(LectureScene):
    SECTION = "04"

    def construct(self) -> None:
        # One point first: no run at all. h is shown to four places once the power rule's slider takes it down.
        self.model = SecantModel(curve=CURVE, x=START_X, h=0.0, h_decimals=4)
        self.define_the_derivative()
        self.link_the_chain()
        self.brace_the_formula()
        self.try_a_single_point()
        self.add_a_second_point()
        self.slide_q_to_p()
        self.settle_on_the_slope()
        self.stack_the_layers()
        self.cash_in_the_power_rule()

    # The power-rule check: computed from POWER at CHECK_X, with the model's h.
    def power_secant(self) -> float:
        return secant_slope(POWER, CHECK_X, self.model.h.shown())

    def power_shortcut(self) -> float:
        return tangent_slope(POWER, CHECK_X)

    def define_the_derivative(self) -> None:
        self.links = links = chain_links(self.section.block("chain").sentences[0])
        # §02's formula, quoted from the text, is what "derivative" means.
        self.definition = Formula(display_math("02", "limit-formula"), parts=["f'(x)", "="], font_size=54)
        self.definition.move_to(DOWN * 0.2)
        word = Text(links[0], font=theme.SANS, font_size=theme.HEADING_SIZE, color=theme.INK)
        word.next_to(self.definition.part("f'(x)"), UP, buff=0.9)
        arrow = Arrow(word.get_bottom(), self.definition.part("f'(x)").get_top(), buff=0.12, color=theme.MUTED,
                      stroke_width=3, max_tip_length_to_length_ratio=0.2)
        spotlight = Spotlight(formula=self.definition)
        self.add(spotlight)
        self.title = self.section_title()
        equals = self.definition.occurrences("=")[0]
        with self.beat("literal-definition") as clock:
            self.describe("The limit formula from section 2 is written. Its right side is boxed, then f prime of x, "
                          "with the word derivative above it and an arrow to it; then its equals sign grows and "
                          "turns gold; then it all fades out.")
            # "the formula and the concept "derivative"": each as it is named.
            self.play(FadeIn(self.title, shift=DOWN * 0.2), Write(self.definition),
                      run_time=max(1.4, clock.at("the formula")))
            self.play(spotlight.on(self.definition.rest(self.definition.part("f'(x)"), equals), theme.SECANT,
                                   dim=False), run_time=max(0.8, clock.at("the concept")))
            self.play(FadeIn(word, shift=DOWN * 0.1), GrowArrow(arrow),
                      spotlight.on(self.definition.part("f'(x)"), theme.TANGENT, dim=False),
                      run_time=max(1.0, clock.at("derivative")))
            clock.until("the formula is")
            # Not "related": equal, by definition. The "=" grows and takes the colour (a box around it
            # would read as ≡).
            self.play(spotlight.off(), Indicate(equals, color=theme.HIGHLIGHT, scale_factor=2.0),
                      run_time=max(1.2, clock.at("definition.")))
            self.play(equals.animate.set_color(theme.HIGHLIGHT).scale(1.3), run_time=max(0.6, clock.until_end()))
        self.play(FadeOut(VGroup(self.definition, word, arrow, spotlight)))

    def link_the_chain(self) -> None:
        texts = [Text(link, font=theme.SANS, font_size=CHAIN_SIZE, color=color)
                 for link, color in zip(self.links, LINK_COLORS)]
        equals = [Text("=", font=theme.SANS, font_size=CHAIN_SIZE, color=theme.MUTED) for _ in self.links[1:]]
        # Two rows, broken after the second "=", so the chain fits the frame at a readable size.
        first = VGroup(texts[0], equals[0], texts[1], equals[1]).arrange(RIGHT, buff=0.3)
        second = VGroup(texts[2], equals[2], texts[3]).arrange(RIGHT, buff=0.3)
        self.chain = VGroup(first, second).arrange(DOWN, buff=0.35).move_to(UP * 1.9)
        with self.beat("chain-intro"):
            self.describe_none("the word derivative appears as it is said")
            self.play(FadeIn(texts[0], shift=RIGHT * 0.2))
        with self.beat("chain") as clock:
            self.describe_none("each link of the chain appears as it is read")
            step = max(0.6, (clock.narration.duration - 2.0) / 3)
            for sign, link in zip(equals, texts[1:]):
                self.play(FadeIn(sign), FadeIn(link, shift=RIGHT * 0.2), run_time=step)

    def brace_the_formula(self) -> None:
        latex = self.section.block("underbraced").math
        self.pairs = underbrace_parts(latex)  # derivative, shrink h, secant slope, tangent slope
        formula = self.formula = Formula(latex, parts=[*(part for pair in self.pairs for part in pair), "="],
                                         font_size=40)
        formula.next_to(self.chain, DOWN, buff=0.8)
        braced = []
        for (body, label), color in zip(self.pairs, BRACE_COLORS):
            VGroup(formula.brace_under(body, label), formula.part(label)).set_color(color)
            braced.append(VGroup(formula.part(body), formula.brace_under(body, label), formula.part(label)))
        first_equals, second_equals = formula.occurrences("=")
        with self.beat("underbraced") as clock:
            self.describe_none("each braced part is written with its name as it is read")
            # Read in full: each braced part is written, brace and name, as the voice says it.
            for part, words in ((braced[0], "[derivative]"), (VGroup(first_equals, braced[1]), "[shrink h]"),
                                (braced[2], "[secant slope]"), (VGroup(second_equals, braced[3]), "[tangent slope]")):
                self.play(Write(part), run_time=max(0.6, clock.at(words)))

    def try_a_single_point(self) -> None:
        self.axes = themed_axes(x_range=[0, 2.2, 1], y_range=[0, 4.5, 1], x_length=5.2, y_length=3.5)
        self.axes.move_to(LEFT * 3.3 + DOWN * 0.5)
        self.curve = self.axes.plot(CURVE, x_range=[0, 2.1], color=theme.INK, stroke_width=theme.CURVE_WIDTH)
        model = self.model
        self.figure = RiseRun(axes=self.axes, model=model, run_name=r"\text{run}")
        self.readouts = VGroup(
            Readout(label="rise", value=model.rise, figures=FIGURES, color=theme.SECOND, width=READOUT_WIDTH),
            Readout(label="run", value=model.run, figures=FIGURES, color=theme.HIGHLIGHT, width=READOUT_WIDTH),
        ).arrange(RIGHT, buff=0.3)
        self.readouts.move_to(RIGHT * 3.1 + UP * 0.1)
        figure = self.figure
        with self.beat("no-width:1") as clock:
            self.describe("The chain leaves and the formula moves up. Axes with y equals x squared appear, point "
                          f"P at x = {START_X:g}, and readouts of rise and run, both {self.model.rise():.2f}.")
            self.play(FadeOut(self.chain), self.formula.animate.scale(0.85).to_edge(UP, buff=1.05))
            self.play(Create(self.axes), FadeIn(axis_labels(self.axes)), Create(self.curve),
                      FadeIn(figure.p, figure.p_name, scale=0.5))
            self.play(FadeIn(self.readouts))
            clock.wait_for_cue(2)
            # "there's no rise and no run to divide": the point and its two zeros, until the words end.
            self.play(*(Indicate(readout.value, color=theme.SECANT) for readout in self.readouts),
                      Indicate(figure.p, color=theme.SECANT, scale_factor=1.8), run_time=max(1.0, clock.until_end()))

    def add_a_second_point(self) -> None:
        figure = self.figure
        pieces = VGroup(figure.triangle, figure.run, figure.rise, figure.hypotenuse, figure.q, figure.q_name,
                        figure.run_label, figure.rise_label)
        with self.beat("no-width:2"):
            self.describe(f"Point Q steps out {STEP_H:g} to the right of P, forming a triangle; rise reads "
                          f"{secant_slope(CURVE, START_X, STEP_H) * STEP_H:.2f}, run {STEP_H:.2f}, and a rise over "
                          f"run readout shows {secant_slope(CURVE, START_X, STEP_H):.2f}.")
            self.add(pieces)
            # Q steps out of P: now there is a run, a rise, and (only now) a ratio.
            self.play(self.model.h.animate.set_value(STEP_H), run_time=1.2)
            self.ratio_readout = Readout(label="rise ÷ run", value=lambda: rise_over_run(self.model), figures=FIGURES, color=theme.SECANT,
                                         width=READOUT_WIDTH)
            # The second row's first place: the limit it tends to comes beside it later.
            self.ratio_readout.next_to(self.readouts, DOWN, buff=0.3).align_to(self.readouts, LEFT)
            self.play(FadeIn(self.ratio_readout))

    def slide_q_to_p(self) -> None:
        figure, h = self.figure, self.model.h
        with self.beat("no-width:3") as clock:
            self.describe(f"P and Q flash; Q slides toward P until run reads {as_shown(CLOSE_H)}, rise "
                          f"{as_shown(secant_slope(CURVE, START_X, CLOSE_H) * CLOSE_H)}, and their ratio "
                          f"{as_shown(secant_slope(CURVE, START_X, CLOSE_H))}.")
            # "we use two points (P and Q)": lit as they are named.
            clock.until("we use")
            self.play(*(Flash(point, color=theme.HIGHLIGHT, flash_radius=0.35) for point in (figure.p, figure.q)),
                      Indicate(VGroup(figure.p, figure.p_name, figure.q, figure.q_name), color=theme.HIGHLIGHT,
                               scale_factor=1.5), run_time=max(1.0, clock.at("(P and Q)")))
            clock.wait_for_cue(2)
            # "then slide Q closer and closer to P": closer, not there yet.
            self.play(h.animate.set_value(CLOSE_H), run_time=clock.until_end(), rate_func=smooth)
        self.tangent = TangentAt(axes=self.axes, curve=CURVE, x=self.model.x, half_length=1.4)
        # Where the ratio goes as h → 0: the slope at P, read once Q has all but reached it.
        self.limit_readout = Readout(label=r"slope at $P$ $(h \to 0)$", value=self.model.tangent, color=theme.TANGENT,
                                     width=READOUT_WIDTH)
        self.limit_readout.next_to(self.ratio_readout, RIGHT, buff=0.3)
        with self.beat("no-width:4") as clock:
            self.describe(f"Q slides on until run reads {as_shown(SMALLEST_H)} and rise "
                          f"{as_shown(secant_slope(CURVE, START_X, SMALLEST_H) * SMALLEST_H)}; the ratio settles at "
                          f"{as_shown(secant_slope(CURVE, START_X, SMALLEST_H))}. The tangent at P appears, with slope "
                          f"at P {tangent_slope(CURVE, START_X):.2f}.")
            # "Both the rise and the run shrink toward zero": as it is said. The labels would sit on
            # a vanishing triangle; the readouts carry the numbers now.
            self.play(FadeOut(figure.run_label, figure.rise_label, figure.q_name), run_time=0.5)
            self.play(h.animate.set_value(SMALLEST_H), run_time=max(2.0, clock.until_cue(2)), rate_func=smooth)
            # "but their ratio settles on a specific number — the slope right at P".
            self.play(Indicate(self.ratio_readout.value, color=theme.SECANT))
            self.play(Create(self.tangent.line), FadeIn(self.limit_readout, shift=UP * 0.1))

    def settle_on_the_slope(self) -> None:
        body, label = self.pairs[1]
        limit = VGroup(self.formula.part(body), self.formula.brace_under(body, label), self.formula.part(label))
        spotlight = Spotlight(formula=self.formula)
        self.add(spotlight)
        with self.beat("settling") as clock:
            self.describe("The limit part of the braced formula lights up, and the slope at P readout, "
                          f"{tangent_slope(CURVE, START_X):.2f}, is boxed; then the figure fades out.")
            # "That settling-on-a-number act": Q backs off and slides in again, the ratio settling once more;
            # "is what lim h→0 means": the limit's part of the formula lights, and the number it settles on.
            self.play(self.model.h.animate.set_value(CLOSE_H), run_time=max(1.0, clock.at("settling-on-a-number act")))
            self.play(self.model.h.animate.set_value(SMALLEST_H), spotlight.on(limit, theme.HIGHLIGHT, dim=False),
                      self.limit_readout.box.animate.set_stroke(theme.HIGHLIGHT, width=4),
                      run_time=max(1.5, clock.at("means")), rate_func=rate_functions.ease_out_cubic)
            self.play(Indicate(self.limit_readout.value, color=theme.TANGENT), run_time=max(1.0, clock.until_end()))
        shown = [mobject for mobject in self.mobjects
                 if mobject is not self.title and not isinstance(mobject, ValueTracker)]
        self.play(FadeOut(Group(*shown)))

    def stack_the_layers(self) -> None:
        heading = Text(heading_before(self.section, "hierarchy"), font=theme.SANS, font_size=theme.HEADING_SIZE,
                       color=theme.INK)
        heading.to_edge(LEFT, buff=0.6).shift(UP * 2.55)
        self.table = text_table(self.section.block("hierarchy").table, font_size=TABLE_SIZE, max_width=12.4,
                                column_gap=0.35)
        self.table.next_to(heading, DOWN, buff=0.4).set_x(0)
        rows = self.table.get_rows()
        block = self.section.block("hierarchy")
        intro, *row_sentences = block.sentences
        with self.beat("hierarchy") as clock:
            self.describe_none("the table's header and each cell appear as they are read")
            # "Three layers, each with what it is and what it does": the header, a column as it is named.
            self.play(FadeIn(heading, shift=DOWN * 0.1), Create(self.table.get_horizontal_lines()),
                      Create(self.table.get_vertical_lines()), run_time=0.8)
            for cell, name in zip(rows[0], block.table[0]):
                self.play(FadeIn(cell), run_time=max(0.4, clock.at(clock.cell_words(intro, name))))
            # Then a layer a sentence: each cell appears as the voice names it.
            for row, names, sentence in zip(rows[1:], block.table[1:], row_sentences):
                for cell, name in zip(row, names):
                    self.play(FadeIn(cell, shift=UP * 0.1),
                              run_time=max(0.4, clock.at(clock.cell_words(sentence, name))))

    def cash_in_the_power_rule(self) -> None:
        # h starts afresh for x⁵; set before the readouts read it, so they are built showing h = 1.
        h = self.model.h
        h.set_value(STEP_H)
        rows = self.table.get_rows()
        shortcut = derivative(POWER)
        example = MathTex(rf"{polynomial_tex(POWER)} \;\xrightarrow{{\;d/dx\;}}\; {polynomial_tex(shortcut)}",
                          color=theme.INK, font_size=60)
        example.move_to(LEFT * 4.3 + DOWN * 1.35)
        h_slider = Slider(label="h", tracker=h, value_range=(0, STEP_H), length=2.4)
        check = VGroup(
            Readout(label=f"Secant slope at $x = {CHECK_X:g}$", value=self.power_secant, color=theme.SECANT,
                    width=READOUT_WIDTH + 0.6),
            Readout(label=f"Power rule at $x = {CHECK_X:g}$", value=self.power_shortcut, color=theme.TANGENT,
                    width=READOUT_WIDTH + 0.6),
        ).arrange(RIGHT, buff=0.3)
        VGroup(h_slider, check).arrange(DOWN, buff=0.35, aligned_edge=RIGHT).move_to(RIGHT * 2.0 + DOWN * 1.3)
        shortcut_row, definition_row = row_band(self.table, rows[3]), row_band(self.table, rows[2])
        with self.beat("power-rule") as clock:
            self.describe("The table's shortcut row is boxed, and beside x to the fifth, its derivative 5 x to the "
                          "fourth. The definition row is boxed too, and an h slider goes from "
                          f"{STEP_H:g} to {POWER_SMALLEST_H:g}: the secant slope at x = {CHECK_X:g} falls from "
                          f"{secant_slope(POWER, CHECK_X, STEP_H):.2f} to "
                          f"{secant_slope(POWER, CHECK_X, POWER_SMALLEST_H):.2f}, matching the power rule's "
                          f"{derivative(POWER)(CHECK_X):.2f}.")
            # "derivative of x⁵ is 5x⁴", written as it is said, then underlined by a pulse.
            self.play(FadeIn(shortcut_row), Write(example), run_time=max(1.5, clock.until_cue(2) - 2.0))
            self.play(Indicate(example, color=theme.HIGHLIGHT, scale_factor=1.05), run_time=1.5)
            clock.wait_for_cue(2)
            # "cashing in work that was already done once": the definition's secant slope settles on 5.
            self.play(FadeIn(definition_row), FadeIn(h_slider, check))
            self.play(h.animate.set_value(POWER_SMALLEST_H), run_time=clock.until_end(leaving=1.5),
                      rate_func=rate_functions.ease_out_cubic)
        self.wait(1.0)

