"""`facepay db`, `facepay operator` and `facepay audit`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pos_app.cli.context import cli_actor, open_database, print_json, read_pin, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    db = sub.add_parser("db", help="database schema").add_subparsers(dest="db_command", required=True)
    up = db.add_parser("upgrade", help="create or migrate the database schema to this version")
    up.set_defaults(handler=cmd_db_upgrade)
    cur = db.add_parser("current", help="print the schema revision the database is at")
    cur.set_defaults(handler=cmd_db_current)
    down = db.add_parser("downgrade", help="go back to an earlier schema revision (rolling back an upgrade)")
    down.add_argument("revision")
    down.set_defaults(handler=cmd_db_downgrade)
    bak = db.add_parser("backup", help="copy the SQLite database file consistently")
    bak.add_argument("out", type=Path)
    bak.set_defaults(handler=cmd_db_backup)

    op = sub.add_parser("operator", help="cashiers, managers and admins").add_subparsers(
        dest="op_command", required=True)
    add = op.add_parser("add", help="add an operator; asks for the PIN twice")
    add.add_argument("username")
    add.add_argument("--role", required=True, help="cashier, manager or admin")
    add.add_argument("--name", default="", help="display name (default: the username)")
    add.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input (scripts)")
    add.set_defaults(handler=cmd_operator_add)
    lst = op.add_parser("list", help="list operators")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_operator_list)
    dis = op.add_parser("disable", help="stop an operator from logging in (kept for the audit trail)")
    dis.add_argument("username")
    dis.set_defaults(handler=cmd_operator_disable)
    unl = op.add_parser("unlock", help="lift a lockout after wrong PINs, once a manager has confirmed who it is")
    unl.add_argument("username")
    unl.add_argument("--by", required=True, metavar="MANAGER", help="the manager who confirms it (asked for their PIN)")
    unl.add_argument("--pin-stdin", action="store_true", help="read the manager's PIN from standard input")
    unl.set_defaults(handler=cmd_operator_unlock)

    cfg = sub.add_parser("config", help="the settings file").add_subparsers(dest="config_command", required=True)
    cset = cfg.add_parser("set", help="set settings in a TOML file, validated and escaped (the installer uses it)")
    cset.add_argument("--file", type=Path, required=True, help="the settings file to write (created 0600 if missing)")
    cset.add_argument("pairs", nargs="+", metavar="NAME=VALUE")
    cset.set_defaults(handler=cmd_config_set)

    au = sub.add_parser("audit", help="the audit trail").add_subparsers(dest="audit_command", required=True)
    ver = au.add_parser("verify", help="check the hash chain; exits 1 at the first broken event")
    ver.add_argument("--json", action="store_true")
    ver.set_defaults(handler=cmd_audit_verify)
    anc = au.add_parser("anchor", help="record a keyed checkpoint of the audit chain now (every Z report takes one)")
    anc.add_argument("--reason", default="manual")
    anc.set_defaults(handler=cmd_audit_anchor)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    from pos_app import __version__
    from pos_app.l10n_no.journal import record_software

    settings = settings_from(args)
    db = open_database(settings, require_schema=False)
    before = db.current_revision()
    db.upgrade()
    after = db.current_revision()
    record_software(db, __version__, terminal=settings.register_name)  # the journal's 13007
    from pos_app.assembly import attach_signer

    attach_signer(db, settings, create=True)  # the SAF-T signing key, made once and journaled (13999)
    if before == after:
        print(f"database {db.safe_url} is already at {after}")
    else:
        print(f"database {db.safe_url} upgraded from {before or 'empty'} to {after}")
    return 0


def cmd_db_current(args: argparse.Namespace) -> int:
    db = open_database(settings_from(args), require_schema=False)
    print(db.current_revision() or "empty")
    return 0


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    from pos_app import __version__
    from pos_app.l10n_no import journal

    settings = settings_from(args)
    db = open_database(settings, require_schema=False)
    before = db.current_revision()
    db.downgrade(args.revision)  # refused before anything changes when it would drop legal records
    if "audit_events" in db.table_names():  # the software change back, journaled (13007)
        with db.session() as s:
            journal.record(s, "software.update", actor="installer", terminal=settings.register_name,
                           after={"version": __version__, "schema_from": before, "schema_to": args.revision})
    print(f"database {db.safe_url} went back from {before} to {db.current_revision() or 'empty'}")
    return 0


def cmd_db_backup(args: argparse.Namespace) -> int:
    db = open_database(settings_from(args), require_schema=False)
    print(f"backed up to {db.backup(args.out)}")
    return 0


def cmd_config_set(args: argparse.Namespace) -> int:
    """Values are written as TOML strings by a TOML-aware writer, never pasted into the file: a
    quote or a line break in a bank key cannot add a setting of its own."""
    from pos_app.core.config import save_settings

    changes = {}
    for pair in args.pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise InvalidInput(f"{pair!r} is not NAME=VALUE")
        changes[name.strip()] = value
    save_settings(args.file, changes)
    print(f"wrote {', '.join(changes)} to {args.file}")
    return 0


def cmd_operator_add(args: argparse.Namespace) -> int:
    from pos_app.core import operators

    settings = settings_from(args)
    db = open_database(settings)
    info = operators.add_operator(db, username=args.username, display_name=args.name, role=args.role,
                                  secret=read_pin(args.pin_stdin), actor=cli_actor(),
                                  pin_min_digits=settings.pin_min_digits)
    print(f"added {info.role} {info.username} ({info.id})")
    return 0


def cmd_operator_list(args: argparse.Namespace) -> int:
    from pos_app.core import operators

    rows = operators.list_operators(open_database(settings_from(args)))
    if args.json:
        print_json([{"id": r.id, "username": r.username, "name": r.display_name, "role": r.role.value,
                     "disabled": r.disabled, "locked_until": r.locked_until} for r in rows])
        return 0
    if not rows:
        print("no operators yet; add one with: facepay operator add NAME --role admin")
    for r in rows:
        status = "disabled" if r.disabled else ("locked" if r.locked_until else "active")
        print(f"{r.username:<20} {r.role.value:<8} {status:<9} {r.display_name}")
    return 0


def cmd_operator_unlock(args: argparse.Namespace) -> int:
    from pos_app.core import operators
    from pos_app.core.permissions import Permission

    db = open_database(settings_from(args))
    manager = operators.authenticate(db, args.by, read_pin(args.pin_stdin), terminal="cli")
    manager.require(Permission.UNLOCK_OPERATOR)
    info = operators.unlock_operator(db, args.username, actor=manager.username, terminal="cli")
    print(f"operator {info.username} is unlocked (by {manager.username})")
    return 0


def cmd_operator_disable(args: argparse.Namespace) -> int:
    from pos_app.core import operators

    info = operators.disable_operator(open_database(settings_from(args)), args.username, actor=cli_actor())
    print(f"operator {info.username} is disabled")
    return 0


def cmd_audit_anchor(args: argparse.Namespace) -> int:
    from pos_app.core import audit
    from pos_app.flows.store_admin import anchor_key

    settings = settings_from(args)
    key = anchor_key(settings)
    if key is None:
        raise InvalidInput(f"no key file at {settings.key_path}: anchors are keyed by it",
                           hint="create one with: facepay keys init")
    db = open_database(settings)
    with db.session() as s:
        made = audit.anchor(s, key, reason=args.reason)
    print(f"audit anchor {made.short}")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from pos_app.core import audit
    from pos_app.flows.store_admin import anchor_key

    settings = settings_from(args)
    db = open_database(settings)
    from pos_app.l10n_no.day_report import check_records

    schema = db.current_revision()
    with db.session() as s:
        report = audit.verify_chain(s, anchor_key(settings))
        if report.ok and (problem := check_records(s, anchors_checked=report.anchors_checked, schema=schema)):
            report = audit.ChainReport(False, report.events, report.head_hash, None, problem)
    if args.json:
        last = report.last_anchor
        print_json({"ok": report.ok, "events": report.events, "head_hash": report.head_hash,
                    "first_bad_seq": report.first_bad_seq, "problem": report.problem,
                    "anchors_checked": report.anchors_checked, "anchors": report.anchors,
                    "last_anchor": last.short if last else None})
    else:
        print(report.line(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1
