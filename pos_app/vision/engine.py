"""The engine interface and a small flat API over it: detect, assess, embed, all as plain data."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Literal, Protocol

import numpy as np

from pos_app.core.errors import FacePayError
from pos_app.vision.quality import DEFAULT_POLICY, Purpose, QualityPolicy, assess
from pos_app.vision.types import Analysis, Face
from pos_app.vision.engine_registry import licence_warning  # noqa: F401 - part of the flat API

Mode = Literal["track", "photo"]


class FaceEngine(Protocol):
    name: str
    model_id: str
    embedding_size: int

    def warm_up(self) -> None: ...
    def detect(self, image_bgr: np.ndarray, *, mode: Mode = "photo") -> list[Face]: ...
    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray: ...


def create_engine(name: str, *, models_dir: str | None = None, insightface_pack: str = "buffalo_l") -> FaceEngine:
    """Build an engine by name (engine_registry); nothing is loaded until first use."""
    from pos_app.vision.engine_registry import spec

    return spec(name).build(models_dir, insightface_pack)


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


class UnknownModel(FacePayError):
    """A template made by a recogniser this installation cannot run."""


class Engines:
    """The store's engine, and the engines its older templates were made by, each built on first
    need. A template is only ever compared with a probe of the model that made it: a store that
    changes engines keeps its shoppers paying until the desk re-enrols them."""

    def __init__(self, primary: FaceEngine, thresholds: Mapping[str, float], *, models_dir: str | None = None) -> None:
        self.primary = primary
        self.thresholds = dict(thresholds)
        self.models_dir = models_dir
        self._built: dict[str, FaceEngine] = {primary.model_id: primary}
        self._lock = threading.Lock()

    def for_model(self, model_id: str) -> tuple[FaceEngine, float]:
        """The engine that made `model_id`'s templates, and its threshold."""
        from pos_app.vision.engine_registry import engine_of_model

        found = engine_of_model(model_id)
        if found is None or found[0] not in self.thresholds:
            raise UnknownModel(f"this template was made by {model_id or 'an unknown recogniser'}, "
                               "which this installation cannot run", hint="re-enrol the customer at the desk")
        name, pack = found
        with self._lock:
            engine = self._built.get(model_id)
            if engine is None:
                engine = create_engine(name, models_dir=self.models_dir, insightface_pack=pack or "buffalo_l")
                self._built[model_id] = engine
        return engine, float(self.thresholds[name])
