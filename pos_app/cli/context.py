"""What every subcommand needs: the settings from file, environment and flags, and the database."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

from pos_app.assembly import open_database  # noqa: F401 - the commands open the database as every screen does
from pos_app.core.config import Settings, load_settings
from pos_app.core.errors import InvalidInput

FLAG_SETTINGS = ("db_url", "data_dir", "engine", "camera", "bank_url")


def settings_from(args: argparse.Namespace) -> Settings:
    flags = {name: getattr(args, name, None) for name in FLAG_SETTINGS}
    settings = load_settings(Path(args.config) if args.config else None, flags=flags)
    from pos_app.vision.engine_registry import licence_warning

    if (warning := licence_warning(settings.engine)) and not getattr(args, "_warned", False):
        print(f"facepay: warning: {warning}", file=sys.stderr)
        args._warned = True
    return settings


def cli_language(args: argparse.Namespace) -> str:
    """The language of a command's output: --language, else the locale (nb for a Norwegian one).
    The kiosk's `language` setting is for its screens, not for the command line."""
    import os

    if getattr(args, "language", None):
        return str(args.language)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "nb" if value.split("_")[0].split(".")[0].lower() in ("nb", "no", "nn") else "en"
    return "en"


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "cli"


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, sort_keys=True, default=str)
    sys.stdout.write("\n")


def read_pin(from_stdin: bool) -> str:
    if from_stdin:
        pin = sys.stdin.readline().rstrip("\r\n")
        if not pin:
            raise InvalidInput("no PIN on standard input")
        return pin
    if not sys.stdin.isatty():
        raise InvalidInput("no terminal to ask for the PIN; pass --pin-stdin and pipe it in")
    first = getpass.getpass("PIN: ")
    if getpass.getpass("PIN again: ") != first:
        raise InvalidInput("the two PINs differ; nothing was saved")
    return first


def minor_units(text: str) -> int:
    """An amount in minor units; "12,50" or "12.50" is answered with what to write instead."""
    import argparse as _argparse

    cleaned = text.strip().replace(" ", "")
    if cleaned.isdigit():
        return int(cleaned)
    if any(c in cleaned for c in ",.") and cleaned.replace(",", "").replace(".", "").isdigit():
        whole, _, part = cleaned.replace(",", ".").partition(".")
        suggestion = int(whole or 0) * 100 + int((part + "00")[:2])
        raise _argparse.ArgumentTypeError(f"{text!r}: write the amount in øre (minor units), {suggestion} for {text}")
    raise _argparse.ArgumentTypeError(f"{text!r} is not an amount; write it in øre (minor units), e.g. 12550 for 125,50")
