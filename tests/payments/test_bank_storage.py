"""What the bank keeps on disk: a payment's commit writes few pages to SQLite's write-ahead log,
and expired idempotency keys and signatures are deleted while the bank takes payments."""

from __future__ import annotations

import asyncio
import dataclasses
import struct
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import func, select

from payments import signing
from payments.mock_bank import app as bank_app
from payments.mock_bank.app import create_app
from payments.mock_bank import runner, store
from payments.mock_bank.store import idempotency, seen_signatures
from tests.bank_fixture import in_process_bank, start_bank

WAL_HEADER, FRAME_HEADER = 32, 24


def wal_commits(wal: bytes, page_size: int) -> list[int]:
    """Pages written by each commit in a WAL file's frames (a commit's last frame records the
    database's size)."""
    pages, counts = 0, []
    for at in range(WAL_HEADER, len(wal) - FRAME_HEADER - page_size + 1, FRAME_HEADER + page_size):
        pages += 1
        if struct.unpack(">I", wal[at + 4:at + 8])[0]:
            counts.append(pages)
            pages = 0
    return counts


def test_a_payment_writes_few_pages_to_the_log(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Each page a commit writes costs two write calls; with a rowid table and an index per column
    a payment wrote 14 pages, with store's layout about 9, and with its idempotency answer in its
    own row about 6.5 (over a few hundred payments, once the tables have grown past their first
    pages)."""
    monkeypatch.setattr(runner, "CHECKPOINT_EVERY", 10**9)  # the log keeps every frame to count
    bank = in_process_bank(f"sqlite:///{tmp_path / 'bank.db'}", 10**12)

    async def pay(client: httpx.AsyncClient, n: int) -> None:
        resp = await bank.pay(client, {"amount": 100 + n, "currency": "NOK", "token": bank.token,
                                       "order_reference": f"o-{n}"})
        assert resp.status_code == 201, resp.text

    async def payments() -> int:
        async with bank.client() as client:
            for n in range(300):  # the tables grow past their first pages
                await pay(client, n)
            start = (tmp_path / "bank.db-wal").stat().st_size
            for n in range(300, 600):
                await pay(client, n)
        return start

    start = asyncio.run(payments())
    wal = (tmp_path / "bank.db-wal").read_bytes()
    page_size = struct.unpack(">I", wal[8:12])[0]
    commits = wal_commits(wal[:WAL_HEADER] + wal[start:], page_size)
    assert len(commits) == 300
    assert sum(commits) / len(commits) <= 8, f"{sum(commits) / len(commits):.1f} pages a payment"


def test_expired_keys_and_signatures_are_forgotten_while_paying(tmp_path: Path) -> None:
    bank = start_bank(tmp_path, workers=1)  # one worker: its first POST prunes
    try:
        engine = bank.engine()
        account = bank.account(100_000)
        now = time.time()
        with store.transaction(engine) as conn:
            conn.execute(store.tokens.insert().values(token="tok_prune", account_number=account,
                                                      terminal_id=bank.terminal_id, revoked=False, created_at=now))
            conn.execute(idempotency.insert(), [
                {"terminal_id": bank.terminal_id, "key": "old", "request_hash": "h", "status_code": 201, "body": b"{}",
                 "created_at": now - bank_app.IDEMPOTENCY_TTL_SECONDS - 60},
                {"terminal_id": bank.terminal_id, "key": "recent", "request_hash": "h", "status_code": 201,
                 "body": b"{}", "created_at": now - 3600}])
            conn.execute(seen_signatures.insert(), [
                {"terminal_id": bank.terminal_id, "signature": "a" * 64, "t": int(now) - 2 * signing.TOLERANCE_SECONDS - 60},
                {"terminal_id": bank.terminal_id, "signature": "b" * 64, "t": int(now) - 60}])
        with bank.client() as client:
            client.create_payment(amount=1_000, currency="NOK", token="tok_prune", order_reference="prune",
                                  idempotency_key=str(uuid.uuid4()))
        with engine.connect() as conn:
            keys = set(conn.scalars(select(idempotency.c.key)))
            signatures = set(conn.scalars(select(seen_signatures.c.signature)))
            assert conn.scalar(select(func.count()).select_from(seen_signatures)) == 2
        # The payment's own key is kept with the payment (store.payments), not among the keys.
        assert keys == {"recent"}
        assert "a" * 64 not in signatures and "b" * 64 in signatures
    finally:
        bank.stop()


def test_a_bank_database_from_before_payments_kept_their_answer_still_pays(tmp_path: Path) -> None:
    """An older database gets the payment's answer columns on open; its old payments, whose
    keys the key table holds, answer their keys as before, and new ones keep their own."""
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    bank = in_process_bank(url, 10_000)
    old_key = str(uuid.uuid4())

    async def pay(key: str, amount: int) -> httpx.Response:
        async with bank.client() as client:
            return await bank.pay(client, {"amount": amount, "currency": "NOK", "token": bank.token,
                                           "order_reference": "o"}, idem=key)

    first = asyncio.run(pay(old_key, 100))
    bank.app.runner.close()
    engine = store.open_engine(url)
    with store.transaction(engine) as conn:  # the older layout, and its payment's key in the key table
        conn.execute(idempotency.insert().values(terminal_id=bank.terminal_id, key=old_key,
                                                 request_hash=conn.scalar(select(store.payments.c.request_hash)),
                                                 status_code=201, body=first.content, created_at=time.time()))
        for column in ("answer", "request_hash"):
            conn.exec_driver_sql(f"ALTER TABLE bank_payments DROP COLUMN {column}")
    engine.dispose()
    bank = dataclasses.replace(bank, app=create_app(url))  # opens it again: the columns come back
    time.sleep(1.05)  # a new second: a new signature for the same request
    again, new = asyncio.run(pay(old_key, 100)), asyncio.run(pay(str(uuid.uuid4()), 200))
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    assert new.status_code == 201, new.text
    with store.open_engine(url).connect() as conn:
        answers = conn.execute(select(store.payments.c.amount_minor, store.payments.c.answer)).all()
    assert sorted((amount, answer is not None) for amount, answer in answers) == [(100, False), (200, True)]
