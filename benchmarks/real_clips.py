"""Measure the shared real clips once, the way the kiosk samples a capture, and keep the numbers.

    python benchmarks/real_clips.py --real ../shared/data/liveness/real [--cache /tmp/facepay-real]

Every frame: the face (MediaPipe's detector and mesh, as the kiosk tracks it), its eye openness and
head pose. Every third frame (liveness_check.PASSIVE_EVERY): the passive pair's live score and each
screen cue, with the bracketing edges that rigid_border needs. One `.npz` per clip goes to the
cache folder (never the repository: the footage has owners, and these are numbers taken from it).
`liveness_report.py --real` and the calibration read the cache; a clip already measured is skipped.

Clips are grouped by their source repository (SOURCES.md's `repo @ commit` column), the unit of
leave-one-source-out.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE_EVERY = 3  # as pos_app.flows.liveness_check.PASSIVE_EVERY
SCREEN_VALUES = ("moire", "flat_range", "border", "glare")


@dataclass(frozen=True)
class Clip:
    name: str  # file stem
    path: Path
    kind: str  # "bonafide" or "attack"
    source: str  # the repository it came from
    shows: str  # SOURCES.md's "what it shows"


def read_sources(real: Path) -> list[Clip]:
    """The clips listed in SOURCES.md that exist on disk, with their source repository."""
    text = (real / "SOURCES.md").read_text(encoding="utf-8")
    clips, kind = [], ""
    for line in text.splitlines():
        if line.startswith("## "):
            kind = line[3:].strip().rstrip("/")
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if kind not in ("bonafide", "attack") or len(cells) < 5 or not cells[0].endswith((".mp4", ".MOV")):
            continue
        path = real / kind / cells[0]
        if path.is_file():
            source = re.sub(r"\s*@.*$", "", cells[1])
            clips.append(Clip(path.stem, path, kind, source, cells[4]))
    if not clips:
        raise SystemExit(f"no clips listed in {real / 'SOURCES.md'} were found under {real}")
    return clips


def measure(clip: Clip, engine, passive) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """The clip's per-frame track and per-sample cues, as arrays (NaN where no face was found)."""
    import cv2

    from liveness.geometry import eye_aspect_ratio, head_pose
    from liveness.screen import bracket, flat_range, glare, moire, _crop

    cap = _frames(clip.path)
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    times, boxes, ears, yaws, meshes = [], [], [], [], []
    s_times, s_values, s_edges = [], [], []
    i = 0
    while (frame := cap.read()[1]) is not None:
        t = i / fps
        faces = engine.detect(frame, mode="track")
        times.append(t)
        if not faces:
            boxes.append((np.nan,) * 4)
            ears.append(np.nan)
            yaws.append(np.nan)
            meshes.append(np.full((468, 3), np.nan, np.float32))
        else:
            face = max(faces, key=lambda f: f.box.area)
            b = face.box
            box = (b.left, b.top, b.right, b.bottom)
            boxes.append(box)
            ears.append(eye_aspect_ratio(face.mesh))
            yaws.append(head_pose(face.mesh).yaw)
            meshes.append(np.asarray(face.mesh, np.float32))
            if i % SAMPLE_EVERY == 0:
                crop = _crop(frame, box)
                if crop.size and min(crop.shape[:2]) >= 16:
                    edges = bracket(frame, box)
                    s_times.append(t)
                    s_values.append((passive.live_score(frame, box)[0], moire(crop), flat_range(crop),
                                     0.0 if edges is None else 1.0, glare(crop)))
                    s_edges.append((np.nan,) * 4 if edges is None else edges)
        i += 1
    cap.release()
    return {"fps": np.array(fps), "times": np.array(times), "boxes": np.array(boxes, float).reshape(-1, 4),
            "ears": np.array(ears), "yaws": np.array(yaws), "meshes": np.array(meshes, np.float32).reshape(-1, 468, 3),
            "s_times": np.array(s_times), "s_values": np.array(s_values, float).reshape(-1, 5),
            "s_edges": np.array(s_edges, float).reshape(-1, 4),
            "s_boxes": np.array([boxes[round(t * fps)] for t in s_times], float).reshape(-1, 4)}


class _Folder:
    """A folder of frames (the rendered replay set) read like a video at 30 fps."""

    def __init__(self, folder: Path) -> None:
        self.files = sorted(folder.glob("*.jpg"))

    def get(self, _prop: int) -> float:
        return 30.0

    def read(self) -> tuple[bool, np.ndarray | None]:
        import cv2

        return (True, cv2.imread(str(self.files.pop(0)))) if self.files else (False, None)

    def release(self) -> None:
        self.files = []


def _frames(path: Path):  # type: ignore[no-untyped-def]
    import cv2

    return _Folder(path) if path.is_dir() else cv2.VideoCapture(str(path))


def rendered(replays: Path) -> list[Clip]:
    """The rendered replay set (benchmarks/replay_set.py): one attack clip per rendering and video,
    its source the video it was made from (so a held-out source holds out its renderings too)."""
    return [Clip(f"render_{r.name}_{v.name}", v, "attack", f"rendered:{v.name}", f"rendering {r.name}")
            for r in sorted(p for p in replays.iterdir() if p.is_dir())
            for v in sorted(p for p in r.iterdir() if p.is_dir() and any(p.glob("*.jpg")))]


def measure_all(real: Path, cache: Path, only: str | None = None, replays: Path | None = None) -> list[Clip]:
    from liveness.models import load_passive
    from pos_app.vision.dlib_engine import DlibEngine
    from pos_app.vision.model_files import package_models_dir

    clips = read_sources(real) + (rendered(replays) if replays is not None else [])
    cache.mkdir(parents=True, exist_ok=True)
    todo = [c for c in clips if not (cache / f"{c.name}.npz").exists() and (only is None or only in c.name)]
    if todo:
        engine, passive = DlibEngine(), load_passive(package_models_dir())
        for n, clip in enumerate(todo, 1):
            arrays = measure(clip, engine, passive)
            # Written under a temporary name, then renamed: an interrupted run leaves no half file.
            tmp = cache / f"{clip.name}.tmp.npz"
            np.savez_compressed(tmp, **arrays)
            tmp.replace(cache / f"{clip.name}.npz")
            print(f"[{n}/{len(todo)}] {clip.kind}/{clip.name}: {len(arrays['times'])} frames, "
                  f"{len(arrays['s_times'])} samples", flush=True)
    return clips


def load(cache: Path, clip: Clip) -> dict[str, np.ndarray]:
    with np.load(cache / f"{clip.name}.npz") as z:
        return {k: z[k] for k in z.files}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--real", type=Path, default=ROOT.parent / "shared" / "data" / "liveness" / "real")
    p.add_argument("--cache", type=Path, default=Path("/tmp/facepay-real"))
    p.add_argument("--only", help="measure only clips whose name holds this")
    p.add_argument("--replays", type=Path, help="also the rendered replay set (benchmarks/replay_set.py --out)")
    args = p.parse_args()
    if not (args.real / "SOURCES.md").is_file():
        raise SystemExit(f"no SOURCES.md in {args.real}; give --real DIR (the shared data's liveness/real)")
    if args.replays is not None and not args.replays.is_dir():
        raise SystemExit(f"no replay set at {args.replays}; make one with benchmarks/replay_set.py --out DIR")
    measure_all(args.real, args.cache, args.only, args.replays)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
