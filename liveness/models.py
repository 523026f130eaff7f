"""The passive models' weight files: their pinned SHA-256, and loading.

The upstream .pth files (Apache-2.0) ship inside FacePay's package; the caller says where. The
ONNX graphs are built from the verified bytes in memory at load (about a second), so no
unverified or derived file is ever run.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from liveness.minifasnet import PassiveModel, WeightsError, read_state_dict, to_onnx

# name -> (SHA-256 of the upstream file, crop scale)
WEIGHTS = {
    "2.7_80x80_MiniFASNetV2.pth": ("a5eb02e1843f19b5386b953cc4c9f011c3f985d0ee2bb9819eea9a142099bec0", 2.7),
    "4_0_0_80x80_MiniFASNetV1SE.pth": ("84ee1d37d96894d5e82de5a57df044ef80a58be2b218b5ed7cdfd875ec2f5990", 4.0),
}
SUBDIR = "minifasnet"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check(name: str, data: bytes, origin: str) -> bytes:
    expected = WEIGHTS[name][0]
    actual = _sha256(data)
    if actual != expected:
        raise WeightsError(f"{origin} has SHA-256 {actual[:12]}…, expected {expected[:12]}…: not the pinned {name}")
    return data


def _paths(models_dir: Path) -> dict[float, Path]:
    out = {}
    for name, (_, scale) in WEIGHTS.items():
        path = models_dir / SUBDIR / name
        out[scale] = path
    return out


def _verified_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError:
        raise WeightsError(f"liveness model {path} is missing") from None
    return _check(path.name, data, str(path))


def verified_files(models_dir: Path) -> dict[float, Path]:
    """crop scale -> weight file, each checked against its pinned SHA-256."""
    for scale, path in _paths(models_dir).items():
        _verified_bytes(path)
    return _paths(models_dir)


def load_passive(models_dir: Path) -> PassiveModel:
    """Both models, built from the very bytes that were checked."""
    return PassiveModel({scale: to_onnx(read_state_dict(_verified_bytes(path)))
                         for scale, path in _paths(models_dir).items()})
