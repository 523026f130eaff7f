"""`facepay enroll|verify|erase|export`, `facepay keys init|rotate` and `facepay retention run`."""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING


from pos_app.cli.context import cli_actor, open_database, print_json, read_pin, settings_from
from pos_app.core.config import Settings
from pos_app.core.errors import FacePayError, InvalidInput

if TYPE_CHECKING:  # SQLAlchemy loads when a command opens the database, not for `--help`
    from pos_app.core.db import Database


def register(sub: argparse._SubParsersAction) -> None:
    en = sub.add_parser("enroll", help="enroll a customer from photos (headless, for scripts and bulk use)")
    en.add_argument("--name", required=True, help="the customer's name, as the desk and the receipts show it")
    en.add_argument("--phone", help="needed in store-key mode")
    en.add_argument("--image", action="append", required=True, type=Path,
                    help="a photo of the customer; repeat --image for each, 3 or more (--image a.jpg --image b.jpg ...)")
    en.add_argument("--consent-by", required=True, metavar="OPERATOR",
                    help="the operator who recorded the customer's explicit consent (asks for their PIN)")
    en.add_argument("--consent-language", choices=("nb", "en"), help="language of the consent text shown")
    en.add_argument("--pin-stdin", action="store_true", help="read the operator's PIN from standard input")
    en.add_argument("--pass-out", type=Path, help="where to write the pass (.png or .pdf); needed in shopper-key mode")
    en.add_argument("--bank-account", metavar="ACCT", help="link this bank account; the bank returns a payment token")
    en.add_argument("--json", action="store_true", help="print the result as JSON (customer id, pass file, consent version)")
    en.set_defaults(handler=cmd_enroll)

    ls = sub.add_parser("customers", help="list customers: consent, key mode and the recogniser each is enrolled on")
    ls.add_argument("--search", default="", metavar="TEXT", help="part of a name, phone number or customer id")
    ls.add_argument("--all", action="store_true", help="also withdrawn and erased customers")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_customers)

    ve = sub.add_parser("verify", help="compare a photo with a customer's template")
    who = ve.add_mutually_exclusive_group(required=True)
    who.add_argument("--pass", dest="pass_", metavar="PASS", help="the pass: a PNG/PDF of it, or its scanned text")
    who.add_argument("--customer", metavar="ID", help="store-key mode only")
    ve.add_argument("--image", required=True, type=Path)
    ve.add_argument("--json", action="store_true")
    ve.set_defaults(handler=cmd_verify)

    er = sub.add_parser("erase", help="withdraw consent: crypto-erase a customer's template")
    er.add_argument("--customer", required=True, metavar="ID")
    er.add_argument("--by", required=True, metavar="OPERATOR", help="the desk or a manager (asked for their PIN)")
    er.add_argument("--pin-stdin", action="store_true")
    er.set_defaults(handler=cmd_erase)

    fp = sub.add_parser("face-payment", help="the desk or a manager turns face payment back on for a customer "
                        "or a kiosk it was paused for")
    fp_sub = fp.add_subparsers(dest="face_payment_command", required=True)
    en = fp_sub.add_parser("enable", help="after failed tries face payment pauses for a customer (or a kiosk); "
                           "the desk or a manager sees them and turns it back on (audited)")
    which = en.add_mutually_exclusive_group(required=True)
    which.add_argument("--customer", metavar="ID")
    which.add_argument("--kiosk", metavar="NAME", help="lift a kiosk's pause after failures from several customers")
    en.add_argument("--by", required=True, metavar="OPERATOR", help="a manager or the desk (asked for their PIN)")
    en.add_argument("--pin-stdin", action="store_true")
    en.set_defaults(handler=cmd_face_payment_enable)

    ex = sub.add_parser("export", help="write everything held about a customer as JSON (metadata only)")
    ex.add_argument("--customer", required=True, metavar="ID")
    ex.add_argument("--out", type=Path, help="file to write (default: standard output)")
    ex.add_argument("--by", required=True, metavar="OPERATOR", help="a manager or the desk (asked for their PIN)")
    ex.add_argument("--pin-stdin", action="store_true")
    ex.set_defaults(handler=cmd_export)

    ea = sub.add_parser("erase-all", help="crypto-erase every template and bank link, then destroy the key file "
                        "(uninstalling)")
    ea.add_argument("--confirm", metavar="WORD", help="must be ERASE: this cannot be undone")
    ea.set_defaults(handler=cmd_erase_all)

    keys = sub.add_parser("keys", help="the deployment key file").add_subparsers(dest="keys_command", required=True)
    init = keys.add_parser("init", help="create the key file (mode 0600)")
    init.add_argument("--if-missing", action="store_true", help="succeed quietly if the key file exists")
    init.set_defaults(handler=cmd_keys_init)
    keys.add_parser("rotate", help="re-wrap every store-key template with a new key; resumes if interrupted"
                    ).set_defaults(handler=cmd_keys_rotate)

    rec = sub.add_parser("reconcile", help="settle transactions a crash or lost answer left open, by asking the bank")
    rec.add_argument("--terminal", metavar="NAME",
                     help="whose transactions (default: terminal_name); run with that terminal's bank credentials, "
                          "because the bank answers a terminal about its own payments only")
    rec.add_argument("--json", action="store_true")
    rec.set_defaults(handler=cmd_reconcile)

    ret = sub.add_parser("retention", help="erase templates of inactive customers").add_subparsers(
        dest="retention_command", required=True)
    run = ret.add_parser("run", help="erase templates unused for retention_months")
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=cmd_retention_run)


def _cli_terminal(db: Database) -> tuple[str, str]:
    from pos_app.core.terminals import ensure_terminal

    name = f"cli@{socket.gethostname()}"[:64]
    return ensure_terminal(db, name, "desk"), name


def cmd_enroll(args: argparse.Namespace) -> int:
    from pos_app.assembly import bank_client, face_engine
    from pos_app.core.operators import authenticate
    from pos_app.assembly import key_file
    from pos_app.flows.photo_enrollment import check_pass_path, enroll_from_photos
    from pos_app.vision.matching import same_person_threshold

    settings = settings_from(args)
    db = open_database(settings)
    keys = key_file(settings)
    check_pass_path(settings.key_mode, args.pass_out)  # before the PIN is asked for
    operator = authenticate(db, args.consent_by, read_pin(args.pin_stdin))
    terminal_id, terminal_name = _cli_terminal(db)
    result = enroll_from_photos(
        db, keys, face_engine(settings), operator, name=args.name, phone=args.phone, images=args.image,
        language=args.consent_language or settings.language, key_mode=settings.key_mode,
        same_person=same_person_threshold(settings.engine, settings.match_threshold), terminal_id=terminal_id,
        terminal_name=terminal_name, pass_out=args.pass_out, bank_account=args.bank_account,
        bank=lambda: bank_client(settings))
    if args.json:
        print_json({"customer_id": result.customer_id, "key_mode": result.key_mode,
                    "pass": str(result.pass_path) if result.pass_path else None,
                    "consent_version": result.consent_version})
    else:
        print(f"enrolled customer {result.customer_id}"
              + (f"; pass written to {result.pass_path}" if result.pass_path else ""))
    return 0


def cmd_customers(args: argparse.Namespace) -> int:
    from pos_app.core import customers
    from pos_app.vision.engine_registry import model_id_of, model_label

    settings = settings_from(args)
    db = open_database(settings)
    statuses = ("active", "withdrawn", "erased") if args.all else ("active",)
    rows = customers.find_customers(db, args.search, limit=10_000, statuses=statuses,
                                    current_model=model_id_of(settings.engine))
    if args.json:
        print_json(
            [
                {
                    "customer_id": r.id,
                    "name": r.name,
                    "phone": r.phone,
                    "status": r.status,
                    "key_mode": r.key_mode,
                    "model_id": r.model_id or None,
                    "needs_reenrolment": r.on_old_model,
                    "enrolled_at": r.created_at.isoformat(),
                    "last_paid_at": r.last_used_at.isoformat() if r.last_used_at else None,
                }
                for r in rows
            ]
        )
        return 0
    if not rows:
        print("no customers" + (f" match {args.search!r}" if args.search else ""))
        return 0
    print(f"{'customer':<12} {'name':<28} {'status':<10} {'key':<8} recogniser")
    for r in rows:
        model = model_label(r.model_id) if r.model_id else "—"
        if r.on_old_model:
            model += " (pays on it until re-enrolled at the desk)"
        print(f"{r.id[:12]:<12} {(r.name or '(erased)')[:28]:<28} {r.status:<10} {r.key_mode:<8} {model}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from pos_app.assembly import face_engines
    from pos_app.core import customers
    from pos_app.assembly import key_file
    from pos_app.vision.engine import analyze
    from pos_app.vision.images import load_image
    from pos_app.vision.matching import verify
    from pos_app.vision.qr import read_pass
    from pos_app.vision.quality import instruction

    settings = settings_from(args)
    db = open_database(settings)
    keys = key_file(settings)
    card = read_pass(args.pass_) if args.pass_ else None
    customer_id = card.customer_id if card else args.customer
    if card is None and settings.key_mode != "store":
        raise InvalidInput("--customer works only in store-key mode; in shopper-key mode use --pass")
    unlocked = customers.unlock_template(db, keys, customer_id, card)
    # Verified with the model that made the template (a store that changed engines).
    engine, threshold = face_engines(settings).for_model(unlocked.model_id)
    analysis = analyze(engine, load_image(args.image), purpose="verify")
    if analysis.embedding is None:
        problems = "; ".join(instruction(r, "en").lower() for r in analysis.quality.reasons)
        raise InvalidInput(f"{args.image} cannot be used for verification: {problems}")
    result = verify(analysis.embedding, unlocked.vector, threshold)
    if args.json:
        print_json({"customer_id": customer_id, "accepted": result.accepted, "similarity": round(result.similarity, 4),
                    "distance": round(result.distance, 4), "threshold": result.threshold})
    else:
        word = "ACCEPTED" if result.accepted else "REFUSED"
        print(f"{word}: similarity {result.similarity:.3f} (distance {result.distance:.3f}, threshold {result.threshold:.3f})")
    return 0 if result.accepted else 1


def cmd_face_payment_enable(args: argparse.Namespace) -> int:
    from pos_app.core import customers
    from pos_app.core.operators import authenticate
    from pos_app.core.liveness_log import (

        customer_face_blocked, customer_locked_for, kiosk_locked_for, lift_kiosk_lock, reenable_face_payment,
    )
    from pos_app.core.permissions import Permission

    db = open_database(settings_from(args))
    operator = authenticate(db, args.by, read_pin(args.pin_stdin))
    operator.require(Permission.LIFT_FACE_LOCK)
    if args.kiosk:
        was_paused = kiosk_locked_for(db, args.kiosk) > 0
        _, terminal = _cli_terminal(db)
        lift_kiosk_lock(db, args.kiosk, actor=operator.username, terminal=terminal)
        print(f"kiosk {args.kiosk}: face payment is on again" + ("" if was_paused else " (it had not been paused)"))
        return 0
    customers.require_active(db, args.customer)  # a clear error for an unknown or erased customer
    was = customer_face_blocked(db, args.customer) or customer_locked_for(db, args.customer) > 0
    _, terminal = _cli_terminal(db)
    reenable_face_payment(db, args.customer, actor=operator.username, terminal=terminal)
    print(f"customer {args.customer}: face payment is on again" + ("" if was else " (it had not been stopped)"))
    return 0


def _revoke_erased(settings: Settings, db, terminal: str) -> int:
    """Ask the bank to revoke erased customers' tokens; returns how many it has not confirmed."""
    from pos_app.assembly import bank_client
    from pos_app.core import customers
    from pos_app.assembly import key_file
    from payments.errors import BankError
    from pos_app.flows.erasure import revoke_pending

    if not customers.pending_revocations(db):
        return 0
    try:
        keys = key_file(settings)
        with bank_client(settings) as bank:
            return revoke_pending(db, bank, keys, actor=cli_actor(), terminal=terminal).still_pending
    except (BankError, FacePayError) as exc:
        print(f"the bank could not be asked to revoke the payment link: {exc}", file=sys.stderr)
        return len(customers.pending_revocations(db))


def cmd_erase(args: argparse.Namespace) -> int:
    """The desk's erasure (consent withdrawn), the one use case the desk and back-office screens run."""
    from pos_app.assembly import bank_client
    from pos_app.core.operators import authenticate
    from pos_app.assembly import key_file_if_made
    from pos_app.flows import erasure

    settings = settings_from(args)
    db = open_database(settings)
    operator = authenticate(db, args.by, read_pin(args.pin_stdin))
    _, terminal = _cli_terminal(db)
    keys = key_file_if_made(settings)
    done = erasure.erase(db, lambda: bank_client(settings), keys, args.customer, actor=operator.username,
                         terminal=terminal, operator=operator)
    print(f"customer {args.customer}: consent withdrawn, {done.templates_destroyed} template(s) crypto-erased"
          + ("; the bank has not confirmed that the payment link is revoked (facepay reconcile asks again)"
             if done.revocation_pending else "; bank link revoked"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from pos_app.core.operators import authenticate
    from pos_app.flows import customer_records

    db = open_database(settings_from(args))
    operator = authenticate(db, args.by, read_pin(args.pin_stdin))
    _, terminal = _cli_terminal(db)
    data = customer_records.export(db, operator, args.customer, terminal=terminal)
    if args.out is None:
        print_json(data)
        return 0
    from pos_app.core.files import write_private_bytes

    try:
        write_private_bytes(args.out, (json.dumps(data, indent=2, sort_keys=True, default=str) + "\n").encode())
    except OSError as exc:
        raise InvalidInput(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"wrote {args.out}")
    return 0


def cmd_keys_init(args: argparse.Namespace) -> int:
    from pos_app.assembly import key_file
    from pos_app.core.vault import KeyFile

    settings = settings_from(args)
    if args.if_missing and settings.key_path.exists():
        key_file(settings)  # exists, but it must also be usable
        print(f"key file {settings.key_path} already exists")
        return 0
    keys = KeyFile.create(settings.key_path)
    print(f"created key file {keys.path} (mode 0600, key {keys.active}); back it up: without it no template opens")
    return 0


def cmd_keys_rotate(args: argparse.Namespace) -> int:
    from pos_app.core import customers
    from pos_app.assembly import key_file
    from tqdm import tqdm

    settings = settings_from(args)
    db = open_database(settings)
    keys = key_file(settings)
    bar = tqdm(desc="re-wrapping", unit="template", disable=None, file=sys.stderr)

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    count = customers.rotate_store_keys(db, keys, progress=progress, actor=cli_actor())
    bar.close()
    print(f"re-wrapped {count} store-key template(s) with key {keys.active}; older keys removed")
    return 0


def cmd_retention_run(args: argparse.Namespace) -> int:
    from pos_app.core import customers

    settings = settings_from(args)
    db = open_database(settings)
    erased = customers.retention_run(db, settings.retention_months, actor=cli_actor())
    if args.json:
        print_json({"retention_months": settings.retention_months, "erased": erased})
    else:
        print(f"erased the templates of {len(erased)} customer(s) inactive for {settings.retention_months} months")
        for cid in erased:
            print(f"  {cid}")
    return 0


def cmd_reconcile(args: argparse.Namespace) -> int:
    from pos_app.assembly import bank_client
    from pos_app.core.terminals import terminal_id_of
    from pos_app.assembly import key_file
    from pos_app.flows.housekeeping import tidy

    settings = settings_from(args)
    db = open_database(settings)
    name = args.terminal or settings.terminal_name
    terminal_id = terminal_id_of(db, name)
    if terminal_id is None:
        raise InvalidInput(f"no terminal named {name!r} in this database; give --terminal NAME")
    with bank_client(settings) as bank:
        done = tidy(db, bank, lambda: key_file(settings), terminal_id=terminal_id, terminal=name,
                    actor=cli_actor())
    abandoned, result, refunds, revocations = done.abandoned, done.reconciled, done.refunds, done.revocations_pending
    if args.json:
        print_json({"abandoned_closed": [t.id for t in abandoned],
                    "settled": [{"id": t.id, "state": t.state.value} for t in result.settled],
                    "still_open": [t.id for t in result.still_open],
                    "refunds_done": refunds.done, "refunds_pending": refunds.still_pending,
                    "revocations_pending": revocations})
    else:
        for t in abandoned:
            print(f"{t.id}: {t.state.value} (left unfinished before the bank; closed)")
        for t in result.settled:
            print(f"{t.id}: {t.state.value}")
        print(f"settled {len(result.settled)}, still open {len(result.still_open)}"
              + (_when(result.settle_after) if result.still_open else ""))
        if refunds.done or refunds.still_pending:
            print(f"refunds sent again: {refunds.done} done, {refunds.still_pending} still waiting for the bank")
        if revocations:
            print(f"{revocations} erased customer(s)' payment link(s) still waiting for the bank to confirm revocation")
    return 0 if done.all_settled else 1


def _when(settle_after) -> str:
    from pos_app.core.timezone import oslo

    if settle_after is None:
        return " (the bank did not answer; run again in a few minutes)"
    return (f" (the bank has no record of them yet; a request may still be on its way until "
            f"{oslo(settle_after):%H:%M:%S}: run again after that)")


def cmd_erase_all(args: argparse.Namespace) -> int:
    """Before a store's data is deleted: every template is crypto-erased (its wrapped key deleted,
    then the key file that could unwrap store-key templates is overwritten and removed), so nothing
    recoverable survives in a backup of the database either."""
    from sqlalchemy import select
    from pos_app.core import customers
    from pos_app.core.models import Customer

    if args.confirm != "ERASE":
        raise InvalidInput("this erases every customer's template for good; pass --confirm ERASE to go on")
    settings = settings_from(args)
    db = open_database(settings)
    with db.session() as s:
        ids = list(s.scalars(select(Customer.id).where(Customer.status != "erased")))
    terminal = f"cli@{socket.gethostname()}"[:64]
    destroyed = sum(customers.erase_customer(db, cid, actor=cli_actor(), terminal=terminal, reason="erased")
                    for cid in ids)
    # Revoked while the key file can still open the tokens; once it is gone, none can be.
    pending = _revoke_erased(settings, db, terminal)
    if pending:
        print(f"warning: the bank has not confirmed that {pending} payment link(s) are revoked; once the key file "
              "is destroyed they cannot be sent again: ask the bank to revoke this merchant's tokens", file=sys.stderr)
    key = settings.key_path
    if key.exists():
        size = key.stat().st_size
        with key.open("r+b") as fh:  # overwrite first: the file system may keep the unlinked blocks
            fh.write(os.urandom(size))
            fh.flush()
            os.fsync(fh.fileno())
        key.unlink()
    print(f"erased {len(ids)} customer(s), {destroyed} template(s) crypto-erased; key file "
          f"{'destroyed' if not key.exists() else 'still present'}")
    return 0
