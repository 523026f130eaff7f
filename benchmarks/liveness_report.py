"""APCER per attack type and BPCER (ISO/IEC 30107-3) for the liveness checks.

    python benchmarks/liveness_report.py [--sessions 200] [--data ../shared/data] [--json]

Synthetic: sessions of a 3-D mean face answering random challenges (bona fide), and the same face
as a flat or bent photo turned by an attacker (attacks), through the active challenge.
Real (with --data): the passive pair on the Silent-Face samples and on frames of the bona fide videos.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def synthetic(n: int) -> dict[str, dict[str, float]]:
    from liveness.active import ActiveSession, Challenge, Phase
    from tests.liveness.synthetic import as_photo, mean_face, track
    from tests.liveness.test_active import run, script_for

    face = mean_face()
    if face is None:
        raise SystemExit("needs insightface's meanshape_68.pkl: pip install --no-deps insightface")
    out: dict[str, dict[str, float]] = {}
    refused = sum(run(s := ActiveSession.random(rng=random.Random(i)),
                      track(face, script_for(s.sequence), rng=np.random.default_rng(i))).phase is not Phase.PASSED
                  for i in range(n))
    out["bona fide (3-D face)"] = {"sessions": n, "BPCER": refused / n}
    turns = (Challenge.TURN_LEFT, Challenge.TURN_RIGHT)
    for name, bend in (("flat photo", 0.0), ("bent photo 0.3", 0.3), ("bent photo 0.6", 0.6)):
        accepted = 0
        for i in range(n):
            s = ActiveSession.random(rng=random.Random(10_000 + i), pool=turns)
            script = [("neutral", 0.5)]
            for c in s.sequence:
                script += [("yaw", 50.0 if c is Challenge.TURN_LEFT else -50.0), ("neutral", 0.4)]
            frames = track(as_photo(face, bend), script + [("neutral", 7.0)], rng=np.random.default_rng(i), blink_eyes=False)
            accepted += run(s, frames).phase is Phase.PASSED
        out[name] = {"sessions": n, "APCER": accepted / n}
    return out


def real(data: Path) -> dict[str, dict[str, float]]:
    import cv2

    from liveness.models import load_passive
    from pos_app.vision.dlib_engine import DlibEngine
    from pos_app.vision.images import load_image

    models = Path("/tmp/facepay-liveness-report-models")
    from liveness.models import install

    install(models, source_dir=data / "liveness" / "minifasnet")
    passive, engine = load_passive(models), DlibEngine()

    def score(img: np.ndarray) -> float | None:
        faces = engine.detect(img, mode="track")
        if not faces:
            return None
        b = faces[0].box
        return passive.live_score(img, (b.left, b.top, b.right, b.bottom))[0]

    out: dict[str, dict[str, float]] = {}
    attacks = [score(load_image(data / "liveness" / "samples" / f"image_F{i}.jpg")) for i in (1, 2)]
    out["print/screen samples (F1, F2), passive"] = {"images": 2, "APCER": sum(s is not None and s >= 0.5 for s in attacks) / 2}
    live = score(load_image(data / "liveness" / "samples" / "image_T1.jpg"))
    out["live sample (T1), passive"] = {"images": 1, "BPCER": float(live is None or live < 0.5)}
    frames = refused = 0
    for video in ("blink_1.mp4", "blink_2.mp4"):
        cap, i = cv2.VideoCapture(str(data / "liveness" / "bonafide" / video)), 0
        while (frame := cap.read()[1]) is not None:
            if i % 10 == 0 and (s := score(frame)) is not None:
                frames += 1
                refused += s < 0.5
            i += 1
    out["bona fide video frames, passive"] = {"frames": frames, "BPCER": refused / max(1, frames)}
    return out


def timings(data: Path) -> dict[str, dict[str, float]]:
    """Per-frame cost of the active checks and of the passive pair (targets: 15 ms each)."""
    import time

    from liveness.active import ActiveSession, Challenge, Phase
    from liveness.models import load_passive
    from pos_app.vision.images import load_image
    from tests.liveness.synthetic import SIZE, mean_face, track
    from tests.liveness.test_active import script_for

    face, costs = mean_face(), []
    for seed in range(10):
        session = ActiveSession([Challenge.TURN_LEFT, Challenge.BLINK])
        for t, pts in track(face, script_for(session.sequence), rng=np.random.default_rng(seed)):
            start = time.perf_counter()
            status = session.update(t, pts, SIZE)
            costs.append((time.perf_counter() - start) * 1000)
            if status.phase in (Phase.PASSED, Phase.FAILED):
                break
    passive = load_passive(Path("/tmp/facepay-liveness-report-models"))
    image = load_image(data / "liveness" / "samples" / "image_T1.jpg")
    passive.live_score(image, (134, 154, 313, 333))
    pcosts = []
    for _ in range(50):
        start = time.perf_counter()
        passive.live_score(image, (134, 154, 313, 333))
        pcosts.append((time.perf_counter() - start) * 1000)
    return {"active checks per frame": {"median_ms": float(np.median(costs)), "p95_ms": float(np.percentile(costs, 95))},
            "passive pair per evaluated frame (every 3rd)": {"median_ms": float(np.median(pcosts)),
                                                             "p95_ms": float(np.percentile(pcosts, 95))}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--data", type=Path, help="the shared test data folder, for the real-data figures")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = synthetic(args.sessions)
    if args.data:
        report |= real(args.data) | timings(args.data)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name, row in report.items():
            if "median_ms" in row:
                print(f"{name:<42} median {row['median_ms']:.2f} ms, p95 {row['p95_ms']:.2f} ms (target 15 ms)")
                continue
            rates = ", ".join(f"{k} {100 * v:.1f}%" for k, v in row.items() if k in ("APCER", "BPCER"))
            count = ", ".join(f"{v:g} {k}" for k, v in row.items() if k not in ("APCER", "BPCER"))
            print(f"{name:<42} {rates:<14} ({count})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
