"""Comparing embeddings: 1:1 verification, 1:N identification with a margin, and templates.

Embeddings are unit vectors. The raw distance is their Euclidean distance (0..2); the similarity
reported to people is ``1 - distance / 2``, in [0, 1], higher meaning more alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from pos_app.core.errors import FacePayError

MIN_TEMPLATE_CAPTURES = 3


def same_person_threshold(engine: str, match_threshold: float) -> float:
    """"Is this the same person as a moment ago?" is asked at the engine's ordinary operating point
    (engine_registry), not at the payment threshold: that one is set for a fused probe against a
    template, and a single capture of a head turned for a challenge, or enrolment photos taken on
    different days, fall below it."""
    from pos_app.vision.engine_registry import ENGINES

    found = ENGINES.get(engine)
    return min(found.same_person if found else match_threshold, match_threshold)


class TemplateError(FacePayError):
    pass


def _unit(vec: np.ndarray) -> np.ndarray:
    v = np.asarray(vec, dtype=np.float32).ravel()
    n = float(np.linalg.norm(v))
    if not np.isfinite(n) or n == 0.0:
        raise ValueError("an embedding must be a finite, non-zero vector")
    return v / n


def distance_to_similarity(distance: float | np.ndarray) -> float | np.ndarray:
    return np.clip(1.0 - np.asarray(distance) / 2.0, 0.0, 1.0) if isinstance(distance, np.ndarray) \
        else max(0.0, min(1.0, 1.0 - distance / 2.0))


def compare(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """(similarity in [0, 1], raw Euclidean distance between the unit vectors)."""
    dist = float(np.linalg.norm(_unit(a) - _unit(b)))
    return float(distance_to_similarity(dist)), dist


def fuse_embeddings(embeddings: Sequence[np.ndarray], weights: Sequence[float] | None = None) -> np.ndarray:
    """One unit embedding from several of the same face: the weighted mean of their unit vectors."""
    if not embeddings:
        raise ValueError("nothing to fuse")
    w = np.ones(len(embeddings)) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (len(embeddings),) or not np.all(w > 0):
        raise ValueError("one positive weight per embedding")
    return _unit(np.sum([float(wi) * _unit(e) for wi, e in zip(w, embeddings)], axis=0))


@dataclass(frozen=True)
class MatchResult:
    accepted: bool
    similarity: float
    distance: float
    threshold: float


def verify(probe: np.ndarray, template: np.ndarray, threshold: float) -> MatchResult:
    sim, dist = compare(probe, template)
    return MatchResult(sim >= threshold, sim, dist, threshold)


@dataclass(frozen=True)
class IdentifyResult:
    """The best candidate, and whether it won clearly enough to act on."""

    candidate: str | None
    similarity: float
    runner_up_similarity: float
    accepted: bool
    reason: str  # "match", "below_threshold", "ambiguous" or "empty_gallery"


class Gallery:
    """Templates as one matrix, so a search is one matrix-vector product (100k in a few ms)."""

    def __init__(self, ids: Sequence[str], templates: np.ndarray) -> None:
        matrix = np.asarray(templates, dtype=np.float32)
        if matrix.ndim != 2 or len(ids) != matrix.shape[0]:
            raise ValueError("a gallery needs one template row per id")
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.ids = list(ids)
        self.matrix = matrix / np.where(norms == 0, 1, norms)

    def __len__(self) -> int:
        return len(self.ids)

    def identify(self, probe: np.ndarray, threshold: float, margin: float = 0.03) -> IdentifyResult:
        if not self.ids:
            return IdentifyResult(None, 0.0, 0.0, False, "empty_gallery")
        cos = self.matrix @ _unit(probe)
        # For unit vectors, distance = sqrt(2 - 2 cos).
        top = np.argpartition(-cos, min(1, len(cos) - 1))[:2]
        top = top[np.argsort(-cos[top])]
        sims = np.clip(1.0 - np.sqrt(np.maximum(0.0, 2.0 - 2.0 * cos[top])) / 2.0, 0.0, 1.0)  # as distance_to_similarity
        best = float(sims[0])
        second = float(sims[1]) if len(sims) > 1 else 0.0
        if best < threshold:
            return IdentifyResult(None, best, second, False, "below_threshold")
        if second >= threshold and best - second < margin:
            # Two people fit almost equally well: acting on either risks charging the wrong one.
            return IdentifyResult(None, best, second, False, "ambiguous")
        return IdentifyResult(self.ids[int(top[0])], best, second, True, "match")


def build_template(embeddings: Sequence[np.ndarray], threshold: float) -> np.ndarray:
    """Average the unit embeddings of several good captures into one unit template.

    Each capture must reach ``threshold`` (the engine's same-person threshold) against the mean of
    the others: a frame of someone else, or a bad one, is refused instead of weakening every later
    verification.
    Why the mean and not all captures: on lfw_dev the mean scored better than the best single
    capture or the mean of the captures' scores (FNMR at FMR 1e-4: 8.8 % against 13.5 % and
    17.2 %), and one vector per customer keeps the encrypted blob small (docs/vision.md).
    """
    if len(embeddings) < MIN_TEMPLATE_CAPTURES:
        raise TemplateError(f"an enrollment needs at least {MIN_TEMPLATE_CAPTURES} good captures, got {len(embeddings)}")
    units = np.stack([_unit(e) for e in embeddings])
    total = units.sum(axis=0)
    for i, vec in enumerate(units):
        sim, _ = compare(vec, total - vec)
        if sim < threshold:
            raise TemplateError(
                f"capture {i + 1} does not look like the others (similarity {sim:.2f}, needs {threshold:.2f}); retake it",
            )
    return _unit(total)
