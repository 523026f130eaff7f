"""Detectors for biometric data at rest: image files and plaintext embeddings in arbitrary bytes."""

from __future__ import annotations

from pathlib import Path

import numpy as np

IMAGE_SIGNATURES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG", b"RIFF": "RIFF/WebP", b"BM": "BMP"}


def image_signatures(data: bytes) -> list[str]:
    found = []
    for sig, name in IMAGE_SIGNATURES.items():
        if sig == b"BM":
            continue  # two bytes appear by chance everywhere; BMP is covered by the frame-size check
        if sig in data:
            found.append(name)
    return found


def unit_vectors(data: bytes, dim: int, dtype: str = "<f4", tol: float = 1e-3) -> int:
    """How many windows of ``dim`` consecutive floats (at any byte alignment) form a unit vector
    whose values all look like an embedding's (finite, |x| < 1, almost none exactly zero)."""
    width = np.dtype(dtype).itemsize
    hits = 0
    for offset in range(width):
        usable = (len(data) - offset) // width * width
        if usable < dim * width:
            continue
        with np.errstate(invalid="ignore", over="ignore"):  # arbitrary bytes make NaNs and infinities
            arr = np.frombuffer(data[offset: offset + usable], dtype=dtype).astype(np.float64)
        ok = np.isfinite(arr) & (np.abs(arr) < 1.0) & (arr != 0.0)
        clean = np.where(ok, arr, 0.0)
        sq = clean * clean
        bad = (~ok).astype(np.int64)
        csq = np.concatenate([[0.0], np.cumsum(sq)])
        cbad = np.concatenate([[0], np.cumsum(bad)])
        norms = csq[dim:] - csq[:-dim]
        nbad = cbad[dim:] - cbad[:-dim]
        hits += int(np.sum((np.abs(norms - 1.0) < tol) & (nbad == 0)))
    return hits


def _pinned_model(path: Path, data: bytes) -> bool:
    """A model file FacePay made from a shipped one (the prepared SFace graph in the models
    folder): registered, and byte for byte its pinned SHA-256, so it cannot hold a shopper's data.
    Its weights contain unit-length runs by chance."""
    import hashlib

    from pos_app.vision.model_files import registered

    model = registered(path.parent.name, path.name)
    return model is not None and model.kind == "derived" and hashlib.sha256(data).hexdigest() == model.sha256


def scan_tree(root: Path, dims: tuple[int, ...] = (128, 512)) -> list[str]:
    """Every finding in every file under root, as 'path: what'."""
    findings = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if _pinned_model(path, data):
            continue
        for name in image_signatures(data):
            findings.append(f"{path}: {name} image signature")
        if len(data) >= 640 * 480 * 3 and path.suffix not in (".db", ".db-wal"):
            findings.append(f"{path}: frame-sized blob ({len(data)} bytes)")
        for dim in dims:
            for dtype in ("<f4", "<f8"):
                if n := unit_vectors(data, dim, dtype):
                    findings.append(f"{path}: {n} plaintext {dim}-d unit vector(s) as {dtype}")
    return findings
