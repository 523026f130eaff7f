"""`facepay eval` and `facepay bench`."""

from __future__ import annotations

import argparse
import os
import sys
from functools import partial
from pathlib import Path

from pos_app.cli.context import print_json, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("eval", help="error rates of the face engine on labelled pairs")
    ev.add_argument("--pairs", required=True, type=Path, help="CSV: image_a,image_b,label[,group]")
    ev.add_argument("--images", required=True, type=Path, help="folder the image paths are relative to")
    ev.add_argument("--threshold", type=float, help="similarity threshold (default: the engine's setting)")
    ev.add_argument("--plot", type=Path, metavar="DET.png", help="write the DET curve (and DET-hist.png)")
    ev.add_argument("--workers", type=int, default=default_workers(),
                    help="processes that embed images in parallel (default: one per core, at most 4)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=cmd_eval)

    be = sub.add_parser("bench", help="speed and memory of the face engine on this machine")
    be.add_argument("--image", type=Path, help="a photo with one clear face (default: a bundled portrait)")
    be.add_argument("--runs", type=int, default=30)
    be.add_argument("--json", action="store_true")
    be.set_defaults(handler=cmd_bench)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


def _progress(items, total: int):
    from tqdm import tqdm

    # disable=None: a bar on a terminal, silence in a pipe or a log.
    return tqdm(items, total=total, desc="embedding images", unit="img", disable=None, file=sys.stderr)


def cmd_eval(args: argparse.Namespace) -> int:
    from pos_app.vision.engine import create_engine
    from pos_app.vision.evaluation import evaluate, format_report, plot, read_pairs, save_last

    settings = settings_from(args)
    if not args.images.is_dir():
        raise InvalidInput(f"image folder {args.images} does not exist")
    threshold = settings.match_threshold if args.threshold is None else args.threshold
    if not 0 < threshold < 1:
        raise InvalidInput(f"threshold {threshold} must be between 0 and 1")
    if args.workers < 1:
        raise InvalidInput("--workers must be at least 1")
    pairs = read_pairs(args.pairs)
    factory = partial(create_engine, settings.engine, models_dir=str(settings.models_path))
    report = evaluate(factory(), pairs, args.images, threshold, progress=_progress, workers=args.workers,
                      factory=factory)
    # The settings screen reads the last run to show what each threshold means.
    save_last(report, settings.data_dir / "evaluations", str(args.pairs))
    hist = plot(report, args.plot) if args.plot else None
    if args.json:
        print_json(report.to_json() | ({"det_plot": str(args.plot), "histogram": str(hist)} if hist else {}))
    else:
        print(format_report(report))
        if hist:
            print(f"DET curve: {args.plot}\nhistogram: {hist}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from pos_app.assembly import face_engine
    from pos_app.vision.bench import default_bench_image, format_bench, run_bench

    settings = settings_from(args)
    if args.runs < 1:
        raise InvalidInput("--runs must be at least 1")
    engine = face_engine(settings)
    result = run_bench(engine, args.image or default_bench_image(), runs=args.runs,
                       threshold=settings.match_threshold)
    if args.json:
        print_json(result)
    else:
        print(format_bench(result))
    return 0
