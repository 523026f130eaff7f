"""A payment that waits for the database never stalls the bank: while SQLite's write lock is held
elsewhere (another worker, a `facepay bank` command), the waiting payment sleeps without holding
the worker's event loop (payments/mock_bank/runner.py) and the worker keeps answering; once the
lock is free the payment goes through, once. Served by one worker, so nothing else could answer
in its place. The write-ahead log is checkpointed off the loop, and a failing checkpoint fails no
payment."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Callable

import httpx
import pytest
from sqlalchemy import func, select

from payments.client import Payment
from payments.mock_bank import runner, store
from payments.mock_bank.store import fault_log
from tests.bank_fixture import start_bank


def test_the_bank_answers_while_a_payment_waits_for_the_write_lock(tmp_path: Path) -> None:
    bank = start_bank(tmp_path, workers=1)
    try:
        account = bank.account(100_000)
        token = bank.token(account)
        outcome: dict[str, Payment | BaseException] = {}

        def pay() -> None:
            try:
                with bank.client(timeout=30, max_retries=0) as client:
                    outcome["payment"] = client.create_payment(
                        amount=12_345, currency="NOK", token=token, order_reference="waits",
                        idempotency_key=str(uuid.uuid4()))
            except BaseException as exc:  # noqa: BLE001 - reported by the assertions below
                outcome["payment"] = exc

        holder = sqlite3.connect(tmp_path / "bank.db", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # what a command or the other worker does for a moment
        try:
            payer = threading.Thread(target=pay)
            payer.start()
            time.sleep(0.5)  # lets the payment reach the lock (not a limit: the checks below are causal)
            # Within the bank's 15 s wait for the lock: a worker whose loop waited could not answer.
            health = httpx.get(bank.url + "/v1/health", timeout=10)
            assert health.status_code == 200
            assert payer.is_alive() and "payment" not in outcome, "the payment should still be waiting"
        finally:
            holder.rollback()
            holder.close()
        payer.join(timeout=30)
        paid = outcome["payment"]
        assert isinstance(paid, Payment) and paid.status == "captured", paid
        assert bank.balance(account) == 100_000 - 12_345
    finally:
        bank.stop()


def one_row_writes(db: runner.DbRunner, n: int) -> None:
    """n writes of one row each through the runner, the loop turning between them as a server's
    does between requests. A checkpoint it started finishes before the next write: a busy machine
    (a full test run) once stretched one over twenty writes, and the log's size at the end then
    said more about the machine than about the runner."""
    def write(d: runner.Db) -> None:
        with d.write() as conn:
            conn.execute(fault_log.insert().values(terminal_id="t", key=str(uuid.uuid4()), fault="slow"))

    async def writes() -> None:
        for _ in range(n):
            await db.run(write)
            await asyncio.sleep(0)
            while db._checkpointing:
                await asyncio.sleep(0.001)
    asyncio.run(writes())


def test_the_loops_writes_are_checkpointed_off_the_loop(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The loop's engine leaves SQLite's automatic checkpoint off (it fsyncs); the runner's thread
    checkpoints instead, so the write-ahead log does not grow without end."""
    monkeypatch.setattr(runner, "CHECKPOINT_EVERY", 10)
    db_file = tmp_path / "bank.db"
    db = runner.DbRunner(f"sqlite:///{db_file}")
    keep_open = sqlite3.connect(db_file)  # the last connection to close would checkpoint by itself
    try:
        one_row_writes(db, 100)
        db._thread.submit(lambda: None).result()  # the checkpoints it queued are done
        busy, wal_frames, _ = keep_open.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert busy == 0 and wal_frames < 40, f"{wal_frames} frames in the WAL after 100 one-row writes"
    finally:
        keep_open.close()
        db.close()


def test_a_checkpoint_that_fails_fails_no_payment(tmp_path: Path, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    """A checkpoint is housekeeping: when it cannot finish (a full disk, say) the writes that
    waited for it go on, and the bank says so in its log."""
    def broken(_engine: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(runner, "CHECKPOINT_EVERY", 5)
    monkeypatch.setattr(runner, "checkpoint", broken)
    db = runner.DbRunner(f"sqlite:///{tmp_path / 'bank.db'}")
    try:
        one_row_writes(db, 40)
        with runner.Db(db.engine).read() as conn:
            assert conn.execute(select(func.count()).select_from(fault_log)).scalar_one() == 40
        assert "checkpoint did not finish (disk I/O error)" in caplog.text
    finally:
        db.close()


@pytest.mark.parametrize("core", [False, True], ids=["plain SQL", "plain SQL and Core"])
def test_a_transaction_on_the_loop_is_all_or_nothing(tmp_path: Path, core: bool) -> None:
    """The loop's write transaction begins and commits on the driver (runner.HeldDb): a statement
    through SQLAlchemy joins it, and an error after any of them leaves none, so the next
    transaction finds no half-done payment and no transaction left open."""
    db = runner.DbRunner(f"sqlite:///{tmp_path / 'bank.db'}")

    def rows() -> int:
        with runner.Db(db.engine).read() as conn:
            return conn.execute(select(func.count()).select_from(fault_log)).scalar_one()

    def write(fail: bool) -> Callable[[runner.Db], None]:
        def work(d: runner.Db) -> None:
            with d.write() as conn:
                conn.connection.cursor().execute("INSERT INTO bank_fault_log VALUES ('t', :k, 'slow')",
                                                 {"k": str(uuid.uuid4())})
                if core:
                    conn.execute(fault_log.insert().values(terminal_id="t", key=str(uuid.uuid4()), fault="slow"))
                if fail:
                    raise RuntimeError("after the statements")
        return work
    try:
        with pytest.raises(RuntimeError, match="after the statements"):
            asyncio.run(db.run(write(fail=True)))
        assert rows() == 0
        asyncio.run(db.run(write(fail=False)))
        assert rows() == (2 if core else 1)
    finally:
        db.close()



def wal_restarts(db_file: Path) -> int:
    """How many times the log started afresh: the checkpoint sequence number in its header."""
    return int.from_bytes(db_file.with_name(db_file.name + "-wal").read_bytes()[12:16], "big")


@pytest.mark.parametrize("hold", [True, False], ids=["writers held", "writers not held"])
def test_a_checkpoint_that_holds_writers_lets_the_log_start_afresh(tmp_path: Path, hold: bool) -> None:
    """Another worker writes all the time. A checkpoint that holds every writer for its end copies
    the log fully, so that worker's next write starts the log afresh; one that does not leaves the
    writes made meanwhile, and the log only grows (143 MB after 12,000 payments on two workers)."""
    db_file = tmp_path / "bank.db"
    engine = store.open_engine(f"sqlite:///{db_file}")
    keep_open = sqlite3.connect(db_file)  # the last connection to close would checkpoint by itself
    stop = threading.Event()

    def other_worker() -> None:
        conn = sqlite3.connect(db_file, isolation_level=None, timeout=15)
        while not stop.is_set():
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bank_fault_log VALUES ('t', ?, 'slow')", (str(uuid.uuid4()),))
            conn.execute("COMMIT")
        conn.close()
    writer = threading.Thread(target=other_worker)
    writer.start()
    try:
        time.sleep(0.05)
        before = wal_restarts(db_file)
        for _ in range(10):
            store.checkpoint(engine, hold_writers=hold)
            time.sleep(0.01)  # the other worker writes again
        restarts = wal_restarts(db_file) - before
    finally:
        stop.set()
        writer.join()
        keep_open.close()
        engine.dispose()
    if hold:
        assert restarts >= 10, f"the log started afresh {restarts} times after 10 checkpoints"
    else:  # the control: the same run without holding writers
        assert restarts < 5, restarts


def test_the_end_of_each_checkpoint_holds_the_writers(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    calls: list[bool] = []
    monkeypatch.setattr(runner, "CHECKPOINT_EVERY", 5)
    monkeypatch.setattr(runner, "checkpoint", lambda _engine, hold_writers=False: calls.append(hold_writers))
    db = runner.DbRunner(f"sqlite:///{tmp_path / 'bank.db'}")
    try:
        one_row_writes(db, 20)
    finally:
        db.close()
    assert calls == [False, True] * 4  # the bulk beside the writes, then the end with them held
