"""`facepay report x|z`: a day's takings (X), or the day closed with its cash counts (Z)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from pos_app.cli.context import open_database, print_json, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="X or Z report of a day's takings")
    p.add_argument("kind", choices=("x", "z"))
    p.add_argument("--date", help="the day, YYYY-MM-DD (default: today, local time)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--pdf", type=Path, metavar="FILE", help="write the report as a PDF")
    p.set_defaults(handler=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from pos_app.core.takings import build_report, write_report_pdf

    try:
        day = date.fromisoformat(args.date) if args.date else date.today()
    except ValueError:
        raise InvalidInput(f"--date {args.date!r} is not a date like 2026-11-26") from None
    from pos_app.cli.context import cli_actor, cli_language
    from pos_app.core.takings import chain_head
    from pos_app.core.terminals import ensure_terminal
    from pos_app.flows.cash_register import CashRegister

    settings = settings_from(args)
    db = open_database(settings)
    if args.kind == "z" and day != date.today():
        raise InvalidInput("a Z report closes today's takings; for another day use: facepay report x --date DAY")
    report = build_report(db, args.kind, day, settings.currency)
    if args.kind == "z":
        # The register's legal Z, taken the one way every screen takes it; this summary shows its anchor.
        legal = CashRegister(db, settings, ensure_terminal(db, settings.register_name, "register")).report(cli_actor(), "z")
        report.audit_anchor, report.audit_head = legal[0].anchor, chain_head(db)
    if args.json:
        print_json(report.as_dict())
    elif args.pdf:
        print(f"wrote {write_report_pdf(report, args.pdf, cli_language(args))}")
    else:
        print("\n".join(report.lines(cli_language(args))))
    return 0
