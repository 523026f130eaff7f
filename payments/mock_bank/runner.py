"""Where the bank's database work runs, so that no handler waits on the event loop.

A worker process serves all its connections on one event loop. Work that waits there (for
SQLite's write lock, held by the other worker or a `facepay bank` command for up to 15 s; for a
WAL checkpoint's fsync; for PostgreSQL's answers) stalls every other request of the process, its
health check included. So, on SQLite:

- Work runs on the loop with an engine that never waits: a payment's SQL is a few hundred µs of
  CPU, and a hop to a thread and back cost 70-110 µs of CPU on this machine; with every request's
  work on a thread, p99 at 300 req/s rose to 65-150 ms (benchmarks/README.md).
- If the write lock is taken, that engine raises LockBusy before anything is done, and the request
  waits without holding the loop: it sleeps LOCK_POLL_SECONDS and tries again, for at most
  LOCK_WAIT_SECONDS, behind this process's earlier waiters (first come, first served).
- Checkpoints (they copy pages and fsync) run on a thread every CHECKPOINT_EVERY pieces of work;
  the loop's engine has SQLite's automatic checkpoint off. Writes, every worker's, wait only for
  the short second half of one (see `_did`).

Reads never wait for the write lock under WAL. On PostgreSQL, where every statement is a network
round trip, all work runs on the thread.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Callable, Iterator, TypeVar, cast

from sqlalchemy.engine import Connection, Engine

from payments.mock_bank.store import LockBusy, begin_immediate, checkpoint, is_busy, open_engine, transaction

T = TypeVar("T")
log = logging.getLogger(__name__)
CHECKPOINT_EVERY = 200  # about 1,000-2,000 WAL pages: SQLite's own default checkpoints at 1,000
LOCK_WAIT_SECONDS = 15.0
LOCK_POLL_SECONDS = 0.0005  # SQLite's own busy handler sleeps 1, 2, 5 ... 50, 100 ms between tries


class Db:
    """What a piece of work is given: a write transaction, or a connection to read on."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.dialect = engine, engine.dialect.name

    @contextmanager
    def write(self) -> Iterator[Connection]:
        with transaction(self.engine) as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn


class HeldDb(Db):
    """The loop's: two connections held for good, one to write and one to read. Work on the loop
    runs one piece at a time, start to end, so they are never shared; taking one from the pool and
    giving it back cost 42 µs of CPU a transaction (58 against 15)."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self._writer: Connection | None = None
        self._reader: Connection | None = None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """BEGIN IMMEDIATE and COMMIT straight on the driver: SQLAlchemy's transaction object
        and its events cost a payment 25 µs of CPU (in-process, of about 230). A Core statement
        run inside joins this transaction (store's begin hook finds it open), and what
        SQLAlchemy began with it ends with it."""
        if self._writer is None or self._writer.invalidated:
            self._writer = self.engine.connect().execution_options(write=True)
        conn = self._writer
        raw = cast(sqlite3.Connection, conn.connection.dbapi_connection)  # HeldDb is SQLite's only
        begin_immediate(raw)
        try:
            yield conn
            if conn.in_transaction():
                conn.commit()  # commits the driver's transaction too
            else:
                raw.commit()
        except BaseException:
            if conn.in_transaction():
                conn.rollback()
            if raw.in_transaction:  # a failed COMMIT leaves it open
                raw.rollback()
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        if self._reader is None or self._reader.invalidated:
            self._reader = self.engine.connect()
        try:
            yield self._reader
        finally:
            self._reader.rollback()  # ends the read transaction: the WAL is not held at a snapshot

    def close(self) -> None:
        for conn in (self._writer, self._reader):
            if conn is not None:
                conn.close()


class DbRunner:
    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)  # waits in SQLite's busy handler: checkpoints and PostgreSQL
        self._db = Db(self.engine)
        sqlite = self.engine.dialect.name == "sqlite"
        self._now = HeldDb(open_engine(url, wait=False)) if sqlite else None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bank-db")
        self._waiters: asyncio.Lock | None = None  # made on the loop that uses it
        self._checkpoint: asyncio.Future[None] | None = None  # the part that holds writes
        self._checkpointing = False
        self._done = 0

    async def run(self, work: Callable[[Db], T], *, write: bool = True) -> T:
        """Run `work(db)`; it opens its own transactions. It must have done nothing when it
        raises LockBusy or a "database is locked" error, which holds for work whose writes are in
        one transaction (the bank's are): the transaction is rolled back."""
        if self._now is None:
            return await asyncio.get_running_loop().run_in_executor(self._thread, work, self._db)
        if self._waiters is None:
            self._waiters = asyncio.Lock()
        if write and self._checkpoint is not None:
            await asyncio.wait([self._checkpoint])  # its failure is logged, not this request's
        if not (write and self._waiters.locked()):  # nobody of this process is waiting ahead
            try:
                return self._did(self._attempt(work))
            except LockBusy:
                pass
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        async with self._waiters:
            while True:
                try:
                    return self._did(self._attempt(work))
                except LockBusy as busy:
                    if time.monotonic() > deadline:
                        raise (busy.__cause__ or busy) from None
                await asyncio.sleep(LOCK_POLL_SECONDS)

    def _attempt(self, work: Callable[[Db], T]) -> T:
        assert self._now is not None
        try:
            return work(self._now)
        except LockBusy:
            raise
        except Exception as exc:
            if is_busy(exc):  # a reader's rare SQLITE_BUSY under WAL: nothing was done either
                raise LockBusy(str(exc)) from exc
            raise

    def _did(self, result: T) -> T:
        self._done += 1
        if self._done % CHECKPOINT_EVERY == 0 and not self._checkpointing:
            # First the bulk, while writes go on; then what they added meanwhile, with this
            # process's writes held and, through SQLite's write lock, every other worker's too (a
            # short copy), so the next write can start the log afresh.
            # A single checkpoint beside the writes never caught the log fully copied and the log
            # grew without end; one in RESTART mode held writes for 20-40 ms (p99 30-45 ms).
            self._checkpointing = True
            bulk = asyncio.get_running_loop().run_in_executor(self._thread, checkpoint, self.engine)
            bulk.add_done_callback(self._copied)
        return result

    def _copied(self, bulk: asyncio.Future[None]) -> None:
        self._report(bulk)
        self._checkpoint = asyncio.get_running_loop().run_in_executor(
            self._thread, functools.partial(checkpoint, self.engine, hold_writers=True))
        self._checkpoint.add_done_callback(self._caught_up)

    def _caught_up(self, rest: asyncio.Future[None]) -> None:
        self._report(rest)
        self._checkpoint, self._checkpointing = None, False

    @staticmethod
    def _report(done: asyncio.Future[None]) -> None:
        if not done.cancelled() and (exc := done.exception()) is not None:
            # Nothing is lost: the log keeps what was not copied, and the next one copies it.
            log.warning("the bank's WAL checkpoint did not finish (%s); trying again later", exc)

    def close(self) -> None:
        """Finish the work in hand, then let the engines go."""
        self._thread.shutdown(wait=True)
        if self._now is not None:
            self._now.close()
            self._now.engine.dispose()
        self.engine.dispose()
