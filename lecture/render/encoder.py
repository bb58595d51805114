"""Manim's video encoder, handed each frame with less copying: the same frames, the same bytes out.

Manim's ``VideoSegmentEncoder`` makes a PyAV frame of each RGBA picture with ``from_ndarray``,
which copies it through a ``bytes`` copy of the whole picture, row by row (8.5 ms of CPU at
1080p; numpy copies it into a frame's plane in 0.7 ms), then lets the codec convert it to the
stream's pixel format. A held picture (``repeat``: a wait with nothing moving) is made,
converted and encoded once for every frame it is held. ``PlaneEncoder`` copies each picture
into one kept frame and converts it, by the very call the codec makes, once however long it
is held; x264 is handed the same pictures, so it writes the same bytes.
"""

from __future__ import annotations

from fractions import Fraction

import av
import numpy as np
from av.video.reformatter import VideoReformatter
from manim.scene.video_segment_encoder import VideoSegmentEncoder

__all__ = ["PlaneEncoder", "encode_with_planes"]


class PlaneEncoder(VideoSegmentEncoder):
    """``VideoSegmentEncoder`` that copies a picture once into a kept frame and converts it once."""

    _picture: av.VideoFrame | None = None
    _plane: np.ndarray | None = None
    _converter: VideoReformatter | None = None

    def _converted(self, pixels: np.ndarray) -> av.VideoFrame:
        """``pixels`` in the stream's pixel format, as the codec would convert them itself."""
        if self._picture is None:
            self._picture = av.VideoFrame(self.spec.width, self.spec.height, "rgba")
            plane = self._picture.planes[0]
            rows = np.frombuffer(plane, dtype=np.uint8).reshape(self.spec.height, plane.line_size)
            self._plane = rows[:, :self.spec.width * 4].reshape(self.spec.height, self.spec.width, 4)
            self._converter = VideoReformatter()
        self._plane[...] = pixels
        codec = self._stream.codec_context
        if not codec.is_open:  # opened as the codec opens itself on its first frame, so its thread count is set
            codec.open(strict=False)
        # PyAV's VideoCodecContext converts a frame in another format with exactly this call.
        return self._converter.reformat(self._picture, codec.width, codec.height, codec.format,
                                        threads=codec.thread_count)

    def write_frame(self, pixels: np.ndarray, *, repeat: int = 1) -> None:
        """Encode ``pixels`` ``repeat`` times at consecutive segment-local PTS values."""
        self._validate_frame(pixels, repeat)
        time_base = Fraction(self.spec.frame_rate.denominator, self.spec.frame_rate.numerator)
        try:
            frame = self._converted(pixels)
            for _ in range(repeat):
                # The codec keeps its own reference to what it was sent: the frame can go again.
                frame.pts = self._next_pts
                frame.time_base = time_base
                self._next_pts += 1
                for packet in self._stream.encode(frame):
                    self._container.mux(packet)
        except BaseException as error:
            raise self._operation_error("encode", error) from error


def encode_with_planes(writer) -> None:
    """Make Manim's file ``writer`` encode its video segments with ``PlaneEncoder``."""

    def create(target):
        spec = writer.video_encoder
        if spec is None:
            raise RuntimeError("Video segment encoding requires resolved settings.")
        return PlaneEncoder(target=target, spec=spec)

    writer._create_segment_encoder = create
