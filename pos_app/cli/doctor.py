"""`facepay doctor`: one line per check, OK or FAIL with a hint; exit 1 if anything failed."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from pos_app.cli.context import print_json, settings_from
from pos_app.core.config import default_config_path
from pos_app.core.errors import FacePayError
from pos_app.health import Check, run_all


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("doctor", help="check config, database, models, camera and bank")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_doctor)


def run_checks(args: argparse.Namespace) -> list[Check]:
    try:
        settings = settings_from(args)
    except FacePayError as exc:
        return [Check("config", False, str(exc), exc.hint or "fix the config file or FACEPAY_* variables")]
    path = Path(args.config or os.environ.get("FACEPAY_CONFIG") or default_config_path())
    return run_all(settings, str(path) if path.exists() else f"none at {path}, defaults used")


def cmd_doctor(args: argparse.Namespace) -> int:
    checks = run_checks(args)
    if args.json:
        print_json([{"check": c.name, "ok": c.ok, "detail": c.detail, "hint": c.hint} for c in checks])
    else:
        for c in checks:
            print(c.line())
    return 0 if all(c.ok for c in checks) else 1
