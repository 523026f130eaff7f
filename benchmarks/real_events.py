"""Find where each real clip shows a blink or a head turn, to annotate the clips (then checked by
eye on contact sheets) for the challenge tests on real people.

    python benchmarks/real_events.py [--cache /tmp/facepay-real] [--sheets DIR]

The rules here are deliberately not the challenge's (liveness.active): an event is found from the
clip's own signal, so that the challenge can then be measured against it.
- A blink: the eye aspect ratio drops below 75 % of the clip's open-eye level around it (its 90th
  percentile over the surrounding 2 s) and comes back within 0.6 s.
- A turn: the yaw moves at least 20 degrees away from a steady, near-frontal pose (a second within
  6 degrees, within 8 of the clip's median yaw); the side is the shopper's own (yaw falls as they
  turn to their left). A return from a turned pose to the front is not a turn.
Each event is written with `start`: a moment at least 0.4 s before it, the face found, from which a
challenge session can learn the neutral face and then see the event.
The kept list, checked by eye, is benchmarks/data/real_challenges.csv.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from real_clips import load, read_sources  # noqa: E402


def blinks(times: np.ndarray, ears: np.ndarray) -> list[float]:
    out: list[float] = []
    fps = 1.0 / max(1e-6, float(np.median(np.diff(times))))
    half = int(fps)
    closed_from = None
    for i, ear in enumerate(ears):
        lo, hi = max(0, i - half), min(len(ears), i + half + 1)
        window = ears[lo:hi][~np.isnan(ears[lo:hi])]
        if np.isnan(ear) or len(window) < half:
            closed_from = None
            continue
        level = np.percentile(window, 90)
        if ear < 0.75 * level:
            closed_from = i if closed_from is None else closed_from
        elif closed_from is not None:
            if times[i] - times[closed_from] <= 0.6 and (not out or times[closed_from] - out[-1] > 0.5):
                out.append(float(times[closed_from]))
            closed_from = None
    return out


def turns(times: np.ndarray, yaws: np.ndarray) -> list[tuple[float, str, float]]:
    """(time the turn passes 20 degrees, side, the steady yaw it started from)."""
    out: list[tuple[float, str, float]] = []
    fps = 1.0 / max(1e-6, float(np.median(np.diff(times))))
    steady_n = max(3, int(fps))
    base: float | None = None
    frontal = float(np.nanmedian(yaws))  # most of a clip faces the camera
    for i in range(len(yaws)):
        if np.isnan(yaws[i]):
            continue
        window = yaws[max(0, i - steady_n):i]
        if (len(window) == steady_n and not np.isnan(window).any() and np.ptp(window) <= 6
                and abs(np.median(window) - frontal) <= 8):
            base = float(np.median(window))
        if base is None:
            continue
        moved = yaws[i] - base
        # Away from the frontal pose, not back to it.
        if abs(moved) >= 20 and abs(yaws[i] - frontal) >= 20 and (not out or times[i] - out[-1][0] > 1.5):
            out.append((float(times[i]), "turn_left" if moved < 0 else "turn_right", base))
            base = None
    return out


def start_before(times: np.ndarray, ears: np.ndarray, event: float) -> float | None:
    """The earliest moment within 0.5 s before (event - 0.4 s) from which the face is found
    throughout: where a challenge session starts and learns the shopper's neutral face. It can
    fall on an earlier blink; the kept list is checked by eye for that."""
    found = ~np.isnan(ears)
    i = int(np.searchsorted(times, event - 0.4))
    j = i
    while j > 0 and found[j - 1] and times[i] - times[j - 1] < 0.5:
        j -= 1
    return float(times[j]) if j < i and times[i] - times[j] >= 0.2 else None


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "data" / "liveness" / "real")
    p.add_argument("--cache", type=Path, default=Path("/tmp/facepay-real"))
    p.add_argument("--sheets", type=Path, help="write a contact sheet per event here (before, at, after)")
    args = p.parse_args()
    print("clip,challenge,start,event")
    for clip in read_sources(args.real):
        if clip.kind != "bonafide" or not (args.cache / f"{clip.name}.npz").exists():
            continue
        a = load(args.cache, clip)
        times = a["times"]
        events = [(t, "blink") for t in blinks(times, a["ears"])] + [(t, side) for t, side, _ in turns(times, a["yaws"])]
        for t, kind in sorted(events):
            start = start_before(times, a["ears"], t)
            if start is not None:
                print(f"{clip.name},{kind},{start:.2f},{t:.2f}")
                if args.sheets:
                    sheet(clip.path, t, args.sheets / f"{clip.name}_{kind}_{t:.2f}.jpg")
    return 0


def sheet(video: Path, t: float, out: Path) -> None:
    import cv2

    out.parent.mkdir(parents=True, exist_ok=True)
    cap = cv2.VideoCapture(str(video))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    tiles = []
    for dt in (-0.4, 0.0, 0.1, 0.5):
        cap.set(cv2.CAP_PROP_POS_FRAMES, max(0, round((t + dt) * fps)))
        ok, frame = cap.read()
        if ok:
            h = 240
            tiles.append(cv2.resize(frame, (round(frame.shape[1] * h / frame.shape[0]), h)))
    if tiles:
        cv2.imwrite(str(out), cv2.hconcat(tiles))


if __name__ == "__main__":
    raise SystemExit(main())
