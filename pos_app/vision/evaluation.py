"""`facepay eval`: run an engine over labelled pairs and report its error rates."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterator

import numpy as np

from pos_app.core.errors import InvalidInput
from pos_app.vision.engine import FaceEngine, analyze
from pos_app.vision.images import ImageError, load_image
from pos_app.vision.matching import compare
from pos_app.vision.metrics import Rates, fmr_fnmr, largest_ratio, percent, rates

LABELS = {"same": True, "different": False}


@dataclass(frozen=True)
class Pair:
    image_a: str
    image_b: str
    same: bool
    group: str | None


@dataclass
class EvalReport:
    engine: str
    threshold: float
    overall: Rates
    failures: list[dict[str, str]]
    groups: dict[str, Rates] = field(default_factory=dict)
    fmr_ratio: float | None = None
    fnmr_ratio: float | None = None
    scores: list[dict[str, object]] = field(default_factory=list)
    images: int = 0
    pairs_not_scored: int = 0
    conditions: dict[str, list[dict[str, object]]] = field(default_factory=dict)

    @property
    def failure_to_extract_rate(self) -> float | None:
        """ISO/IEC 19795-1's FTX: share of images that gave no embedding, apart from FMR and FNMR."""
        return len(self.failures) / self.images if self.images else None

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["failures_to_extract"] = len(self.failures)
        out["failure_to_extract_rate"] = self.failure_to_extract_rate
        return out


def read_pairs(path: Path) -> list[Pair]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = set(reader.fieldnames or [])
            missing = {"image_a", "image_b", "label"} - header
            if missing:
                raise InvalidInput(f"{path} lacks the column(s) {', '.join(sorted(missing))}; "
                                   "the header must be image_a,image_b,label[,group]")
            pairs = []
            for line, row in enumerate(reader, start=2):
                label = (row["label"] or "").strip().lower()
                if label not in LABELS:
                    raise InvalidInput(f"{path} line {line}: label {row['label']!r} is not 'same' or 'different'")
                group = (row.get("group") or "").strip() or None if "group" in header else None
                pairs.append(Pair(row["image_a"].strip(), row["image_b"].strip(), LABELS[label], group))
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{path} is not a UTF-8 CSV file") from None
    if not pairs:
        raise InvalidInput(f"{path} holds no pairs")
    return pairs


@dataclass(frozen=True)
class Embedded:
    """What one evaluation image gave: its embedding (or why none), and its capture conditions."""

    embedding: np.ndarray | None
    reason: str = ""
    metrics: dict[str, float] = field(default_factory=dict)


def embed_one(engine: FaceEngine, path: Path) -> Embedded:
    try:
        image = load_image(path)
    except ImageError as exc:
        return Embedded(None, str(exc))
    analysis = analyze(engine, image, require_quality=False)
    metrics = {k: round(float(v), 3) for k, v in analysis.quality.metrics.items()}
    if analysis.embedding is None:
        return Embedded(None, "no face found", metrics)
    return Embedded(analysis.embedding, "", metrics)


_worker_engine: FaceEngine | None = None


def _start_worker(factory: Callable[[], FaceEngine]) -> None:
    global _worker_engine
    _worker_engine = factory()
    _worker_engine.warm_up()


def _embed_in_worker(path: Path) -> Embedded:
    assert _worker_engine is not None
    return embed_one(_worker_engine, path)


Progress = Callable[[Iterator[Embedded], int], Iterator[Embedded]]


def embed_images(
    engine: FaceEngine, images: Path, names: list[str], *, workers: int = 1,
    factory: Callable[[], FaceEngine] | None = None, progress: Progress = lambda it, total: it,
) -> dict[str, Embedded]:
    """Embed each image once. With ``workers`` > 1 and a picklable ``factory``, in that many
    processes, each with its own engine: dlib and LiteRT each keep one core busy, not two."""
    engine.warm_up()  # a missing or damaged model stops the run here, not as N "failures"
    paths = [images / name for name in names]
    if workers <= 1 or factory is None or len(names) < 2 * workers:
        return dict(zip(names, list(progress((embed_one(engine, p) for p in paths), len(paths)))))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_start_worker, initargs=(factory,)) as pool:
        results = pool.map(_embed_in_worker, paths, chunksize=8)
        # list(): the progress wrapper runs to its end (a bar at 100 %, a last callback).
        return dict(zip(names, list(progress(iter(results), len(paths)))))


def evaluate(
    engine: FaceEngine, pairs: list[Pair], images: Path, threshold: float, *,
    progress: Progress = lambda it, total: it, workers: int = 1,
    factory: Callable[[], FaceEngine] | None = None,
) -> EvalReport:
    """Embed each distinct image once, score every pair, and count what could not be extracted."""
    names = sorted({p.image_a for p in pairs} | {p.image_b for p in pairs})
    embedded = embed_images(engine, images, names, workers=workers, factory=factory, progress=progress)
    failures = [{"image": n, "reason": e.reason} for n, e in embedded.items() if e.embedding is None]

    scored: list[tuple[Pair, float, float]] = []
    for p in pairs:
        a, b = embedded[p.image_a].embedding, embedded[p.image_b].embedding
        if a is not None and b is not None:
            sim, dist = compare(a, b)
            scored.append((p, sim, dist))

    def split(items: list[tuple[Pair, float, float]]) -> tuple[np.ndarray, np.ndarray]:
        return (np.array([s for p, s, _ in items if p.same]), np.array([s for p, s, _ in items if not p.same]))

    overall = rates(*split(scored), threshold)
    report = EvalReport(engine.name, threshold, overall, failures, images=len(names),
                        pairs_not_scored=len(pairs) - len(scored))
    report.scores = [{"image_a": p.image_a, "image_b": p.image_b, "same": p.same, "group": p.group,
                      "similarity": round(s, 4), "distance": round(d, 4)} for p, s, d in scored]
    report.conditions = by_condition(scored, embedded, threshold)
    group_names = sorted({p.group for p in pairs if p.group})
    if group_names:
        for g in group_names:
            report.groups[g] = rates(*split([t for t in scored if t[0].group == g]), threshold)
        report.fmr_ratio = largest_ratio([r.fmr for r in report.groups.values()])
        report.fnmr_ratio = largest_ratio([r.fnmr for r in report.groups.values()])
    return report


# Bins for the capture conditions that the quality gate limits (quality.QualityPolicy).
CONDITION_BINS: dict[str, tuple[float, ...]] = {
    "inter_ocular_px": (0, 20, 25, 30, 35, 40, 50, 60, 80, 10_000),
    "brightness": (0, 30, 45, 55, 70, 90, 130, 170, 210, 256),
}


def by_condition(scored: list[tuple[Pair, float, float]], embedded: dict[str, Embedded],
                 threshold: float) -> dict[str, list[dict[str, object]]]:
    """FNMR and FMR at the threshold by the worse image of each pair (smaller face, darker face):
    where accuracy collapses is where the quality gate must refuse."""
    out: dict[str, list[dict[str, object]]] = {}
    for metric, edges in CONDITION_BINS.items():
        rows: list[dict[str, object]] = []
        worst = [min(embedded[p.image_a].metrics.get(metric, np.nan), embedded[p.image_b].metrics.get(metric, np.nan))
                 for p, _, _ in scored]
        for low, high in zip(edges, edges[1:]):
            inside = [(p.same, s) for (p, s, _), w in zip(scored, worst) if low <= w < high]
            gen = np.array([s for same, s in inside if same])
            imp = np.array([s for same, s in inside if not same])
            if not inside:
                continue
            fmr, fnmr = fmr_fnmr(gen, imp, threshold)
            rows.append({"from": low, "to": high, "genuine": int(gen.size), "impostor": int(imp.size),
                         "fnmr": fnmr, "fmr": fmr})
        out[metric] = rows
    return out


def format_report(report: EvalReport) -> str:
    r = report.overall
    lines = [
        f"engine                 {report.engine}",
        f"operating threshold    {report.threshold:.3f} (similarity)",
        "protocol               one photo against one photo (a kiosk verifies fused frames against a "
        "3-capture template: see docs/vision.md)",
        f"pairs scored           {r.pairs} ({r.genuine} genuine, {r.impostor} impostor)",
        f"failures to extract    {len(report.failures)} of {report.images} images "
        f"({percent(report.failure_to_extract_rate)}); {report.pairs_not_scored} pairs not scored",
    ]
    shown = report.failures[:20]
    lines += [f"  - {f['image']}: {f['reason']}" for f in shown]
    if len(report.failures) > len(shown):
        lines.append(f"  ... and {len(report.failures) - len(shown)} more (--json lists them all)")
    lines += [
        f"FMR at threshold       {percent(r.fmr)}",
        f"FNMR at threshold      {percent(r.fnmr)}",
        f"EER                    {percent(r.eer)}"
        + (f" (at {r.eer_threshold:.3f})" if r.eer_threshold is not None else ""),
    ]
    for target, at in r.fnmr_at_fmr.items():
        fnmr, at_threshold = at["fnmr"], at["threshold"]
        value = (f"{percent(fnmr)} (threshold {at_threshold:.3f})"
                 if isinstance(fnmr, float) and isinstance(at_threshold, float) else f"n/a: {at['note']}")
        lines.append(f"FNMR at FMR={target:<6}    {value}")
    if r.impostor and r.fmr == 0:
        lines.append(f"note: no false match in {r.impostor} impostor pairs bounds FMR below "
                     f"{percent(3 / r.impostor)} (95%); more pairs give a tighter bound")
    for metric, rows in report.conditions.items():
        lines.append(f"by {metric} of the pair's worse image   genuine  FNMR     impostor  FMR")
        for row in rows:
            lines.append(f"  {row['from']:>5g} - {row['to']:<8g}                 {row['genuine']:<8} "
                         f"{percent(row['fnmr']):<8} {row['impostor']:<9} {percent(row['fmr'])}")  # type: ignore[arg-type]  # the row's rates are floats or None; its dict is typed as object
    if report.groups:
        lines.append("per group               pairs   FMR       FNMR")
        for name, g in report.groups.items():
            lines.append(f"  {name:<22} {g.pairs:<7} {percent(g.fmr):<9} {percent(g.fnmr)}")
        why = "one group only" if len(report.groups) < 2 else "a group has rate 0"
        ratio = lambda v: f"n/a ({why})" if v is None else f"{v:.2f}"  # noqa: E731
        lines.append(f"largest FMR ratio between groups   {ratio(report.fmr_ratio)}")
        lines.append(f"largest FNMR ratio between groups  {ratio(report.fnmr_ratio)}")
    return "\n".join(lines)


def plot(report: EvalReport, det_path: Path) -> Path:
    """Write the DET curve, and a score histogram beside it (<name>-hist.png)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from pos_app.vision.metrics import det_curve

    gen = np.array([s["similarity"] for s in report.scores if s["same"]], dtype=float)
    imp = np.array([s["similarity"] for s in report.scores if not s["same"]], dtype=float)
    _, fmr, fnmr = det_curve(gen, imp)
    # A rate of zero has no place on a log axis: draw it at half the smallest measurable rate.
    fmr_floor, fnmr_floor = 0.5 / max(1, len(imp)), 0.5 / max(1, len(gen))
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.plot(np.maximum(fmr, fmr_floor), np.maximum(fnmr, fnmr_floor), drawstyle="steps-post", label=report.engine)
    r = report.overall
    if r.fmr is not None and r.fnmr is not None:
        ax.plot([max(r.fmr, fmr_floor)], [max(r.fnmr, fnmr_floor)], "o", color="k",
                label=f"operating point (threshold {report.threshold:.3f})")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel(f"False match rate (FMR); 0 drawn at {fmr_floor:.1g}")
    ax.set_ylabel(f"False non-match rate (FNMR); 0 drawn at {fnmr_floor:.1g}")
    ax.set_title(f"DET curve, {len(gen)} genuine / {len(imp)} impostor pairs")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    det_path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(det_path, dpi=110)
    plt.close(fig)

    hist_path = det_path.with_name(det_path.stem + "-hist.png")
    fig, ax = plt.subplots(figsize=(6, 4))
    bins = [i / 50 for i in range(51)]
    ax.hist(imp, bins=bins, alpha=0.6, label="impostor (different people)")
    ax.hist(gen, bins=bins, alpha=0.6, label="genuine (same person)")
    ax.axvline(report.threshold, color="k", linestyle="--", label=f"threshold {report.threshold:.3f}")
    ax.set_xlabel("Similarity")
    ax.set_ylabel("Pairs")
    ax.legend()
    fig.tight_layout()
    fig.savefig(hist_path, dpi=110)
    plt.close(fig)
    return hist_path


def save_last(report: EvalReport, folder: Path, pairs_file: str = "") -> Path:
    """Keep the latest evaluation of an engine, so the settings screen can say what a threshold
    means in FMR and FNMR. It holds scores and file names of the labelled set, no face data."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / f"last-{report.engine}.json"
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(report.to_json() | {"pairs_file": pairs_file}, default=str), encoding="utf-8")
    partial.replace(path)
    return path


@dataclass(frozen=True)
class LastEvaluation:
    engine: str
    pairs_file: str
    genuine: np.ndarray
    impostor: np.ndarray

    def rates_at(self, threshold: float) -> tuple[float | None, float | None]:
        """(FMR, FNMR) this evaluation would have measured at ``threshold``."""
        from pos_app.vision.metrics import fmr_fnmr

        return fmr_fnmr(self.genuine, self.impostor, threshold)


def load_last(folder: Path, engine: str) -> LastEvaluation | None:
    path = folder / f"last-{engine}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        scores = data["scores"]
        gen = np.array([float(s["similarity"]) for s in scores if s["same"]])
        imp = np.array([float(s["similarity"]) for s in scores if not s["same"]])
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None  # unreadable: as if never run; the screen offers to run it again
    return LastEvaluation(engine, str(data.get("pairs_file", "")), gen, imp)


@dataclass(frozen=True)
class ReleaseEvaluation:
    """The evaluation shipped with this release that set the engine's default threshold
    (resources/evaluation/<engine>.json, made by benchmarks/verification_study.py)."""

    engine: str
    threshold: float
    target_fmr: float
    dataset: str
    protocol: str
    genuine_hist: np.ndarray
    impostor_hist: np.ndarray

    @property
    def genuine(self) -> int:
        return int(self.genuine_hist.sum())

    @property
    def impostor(self) -> int:
        return int(self.impostor_hist.sum())

    def rates_at(self, threshold: float) -> tuple[float, float]:
        """(FMR, FNMR) at a threshold, exact to 0.001 (the histograms' width: scores were floored)."""
        first = int(np.ceil(round(threshold * 1000, 6)))
        return (float(self.impostor_hist[first:].sum() / self.impostor),
                float(self.genuine_hist[:first].sum() / self.genuine))


def release_evaluation(engine: str) -> ReleaseEvaluation | None:
    from facepay_resources import resource

    path = resource("evaluation", f"{engine}.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        hist = data["histogram"]
        return ReleaseEvaluation(engine, float(data["threshold"]), float(data["target_fmr"]), str(data["dataset"]),
                                 str(data["protocol"]), np.asarray(hist["genuine"], dtype=np.int64),
                                 np.asarray(hist["impostor"], dtype=np.int64))
    except FileNotFoundError:
        return None  # an engine without one (InsightFace: no pack could be evaluated here)
