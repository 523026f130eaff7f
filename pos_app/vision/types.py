"""Plain data the vision layer hands out. No dlib, ONNX or OpenCV object ever leaves it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    left: int
    top: int
    right: int
    bottom: int
    score: float = 0.0

    @property
    def width(self) -> int:
        return self.right - self.left

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def area(self) -> int:
        return max(0, self.width) * max(0, self.height)


@dataclass(frozen=True)
class Face:
    box: Box
    # 5 points: the engine's alignment points (dlib: eye corners and nose base; InsightFace: eyes,
    # nose tip, mouth corners). 68 points: the iBUG layout, used for pose, eyes and liveness.
    landmarks5: tuple[Point, ...]
    landmarks68: tuple[Point, ...]

    def points68(self) -> np.ndarray:
        return np.asarray(self.landmarks68, dtype=np.float64)

    @property
    def eye_centers(self) -> tuple[Point, Point]:
        """(subject's right eye, subject's left eye) = (image left, image right) on a frontal face."""
        pts = self.points68()
        right, left = pts[36:42].mean(axis=0), pts[42:48].mean(axis=0)
        return (float(right[0]), float(right[1])), (float(left[0]), float(left[1]))

    @property
    def inter_ocular(self) -> float:
        (x1, y1), (x2, y2) = self.eye_centers
        return float(np.hypot(x2 - x1, y2 - y1))


class QualityReason(StrEnum):
    """Why a capture cannot be used; the UI turns each into a plain instruction."""

    NO_FACE = "no_face"
    ANOTHER_FACE = "another_face"
    TOO_SMALL = "too_small"
    TOO_BLURRY = "too_blurry"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    HEAD_TURNED = "head_turned"
    HEAD_TILTED = "head_tilted"
    CUT_OFF = "cut_off"
    EYES_CLOSED = "eyes_closed"


@dataclass(frozen=True)
class Quality:
    reasons: tuple[QualityReason, ...]
    # Measured values (inter-ocular px, blur, brightness, yaw/pitch/roll, eye openness) for the
    # operator's detail view and for tuning; never images.
    metrics: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Analysis:
    """One image or frame, looked at for one purpose: its faces, the chosen one, and its quality."""

    faces: tuple[Face, ...]
    face: Face | None
    quality: Quality
    embedding: np.ndarray | None = None
