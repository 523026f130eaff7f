"""`facepay report x|z`: a day's takings (X), or the day closed with its cash counts (Z)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pos_app.cli.context import open_database, print_json, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="X or Z report of a day's takings")
    p.add_argument("kind", choices=("x", "z"))
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: today, local time)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--pdf", type=Path, metavar="FILE", help="write the report as a PDF")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from pos_app.core.reports import build_report, write_report_pdf

    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise InvalidInput(f"--date {args.date!r} is not a date like 2026-11-26") from None
    from pos_app.cli.context import cli_actor, cli_language
    from pos_app.core.reports import close_day_in_audit
    from pos_app.flows.store_admin import anchor_key

    settings = settings_from(args)
    db = open_database(settings)
    report = build_report(db, args.kind, day, settings.currency)
    if args.kind == "z":
        close_day_in_audit(db, report, actor=cli_actor(), terminal=settings.register_name,
                           audit_key=anchor_key(settings))
    if args.json:
        print_json(report.as_dict())
    elif args.pdf:
        print(f"wrote {write_report_pdf(report, args.pdf, cli_language(args))}")
    else:
        print("\n".join(report.lines(cli_language(args))))
    return 0
