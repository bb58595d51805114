"""Core: what every stage uses and that knows nothing of the lecture.

External tools run safely (``media``: ffmpeg, atomic writes, interrupts), the quality presets, the
lecturer's files read with line numbers (``files``), and every output file's name (``outputs``).
"""
