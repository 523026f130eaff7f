"""`facepay liveness INPUT`: run the liveness check on a video, an image or a folder of frames."""

from __future__ import annotations

import argparse
from pathlib import Path

from pos_app.cli.context import print_json, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("liveness", help="decide whether INPUT shows a live person: live, spoof or retry")
    p.add_argument("input", help="a video file, an image, or a folder of frames")
    p.add_argument("--challenge", help="the challenges the recording answers, e.g. blink,turn_left")
    p.add_argument("--passive-only", action="store_true", help="only the passive model (no challenge)")
    p.add_argument("--fps", type=float, default=30.0, help="frame rate of a folder of frames")
    p.add_argument("--start", type=_seconds, default=0.0, metavar="SECONDS",
                   help="begin this far into a video or folder of frames (where the shopper faces the camera)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_liveness)


# Exit codes: 0 live; 1 refused or retry; 3 weak evidence, where a kiosk would ask for one more
# turn of the head (a recording cannot answer a turn it does not know of, so none is asked here).
STEP_UP_EXIT = 3


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0.0 <= value <= 3600.0:
        raise argparse.ArgumentTypeError(f"{text} must be 0 to 3600 seconds")
    return value


def _challenges(args: argparse.Namespace, still: bool):
    from liveness.active import Challenge

    if args.passive_only or still:
        return []
    if not args.challenge:
        raise InvalidInput("a recording cannot answer a random challenge: say which it shows with --challenge "
                           "(blink, turn_left, turn_right), or use --passive-only")
    try:
        return [Challenge(c.strip()) for c in args.challenge.split(",") if c.strip()]
    except ValueError:
        raise InvalidInput(f"unknown challenge in {args.challenge!r}; choose from blink, turn_left, turn_right") from None


def cmd_liveness(args: argparse.Namespace) -> int:
    import cv2

    from liveness.active import ActiveConfig
    from pos_app.flows.liveness_check import LivenessCheck
    from pos_app.vision.camera import IMAGE_SUFFIXES, open_source

    settings = settings_from(args)
    source_path = Path(args.input)
    if not source_path.exists():
        raise InvalidInput(f"{args.input} does not exist")
    still = source_path.is_file() and source_path.suffix.lower() in IMAGE_SUFFIXES
    challenges = _challenges(args, still)
    from pos_app.assembly import face_engine, passive_model

    passive = passive_model(settings)
    check = LivenessCheck(face_engine(settings), passive, challenges,
                          settings.liveness_config(),
                          ActiveConfig(timeout_seconds=settings.liveness_timeout_seconds), step_up=False)
    if still:
        from pos_app.vision.images import load_image

        check.feed(load_image(source_path), 0.0)
    else:
        source = open_source(args.input)
        fps = args.fps
        if source_path.is_file():
            fps = cv2.VideoCapture(args.input).get(cv2.CAP_PROP_FPS) or fps
        n = 0
        try:
            while not check.finished and (frame := source.read()) is not None:
                if n / fps >= args.start:
                    check.feed(frame, n / fps)
                n += 1
            if n / fps < args.start:
                raise InvalidInput(f"{args.input} ends at {n / fps:.1f} s, before --start {args.start:g}")
        finally:
            source.close()
    result = check.result()
    if args.json:
        print_json({"decision": result.decision.value, "step_up": result.step_up, "scores": result.scores,
                    "reasons": result.reasons})
    else:
        word = "STEP-UP" if result.step_up else result.decision.value.upper()
        print(word + (": " + "; ".join(result.reasons) if result.reasons else ""))
        if result.step_up:
            print("  (not a refusal: a kiosk would ask for one more turn of the head, a recording cannot answer it)")
        for name, value in result.scores.items():
            print(f"  {name:<20} {value:g}")
    return 0 if result.live else STEP_UP_EXIT if result.step_up else 1
