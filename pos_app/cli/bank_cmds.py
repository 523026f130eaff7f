"""`facepay bank serve|account add|terminal add`: run and provision the mock bank."""

from __future__ import annotations

import argparse
import os

from pos_app.cli.context import print_json, settings_from
from pos_app.core.config import prepare_data_dir
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    bank = sub.add_parser("bank", help="the mock bank service").add_subparsers(dest="bank_command", required=True)
    serve = bank.add_parser("serve", help="run the mock bank's HTTP API")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--db", dest="bank_db", metavar="URL", help="the bank's own database (default: data_dir/bank.db)")
    serve.add_argument("--slow-seconds", type=float, default=3.0, help="delay of the 'slow response' test trigger")
    serve.add_argument("--workers", type=int, default=2,
                       help="server processes; they share all state through the database (default 2)")
    serve.set_defaults(handler=cmd_serve)

    account = bank.add_parser("account", help="bank accounts").add_subparsers(dest="account_command", required=True)
    add = account.add_parser("add", help="open an account; prints its number")
    add.add_argument("--owner", required=True)
    add.add_argument("--balance", required=True, type=int, metavar="MINOR", help="opening balance in minor units")
    add.add_argument("--currency", default="NOK", choices=("NOK", "SEK", "DKK", "EUR"))
    add.add_argument("--test", action="store_true", help="a test account (number 9999...): amount triggers apply")
    add.add_argument("--blocked", action="store_true", help="an account whose payments are declined")
    add.add_argument("--db", dest="bank_db", metavar="URL")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=cmd_account_add)
    show = account.add_parser("show", help="an account's owner, balance and status")
    show.add_argument("number")
    show.add_argument("--db", dest="bank_db", metavar="URL")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_account_show)

    terminal = bank.add_parser("terminal", help="terminals allowed to call the bank").add_subparsers(
        dest="terminal_command", required=True)
    tadd = terminal.add_parser("add", help="register a terminal; prints its id and signing key (shown once)")
    tadd.add_argument("name")
    tadd.add_argument("--merchant", default="default",
                      help="the merchant (store) it belongs to: an account linked at one of a merchant's terminals "
                           "can be charged only by that merchant's terminals")
    tadd.add_argument("--db", dest="bank_db", metavar="URL")
    tadd.add_argument("--json", action="store_true")
    tadd.set_defaults(handler=cmd_terminal_add)


def _bank_url(args: argparse.Namespace) -> str:
    from payments.mock_bank.store import default_bank_url

    if args.bank_db:
        return args.bank_db
    return default_bank_url(prepare_data_dir(settings_from(args)))


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from payments.mock_bank.app import create_app

    if not 0 < args.port < 65536:
        raise InvalidInput(f"port {args.port} is not a TCP port")
    if not 0 <= args.slow_seconds <= 60:
        raise InvalidInput("--slow-seconds must be between 0 and 60")
    if not 1 <= args.workers <= 16:
        raise InvalidInput("--workers must be between 1 and 16")
    url = _bank_url(args)
    create_app(url)  # creates the tables once, and fails here, in one line, if the database is unusable
    os.environ["FACEPAY_BANK_DB_URL"] = url
    os.environ["FACEPAY_BANK_SLOW_SECONDS"] = str(args.slow_seconds)
    print(f"mock bank listening on http://{args.host}:{args.port} (OpenAPI at /openapi.json)", flush=True)
    uvicorn.run("payments.mock_bank.app:app_from_environment", factory=True, workers=args.workers,
                host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0


def cmd_account_show(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from payments.mock_bank.store import accounts, open_engine
    from pos_app.core.money import Money

    engine = open_engine(_bank_url(args))
    with engine.connect() as conn:
        row = conn.execute(select(accounts).where(accounts.c.number == args.number)).first()
    engine.dispose()
    if row is None:
        raise InvalidInput(f"no account {args.number} at this bank")
    if args.json:
        print_json({"account_number": row.number, "owner": row.owner, "balance": row.balance_minor,
                    "currency": row.currency, "status": row.status})
    else:
        print(f"{row.number} {row.owner}: {Money(row.currency, row.balance_minor)} ({row.status})")
    return 0


def cmd_account_add(args: argparse.Namespace) -> int:
    from payments.mock_bank.store import add_account, open_engine

    if args.balance < 0:
        raise InvalidInput("an opening balance cannot be negative")
    from pos_app.core.text import clean_text

    owner = clean_text(args.owner, "--owner", 128)
    number = add_account(open_engine(_bank_url(args)), owner, args.balance, args.currency,
                         test=args.test, blocked=args.blocked)
    if args.json:
        print_json({"account_number": number, "owner": owner, "balance": args.balance, "currency": args.currency})
    else:
        print(number)
    return 0


def cmd_terminal_add(args: argparse.Namespace) -> int:
    from payments.mock_bank.store import add_terminal, open_engine

    terminal_id, key = add_terminal(open_engine(_bank_url(args)), args.name, args.merchant)
    if args.json:
        print_json({"terminal_id": terminal_id, "key": key})
    else:
        print(f"terminal id: {terminal_id}\nsigning key: {key}\n(the key is shown only now; put it in bank_terminal_key)")
    return 0
