"""The passive models' weight files: where they come from, their pinned SHA-256, and loading.

The verified upstream .pth files are the source of truth in the models dir; the ONNX graphs are
built from them in memory at load (about a second), so no unverified derived file is ever run.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from liveness.minifasnet import PassiveModel, WeightsError, read_state_dict, to_onnx

UPSTREAM = "https://github.com/minivision-ai/Silent-Face-Anti-Spoofing/raw/master/resources/anti_spoof_models/"
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


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def install(models_dir: Path, *, source_dir: Path | None = None, timeout: float = 60.0) -> list[Path]:
    """Put both weight files in models_dir/minifasnet, verified: copied from ``source_dir`` when
    given (offline), else downloaded from the upstream repository."""
    installed = []
    for name in WEIGHTS:
        if source_dir is not None:
            src = source_dir / name
            try:
                data = src.read_bytes()
            except OSError as exc:
                raise WeightsError(f"cannot read {src}: {exc.strerror or exc}") from None
            origin = str(src)
        else:
            import httpx

            try:
                resp = httpx.get(UPSTREAM + name, follow_redirects=True, timeout=timeout)
                resp.raise_for_status()
            except httpx.HTTPError as exc:
                raise WeightsError(f"cannot download {name}: {exc}; offline, use --from DIR") from None
            data, origin = resp.content, UPSTREAM + name
        target = models_dir / SUBDIR / name
        _write(target, _check(name, data, origin))
        installed.append(target)
    return installed


def verified_files(models_dir: Path) -> dict[float, Path]:
    """crop scale -> weight file, each checked against its pinned SHA-256."""
    out = {}
    for name, (_, scale) in WEIGHTS.items():
        path = models_dir / SUBDIR / name
        try:
            data = path.read_bytes()
        except OSError:
            raise WeightsError(f"liveness model {path} is missing; run: facepay models fetch") from None
        _check(name, data, str(path))
        out[scale] = path
    return out


def load_passive(models_dir: Path) -> PassiveModel:
    return PassiveModel({scale: to_onnx(read_state_dict(path)) for scale, path in verified_files(models_dir).items()})
