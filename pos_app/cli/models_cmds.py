"""`facepay models fetch`: install the liveness models, verified against their pinned SHA-256."""

from __future__ import annotations

import argparse
from pathlib import Path

from pos_app.cli.context import settings_from
from pos_app.core.errors import FacePayError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    models = sub.add_parser("models", help="model files").add_subparsers(dest="models_command", required=True)
    fetch = models.add_parser("fetch", help="install the passive liveness models (MiniFASNet, Apache-2.0)")
    fetch.add_argument("--from", dest="source", type=Path, metavar="DIR",
                       help="copy the .pth files from this folder instead of downloading them (offline)")
    fetch.set_defaults(handler=cmd_fetch)


def cmd_fetch(args: argparse.Namespace) -> int:
    from liveness.minifasnet import WeightsError
    from liveness.models import install, load_passive

    settings = settings_from(args)
    try:
        paths = install(settings.models_path, source_dir=args.source)
        load_passive(settings.models_path)  # proves the files convert and load, now rather than at the kiosk
    except WeightsError as exc:
        raise FacePayError(str(exc)) from None
    for path in paths:
        print(f"installed {path} (SHA-256 as pinned)")
    return 0
