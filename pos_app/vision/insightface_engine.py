"""Second, optional engine: InsightFace's ArcFace recognition model on onnxruntime.

Faces are found and measured by the same MediaPipe detector and mesh as the default engine; only
the pack's recognition model is loaded (``allowed_modules``), aligned on ArcFace's 5 points taken
from the mesh. The pack's detector, its landmark models and its gender/age model are never loaded:
this product does no face analysis, and every model it can avoid is one licence fewer.

The pretrained InsightFace packs are licensed for non-commercial research only; README and
``facepay doctor`` say so whenever this engine is selected.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from liveness.geometry import LEFT_EYE_INNER, LEFT_EYE_OUTER, MOUTH_LEFT, MOUTH_RIGHT, NOSE_TIP, RIGHT_EYE_INNER, RIGHT_EYE_OUTER
from pos_app.vision.mediapipe_face import MediaPipeFace, find_faces
from pos_app.vision.model_files import ModelFileError
from pos_app.vision.types import Face

# Never "genderage", nor the pack's detector and landmark models: see the module docstring.
ALLOWED_MODULES = ("recognition",)
PACKS = ("buffalo_l", "buffalo_s")


def pack_dir(models_dir: Path, pack: str) -> Path:
    return models_dir / "insightface" / pack


def check_pack(models_dir: Path, pack: str) -> Path:
    """The pack's folder, or a clear error saying where it should be and how to get it there."""
    if pack not in PACKS:
        raise ModelFileError(f"unknown InsightFace pack {pack!r}; choose {' or '.join(PACKS)}")
    folder = pack_dir(models_dir, pack)
    if not folder.is_dir() or not any(folder.glob("*.onnx")):
        raise ModelFileError(
            f"InsightFace pack {pack} is not installed in {folder}",
            hint=f"copy the .onnx files of {pack}.zip into that folder (offline), "
                 "or on a machine with internet let InsightFace download it there",
        )
    return folder


def arcface_points(face: Face) -> np.ndarray:
    """ArcFace's 5 points in its order: image-left eye, image-right eye, nose tip, image-left and
    image-right mouth corner (eye centres from each eye's corners)."""
    m = face.points()
    return np.array([
        (m[RIGHT_EYE_OUTER] + m[RIGHT_EYE_INNER]) / 2, (m[LEFT_EYE_OUTER] + m[LEFT_EYE_INNER]) / 2,
        m[NOSE_TIP], m[MOUTH_RIGHT], m[MOUTH_LEFT],
    ], dtype=np.float32)


def _require_module(name: str) -> None:
    import importlib.util

    if importlib.util.find_spec(name) is None:
        raise ModelFileError(
            f"the insightface engine needs the Python package {name!r}",
            hint='pip install ".[insightface]" && pip install --no-deps insightface',
        )


class InsightFaceEngine:
    name = "insightface"
    embedding_size = 512

    def __init__(self, models_dir: str | None, pack: str = "buffalo_l") -> None:
        self.models_dir = Path(models_dir) if models_dir else Path.home() / ".insightface"
        self.pack = pack
        self.model_id = f"insightface-{pack}"
        self._lock = threading.Lock()
        self._app = None
        self._faces = MediaPipeFace()

    def _load(self):
        with self._lock:
            if self._app is None:
                folder = check_pack(self.models_dir, self.pack)
                _require_module("insightface")
                _require_module("onnxruntime")
                from insightface.app import FaceAnalysis

                app = FaceAnalysis(name=str(folder), allowed_modules=list(ALLOWED_MODULES),
                                   providers=["CPUExecutionProvider"])
                if "recognition" not in app.models:
                    raise ModelFileError(f"InsightFace pack in {folder} lacks a recognition model")
                self._app = app
            return self._app

    def warm_up(self) -> None:
        self._load()  # first: a missing pack is the error to report, not anything after it
        self._faces.warm_up()

    def detect(self, image_bgr: np.ndarray, *, mode: str = "photo") -> list[Face]:
        return find_faces(self._faces, image_bgr, mode=mode)

    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray:
        app = self._load()
        from insightface.app.common import Face as IFFace

        raw = IFFace(kps=arcface_points(face))
        vec = np.asarray(app.models["recognition"].get(image_bgr, raw), dtype=np.float32).ravel()
        return vec / np.linalg.norm(vec)
