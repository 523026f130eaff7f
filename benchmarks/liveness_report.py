"""APCER per attack type and BPCER (ISO/IEC 30107-3) for the liveness checks.

    python benchmarks/liveness_report.py [--sessions 200] [--data ../shared/data] [--json]
    python benchmarks/liveness_report.py --real ../shared/data/liveness/real [--replays DIR] [--cache DIR]

Synthetic: sessions of a real face's 3-D mesh (MediaPipe's mesh of a frontal photo in the shared
data) answering random challenges (bona fide), and the same face as a flat or bent photo turned
by an attacker (attacks), through the active challenge.
Real: the passive pair on the Silent-Face samples and on frames of the bona fide videos, and the
blink challenge on both bona fide videos.
Replays (--replays DIR, made by benchmarks/replay_set.py): each rendering's replays of the real
videos, as sessions an interactive replay answered; "before" is the passive pair alone, "after"
adds the screen cues (liveness.screen, fused in liveness.fusion). Held-out renderings apart.
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


def synthetic(n: int, data: Path) -> dict[str, dict[str, float]]:
    from liveness.active import ActiveSession, Challenge, Phase
    from tests.liveness.synthetic import as_photo, mesh_face, track
    from tests.liveness.test_active import run, script_for

    face = mesh_face(data)
    out: dict[str, dict[str, float]] = {}
    refused = sum(run(s := ActiveSession.random(rng=random.Random(i)),
                      track(face, script_for(s.sequence), rng=np.random.default_rng(i))).phase is not Phase.PASSED
                  for i in range(n))
    out["bona fide (3-D face mesh)"] = {"sessions": n, "BPCER": refused / n}
    turns = (Challenge.TURN_LEFT, Challenge.TURN_RIGHT)
    for name, bend in (("flat photo", 0.0), ("bent photo 0.3", 0.3), ("bent photo 0.6", 0.6),
                       ("photo bent into a half cylinder (1.0)", 1.0)):
        for degrees in (30.0, 50.0):
            accepted = 0
            for i in range(n):
                s = ActiveSession.random(rng=random.Random(10_000 + i), pool=turns)
                script = [("neutral", 0.5)]
                for c in s.sequence:
                    script += [("yaw", degrees if c is Challenge.TURN_LEFT else -degrees), ("neutral", 0.4)]
                frames = track(as_photo(face, bend), script + [("neutral", 7.0)], rng=np.random.default_rng(i),
                               blink_eyes=False, depth_of=face)
                accepted += run(s, frames).phase is Phase.PASSED
            out[f"{name}, turned {degrees:.0f} deg"] = {"sessions": n, "APCER": accepted / n}
    return out


def real(data: Path) -> dict[str, dict[str, float]]:
    import cv2

    from liveness.active import ActiveSession, Challenge, Phase
    from liveness.models import load_passive
    from pos_app.vision.dlib_engine import DlibEngine
    from pos_app.vision.images import load_image
    from pos_app.vision.model_files import package_models_dir

    passive, engine = load_passive(package_models_dir()), DlibEngine()

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
    blinks_refused = 0
    for video in ("blink_1.mp4", "blink_2.mp4"):
        cap, i, session = cv2.VideoCapture(str(data / "liveness" / "bonafide" / video)), 0, ActiveSession([Challenge.BLINK])
        fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
        while (frame := cap.read()[1]) is not None and session.phase not in (Phase.PASSED, Phase.FAILED):
            if faces := engine.detect(frame, mode="track"):
                session.update(i / fps, faces[0].mesh)
            i += 1
        blinks_refused += session.phase is not Phase.PASSED
    out["bona fide videos, blink challenge"] = {"videos": 2, "BPCER": blinks_refused / 2}
    return out


def replays(folder: Path, data: Path) -> dict[str, dict[str, float]]:
    """APCER per rendering, before and after the screen cues, and BPCER of the real videos as
    whole sessions, both ways. A replay whose face is never found is refused (no session)."""
    import cv2

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from liveness.active import ActiveStatus, Phase
    from liveness.fusion import Decision, LivenessConfig, fuse
    from liveness.models import load_passive
    from liveness.screen import ScreenCues
    from pos_app.vision.dlib_engine import DlibEngine
    from pos_app.vision.model_files import package_models_dir
    from replay_set import HELD_OUT, RENDERINGS, VIDEOS, read_video

    passive, engine = load_passive(package_models_dir()), DlibEngine()
    answered = ActiveStatus(Phase.PASSED, None, 2, 2, "")

    alone: dict[str, list[bool]] = {}  # each cue by itself: did it refuse the replay?

    def decide(frames: list[np.ndarray], attack: bool = False) -> tuple[bool, bool]:
        scores, cues = [], ScreenCues()
        for frame in frames[::3]:
            faces = engine.detect(frame, mode="track")
            if faces:
                b = max(faces, key=lambda f: f.box.area).box
                box = (b.left, b.top, b.right, b.bottom)
                scores.append(passive.live_score(frame, box)[0])
                cues.add(frame, box)
        if not scores:
            return False, False
        before = fuse(scores, answered, None, LivenessConfig(screen=None)).decision is Decision.LIVE
        medians = cues.medians()
        after = fuse(scores, answered, None, LivenessConfig(), medians).decision is Decision.LIVE
        if attack:
            limits = LivenessConfig().screen
            for name, value in medians.items():
                alone.setdefault(name, []).append(value < getattr(limits, name))  # True: let through
            alone.setdefault("passive", []).append(before)
        return before, after

    out: dict[str, dict[str, float]] = {}
    for rendering in RENDERINGS:
        results = []
        for video in VIDEOS:
            frames = [cv2.imread(str(p)) for p in sorted((folder / rendering.name / Path(video).stem).glob("*.jpg"))]
            if frames:
                results.append(decide(frames, attack=True))
        if results:
            label = f"replay: {rendering.name}" + (" (held out)" if rendering.name in HELD_OUT else "")
            out[label] = {"replays": len(results), "APCER before": sum(b for b, _ in results) / len(results),
                          "APCER": sum(a for _, a in results) / len(results)}
    for name, passed in alone.items():
        out[f"replays with a face found, {name} alone"] = {"replays": len(passed), "APCER": sum(passed) / len(passed)}
    for video in VIDEOS:
        before, after = decide(read_video(data / video, 600))
        out[f"bona fide session: {Path(video).name}"] = {"videos": 1, "BPCER before": float(not before),
                                                         "BPCER": float(not after)}
    return out


def timings(data: Path) -> dict[str, dict[str, float]]:
    """Per-frame cost of the active checks and of the passive pair (targets: 15 ms each)."""
    import time

    from liveness.active import ActiveSession, Challenge, Phase
    from liveness.models import load_passive
    from pos_app.vision.images import load_image
    from pos_app.vision.model_files import package_models_dir
    from tests.liveness.synthetic import mesh_face, track
    from tests.liveness.test_active import script_for

    face, costs = mesh_face(data), []
    for seed in range(10):
        session = ActiveSession([Challenge.TURN_LEFT, Challenge.BLINK])
        for t, pts in track(face, script_for(session.sequence), rng=np.random.default_rng(seed)):
            start = time.perf_counter()
            status = session.update(t, pts)
            costs.append((time.perf_counter() - start) * 1000)
            if status.phase in (Phase.PASSED, Phase.FAILED):
                break
    passive = load_passive(package_models_dir())
    image = load_image(data / "liveness" / "samples" / "image_T1.jpg")
    passive.live_score(image, (134, 154, 313, 333))
    pcosts = []
    for _ in range(50):
        start = time.perf_counter()
        passive.live_score(image, (134, 154, 313, 333))
        pcosts.append((time.perf_counter() - start) * 1000)
    from liveness.screen import frame_cues

    scost = []
    for _ in range(50):
        start = time.perf_counter()
        frame_cues(image, (134, 154, 313, 333))
        scost.append((time.perf_counter() - start) * 1000)
    return {"active checks per frame": {"median_ms": float(np.median(costs)), "p95_ms": float(np.percentile(costs, 95))},
            "screen cues per evaluated frame (every 3rd)": {"median_ms": float(np.median(scost)),
                                                            "p95_ms": float(np.percentile(scost, 95))},
            "passive pair per evaluated frame (every 3rd)": {"median_ms": float(np.median(pcosts)),
                                                             "p95_ms": float(np.percentile(pcosts, 95))}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data", help="the shared test data folder")
    parser.add_argument("--replays", type=Path, help="a replay set made by benchmarks/replay_set.py")
    parser.add_argument("--real", type=Path, help="real clips with a SOURCES.md (the shared data's liveness/real): "
                        "per layer, per clip, per source (leave-one-source-out), per group, challenges on real heads")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/facepay-real"),
                        help="where --real keeps its measurements of each clip (never the repository)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.real is not None:
        if not (args.real / "SOURCES.md").is_file():
            raise SystemExit(f"no SOURCES.md in {args.real}; give --real DIR (the shared data's liveness/real)")
        if args.replays is not None and not args.replays.is_dir():
            raise SystemExit(f"no replay set at {args.replays}; make one with benchmarks/replay_set.py --out DIR")
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from real_report import report as real_report

        print(real_report(args.real, args.cache, args.replays), end="")
        return 0
    if not (args.data / "faces").is_dir():
        raise SystemExit(f"no shared test data at {args.data}; give --data DIR")
    report = synthetic(args.sessions, args.data) | real(args.data) | timings(args.data)
    if args.replays is not None:
        report |= replays(args.replays, args.data)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for name, row in report.items():
            if "median_ms" in row:
                print(f"{name:<42} median {row['median_ms']:.2f} ms, p95 {row['p95_ms']:.2f} ms (target 15 ms)")
                continue
            rates = ", ".join(f"{k} {100 * v:.1f}%" for k, v in row.items() if "APCER" in k or "BPCER" in k)
            count = ", ".join(f"{v:g} {k}" for k, v in row.items() if "APCER" not in k and "BPCER" not in k)
            print(f"{name:<50} {rates:<32} ({count})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
