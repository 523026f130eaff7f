"""The engine interface and a small flat API over it: detect, assess, embed, all as plain data."""

from __future__ import annotations

from typing import Literal, Protocol

import numpy as np

from pos_app.core.errors import ConfigError
from pos_app.vision.quality import DEFAULT_POLICY, Purpose, QualityPolicy, assess
from pos_app.vision.types import Analysis, Face

Mode = Literal["track", "photo"]


class FaceEngine(Protocol):
    name: str
    model_id: str
    embedding_size: int

    def warm_up(self) -> None: ...
    def detect(self, image_bgr: np.ndarray, *, mode: Mode = "photo") -> list[Face]: ...
    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray: ...


def licence_warning(name: str) -> str | None:
    """What an operator must be told when choosing this engine, or None."""
    if name == "insightface":
        from pos_app.vision.insightface_engine import LICENSE_NOTICE

        return LICENSE_NOTICE
    return None


def create_engine(name: str, *, models_dir: str | None = None, insightface_pack: str = "buffalo_l") -> FaceEngine:
    """Build an engine by name; nothing is loaded until first use."""
    if name == "dlib":
        from pos_app.vision.dlib_engine import DlibEngine

        return DlibEngine()
    if name == "insightface":
        from pos_app.vision.insightface_engine import InsightFaceEngine

        return InsightFaceEngine(models_dir=models_dir, pack=insightface_pack)
    raise ConfigError(f"unknown engine {name!r}; choose dlib or insightface")


def analyze(
    engine: FaceEngine, image_bgr: np.ndarray, *, purpose: Purpose = "verify", mode: Mode = "photo",
    embed: bool = True, require_quality: bool = True, policy: QualityPolicy = DEFAULT_POLICY,
) -> Analysis:
    """Find the shopper's face, judge it, and (if it is good enough) describe it.

    With ``require_quality=False`` (evaluation on given photos) any detected face is embedded.
    """
    faces = engine.detect(image_bgr, mode=mode)
    face, quality = assess(image_bgr, faces, purpose, policy)
    embedding = None
    if embed and face is not None and (quality.ok or not require_quality):
        embedding = engine.embed(image_bgr, face)
    return Analysis(tuple(faces), face, quality, embedding)
