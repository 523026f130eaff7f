"""The probe a kiosk verifies with: the session's best few frames, fused into one embedding.

A kiosk sees a second or more of video; one frame throws most of it away. On lfw_dev two photos
fused (quality-weighted mean of unit embeddings) against a 3-capture template cut FNMR at
FMR 1e-4 from 10.4 % to 2.8 %; on the bona fide videos fusing five frames narrowed the spread of
genuine scores (docs/vision.md, benchmarks/verification_study.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from pos_app.vision.engine import FaceEngine
from pos_app.vision.matching import fuse_embeddings
from pos_app.vision.quality import DEFAULT_POLICY, QualityPolicy, quality_weight
from pos_app.vision.types import Face, Quality


@dataclass
class _Candidate:
    index: int
    weight: float
    frame: np.ndarray
    face: Face
    # Described when kept (during capture), by this model: the decision then has nothing to embed.
    embedding: np.ndarray | None = None
    model_id: str = ""


@dataclass
class BestFrames:
    """Keeps the ``keep`` best frames that passed the quality gate with open eyes, at least
    ``min_gap`` frames apart (neighbouring frames are nearly the same picture and add nothing).
    Frames stay in memory only, for one session, and are dropped by ``clear``."""

    keep: int = 3
    min_gap: int = 6
    policy: QualityPolicy = DEFAULT_POLICY
    _kept: list[_Candidate] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._kept)

    def offer(self, index: int, frame_bgr: np.ndarray, face: Face | None, quality: Quality,
              engine: FaceEngine | None = None, embedding: np.ndarray | None = None) -> bool:
        """Consider frame ``index``; True if it is now among the kept ones. With ``engine``, a kept
        frame is described now, during capture (a frame's time), rather than all at the decision,
        where the shopper waits on the "verifying" screen. ``embedding``: this frame's embedding
        of ``face`` by ``engine``, when the caller already made it."""
        if face is None or not quality.ok or quality.metrics.get("eye_openness", 0.0) < self.policy.min_eye_openness:
            return False
        weight = quality_weight(quality.metrics)
        near = [c for c in self._kept if abs(c.index - index) < self.min_gap]
        if any(c.weight >= weight for c in near):
            return False
        candidate = _Candidate(index, weight, frame_bgr.copy(), face)
        self._kept = [c for c in self._kept if c not in near] + [candidate]
        self._kept.sort(key=lambda c: -c.weight)
        del self._kept[self.keep:]
        kept = candidate in self._kept
        if kept and engine is not None:
            candidate.embedding = embedding if embedding is not None else engine.embed(candidate.frame, face)
            candidate.model_id = engine.model_id
        return kept

    def probe(self, engine: FaceEngine) -> np.ndarray | None:
        """The fused embedding of the kept frames, or None if no frame was good enough."""
        fused, _ = self.describe(engine)
        return fused

    def describe(self, engine: FaceEngine) -> tuple[np.ndarray | None, list[np.ndarray]]:
        """(the fused probe or None, each kept frame's own embedding). The caller must check that
        the frames are one person: a mean of two people's faces can resemble either of them."""
        if not self._kept:
            return None, []
        each = [c.embedding if c.embedding is not None and c.model_id == engine.model_id
                else engine.embed(c.frame, c.face) for c in self._kept]
        return fuse_embeddings(each, [c.weight for c in self._kept]), each

    def clear(self) -> None:
        self._kept = []
