"""Text: the lecture's words, read once from ``assets/reference.md``.

``document`` parses the text into sections, labelled blocks and sentences (with the adaptations for
video); ``spoken`` turns a sentence into its caption words and what the voice says for each, with the
lecturer's pronunciations; ``chapters`` names a chapter (its section and its scene) without loading
Manim or the voice. Formulas are read by ``lecture.maths``.
"""
