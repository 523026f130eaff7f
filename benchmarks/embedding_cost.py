"""What one embedding costs with each engine, measured in one run, interleaved, on the same faces
(a shared machine's load falls on both alike, so the ratio holds where the milliseconds drift).

    python benchmarks/embedding_cost.py [--data ../shared/data] [--faces 40] [--rounds 3] [--json FILE]

The faces are lfw_dev photos, found once; each round embeds every face with each engine in turn.
Reported: median and p95 per engine, and SFace's median as a share of dlib's (the shipped dlib
embedding is mirror-averaged: two ResNet passes).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    from pos_app.vision.engine import create_engine
    from pos_app.vision.images import load_image

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("FACEPAY_TEST_DATA", ROOT.parent / "shared/data")))
    ap.add_argument("--faces", type=int, default=40)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    photos = sorted((args.data / "faces" / "lfw_dev").glob("*/*.jpg"))[: args.faces * 2]
    if not photos:
        raise SystemExit(f"no lfw_dev photos under {args.data}: set --data or FACEPAY_TEST_DATA")
    engines = {name: create_engine(name) for name in ("sface", "dlib")}
    for engine in engines.values():
        engine.warm_up()
    finder = engines["sface"]
    found = []
    for path in photos:
        image = load_image(path)
        faces = finder.detect(image)
        if faces:
            found.append((image, faces[0]))
        if len(found) == args.faces:
            break
    times: dict[str, list[float]] = {name: [] for name in engines}
    for _ in range(args.rounds):
        for image, face in found:
            for name, engine in engines.items():
                start = time.perf_counter()
                engine.embed(image, face)
                times[name].append((time.perf_counter() - start) * 1000)
    result = {name: {"median_ms": float(np.median(t)), "p95_ms": float(np.percentile(t, 95)), "calls": len(t)}
              for name, t in times.items()}
    result["sface_share_of_dlib"] = result["sface"]["median_ms"] / result["dlib"]["median_ms"]  # type: ignore[assignment]
    for name in engines:
        r = result[name]
        print(f"{name:<6} median {r['median_ms']:6.1f} ms   p95 {r['p95_ms']:6.1f} ms   ({r['calls']} embeddings)")  # type: ignore[index]
    print(f"SFace costs {result['sface_share_of_dlib']:.2f} of dlib's embedding (median, same run)")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
