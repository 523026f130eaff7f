"""The mock bank's ledger under concurrent clients, on SQLite and on PostgreSQL (where writers do
not queue, so a check-then-write race shows). Each test fires its requests at once from many
threads, each its own terminal client, against a bank of several worker processes."""

from __future__ import annotations

import json
import threading
import time
import uuid
from pathlib import Path
from typing import Callable, Iterator

import httpx
import pytest
from sqlalchemy import func, select

from payments import signing
from payments.errors import BankError, PaymentDeclined
from payments.mock_bank import store
from tests.bank_fixture import Bank, start_bank

CLIENTS = 16


@pytest.fixture(params=["sqlite", "postgresql"])
def ledger_bank(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Bank]:
    db_url = None if request.param == "sqlite" else request.getfixturevalue("pg_url")
    bank = start_bank(tmp_path, db_url=db_url, workers=4)
    yield bank
    bank.stop()


def at_once(n: int, call: Callable[[int], object]) -> list[object]:
    """Run call(i) for i in range(n) on n threads released together; results or exceptions."""
    barrier, results = threading.Barrier(n), [None] * n

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call(i)
        except BankError as exc:
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_concurrent_payments_never_overdraw_an_account(ledger_bank: Bank) -> None:
    account = ledger_bank.account(5_000)
    token = ledger_bank.token(account)

    def pay(i: int) -> object:
        with ledger_bank.client(max_retries=0) as c:
            return c.create_payment(amount=1_000, currency="NOK", token=token, order_reference=f"o-{i}",
                                    idempotency_key=str(uuid.uuid4()))

    results = at_once(CLIENTS, pay)
    approved = [r for r in results if not isinstance(r, BankError)]
    declined = [r for r in results if isinstance(r, PaymentDeclined)]
    assert len(approved) == 5 and len(declined) == CLIENTS - 5, results
    assert all(d.code == "insufficient_funds" for d in declined)  # type: ignore[attr-defined]
    assert ledger_bank.balance(account) == 0


def test_one_key_sent_by_many_terminals_at_once_charges_once(ledger_bank: Bank) -> None:
    """The same payment sent at once by many processes of one terminal (retries racing each
    other, each signed for its own second): one charge; each sender gets that payment, or 409
    in_progress while it is being made, and asking again then gets it. The key's claim and the
    payment's stored answer (store.payments) must agree on SQLite and on PostgreSQL alike."""
    account = ledger_bank.account(50_000)
    token, key = ledger_bank.token(account), str(uuid.uuid4())
    body = json.dumps({"amount": 1_250, "currency": "NOK", "token": token, "order_reference": "o-same"}).encode()
    now = int(time.time())

    def send(i: int) -> httpx.Response:
        signature = signing.header(ledger_bank.key, now - i, ledger_bank.terminal_id, "POST", "/v1/payments", key, body)
        return httpx.post(ledger_bank.url + "/v1/payments", content=body, timeout=30, headers={
            "X-Terminal-Id": ledger_bank.terminal_id, "Content-Type": "application/json", "Idempotency-Key": key,
            "X-Signature": signature})

    answers = [r for r in at_once(CLIENTS, send) if isinstance(r, httpx.Response)]
    assert len(answers) == CLIENTS
    assert {r.status_code for r in answers} <= {201, 409}, [r.text for r in answers]
    assert all(r.json()["error"]["code"] == "in_progress" for r in answers if r.status_code == 409)
    later = send(-1)  # a sender that got 409 asks again, signed for a second of its own
    assert later.status_code == 201 and later.headers["Idempotent-Replayed"] == "true"
    assert {r.json()["id"] for r in answers if r.status_code == 201} | {later.json()["id"]} == {later.json()["id"]}
    assert ledger_bank.balance(account) == 50_000 - 1_250


def _payment(bank: Bank, amount: int, *, capture: bool) -> tuple[str, str]:
    account = bank.account(amount)
    with bank.client() as c:
        paid = c.create_payment(amount=amount, currency="NOK", token=bank.token(account), order_reference="o",
                                idempotency_key=str(uuid.uuid4()), capture=capture)
    return account, paid.id


def test_concurrent_refunds_never_exceed_the_capture(ledger_bank: Bank) -> None:
    account, payment_id = _payment(ledger_bank, 5_000, capture=True)

    def refund(i: int) -> object:
        with ledger_bank.client(max_retries=0) as c:
            return c.refund(payment_id, 1_000, idempotency_key=str(uuid.uuid4()))

    results = at_once(CLIENTS, refund)
    done = [r for r in results if not isinstance(r, BankError)]
    assert len(done) == 5, results
    with ledger_bank.engine().connect() as conn:
        refunded = conn.scalar(select(func.sum(store.refunds.c.amount_minor))
                               .where(store.refunds.c.payment_id == payment_id))
    assert refunded == 5_000 and ledger_bank.balance(account) == 5_000


def test_concurrent_cancels_release_the_hold_once(ledger_bank: Bank) -> None:
    account, payment_id = _payment(ledger_bank, 3_000, capture=False)
    assert ledger_bank.balance(account) == 0  # the hold

    def cancel(i: int) -> object:
        with ledger_bank.client(max_retries=0) as c:
            return c.cancel(payment_id, idempotency_key=str(uuid.uuid4()))

    results = at_once(CLIENTS, cancel)
    assert sum(not isinstance(r, BankError) for r in results) == 1, results
    assert ledger_bank.balance(account) == 3_000


def test_capture_and_cancel_at_once_only_one_wins(ledger_bank: Bank) -> None:
    for _ in range(6):
        account, payment_id = _payment(ledger_bank, 2_000, capture=False)

        def act(i: int) -> object:
            with ledger_bank.client(max_retries=0) as c:
                if i % 2:
                    return c.capture(payment_id, idempotency_key=str(uuid.uuid4()), amount=1_500)
                return c.cancel(payment_id, idempotency_key=str(uuid.uuid4()))

        results = at_once(8, act)
        winners = [r for r in results if not isinstance(r, BankError)]
        assert len(winners) == 1, results
        with ledger_bank.client() as c:
            status = c.get_payment(payment_id).status
        # Captured 1 500 of the 2 000 hold (500 released), or cancelled (all 2 000 back): never both.
        assert ledger_bank.balance(account) == (500 if status == "captured" else 2_000), (status, results)


def test_processes_opening_a_new_bank_database_at_once_all_get_it(db_url: str) -> None:
    """The server and a `facepay bank terminal add` started together on a new database. Before:
    both saw no file, and the second one's exclusive create failed with exit 70 (CI); with the
    file there, both saw no tables and the second CREATE TABLE failed."""
    import subprocess
    import sys

    code = ("import sys; from payments.mock_bank import store; store.open_engine(sys.argv[1]).dispose(); "
            "print('ok')")
    procs = [subprocess.Popen([sys.executable, "-c", code, db_url], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(6)]
    results = [p.communicate(timeout=120) for p in procs]
    assert [(p.returncode, out.strip()) for p, (out, _) in zip(procs, results)] == [(0, "ok")] * 6, \
        [err.strip().splitlines()[-1:] for _, err in results]
    engine = store.open_engine(db_url)
    store.add_terminal(engine, "kiosk-1")  # and the bank it made works
    engine.dispose()
