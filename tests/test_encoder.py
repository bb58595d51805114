"""The build's encoder (``PlaneEncoder``) writes the very bytes Manim's own encoder writes for the same frames."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from manim._config.video_encoder import VideoEncoderSpec
from manim.scene.video_segment_encoder import VideoSegmentEncoder

from lecture.core.media import probe
from lecture.render.encoder import PlaneEncoder
from lecture.render.scene import ENCODER_OPTIONS


def pictures(width: int, height: int) -> list[tuple[np.ndarray, int]]:
    """A box sliding over a page with a band of noise that changes, some pictures held for several frames."""
    rng = np.random.default_rng(7)
    page = np.zeros((height, width, 4), dtype=np.uint8)
    page[..., :3], page[..., 3] = (20, 24, 30), 255
    made = []
    for index in range(24):
        picture = page.copy()
        left = index * width // 30
        picture[height // 4:height // 2, left:left + width // 5] = (200, 100 + index, 50, 128 + index)
        picture[height // 2:height // 2 + 16] = rng.integers(0, 256, (16, width, 4), dtype=np.uint8)
        made.append((picture, 4 if index % 7 == 3 else 1))
    return made


def encoded(encoder: type[VideoSegmentEncoder], spec: VideoEncoderSpec, target: Path) -> bytes:
    writer = encoder(target=target, spec=spec)
    for picture, repeat in pictures(spec.width, spec.height):
        writer.write_frame(picture, repeat=repeat)
    writer.finish()
    return target.read_bytes()


@pytest.mark.parametrize("container, codec, pixel_format, width, height, options", [
    ("mp4", "libx264", "yuv420p", 1280, 720, tuple(ENCODER_OPTIONS.items())),
    # x264's threads made small encodes differ from run to run here; one thread, as both encoders get.
    ("mp4", "libx264", "yuv420p", 320, 180, (*ENCODER_OPTIONS.items(), ("threads", "1"))),
    ("mov", "qtrle", "argb", 320, 180, ()),  # the transparent variant's
], ids=["x264-720p", "x264-180p", "transparent"])
def test_the_plane_encoder_writes_manims_bytes(tmp_path: Path, container, codec, pixel_format, width, height,
                                               options) -> None:
    spec = VideoEncoderSpec(container, codec, pixel_format, width, height, Fraction(30), options)
    manims = encoded(VideoSegmentEncoder, spec, tmp_path / f"manim.{container}")
    ours = encoded(PlaneEncoder, spec, tmp_path / f"ours.{container}")
    assert ours == manims
    held = sum(repeat for _, repeat in pictures(width, height))
    assert int(probe(tmp_path / f"ours.{container}").video["nb_frames"]) == held == 33
