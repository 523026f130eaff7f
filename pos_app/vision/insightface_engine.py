"""Second engine: InsightFace (SCRFD detector, ArcFace recognition) on onnxruntime.

Only detection, 68-point landmarks and recognition are loaded (``allowed_modules``): the pack's
gender/age model is never loaded, because this product does no face analysis.

The pretrained InsightFace packs are licensed for non-commercial research only; README and
``facepay doctor`` say so whenever this engine is selected.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np

from pos_app.vision.model_files import ModelFileError
from pos_app.vision.types import Box, Face

# Never "genderage": see the module docstring.
ALLOWED_MODULES = ("detection", "landmark_3d_68", "recognition")
PACKS = ("buffalo_l", "buffalo_s")
LICENSE_NOTICE = ("InsightFace pretrained models are licensed for non-commercial research only; "
                  "a store needs a commercial licence from InsightFace before using this engine")


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

    def _load(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._app is None:
                folder = check_pack(self.models_dir, self.pack)
                _require_module("insightface")
                _require_module("onnxruntime")
                from insightface.app import FaceAnalysis

                app = FaceAnalysis(name=str(folder), allowed_modules=list(ALLOWED_MODULES),
                                   providers=["CPUExecutionProvider"])
                missing = {"detection", "recognition"} - set(app.models)
                if missing:
                    raise ModelFileError(f"InsightFace pack in {folder} lacks a {' and '.join(sorted(missing))} model")
                app.prepare(ctx_id=-1, det_size=(640, 640))
                self._app = app
            return self._app

    def warm_up(self) -> None:
        self._load()

    def detect(self, image_bgr: np.ndarray, *, mode: str = "photo") -> list[Face]:
        app = self._load()  # first: it explains a missing pack or package before any import fails
        from insightface.app.common import Face as IFFace

        bboxes, kpss = app.det_model.detect(image_bgr, max_num=0, metric="default")
        landmark_model = app.models.get("landmark_3d_68")
        faces = []
        for i in range(bboxes.shape[0]):
            x1, y1, x2, y2, score = (float(v) for v in bboxes[i, :5])
            kps = kpss[i] if kpss is not None else np.zeros((5, 2))
            pts68: tuple[tuple[float, float], ...] = ()
            if landmark_model is not None:
                raw = IFFace(bbox=bboxes[i, :4], kps=kps, det_score=score)
                landmark_model.get(image_bgr, raw)
                pts68 = tuple((float(x), float(y)) for x, y, *_ in raw.landmark_3d_68)
            faces.append(Face(
                box=Box(round(x1), round(y1), round(x2), round(y2), score),
                landmarks5=tuple((float(x), float(y)) for x, y in kps),
                landmarks68=pts68,
            ))
        faces.sort(key=lambda f: f.box.area, reverse=True)
        return faces

    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray:
        app = self._load()
        from insightface.app.common import Face as IFFace

        raw = IFFace(kps=np.asarray(face.landmarks5, dtype=np.float32))
        vec = np.asarray(app.models["recognition"].get(image_bgr, raw), dtype=np.float32).ravel()
        return vec / np.linalg.norm(vec)
