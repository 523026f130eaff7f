"""Which changes make 1:1 verification payment-grade (issues 19 and 26), each measured alone on
lfw_dev, on the real videos, and on the shared pairs; for either engine.

    python benchmarks/verification_study.py [--engine sface|dlib] [--data ../shared/data]
        [--cache /tmp/facepay-study] [--workers 2] [--jitter] [--json out.json] [--release-out FILE]

Every image is embedded once per view (plain and mirrored; with --jitter, dlib's 10-jitter
average of the enrolment captures) and cached, so a second run only re-scores. The protocols:

- pairs: lfw_dev's 78,001 labelled pairs, one photo against one photo (what `facepay eval` does);
  the mirror on image_a only (as at an enrolment desk), or on both sides.
- enrolment set: people with >= 4 photos enrol on their first 3; every later photo is a genuine
  probe, and a probe against every other person's enrolment an impostor one. Scored against the
  mean template, the best single capture, or the mean of the capture scores.
- fused probe: people with >= 5 photos; two later photos fused into one probe (equal or quality
  weights) against one photo alone, with the enrolment of the previous protocol.
- kiosk (the shipped protocol since issue 26): people with >= 4 photos enrol on their first 3
  (mean template); each later photo stands for one capture at the kiosk: that photo and two
  lightly changed copies of it (light, a few pixels of shift and scale, a little blur or noise;
  each found and aligned again) fused as the kiosk fuses its 3 best frames. Frames of one second
  of video are nearly the same picture, so two *independent* photos fused (the protocol before
  issue 26) were kinder than a kiosk ever is.
- video: the real bona fide videos; enrolment on 3 frames of the first third, probes the later
  frames alone or fused over 5 frames (about the half-second a kiosk sees), impostors across videos.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pos_app.core.config import Settings  # noqa: E402

from pos_app.vision.metrics import equal_error_rate, fmr_fnmr, fnmr_at_fmr, percent, threshold_for_fmr  # noqa: E402
from pos_app.vision.quality import quality_weight  # noqa: E402

_engine = None
# The embedding each engine ships with: dlib mirror-averages, SFace embeds the face as it is.
SHIPPED_VIEW = {"dlib": "flip_mean", "sface": "plain"}
AUGMENTED = ("aug1", "aug2")


def _start(engine: str) -> None:
    global _engine
    from pos_app.vision.engine import create_engine

    _engine = create_engine(engine)
    _engine.warm_up()


def augmented(image: np.ndarray, view: str, seed: int) -> np.ndarray:
    """A second frame of the same moment: light changed by up to 12 %, shifted by up to 3 px,
    scaled by up to 3 %, with a little blur (aug1) or sensor noise (aug2)."""
    import cv2

    rng = np.random.default_rng([seed, AUGMENTED.index(view)])
    h, w = image.shape[:2]
    scale = 1.0 + rng.uniform(-0.03, 0.03)
    m = cv2.getRotationMatrix2D((w / 2, h / 2), rng.uniform(-2, 2), scale)
    m[:, 2] += rng.uniform(-3, 3, size=2)
    out = cv2.warpAffine(image, m, (w, h), borderMode=cv2.BORDER_REFLECT).astype(np.float32)
    out = out * rng.uniform(0.88, 1.12) + rng.uniform(-8, 8)
    if view == "aug1":
        out = cv2.GaussianBlur(out, (3, 3), 0.8)
    else:
        out = out + rng.normal(0, 3.0, out.shape)
    return np.clip(out, 0, 255).astype(np.uint8)


def _views_of(args: tuple[str, tuple[str, ...], str]) -> tuple[dict[str, np.ndarray], dict[str, float]]:
    from pos_app.vision.images import load_image
    from pos_app.vision.quality import assess

    path, views, purpose = args
    assert _engine is not None
    image = load_image(Path(path))
    faces = _engine.detect(image, mode="photo")
    face, quality = assess(image, faces, "verify")
    if face is None:
        return {}, {}
    own = tuple(v for v in views if v not in AUGMENTED)
    out = dict(zip(own, _engine.embed_views(image, face, own))) if own else {}
    import zlib

    for view in (v for v in views if v in AUGMENTED):
        # Found and aligned again, as each frame of a capture is: the shipped embedding of each.
        frame = augmented(image, view, zlib.crc32(path.encode()))
        found, _ = assess(frame, _engine.detect(frame, mode="photo"), "verify")
        if found is not None:
            out[view] = _engine.embed(frame, found)
    return out, dict(quality.metrics) | {"ok": float(quality.ok)}


def embed_folder(root: Path, names: list[str], views: tuple[str, ...], workers: int, cache: Path,
                 engine: str = "sface") -> dict[str, dict]:
    """{image name: {"views": {view: unit vector}, "metrics": {...}}}, from the cache where it can."""
    cache = cache / engine
    cache.mkdir(parents=True, exist_ok=True)
    out: dict[str, dict] = {}
    todo: list[str] = []
    for view in views:
        file = cache / f"{root.name}-{view}.npz"
        if file.exists():
            stored = np.load(file, allow_pickle=False)
            for name, vec in zip(stored["names"], stored["vectors"]):
                out.setdefault(str(name), {"views": {}, "metrics": {}})["views"][view] = vec
    metrics_file = cache / f"{root.name}-metrics.json"
    if metrics_file.exists():
        for name, m in json.loads(metrics_file.read_text()).items():
            out.setdefault(name, {"views": {}, "metrics": {}})["metrics"] = m
    for name in names:
        entry = out.get(name)
        if entry is None or (not entry["metrics"].get("no_face") and set(views) - set(entry["views"])
                             and not entry["metrics"].get(f"tried_{views[0]}")):
            todo.append(name)
    if todo:
        missing = tuple(views)
        print(f"embedding {len(todo)} images of {root.name} ({', '.join(missing)}) in {workers} processes",
              file=sys.stderr)
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start, initargs=(engine,)) as pool:
            jobs = [(str(root / n), missing, "verify") for n in todo]
            for i, (name, (vecs, metrics)) in enumerate(zip(todo, pool.map(_views_of, jobs, chunksize=8))):
                entry = out.setdefault(name, {"views": {}, "metrics": {}})
                entry["views"].update(vecs)
                # An augmented copy may lose its face: tried once, it is not tried again.
                entry["metrics"] = entry["metrics"] | (metrics or {"no_face": 1.0}) | {f"tried_{views[0]}": 1.0}
                if (i + 1) % 250 == 0:
                    print(f"  {i + 1}/{len(todo)}", file=sys.stderr)
        for view in views:
            have = [n for n in out if view in out[n]["views"]]
            np.savez(cache / f"{root.name}-{view}.npz", names=np.array(have),
                     vectors=np.stack([out[n]["views"][view] for n in have]) if have else np.zeros((0, 128)))
        metrics_file.write_text(json.dumps({n: e["metrics"] for n, e in out.items()}))
    return out


def unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The product's similarity (1 - Euclidean distance / 2) between rows of unit vectors."""
    return 1.0 - np.linalg.norm(unit(a) - unit(b), axis=-1) / 2.0


def figures(gen: np.ndarray, imp: np.ndarray, threshold: float) -> dict[str, object]:
    eer, _ = equal_error_rate(gen, imp)
    fmr, fnmr = fmr_fnmr(gen, imp, threshold)
    row: dict[str, object] = {"genuine": int(gen.size), "impostor": int(imp.size), "eer": eer,
                              "fmr": fmr, "fnmr": fnmr}
    for target in (1e-3, 1e-4):
        value, thr, why = fnmr_at_fmr(gen, imp, target)
        row[f"fnmr@{target:g}"] = value if why == "" else None
        row[f"threshold@{target:g}"] = thr
    return row


def pct(v: object) -> str:
    return f"{percent(None if v is None else float(v)):>7}"  # type: ignore[arg-type]


def print_table(title: str, rows: dict[str, dict[str, object]], threshold: float) -> None:
    print(f"\n{title}")
    print(f"  {'variant':<34} {'genuine':>7} {'impostor':>9}   EER    FMR@{threshold:.2f} FNMR@{threshold:.2f}"
          "  FNMR@1e-3 FNMR@1e-4  thr@1e-4")
    for name, r in rows.items():
        thr = r.get("threshold@0.0001")
        print(f"  {name:<34} {r['genuine']:>7} {r['impostor']:>9} {pct(r['eer'])} {pct(r['fmr'])}  {pct(r['fnmr'])}"
              f"   {pct(r['fnmr@0.001'])}  {pct(r['fnmr@0.0001'])}   {'' if thr is None else f'{thr:.3f}'}")


def vec(emb: dict[str, dict], name: str, view: str) -> np.ndarray | None:
    entry = emb.get(name)
    if entry is None:
        return None
    if view == "flip_mean":
        if "plain" in entry["views"] and "flip" in entry["views"]:
            return unit(entry["views"]["plain"] + entry["views"]["flip"])
        return None
    return entry["views"].get(view)


def pairs_protocol(emb: dict[str, dict], pairs_csv: Path, views: list[tuple[str, str]], threshold: float) -> dict:
    with pairs_csv.open() as fh:
        pairs = [(r["image_a"], r["image_b"], r["label"] == "same") for r in csv.DictReader(fh)]
    rows = {}
    for enrol_view, probe_view in views:
        a, b, same = [], [], []
        for x, y, s in pairs:
            va, vb = vec(emb, x, enrol_view), vec(emb, y, probe_view)
            if va is not None and vb is not None:
                a.append(va), b.append(vb), same.append(s)
        sims = similarity(np.stack(a), np.stack(b))
        same_a = np.array(same)
        rows[f"{enrol_view} vs {probe_view}"] = figures(sims[same_a], sims[~same_a], threshold)
    return rows


def people_of(emb: dict[str, dict], at_least: int) -> dict[str, list[str]]:
    people: dict[str, list[str]] = {}
    for name in sorted(emb):
        if emb[name]["views"]:
            people.setdefault(name.split("/")[0], []).append(name)
    return {p: names for p, names in people.items() if len(names) >= at_least}


def set_scores(enrol: np.ndarray, probes: np.ndarray, rule: str) -> np.ndarray:
    """Similarity of each probe (n x d) to one enrolment set (k x d) under a scoring rule."""
    if rule == "mean template":
        return similarity(probes, np.broadcast_to(unit(enrol.sum(axis=0)), probes.shape))
    each = np.stack([similarity(probes, np.broadcast_to(e, probes.shape)) for e in enrol])  # k x n
    return each.max(axis=0) if rule == "best capture" else each.mean(axis=0)


def enrolment_protocol(emb: dict[str, dict], threshold: float, enrol_view: str, probe_view: str = "plain") -> dict:
    people = people_of(emb, 4)
    enrol = {p: np.stack([vec(emb, n, enrol_view) for n in names[:3]]) for p, names in people.items()}
    probes = {p: np.stack([vec(emb, n, probe_view) for n in names[3:]]) for p, names in people.items()}
    rows = {}
    single = {p: e[:1] for p, e in enrol.items()}
    for label, gallery, rule in [("1 photo", single, "mean template"), ("3 photos, mean template", enrol, "mean template"),
                                 ("3 photos, best capture", enrol, "best capture"),
                                 ("3 photos, mean of scores", enrol, "mean of scores")]:
        gen, imp = [], []
        for p, e in gallery.items():
            for q, pr in probes.items():
                (gen if p == q else imp).append(set_scores(e, pr, rule))
        suffix = enrol_view if probe_view == "plain" else f"{enrol_view} vs {probe_view}"
        rows[f"{label} ({suffix})"] = figures(np.concatenate(gen), np.concatenate(imp), threshold)
    return rows


def fusion_protocol(emb: dict[str, dict], threshold: float, view: str = "plain") -> dict:
    people = people_of(emb, 5)
    enrol = {p: unit(np.stack([vec(emb, n, view) for n in names[:3]]).sum(axis=0)) for p, names in people.items()}
    singles: dict[str, list[np.ndarray]] = {p: [vec(emb, n, view) for n in names[3:]] for p, names in people.items()}
    fused: dict[str, dict[str, list[np.ndarray]]] = {"equal weights": {}, "quality weights": {}}
    for p, names in people.items():
        for x, y in combinations(names[3:], 2):
            vx, vy = vec(emb, x, view), vec(emb, y, view)
            wx, wy = quality_weight(emb[x]["metrics"]), quality_weight(emb[y]["metrics"])
            fused["equal weights"].setdefault(p, []).append(unit(vx + vy))
            fused["quality weights"].setdefault(p, []).append(unit(wx * vx + wy * vy))
    rows = {}
    for label, probes in [("1 photo", singles), ("2 photos fused, equal weights", fused["equal weights"]),
                          ("2 photos fused, quality weights", fused["quality weights"])]:
        gen, imp = [], []
        for p, template in enrol.items():
            for q, pr in probes.items():
                (gen if p == q else imp).append(similarity(np.stack(pr), np.broadcast_to(template, (len(pr), 128))))
        rows[f"{label} ({view})"] = figures(np.concatenate(gen), np.concatenate(imp), threshold)
        SCORES[f"{label} ({view})"] = (np.concatenate(gen), np.concatenate(imp))
    return rows


def kiosk_protocol(emb: dict[str, dict], threshold: float, view: str) -> dict:
    """Enrol on 3 photos (mean template); probe with one capture: a photo and its two augmented
    copies fused with equal weights (frames of one moment weigh alike), as the kiosk fuses its
    best 3 frames. A copy whose face was lost leaves the capture with fewer frames, as at a kiosk."""
    people = people_of(emb, 4)
    enrol = {p: unit(np.stack([vec(emb, n, view) for n in names[:3]]).sum(axis=0)) for p, names in people.items()}
    singles, captures = {}, {}
    for p, names in people.items():
        singles[p] = [vec(emb, n, view) for n in names[3:]]
        captures[p] = [unit(sum([vec(emb, n, view)] + [emb[n]["views"][a] for a in AUGMENTED if a in emb[n]["views"]]))
                       for n in names[3:]]
    rows = {}
    for label, probes in [("1 photo, 1 frame", singles), ("1 capture, 3 frames fused", captures)]:
        gen, imp = [], []
        for p, template in enrol.items():
            for q, pr in probes.items():
                (gen if p == q else imp).append(similarity(np.stack(pr), np.broadcast_to(template, (len(pr), template.size))))
        key = f"{label} ({view})"
        rows[key] = figures(np.concatenate(gen), np.concatenate(imp), threshold)
        SCORES[key] = (np.concatenate(gen), np.concatenate(imp))
    return rows


SHIPPED_PROTOCOL = "1 capture, 3 frames fused"
SCORES: dict[str, tuple[np.ndarray, np.ndarray]] = {}


def release_evaluation(result: dict[str, object], engine: str, target: float = 1e-4) -> dict[str, object]:
    """The evaluation that sets the shipped threshold: the lowest three-decimal threshold whose FMR
    on the shipped protocol is within the target, with the scores as 0.001-wide histograms so the
    settings screen can say what any other threshold would do."""
    from datetime import date

    from pos_app.vision.engine import create_engine

    gen, imp = SCORES[f"{SHIPPED_PROTOCOL} ({SHIPPED_VIEW[engine]})"]
    chosen = threshold_for_fmr(imp, target, step=0.001)
    bins = lambda v: np.bincount(np.clip(np.floor(v * 1000).astype(int), 0, 1000), minlength=1001).tolist()  # noqa: E731
    return {
        "engine": engine, "model_id": create_engine(engine).model_id, "date": date.today().isoformat(),
        "dataset": "lfw_dev: 4,611 photos of 1,374 people (LFW, errata applied; ../shared/data/faces/lfw_dev)",
        "protocol": "the kiosk's: people with >= 4 photos enrol on their first 3 (mean template); each later "
                    "photo and two lightly changed copies of it (light, shift, scale, blur or noise; each found "
                    "and aligned again), fused as the kiosk fuses its 3 best frames of one capture, is a genuine "
                    "probe, and against every other person's template an impostor one; each embedding as the "
                    f"engine ships it ({SHIPPED_VIEW[engine]})",
        "target_fmr": target, "threshold": chosen,
        "rule": "the lowest threshold in steps of 0.001 whose FMR on this protocol is <= the target",
        "at_threshold": figures(gen, imp, chosen),
        "histogram": {"width": 0.001, "genuine": bins(gen), "impostor": bins(imp)},
        "study": result, "made_by": f"python benchmarks/verification_study.py --engine {engine} --release-out FILE",
    }


def video_frames(
    path: Path, engine_name: str, every: int = 3, strict: bool = True
) -> list[tuple[dict[str, np.ndarray], dict[str, float]]]:
    """({view: embedding}, quality metrics) of the largest face in every ``every``-th frame: with
    ``strict``, only frames the kiosk's quality gate would pass."""
    import cv2

    from pos_app.vision.engine import create_engine
    from pos_app.vision.quality import assess

    engine = create_engine(engine_name)
    capture = cv2.VideoCapture(str(path))
    out = []
    i = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        if i % every == 0:
            face, quality = assess(frame, engine.detect(frame, mode="track"), "verify")
            if face is not None and (quality.ok or not strict):
                views = engine.embed_views(frame, face, ("plain", "flip"))
                out.append(({"plain": views[0], "flip_mean": unit(views[0] + views[1])}, quality.metrics))
        i += 1
    capture.release()
    return out


def video_protocol(data: Path, threshold: float, engine: str) -> dict:
    """The two blink videos are the enrolled people; the Hamilton clip (faces below the gate's
    size, several people) serves only as impostor frames, as does each blink video for the other."""
    people = {
        v.stem: video_frames(v, engine) for v in (data / "liveness/bonafide/blink_1.mp4", data / "liveness/bonafide/blink_2.mp4")
    }
    strangers = video_frames(data / "faces/video/short_hamilton_clip.mp4", engine, strict=False)
    rows = {}
    for view in ("plain", "flip_mean"):
        enrol, singles, fused = {}, {}, {}
        for name, items in people.items():
            third = len(items) // 3
            picks = np.linspace(0, third - 1, 3).astype(int)
            enrol[name] = unit(np.stack([items[i][0][view] for i in picks]).sum(axis=0))
            later = items[third:]
            singles[name] = [e[view] for e, _ in later]
            fused[name] = [unit(sum(quality_weight(m) * e[view] for e, m in later[i:i + 5]))
                           for i in range(0, len(later) - 4)]
        singles["hamilton"] = [e[view] for e, _ in strangers]
        fused["hamilton"] = [unit(sum(quality_weight(m) * e[view] for e, m in strangers[i:i + 5]))
                             for i in range(0, len(strangers) - 4)]
        for label, probes in [("1 frame", singles), ("5 frames fused, quality weights", fused)]:
            gen, imp = [], []
            for p, template in enrol.items():
                for q, pr in probes.items():
                    (gen if p == q else imp).append(similarity(np.stack(pr), np.broadcast_to(template, (len(pr), template.size))))
            g, im = np.concatenate(gen), np.concatenate(imp)
            rows[f"{label} ({view})"] = figures(g, im, threshold) | {
                "genuine_min": float(g.min()), "genuine_median": float(np.median(g)), "impostor_max": float(im.max())}
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("FACEPAY_TEST_DATA", ROOT.parent / "shared/data")))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/facepay-study"))
    ap.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    ap.add_argument("--engine", choices=tuple(SHIPPED_VIEW), default="sface")
    ap.add_argument("--threshold", type=float,
                    help="the operating threshold to report at (default: the engine's shipped one)")
    ap.add_argument("--jitter", action="store_true",
                    help="also dlib's 10-jitter view of the enrolment captures (10x their embedding time)")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--release-out", type=Path, metavar="FILE",
                    help="write the release evaluation (resources/evaluation/ENGINE.json) that sets the threshold")
    args = ap.parse_args()
    if args.threshold is None:
        args.threshold = float(getattr(Settings(), f"match_threshold_{args.engine}"))
    if args.jitter and args.engine != "dlib":
        raise SystemExit("--jitter is dlib's view only")
    lfw = args.data / "faces/lfw_dev"
    if not lfw.is_dir():
        raise SystemExit(f"no lfw_dev under {args.data}: set --data or FACEPAY_TEST_DATA")
    names = sorted(str(p.relative_to(lfw)) for p in lfw.glob("*/*.jpg"))
    emb = embed_folder(lfw, names, ("plain", "flip"), args.workers, args.cache, args.engine)
    if args.jitter:  # only where it could be afforded: the enrolment captures of the set protocol
        enrol_names = [n for ns in people_of(emb, 4).values() for n in ns[:3]]
        for name, entry in embed_folder(lfw, enrol_names, ("jitter",), args.workers, args.cache, args.engine).items():
            if "jitter" in entry["views"]:
                emb[name]["views"]["jitter"] = entry["views"]["jitter"]
    # The augmented frames of the kiosk protocol: only for the photos that serve as captures.
    probe_names = [n for ns in people_of(emb, 4).values() for n in ns[3:]]
    for name, entry in embed_folder(lfw, probe_names, AUGMENTED, args.workers, args.cache, args.engine).items():
        for view in AUGMENTED:
            if view in entry["views"]:
                emb[name]["views"][view] = entry["views"][view]
    no_face = sorted(n for n in names if not emb.get(n, {}).get("views"))
    print(f"lfw_dev: {len(names)} images, no face in {len(no_face)} ({100 * len(no_face) / len(names):.2f}%)")
    result: dict[str, object] = {"no_face": no_face}
    views_to_try = [("plain", "plain"), ("flip_mean", "plain"), ("flip_mean", "flip_mean")]
    result["pairs"] = pairs_protocol(emb, lfw / "pairs.csv", views_to_try, args.threshold)
    print_table("lfw_dev pairs (one photo against one photo; enrolment view vs probe view)", result["pairs"], args.threshold)
    result["enrolment"] = enrolment_protocol(emb, args.threshold, "plain") | enrolment_protocol(emb, args.threshold, "flip_mean")
    if args.jitter:
        result["enrolment"] |= (enrolment_protocol(emb, args.threshold, "flip_mean", "flip_mean")
                                | enrolment_protocol(emb, args.threshold, "jitter", "flip_mean"))
    print_table(
        "lfw_dev enrolment sets (people with >= 4 photos; enrol on 3, probe with the rest)", result["enrolment"], args.threshold
    )
    result["fusion"] = fusion_protocol(emb, args.threshold) | fusion_protocol(emb, args.threshold, "flip_mean")
    print_table("lfw_dev fused probes (people with >= 5 photos; mean template of 3)", result["fusion"], args.threshold)
    shipped = SHIPPED_VIEW[args.engine]
    result["kiosk"] = kiosk_protocol(emb, args.threshold, shipped)
    print_table("lfw_dev kiosk protocol (people with >= 4 photos; enrol on 3; a capture = 1 photo + 2 copies)",
                result["kiosk"], args.threshold)
    result["video"] = video_protocol(args.data, args.threshold, args.engine)
    print_table("real videos (3 people; impostor pairs are few: margins, not rates)", result["video"], args.threshold)
    for label, r in result["video"].items():  # type: ignore[union-attr]
        print(f"  {label}: genuine min {r['genuine_min']:.3f}, median {r['genuine_median']:.3f}; "
              f"impostor max {r['impostor_max']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=float))
    if args.release_out:
        release = release_evaluation(result, args.engine)
        args.release_out.write_text(json.dumps(release, default=float) + "\n")
        at = release["at_threshold"]
        print(f"\nshipped threshold {release['threshold']:.3f}: FMR {pct(at['fmr'])}, FNMR {pct(at['fnmr'])} "  # type: ignore[index]
              f"on the kiosk protocol; written to {args.release_out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
