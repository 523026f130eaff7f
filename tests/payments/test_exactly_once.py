"""500 payments through the real bank with drops after commit, 5xx, 429, timeouts, and the paying
process killed mid-payment four times: every order is charged exactly once, and the POS totals and
the bank's agree to the øre. The run is benchmarks/exactly_once.py; the checks here are our own."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


def test_five_hundred_orders_under_faults_and_kills_are_each_charged_once(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "exactly_once.py"), "run", "--orders", "500",
                           "--kills", "4", "--workdir", str(tmp_path), "--json"],
                          capture_output=True, text=True, timeout=900, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert report["kills"] == 4

    orders = dict(json.loads((tmp_path / "orders.json").read_text()))
    with create_engine(report["bank_db"]).connect() as bank:
        captured = bank.execute(text("SELECT order_reference, captured_minor, id FROM bank_payments "
                                     "WHERE status = 'captured'")).all()
        opening_minus_now = 10**8 - bank.execute(text("SELECT balance_minor FROM bank_accounts")).scalar_one()
    with create_engine(report["pos_db"]).connect() as pos:
        approved = pos.execute(text("SELECT order_ref, amount_minor, bank_payment_id FROM transactions "
                                    "WHERE state = 'approved'")).all()
        open_states = pos.execute(
            text("SELECT count(*) FROM transactions WHERE state IN ('authorizing', 'unknown')")
        ).scalar_one()

    per_order = Counter(ref for ref, _, _ in captured)
    assert set(per_order) == set(orders) and set(per_order.values()) == {1}
    assert {ref: amount for ref, amount, _ in captured} == orders
    assert Counter(ref for ref, _, _ in approved) == per_order
    assert {pid for _, _, pid in approved} == {pid for _, _, pid in captured}
    total = sum(orders.values())
    assert sum(a for _, a, _ in approved) == sum(c for _, c, _ in captured) == opening_minus_now == total
    assert open_states == 0
