"""Where the bank's database work runs, so that no handler waits on the event loop.

A worker process serves all its connections on one event loop. Work that waits there (for
SQLite's write lock, held by the other worker or a `facepay bank` command for up to 15 s; for a
WAL checkpoint's fsync; for PostgreSQL's answers) stalls every other request of the process, its
health check included. So, on SQLite:

- Work runs on the loop with an engine that never waits: a payment's SQL is a few hundred µs of
  CPU, and a hop to a thread and back costs 70-110 µs of CPU on this machine and, under load, up
  to the GIL's 5 ms switch interval (benchmarks/README.md).
- If the write lock is taken, that engine raises LockBusy before anything is done, and the request
  waits without holding the loop: it sleeps LOCK_POLL_SECONDS and tries again, for at most
  LOCK_WAIT_SECONDS, behind this process's earlier waiters (first come, first served).
- Checkpoints (they wait, and fsync) run on a thread every CHECKPOINT_EVERY pieces of work; the
  loop's engine has SQLite's automatic checkpoint off. Writes wait for a checkpoint to finish: a
  checkpoint run beside a stream of writes never caught the log fully copied, and the log grew
  without end (tests/payments/test_bank_waits.py).

Reads never wait for the write lock under WAL. On PostgreSQL, where every statement is a network
round trip, all work runs on the thread.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, TypeVar

from sqlalchemy.engine import Engine

from payments.mock_bank.store import LockBusy, checkpoint, is_busy, open_engine

T = TypeVar("T")
log = logging.getLogger(__name__)
CHECKPOINT_EVERY = 200  # about 1,000-2,000 WAL pages: SQLite's own default checkpoints at 1,000
LOCK_WAIT_SECONDS = 15.0
LOCK_POLL_SECONDS = 0.0005  # SQLite's own busy handler sleeps 1, 2, 5 ... 50, 100 ms between tries


class DbRunner:
    def __init__(self, url: str) -> None:
        self.engine = open_engine(url)  # waits in SQLite's busy handler: checkpoints and PostgreSQL
        self._now = open_engine(url, wait=False) if self.engine.dialect.name == "sqlite" else None
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bank-db")
        self._waiters: asyncio.Lock | None = None  # made on the loop that uses it
        self._checkpoint: asyncio.Future[None] | None = None
        self._done = 0

    async def run(self, work: Callable[[Engine], T], *, write: bool = True) -> T:
        """Run `work(engine)`; it opens its own transactions. It must have done nothing when it
        raises LockBusy or a "database is locked" error, which holds for work whose writes are in
        one transaction (the bank's are): the transaction is rolled back."""
        if self._now is None:
            return await asyncio.get_running_loop().run_in_executor(self._thread, work, self.engine)
        if self._waiters is None:
            self._waiters = asyncio.Lock()
        if write and self._checkpoint is not None:
            await asyncio.shield(self._checkpoint)
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

    def _attempt(self, work: Callable[[Engine], T]) -> T:
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
        if self._done % CHECKPOINT_EVERY == 0 and self._checkpoint is None:
            self._checkpoint = asyncio.get_running_loop().run_in_executor(self._thread, checkpoint, self.engine)
            self._checkpoint.add_done_callback(self._checkpointed)
        return result

    def _checkpointed(self, done: asyncio.Future[None]) -> None:
        self._checkpoint = None
        if not done.cancelled() and (exc := done.exception()) is not None:
            # Nothing is lost: the log keeps what was not copied, and the next one copies it.
            log.warning("the bank's WAL checkpoint did not finish (%s); trying again later", exc)

    def close(self) -> None:
        """Finish the work in hand, then let the engines go."""
        self._thread.shutdown(wait=True)
        for engine in (self._now, self.engine):
            if engine is not None:
                engine.dispose()
