"""`facepay register report|journal` and `facepay saft export|key`: the cash-register rules from
the command line (docs/cash-register.md). Like every `facepay` command they run as the machine's
administrator; the screens check the signed-in operator's role."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from pos_app.cli.context import cli_actor, open_database, print_json, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    reg = sub.add_parser("register", help="the register's legal X/Z reports and its electronic journal").add_subparsers(
        dest="register_cmd", required=True)
    report = reg.add_parser("report", help="the register's X report, or its Z report (once a day; closes the period)")
    report.add_argument("kind", choices=("x", "z"))
    report.add_argument("--json", action="store_true")
    report.set_defaults(handler=cmd_report)
    jour = reg.add_parser("journal", help="the electronic journal with each event's 13xxx code")
    jour.add_argument("--all", action="store_true", help="every terminal, not only this register")
    jour.add_argument("--json", action="store_true")
    jour.add_argument("--print", action="store_true", help="print the register's journal on its receipt printer")
    jour.add_argument("--from", dest="start", metavar="DATE", help="first day (Oslo), YYYY-MM-DD; with --print")
    jour.add_argument("--to", dest="end", metavar="DATE", help="last day (Oslo), YYYY-MM-DD; with --print")
    jour.set_defaults(handler=cmd_journal)

    saft = sub.add_parser("saft", help="the SAF-T Cash Register export for the Tax Administration").add_subparsers(
        dest="saft_cmd", required=True)
    export = saft.add_parser("export", help="write the SAF-T Cash Register file for a span of days")
    export.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day, YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day, YYYY-MM-DD")
    export.add_argument("--out", type=Path, required=True, metavar="PATH",
                        help="a folder (the file gets the standard's name) or a file")
    # Who the register's screen says asked for it (it runs this in a process of its own); a shell
    # user is journaled as themselves.
    export.add_argument("--actor", help=argparse.SUPPRESS)
    export.set_defaults(handler=cmd_export)
    key = saft.add_parser("key", help="the signing key's public half and version (made on first use)")
    key.add_argument("--new-version", action="store_true",
                     help="make the next key version (after a lost key); the change is journaled")
    key.add_argument("--all", action="store_true", help="print every key version's public key")
    key.set_defaults(handler=cmd_key)


def _day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{flag} {text!r} is not a date like 2026-11-28") from None


def _register(args: argparse.Namespace):
    from pos_app.core.terminals import ensure_terminal
    from pos_app.flows.cash_register import CashRegister

    settings = settings_from(args)
    db = open_database(settings)
    return CashRegister(db, settings, ensure_terminal(db, settings.register_name, "register"))


def cmd_report(args: argparse.Namespace) -> int:
    from pos_app.l10n_no.printout import plain
    from pos_app.l10n_no.day_report import report_lines

    reg = _register(args)
    report, printed, json_path, pdf = reg.report(cli_actor(), args.kind)
    if args.json:
        print_json({**report.as_dict(), "json": str(json_path), "pdf": str(pdf), "printed": printed.ok,
                    "printer_problem": printed.problem})
    else:
        print("\n".join(plain(report_lines(report))))
        print(f"\nwrote {json_path} and {pdf}" + ("" if printed.ok else f"; not printed: {printed.problem}"))
    return 0


def cmd_journal(args: argparse.Namespace) -> int:
    from pos_app.l10n_no import journal
    from pos_app.core.timezone import oslo

    settings = settings_from(args)
    if args.print:
        today = date.today().isoformat()
        start, end = _day(args.start or today, "--from"), _day(args.end or args.start or today, "--to")
        printed = _register(args).print_journal(cli_actor(), start, end)
        if not printed.ok:
            raise InvalidInput(f"the journal was not printed: {printed.problem}")
        print(f"printed the journal of {settings.register_name}, {start} to {end}")
        return 0
    db = open_database(settings)
    rows = journal.entries(db, terminal="" if args.all else settings.register_name)
    if args.json:
        print_json([{"seq": e.seq, "at": e.at, "code": e.code.predefined, "type": e.code.basic_id, "actor": e.actor,
                     "terminal": e.terminal, "data": e.data} for e in rows])
    else:
        for e in rows:
            print(f"{e.seq:>7} {oslo(e.at):%Y-%m-%d %H:%M:%S} {e.code.predefined} {e.code.basic_id:<12} "
                  f"{e.terminal:<12} {e.actor}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    if end < start:
        raise InvalidInput(f"--to {end} is before --from {start}")
    if not args.out.is_dir() and args.out.suffix.lower() != ".xml":
        if args.out.suffix:
            raise InvalidInput(f"--out {args.out} must be a folder or an .xml file")
        try:  # a folder that is not there yet is made, as the file's own folder is
            args.out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(f"cannot make the folder {args.out}: {exc.strerror or exc}") from None
    from tqdm import tqdm

    bar = tqdm(desc="SAF-T", unit="transaction", disable=None, file=sys.stderr)  # a bar on a terminal only

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        actor = f"{args.actor} ({cli_actor()})" if args.actor else cli_actor()
        path = _register(args).saft_export(actor[:64], start, end, args.out, progress=progress)
    finally:
        bar.close()
    print(f"wrote {path}")
    return 0


def cmd_key(args: argparse.Namespace) -> int:
    from pos_app.l10n_no import signing

    settings = settings_from(args)
    db = open_database(settings)
    if not args.new_version:  # made on a database that never had one; refused if not the recorded one
        from pos_app.assembly import attach_signer

        attach_signer(db, settings, create=True)
    if args.new_version:
        key = signing.new_version(db, settings.saft_key_path, actor=cli_actor(), terminal=settings.register_name)
        print(f"made SAF-T signing key version {key.version} at {settings.saft_key_path}; "
              "back it up with the deployment key file")
    elif not isinstance(db.signer, signing.SigningKey):
        raise InvalidInput(f"the SAF-T signing key is missing at {settings.saft_key_path}", hint=signing.LOST_HINT)
    else:
        key = db.signer
        print(f"SAF-T signing key version {key.version} at {settings.saft_key_path}")
    if args.all:
        for version, pem in signing.public_keys(db).items():
            print(f"key version {version}:\n{pem.strip()}")
    else:
        print(key.public_pem.strip())
    return 0
