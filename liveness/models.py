"""The passive models' files: their pinned SHA-256, and loading.

The upstream .pth files (Apache-2.0) ship inside FacePay's package; the caller says where. Beside
them ship the ONNX graphs built from them (scripts/build_models.py, liveness.minifasnet.to_onnx):
the build is deterministic, so each graph is pinned too, and a test rebuilds each from its
verified .pth and compares the bytes. What runs is a pinned graph, read and checked at load:
building it at run time needed the `onnx` package in every process (1.3-1.8 s of start-up).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from liveness.minifasnet import PassiveModel, WeightsError

# name -> (SHA-256 of the upstream file, crop scale)
WEIGHTS = {
    "2.7_80x80_MiniFASNetV2.pth": ("a5eb02e1843f19b5386b953cc4c9f011c3f985d0ee2bb9819eea9a142099bec0", 2.7),
    "4_0_0_80x80_MiniFASNetV1SE.pth": ("84ee1d37d96894d5e82de5a57df044ef80a58be2b218b5ed7cdfd875ec2f5990", 4.0),
}
# graph -> (its SHA-256, crop scale, the weights it is built from)
GRAPHS = {
    "2.7_80x80_MiniFASNetV2.onnx": ("40f82204b22417377073ff3570520d90e8a8cb563d6c0348280859bc329f6618", 2.7, "2.7_80x80_MiniFASNetV2.pth"),
    "4_0_0_80x80_MiniFASNetV1SE.onnx": ("59eed433f978b5c380eef4a040761c0ddfefb6b38578fc2543f1656b2effaed4", 4.0, "4_0_0_80x80_MiniFASNetV1SE.pth"),
}
SUBDIR = "minifasnet"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check(name: str, data: bytes, origin: str) -> bytes:
    expected = (WEIGHTS.get(name) or GRAPHS[name])[0]
    actual = _sha256(data)
    if actual != expected:
        raise WeightsError(f"{origin} has SHA-256 {actual[:12]}…, expected {expected[:12]}…: not the pinned {name}")
    return data


def _paths(models_dir: Path) -> dict[float, Path]:
    """crop scale -> the graph that runs."""
    return {scale: models_dir / SUBDIR / name for name, (_, scale, _) in GRAPHS.items()}


def _verified_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError:
        raise WeightsError(f"liveness model {path} is missing") from None
    return _check(path.name, data, str(path))


def verified_weights(path: Path) -> bytes:
    """An upstream .pth file's bytes, once they match its pin (what a graph is built from)."""
    return _verified_bytes(path)


def verified_files(models_dir: Path) -> list[Path]:
    """Every passive-model file (the upstream weights and the graphs built from them), each
    checked against its pinned SHA-256."""
    files = [models_dir / SUBDIR / name for name in (*WEIGHTS, *GRAPHS)]
    for path in files:
        _verified_bytes(path)
    return files


def load_passive(models_dir: Path) -> PassiveModel:
    """Both models, run from the very bytes that were checked."""
    return PassiveModel({scale: _verified_bytes(path) for scale, path in _paths(models_dir).items()})
