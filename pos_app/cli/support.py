"""`facepay doctor --support-bundle out.zip`: what a support person needs and nothing more:
the settings with secrets hidden, versions, the doctor's checks and the recent (redacted) logs.
No database, no key file, no template, no image."""

from __future__ import annotations

import importlib.metadata
import json
import platform
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pos_app import __version__
from pos_app.core.config import Settings
from pos_app.core.errors import InvalidInput
from pos_app.logs import recent_lines, redact

PACKAGES = ("PySide6-Essentials", "opencv-python-headless", "dlib-bin", "onnxruntime", "SQLAlchemy", "alembic",
            "cryptography", "httpx", "fastapi", "uvicorn", "numpy")


def versions() -> dict[str, str]:
    out = {"facepay": __version__, "python": sys.version.split()[0], "platform": platform.platform(),
           "frozen": str(bool(getattr(sys, "frozen", False)))}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def write_bundle(path: Path, settings: Settings | None, checks: list[Any]) -> Path:
    if path.suffix.lower() != ".zip":
        raise InvalidInput(f"a support bundle is a .zip file, not {path.name}")
    config = {k: redact(v) for k, v in settings.redacted().items()} if settings else {"error": "settings invalid"}
    doctor = [{"check": c.name, "ok": c.ok, "detail": redact(c.detail), "hint": c.hint} for c in checks]
    logs = recent_lines(settings.data_dir) if settings else []
    readme = ("FacePay support bundle, made " + datetime.now(timezone.utc).isoformat(timespec="seconds") +
              "\nconfig.json: settings (passwords and keys hidden)\nversions.json\ndoctor.json\n"
              "facepay.log: the newest log lines (JSON lines, secrets masked)\n")
    from pos_app.core.files import write_private

    def write(fh) -> None:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as z:
            z.writestr("README.txt", readme)
            z.writestr("config.json", json.dumps(config, indent=2, sort_keys=True))
            z.writestr("versions.json", json.dumps(versions(), indent=2, sort_keys=True))
            z.writestr("doctor.json", json.dumps(doctor, indent=2))
            z.writestr("facepay.log", "\n".join(logs) + ("\n" if logs else ""))

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, write)
    except OSError as exc:
        raise InvalidInput(f"cannot write the support bundle {path}: {exc.strerror or exc}") from None
    return path
