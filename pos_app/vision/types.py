"""Plain data the vision layer hands out. No dlib, ONNX or OpenCV object ever leaves it."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from liveness.geometry import eye_centers, inter_ocular
from pos_app.vision.hints import QualityReason

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


@dataclass(frozen=True, eq=False)
class Face:
    box: Box
    # MediaPipe's 468-point mesh: x, y in image pixels, z in the same scale (smaller = nearer the
    # camera). Pose, eye openness and liveness come from it; each engine aligns in its own way.
    mesh: np.ndarray
    presence: float = 1.0  # the mesh model's confidence that a face fills its crop

    def points(self) -> np.ndarray:
        """The mesh in 2-D (468 x 2)."""
        return np.asarray(self.mesh, dtype=np.float64)[:, :2]

    @property
    def eye_centers(self) -> tuple[Point, Point]:
        """(subject's right eye, subject's left eye) = (image left, image right) on a frontal face."""
        right, left = eye_centers(self.mesh)
        return (float(right[0]), float(right[1])), (float(left[0]), float(left[1]))

    @property
    def inter_ocular(self) -> float:
        return inter_ocular(self.mesh)


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
