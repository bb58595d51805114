"""Render: chapters rendered by Manim, then joined, clipped and described.

A chapter is planned as ``segments`` of beats; each renders in a process of its own (``worker``,
with Manim set up by ``scene`` and the per-process ``hooks`` the scenes call), locally or on a Dask
``cluster``; ``chapter`` joins them and stages its files with its ``clips`` and ``described``
version; ``assemble`` joins chapters into the lecture; ``progress`` shows the build.
"""
