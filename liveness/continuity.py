"""One face, followed through the whole session.

A liveness check proves nothing if the face that blinked is not the face that pays: a swap, a
second face coming close, or the face leaving the frame ends the session, and the embeddings
taken along the way must all be of one person.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Sequence

import numpy as np

Box = tuple[float, float, float, float]  # left, top, right, bottom


class Break(StrEnum):
    LEFT = "left"                # gone for longer than a detection miss
    SWAPPED = "swapped"          # the face jumped: not the same one
    SECOND_FACE = "second_face"  # someone else came close enough to be confused with the shopper


@dataclass(frozen=True)
class TrackConfig:
    # Detectors miss a frame now and then; a third of a second at 30 fps is not leaving.
    max_gap_frames: int = 10
    min_iou: float = 0.2
    # How far the centre may move per frame, in face widths, before it is another face.
    max_jump_per_frame: float = 0.35
    rival_ratio: float = 0.6


@dataclass(frozen=True)
class TrackStatus:
    tracking: bool
    broken: Break | None
    box: Box | None


def _iou(a: Box, b: Box) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


class FaceTrack:
    def __init__(self, config: TrackConfig | None = None) -> None:
        self.config = config or TrackConfig()
        self.box: Box | None = None
        self.gap = 0
        self.broken: Break | None = None

    def update(self, boxes: Sequence[Box]) -> TrackStatus:
        """Feed every face box found in one frame."""
        if self.broken:
            return TrackStatus(False, self.broken, self.box)
        if self.box is None:  # the session's face: the largest one in the first frame that has any
            if boxes:
                self.box = max(boxes, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))
            return TrackStatus(self.box is not None, None, self.box)
        if not boxes:
            self.gap += 1
            if self.gap > self.config.max_gap_frames:
                self.broken = Break.LEFT
            return TrackStatus(False, self.broken, self.box)
        best = max(boxes, key=lambda b: _iou(self.box, b))  # type: ignore[arg-type]  # boxes and self.box are 4-tuples; max's key is typed loosely
        width = self.box[2] - self.box[0]
        moved = np.hypot((best[0] + best[2] - self.box[0] - self.box[2]) / 2,
                         (best[1] + best[3] - self.box[1] - self.box[3]) / 2)
        # After missed frames the face may have moved further, but not by more than its own width.
        allowed = width * min(1.0, self.config.max_jump_per_frame * (self.gap + 1))
        if _iou(self.box, best) < self.config.min_iou and moved > allowed:
            self.broken = Break.SWAPPED
            return TrackStatus(False, self.broken, self.box)
        rivals = [b for b in boxes if b is not best and (b[2] - b[0]) >= self.config.rival_ratio * (best[2] - best[0])]
        if rivals:
            self.broken = Break.SECOND_FACE
            return TrackStatus(False, self.broken, self.box)
        self.box, self.gap = best, 0
        return TrackStatus(True, None, best)


def same_person(embeddings: Sequence[np.ndarray], min_similarity: float) -> bool:
    """Every pair of the session's embeddings (unit vectors or not) at least this similar,
    on the 1 - distance/2 scale of the face engine."""
    units = [np.asarray(e, dtype=np.float64) / np.linalg.norm(e) for e in embeddings]
    for i in range(len(units)):
        for j in range(i + 1, len(units)):
            if 1.0 - float(np.linalg.norm(units[i] - units[j])) / 2.0 < min_similarity:
                return False
    return True
