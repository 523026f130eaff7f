"""Model files with pinned SHA-256 sums. A wrong or missing file is refused before it is loaded."""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from pos_app.core.errors import FacePayError


class ModelFileError(FacePayError):
    pass


@dataclass(frozen=True)
class ModelFile:
    filename: str
    sha256: str
    purpose: str


# The CC0 dlib models shipped by the face_recognition_models package (version 0.3.0).
DLIB_DETECTOR = ModelFile(
    "mmod_human_face_detector.dat",
    "4cb19393e2fbaf2b1609a9319ad5386618c886a6234ec1b971f3e87c85d87fe6", "CNN face detector")
DLIB_LANDMARKS_5 = ModelFile(
    "shape_predictor_5_face_landmarks.dat",
    "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888", "5-point alignment")
DLIB_LANDMARKS_68 = ModelFile(
    "shape_predictor_68_face_landmarks.dat",
    "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f", "68-point landmarks")
DLIB_RESNET = ModelFile(
    "dlib_face_recognition_resnet_model_v1.dat",
    "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30", "ResNet 128-d descriptor")
DLIB_MODELS = (DLIB_DETECTOR, DLIB_LANDMARKS_5, DLIB_LANDMARKS_68, DLIB_RESNET)

_verified: dict[tuple[str, int, int], str] = {}


def dlib_models_dir() -> Path:
    # Found without importing the package: its __init__ needs pkg_resources, gone from new setuptools.
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise ModelFileError("the dlib models are not installed",
                             hint="pip install face_recognition_models")
    return Path(list(spec.submodule_search_locations)[0]) / "models"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verified_path(model: ModelFile, directory: Path) -> Path:
    """The model's path, once its checksum matches the pinned one (memoised per file version)."""
    path = directory / model.filename
    try:
        stat = path.stat()
    except OSError:
        raise ModelFileError(f"model file {path} ({model.purpose}) is missing") from None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key) != model.sha256:
        actual = sha256_file(path)
        if actual != model.sha256:
            raise ModelFileError(
                f"model file {path} ({model.purpose}) has SHA-256 {actual[:12]}…, expected {model.sha256[:12]}…",
                hint="the file is damaged or not the pinned version; reinstall it",
            )
        _verified[key] = model.sha256
    return path
