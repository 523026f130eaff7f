"""`facepay sale send|status|cancel`: the register's side of a kiosk sale, from the command line,
through the same use case as the register screen (flows/kiosk_sales): the operator who sends or
takes back a sale signs in with their PIN and must be allowed to sell."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from pos_app.cli.context import minor_units, open_database, print_json, read_pin, settings_from
from pos_app.core.errors import InvalidInput

if TYPE_CHECKING:
    from pos_app.core.config import Settings
    from pos_app.core.db import Database
    from pos_app.core.operators import OperatorInfo

POLL_SECONDS = 0.4


def register(sub: argparse._SubParsersAction) -> None:
    sale = sub.add_parser("sale", help="send a sale to a kiosk and follow it").add_subparsers(
        dest="sale_command", required=True)
    send = sale.add_parser("send", help="show an amount due on a kiosk; prints the sale id")
    send.add_argument("--kiosk", required=True, help="the kiosk's terminal name")
    send.add_argument("--amount", required=True, type=minor_units, metavar="MINOR",
                      help="amount in minor units (12550 for 125,50)")
    send.add_argument("--order", default="", help="the register's own order reference")
    send.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                      help="follow the sale until it ends (exit 0 only when approved)")
    send.add_argument("--json", action="store_true")
    _operator(send)
    send.set_defaults(handler=cmd_send)
    status = sale.add_parser("status", help="where a sale stands")
    status.add_argument("sale_id")
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_status)
    cancel = sale.add_parser("cancel", help="take a sale back before the shopper pays")
    cancel.add_argument("sale_id")
    _operator(cancel)
    cancel.set_defaults(handler=cmd_cancel)


def _operator(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", required=True, metavar="OPERATOR", help="the cashier or manager (asked for their PIN)")
    p.add_argument("--pin-stdin", action="store_true", help="read the operator's PIN from standard input")


def _signed_in(args: argparse.Namespace) -> tuple[Settings, Database, OperatorInfo]:
    """The settings, the database and the operator named by --by, signed in with their PIN."""
    from pos_app.core.operators import authenticate

    settings = settings_from(args)
    db = open_database(settings)
    return settings, db, authenticate(db, args.by, read_pin(args.pin_stdin), terminal=settings.register_name)


def cmd_send(args: argparse.Namespace) -> int:
    from pos_app.core.money import Money
    from pos_app.core.sales import sale_status
    from pos_app.core.states import TxState
    from pos_app.flows import kiosk_sales

    if not 0 <= args.wait <= 3600:
        raise InvalidInput("--wait must be between 0 and 3600 seconds")
    settings, db, who = _signed_in(args)
    tx = kiosk_sales.send(db, who, kiosk=args.kiosk, amount=Money(settings.currency, args.amount), order_ref=args.order,
                          terminal=settings.register_name)
    status = sale_status(db, tx.id)
    deadline = time.monotonic() + args.wait
    while args.wait and not status.final and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        status = sale_status(db, tx.id)
    if args.json:
        print_json({"sale_id": tx.id, "kiosk": args.kiosk, "amount_minor": args.amount, "state": status.state.value,
                    "status": status.text, "final": status.final})
    else:
        print(tx.id if not args.wait else f"{tx.id}: {status.text}")
    return 0 if not args.wait or status.state is TxState.APPROVED else 1


def cmd_status(args: argparse.Namespace) -> int:
    from pos_app.core.sales import sale_status

    status = sale_status(open_database(settings_from(args)), args.sale_id)
    if args.json:
        print_json({"sale_id": args.sale_id, "state": status.state.value, "status": status.text, "final": status.final})
    else:
        print(status.text)
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    from pos_app.flows import kiosk_sales

    settings, db, who = _signed_in(args)
    kiosk_sales.cancel(db, who, args.sale_id, terminal=settings.register_name)
    print(f"sale {args.sale_id} cancelled")
    return 0
