"""Speech ready to place: the one shape the synthetic voice and a lecturer's recording both hand over."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Utterance"]


@dataclass(frozen=True)
class Utterance:
    """Speech as 16-bit samples with each word's start and end in seconds, keyed by its content.

    A recording also says whether its words were aligned to the text (else they are placed by the
    speech's pauses) and what was noticed on the way.
    """

    samples: np.ndarray = field(repr=False, compare=False)
    sample_rate: int
    word_times: tuple[tuple[float, float], ...]
    key: str
    aligned: bool = True
    notes: tuple[str, ...] = ()

    @property
    def seconds(self) -> float:
        return len(self.samples) / self.sample_rate
