"""`facepay` command line. Each subcommand module registers itself; errors become one line."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Callable, Sequence

from pos_app import __version__
from pos_app.core.errors import FacePayError

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    from pos_app.cli import (
        admin_cmds,
        article_cmds,
        bank_cmds,
        checkout_cmds,
        customer_cmds,
        doctor,
        liveness_cmds,
        models_cmds,
        register_cmds,
        report_cmds,
        sale_cmds,
        speech_cmds,
        ui_cmds,
        vision_cmds,
    )

    parser = argparse.ArgumentParser(prog="facepay", description="FacePay face-payment kiosk")
    parser.add_argument("--version", action="version", version=f"facepay {__version__}")
    _global_flags(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    admin_cmds.register(sub)
    doctor.register(sub)
    vision_cmds.register(sub)
    customer_cmds.register(sub)
    bank_cmds.register(sub)
    models_cmds.register(sub)
    liveness_cmds.register(sub)
    checkout_cmds.register(sub)
    ui_cmds.register(sub)
    sale_cmds.register(sub)
    report_cmds.register(sub)
    register_cmds.register(sub)
    article_cmds.register(sub)
    speech_cmds.register(sub)
    _everywhere(parser)
    return parser


GLOBAL_FLAGS: tuple[tuple[str, dict[str, object]], ...] = (
    ("--config", {"metavar": "PATH", "help": "settings file (TOML); default: the platform config dir"}),
    ("--db", {"dest": "db_url", "metavar": "URL", "help": "database URL (sqlite:///… or postgresql://…)"}),
    ("--data-dir", {"metavar": "DIR", "help": "where the database file, keys and logs live"}),
    ("--engine", {"help": "face engine: sface (default), dlib or insightface"}),
    ("--camera", {"help": "camera index, video file or folder of images"}),
    ("--bank-url", {"metavar": "URL", "help": "base URL of the bank API"}),
    ("--language", {"choices": ("nb", "en"), "help": "the language of this command's output (default: the locale's)"}),
)


def _global_flags(parser: argparse.ArgumentParser, default: object) -> None:
    """The flags every command takes; accepted before the command and after it. A subcommand
    that means something else by one (the bank's own --db) keeps its own."""
    for flag, options in GLOBAL_FLAGS:
        if flag not in parser._option_string_actions:
            parser.add_argument(flag, default=default, **options)  # type: ignore[arg-type]  # argparse's keyword options, from a table of them


def _everywhere(parser: argparse.ArgumentParser) -> None:
    """Give every subcommand the global flags too (`facepay checkout --camera x.mp4` works as well
    as `facepay --camera x.mp4 checkout`); SUPPRESS keeps a flag given before the command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _global_flags(child, argparse.SUPPRESS)
                _everywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except FacePayError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        print(f"facepay: {exc}{hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("facepay: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`facepay export ... | head`): not an error of ours. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # noqa: BLE001 - a last line of defence, see FACEPAY_DEBUG
        if os.environ.get("FACEPAY_DEBUG"):
            raise
        print(f"facepay: internal error: {type(exc).__name__}: {exc} (set FACEPAY_DEBUG=1 for details)",
              file=sys.stderr)
        return 70


if __name__ == "__main__":
    raise SystemExit(main())
