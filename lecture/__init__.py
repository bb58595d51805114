"""The lecture's machinery, one subpackage per stage, each importing only from those listed before it.

core (media tools, presets, output names, per-process hooks) -> maths (LaTeX read once) -> text (the text
and its spoken form) -> voice (speech and recordings) -> narration (each beat's speech placed and captioned)
-> render (chapters rendered, joined, clipped, described) -> build (a build's plan, records and manifest)
-> publish (preview page, server, slides, sheets, scripts).
"""
