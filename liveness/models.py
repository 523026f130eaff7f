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
from liveness.pins import GRAPHS, WEIGHTS  # noqa: F401 - kept here for the callers that read them here

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
