"""`facepay doctor`: one line per check, OK or FAIL with a hint; exit 1 if anything failed."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.cli.context import print_json, settings_from
from pos_app.core.config import default_config_path
from pos_app.core.errors import FacePayError, InvalidInput

if TYPE_CHECKING:  # the checks import much; `facepay --help` must not
    from pos_app.health import Check


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("doctor", help="check config, database, models, camera and bank")
    p.add_argument("--json", action="store_true")
    p.add_argument("--skip", default="", metavar="CHECKS",
                   help="comma-separated checks to leave out, e.g. camera,bank (an installer on a headless PC)")
    p.add_argument("--support-bundle", type=Path, metavar="OUT.zip",
                   help="also write a zip for a support request: redacted config, versions, checks, recent logs")
    p.set_defaults(handler=cmd_doctor)


def run_checks(args: argparse.Namespace) -> list[Check]:
    from pos_app.health import Check
    from pos_app.health import run_all

    try:
        settings = settings_from(args)
    except FacePayError as exc:
        return [Check("config", False, str(exc), exc.hint or "fix the config file or FACEPAY_* variables")]
    path = Path(args.config or os.environ.get("FACEPAY_CONFIG") or default_config_path())
    return run_all(settings, str(path) if path.exists() else f"none at {path}, defaults used")


def cmd_doctor(args: argparse.Namespace) -> int:
    from pos_app.health import CHECK_NAMES

    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    unknown = skip - set(CHECK_NAMES)
    if unknown:
        raise InvalidInput(f"unknown check(s) {', '.join(sorted(unknown))}; choose from {', '.join(CHECK_NAMES)}")
    checks = [c for c in run_checks(args) if c.name not in skip]
    if args.support_bundle:
        from pos_app.cli.support import write_bundle

        try:
            settings = settings_from(args)
        except FacePayError:
            settings = None
        path = write_bundle(args.support_bundle, settings, checks)
        print(f"support bundle: {path}", file=sys.stderr)
    if args.json:
        print_json([{"check": c.name, "ok": c.ok, "detail": c.detail, "hint": c.hint} for c in checks])
    else:
        for c in checks:
            print(c.line())
    return 0 if all(c.ok for c in checks) else 1
