"""Exactly-once under fire: pay N orders through the real mock bank with faults injected, killing
the paying process several times mid-run, then check every order was charged exactly once.

    python benchmarks/exactly_once.py run --orders 500 [--kills 4] [--workdir DIR] [--json]

Amounts are chosen so the bank's test triggers fire at random: commit-then-drop, 500, 429 and slow
answers (the client times out first). The paying process settles what the previous one left open
(reconcile by idempotency key) and carries on. Exit status 0 only if every invariant holds.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TRIGGER_SHARE = {61: 0.03, 62: 0.10, 63: 0.03, 64: 0.10}  # slow, 500, 429, commit-then-drop


def make_orders(n: int, seed: int) -> list[tuple[str, int]]:
    rng = random.Random(seed)
    orders = []
    for i in range(n):
        r, suffix = rng.random(), None
        for trig, share in TRIGGER_SHARE.items():
            if r < share:
                suffix = trig
                break
            r -= share
        if suffix is None:
            suffix = rng.choice([s for s in range(10, 100) if s not in TRIGGER_SHARE])
        orders.append((f"order-{i:04d}", rng.randint(10, 900) * 100 + suffix))
    return orders


def cmd_pay(args: argparse.Namespace) -> int:
    """The paying process: settle leftovers, then charge every order not yet approved."""
    from sqlalchemy import select

    from payments.client import BankClient
    from pos_app.core.db import Database
    from pos_app.core.models import Transaction
    from pos_app.core.money import Money
    from pos_app.core.states import TxState
    from pos_app.core.transactions import advance, create_transaction
    from pos_app.flows.charging import charge, reconcile

    db = Database(args.pos_db)
    bank = BankClient(args.bank_url, args.terminal_id, args.key, timeout=0.5, backoff=0.05, max_backoff=0.4,
                      max_retries=8)
    orders = json.loads(Path(args.orders).read_text())
    grace = timedelta(seconds=args.grace)
    while True:
        while reconcile(db, bank, terminal_id=args.terminal_row, grace=grace).still_open:
            time.sleep(0.2)
        with db.session() as s:
            paid = set(s.scalars(select(Transaction.order_ref).where(Transaction.state == TxState.APPROVED.value)))
        todo = [(ref, amount) for ref, amount in orders if ref not in paid]
        if not todo:
            return 0
        for ref, amount in todo:
            tx = create_transaction(db, terminal_id=args.terminal_row, amount=Money.of(amount), order_ref=ref)
            advance(db, tx.id, TxState.VERIFYING)
            result = charge(db, bank, tx.id, args.token)
            if result.state is TxState.UNKNOWN:
                while reconcile(db, bank, terminal_id=args.terminal_row, grace=grace).still_open:
                    time.sleep(0.2)


def cmd_run(args: argparse.Namespace) -> int:
    from sqlalchemy import func, select

    from payments.client import BankClient
    from payments.mock_bank import store
    from pos_app.core.db import Database
    from pos_app.core.models import Transaction
    from pos_app.core.terminals import ensure_terminal
    from tests.bank_fixture import start_bank

    work = Path(args.workdir or f"/tmp/exactly-once-{uuid.uuid4().hex[:8]}")
    work.mkdir(parents=True, exist_ok=True)
    bank = start_bank(work, slow_seconds=1.0, db_url=args.bank_db)
    try:
        pos_db_url = args.pos_db or f"sqlite:///{work / 'pos.db'}"
        db = Database(pos_db_url)
        db.upgrade()
        terminal_row = ensure_terminal(db, "kiosk-1", "kiosk")
        opening = 10**8
        account = store.add_account(store.open_engine(bank.db_url), "Load", opening, test=True, limit_minor=10**8)
        with BankClient(bank.url, bank.terminal_id, bank.key) as c:
            token = c.link_account(account, idempotency_key=str(uuid.uuid4())).token
        orders = make_orders(args.orders, args.seed)
        (work / "orders.json").write_text(json.dumps(orders))
        pay = [sys.executable, __file__, "pay", "--pos-db", pos_db_url, "--bank-url", bank.url,
               "--terminal-id", bank.terminal_id, "--key", bank.key, "--token", token,
               "--orders", str(work / "orders.json"), "--terminal-row", terminal_row, "--grace", "0.5"]
        rng, started, kills = random.Random(args.seed), time.monotonic(), 0
        while True:
            proc = subprocess.Popen(pay, cwd=ROOT)
            if kills < args.kills:
                try:
                    proc.wait(timeout=rng.uniform(1.0, 4.0))
                except subprocess.TimeoutExpired:
                    proc.send_signal(signal.SIGKILL)  # mid-payment, no chance to clean up
                    proc.wait()
                    kills += 1
                    time.sleep(0.6)  # let the bank finish whatever the dead process had sent
                    continue
            if proc.wait(timeout=args.timeout) != 0:
                raise SystemExit(f"the paying process failed with status {proc.returncode}")
            break
        elapsed = time.monotonic() - started

        with db.session() as s:
            states = dict(s.execute(select(Transaction.state, func.count()).group_by(Transaction.state)).all())
            approved = s.execute(select(Transaction.order_ref, Transaction.amount_minor, Transaction.bank_payment_id)
                                 .where(Transaction.state == "approved")).all()
        engine = store.open_engine(bank.db_url)
        with engine.connect() as conn:
            captured = conn.execute(select(store.payments.c.order_reference, store.payments.c.captured_minor,
                                           store.payments.c.id)
                                    .where(store.payments.c.status == "captured")).all()
        result = {
            "orders": len(orders), "kills": kills, "seconds": round(elapsed, 1),
            "pos_states": states, "pos_approved": len(approved), "bank_captured": len(captured),
            "pos_total_minor": sum(a for _, a, _ in approved), "bank_total_minor": sum(c for _, c, _ in captured),
            "balance_drop_minor": opening - (store.balance(engine, account) or 0),
            "orders_charged_once": len({r for r, _, _ in captured}) == len(captured) == len(orders),
            "workdir": str(work), "pos_db": pos_db_url, "bank_db": bank.db_url,
        }
        result["ok"] = (result["orders_charged_once"] and result["pos_approved"] == len(orders)
                        and result["pos_total_minor"] == result["bank_total_minor"] == result["balance_drop_minor"]
                        and not states.get("authorizing") and not states.get("unknown"))
    finally:
        bank.stop()
    print(json.dumps(result, indent=2) if args.json else
          f"{result['orders']} orders, {kills} kills, {result['seconds']} s: POS {result['pos_approved']} approved "
          f"({result['pos_total_minor']} øre), bank {result['bank_captured']} captured ({result['bank_total_minor']} øre), "
          f"balance down {result['balance_drop_minor']} øre; POS states {states}; "
          f"{'EXACTLY ONCE' if result['ok'] else 'MISMATCH'}")
    return 0 if result["ok"] else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run")
    run.add_argument("--orders", type=int, default=500)
    run.add_argument("--kills", type=int, default=4)
    run.add_argument("--seed", type=int, default=7)
    run.add_argument("--timeout", type=float, default=600)
    run.add_argument("--workdir")
    run.add_argument("--bank-db", metavar="URL", help="the bank's database (default: a SQLite file in the workdir); "
                     "an empty PostgreSQL database shows the bank's ledger under concurrent writers")
    run.add_argument("--pos-db", metavar="URL", help="the POS database (default: a SQLite file in the workdir)")
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=cmd_run)
    pay = sub.add_parser("pay")
    for name in ("--pos-db", "--bank-url", "--terminal-id", "--key", "--token", "--orders", "--terminal-row"):
        pay.add_argument(name, required=True)
    pay.add_argument("--grace", type=float, default=0.5)
    pay.set_defaults(handler=cmd_pay)
    args = parser.parse_args()
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
