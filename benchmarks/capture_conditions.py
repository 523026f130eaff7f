"""Where accuracy collapses as a face gets smaller or darker (issue 19, item 4): the measurement
the quality gate's limits (pos_app/vision/quality.py) follow.

    python benchmarks/capture_conditions.py [--data ../shared/data] [--cache /tmp/facepay-study]

lfw_dev's pairs, with the probe photo (image_b) degraded step by step and the enrolment photo
(image_a) left as it is: scaled down (a shopper further away), or darkened in linear light with a
camera's read noise (a dim shop). For each step: the measured inter-ocular distance or face
brightness (what the gate sees), the failure-to-extract rate, and FMR and FNMR at the threshold.
Every fourth photo serves as a probe, to keep a run near ten minutes on two cores.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pos_app.core.config import Settings  # noqa: E402
sys.path.insert(0, str(ROOT / "benchmarks"))

from verification_study import _start, embed_folder, figures, pct, similarity, vec  # noqa: E402

import verification_study  # noqa: E402

SCALES = (1.0, 0.7, 0.5, 0.4, 0.3)
GAINS = (0.4, 0.2, 0.1, 0.05)
READ_NOISE = 2.0  # grey levels, a webcam's noise floor in a dim room


def degrade(image: np.ndarray, kind: str, level: float, seed: int) -> np.ndarray:
    import cv2

    if kind == "scale":
        if level == 1.0:
            return image
        h, w = image.shape[:2]
        return cv2.resize(image, (max(1, round(w * level)), max(1, round(h * level))), interpolation=cv2.INTER_AREA)
    linear = (image.astype(np.float32) / 255.0) ** 2.2 * level
    out = 255.0 * linear ** (1 / 2.2)
    out += np.random.default_rng(seed).normal(0.0, READ_NOISE, out.shape)
    return np.clip(np.rint(out), 0, 255).astype(np.uint8)


def _probe(job: tuple[str, str, float, int]) -> tuple[np.ndarray | None, dict[str, float]]:
    from pos_app.vision.images import load_image
    from pos_app.vision.quality import assess

    path, kind, level, seed = job
    engine = verification_study._engine
    assert engine is not None
    image = degrade(load_image(Path(path)), kind, level, seed)
    face, quality = assess(image, engine.detect(image, mode="photo"), "verify")
    if face is None:
        return None, {}
    return engine.embed(image, face), dict(quality.metrics)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("FACEPAY_TEST_DATA", ROOT.parent / "shared/data")))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/facepay-study"))
    ap.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--threshold", type=float, default=Settings().match_threshold_dlib)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    lfw = args.data / "faces/lfw_dev"
    names = sorted(str(p.relative_to(lfw)) for p in lfw.glob("*/*.jpg"))
    enrolled = embed_folder(lfw, names, ("plain", "flip"), args.workers, args.cache)
    probes = names[::4]
    chosen = set(probes)
    with (lfw / "pairs.csv").open() as fh:
        pairs = [(r["image_a"], r["image_b"], r["label"] == "same") for r in csv.DictReader(fh) if r["image_b"] in chosen]
    results: dict[str, list[dict[str, object]]] = {}
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(args.workers, mp_context=ctx, initializer=_start) as pool:
        for kind, levels, measure in (("scale", SCALES, "inter_ocular_px"), ("gain", GAINS, "brightness")):
            rows = []
            for level in levels:
                jobs = [(str(lfw / n), kind, level, i) for i, n in enumerate(probes)]
                got = dict(zip(probes, pool.map(_probe, jobs, chunksize=8)))
                failed = sum(1 for v, _ in got.values() if v is None)
                a, b, same = [], [], []
                for x, y, s in pairs:
                    va = vec(enrolled, x, "flip_mean")  # as the shipped engine embeds (mirror-averaged)
                    vb = got[y][0]
                    if va is not None and vb is not None:
                        a.append(va), b.append(vb), same.append(s)
                sims = similarity(np.stack(a), np.stack(b))
                same_a = np.array(same)
                measured = [m[measure] for v, m in got.values() if v is not None]
                row = {"level": level, measure: float(np.median(measured)), "fte": failed / len(probes)}
                row |= figures(sims[same_a], sims[~same_a], args.threshold)
                rows.append(row)
                print(f"{kind} {level:<5} median {measure} {row[measure]:6.1f}  no face {pct(row['fte'])}  "
                      f"FMR {pct(row['fmr'])}  FNMR {pct(row['fnmr'])}  FNMR@1e-3 {pct(row['fnmr@0.001'])}  "
                      f"({row['genuine']} genuine, {row['impostor']} impostor)", flush=True)
            results[kind] = rows
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=float))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
