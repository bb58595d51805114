"""The lecture's machinery, one folder per stage; each imports only from those before it in this list.

- ``core``: external tools, presets, file reading, output names
- ``maths``: each LaTeX formula read once, as caption text and as speech
- ``text``: the text's sections, blocks and sentences, and what is said for each
- ``voice``: the synthetic voice and a lecturer's recordings
- ``narration``: each beat's speech placed in time and its captions
- ``render``: chapters rendered in segments, joined, clipped, described, joined into the lecture
- ``build``: one build into an output folder: what is stale, records, manifest
- ``publish``: preview page and server, transcripts, slides, review sheets, scripts

The order is checked by import-linter (``pyproject.toml``, ``tests/test_lint.py``).
"""
