"""The mock bank's persistent state, on SQLAlchemy Core (SQLite by default, any URL it accepts).
A payment's own statements run as plain SQL on the same connections (hot_sql)."""

from __future__ import annotations

import secrets
import sqlite3
import time
from contextlib import contextmanager
import os
from pathlib import Path
from typing import Iterator, cast

from sqlalchemy import (
    BigInteger, Boolean, Column, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Table,
    create_engine, event, select,
)
from sqlalchemy.engine import Connection, Engine, make_url

metadata = MetaData()
DEFAULT_MERCHANT = "default"

# The layout is set by what one payment's commit writes: every B-tree it changes is at least one
# page (4 KiB, two write calls) in SQLite's WAL, and those writes were the largest part of a
# payment's CPU on this machine's kernel. So the tables a payment writes keep few B-trees, and new
# rows go to the end of one where the key allows it: 9.3 pages a payment, against 14.1 with a rowid
# table and an index per column (benchmarks/README.md, issue 32). Since a payment keeps its own
# idempotency answer (no row of bank_idempotency's three B-trees), about 6.5. A database made with
# an older layout keeps it and works the same; only the new one is smaller to write.

accounts = Table(
    "bank_accounts", metadata,
    Column("number", String(16), primary_key=True),
    Column("owner", String(128), nullable=False),
    Column("balance_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False, default="active"),  # active | blocked
    Column("per_payment_limit_minor", BigInteger, nullable=False),
    Column("created_at", Float, nullable=False),
)
tokens = Table(
    "bank_tokens", metadata,
    Column("token", String(64), primary_key=True),
    Column("account_number", ForeignKey("bank_accounts.number"), nullable=False),
    Column("terminal_id", String(40), nullable=False),
    # The merchant whose terminal linked the account: only that merchant's terminals may charge it,
    # so a token copied out of a store's database is worth nothing anywhere else.
    Column("merchant", String(64), nullable=False, default=DEFAULT_MERCHANT),
    Column("revoked", Boolean, nullable=False, default=False),
    Column("created_at", Float, nullable=False),
)
terminals = Table(
    "bank_terminals", metadata,
    Column("id", String(40), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("key", String(128), nullable=False),
    Column("merchant", String(64), nullable=False, default=DEFAULT_MERCHANT),
    Column("created_at", Float, nullable=False),
)
payments = Table(
    "bank_payments", metadata,
    Column("id", String(40), primary_key=True),
    Column("terminal_id", String(40), nullable=False),
    Column("token", String(64), nullable=False),
    Column("account_number", String(16), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),  # authorized | captured | declined | cancelled
    Column("decline_code", String(32)),
    Column("captured_minor", BigInteger, nullable=False, default=0),
    Column("refunded_minor", BigInteger, nullable=False, default=0),
    Column("order_reference", String(64), nullable=False),
    Column("idempotency_key", String(128), nullable=False),
    Column("created_at", Float, nullable=False),
    # The payment's idempotency record: the hash of the request that made it and the answer it got,
    # written with the row. Its key is then answered from here for as long as the payment exists,
    # and a payment's commit writes no row of bank_idempotency (three B-trees, one at a random
    # page). NULL in rows made before 2026-12-04, whose keys bank_idempotency holds.
    Column("request_hash", String(64)),
    Column("answer", LargeBinary),
    # The rows live in the key's B-tree (ids start with the time, so at its end); one index
    # serves the other lookup, a terminal's payment by its idempotency key.
    Index("ix_bank_payments_terminal_key", "terminal_id", "idempotency_key"),
    sqlite_with_rowid=False,
)
refunds = Table(
    "bank_refunds", metadata,
    Column("id", String(40), primary_key=True),
    Column("payment_id", ForeignKey("bank_payments.id"), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("created_at", Float, nullable=False),
)
idempotency = Table(
    "bank_idempotency", metadata,
    Column("terminal_id", String(40), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", Float, nullable=False, index=True),
)  # a rowid table: its rows hold a stored answer, too large for a WITHOUT ROWID B-tree's pages
seen_signatures = Table(
    "bank_seen_signatures", metadata,
    # The time first: new signatures go to the end of the one B-tree, and the expired are a range
    # at its start. A signature is an HMAC over its t, so a replay always brings the same t.
    Column("t", Integer, primary_key=True),
    Column("terminal_id", String(40), primary_key=True),
    Column("signature", String(64), primary_key=True),
    sqlite_with_rowid=False,
)
fault_log = Table(
    "bank_fault_log", metadata,
    Column("terminal_id", String(40), primary_key=True),
    Column("key", String(128), primary_key=True),
    Column("fault", String(16), primary_key=True),
)

TEST_ACCOUNT_PREFIX = "9999"
DEFAULT_LIMIT_MINOR = 5_000_000  # 50 000.00 per payment


def default_bank_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'bank.db'}"


def _private_sqlite_files(path: Path) -> None:
    """Accounts and payments: the database is made 0600 before SQLite creates it (its -wal and
    -shm take the database's mode), and an older, wider one is narrowed with its side files."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Only when it does not exist yet: closing any descriptor of a file drops every POSIX
        # lock this process holds on it, which would pull SQLite's locks from under another
        # engine of this process (the server's writes were lost that way).
        try:
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass  # another process (the server, a command) made it a moment ago: fine
    for side in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if side.stat().st_mode & 0o077:
                side.chmod(0o600)
        except OSError:
            pass  # absent, or not ours to change


class LockBusy(Exception):
    """SQLite's write lock is held elsewhere, and this engine does not wait for it (wait=False).
    Raised before the transaction did anything, so the work can be run again where it may wait."""


def open_engine(url: str, *, wait: bool = True) -> Engine:
    """An engine on the bank's database, its tables made. On SQLite, wait=False gives an engine
    for the event loop: its write transactions raise LockBusy instead of waiting for the lock,
    and it leaves WAL checkpoints (which fsync) to whoever calls `checkpoint`."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            _private_sqlite_files(Path(parsed.database))
        engine = create_engine(parsed, hide_parameters=True, connect_args={"timeout": 15 if wait else 0})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _rec) -> None:
            dbapi_conn.isolation_level = None
            dbapi_conn.execute("PRAGMA journal_mode=WAL")
            dbapi_conn.execute("PRAGMA synchronous=NORMAL")
            dbapi_conn.execute("PRAGMA foreign_keys=ON")
            if not wait:
                dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # Writers take the lock up front (no deadlock on upgrade); readers never take it. On
            # the driver's cursor: through exec_driver_sql this cost a payment 60 µs of Python.
            raw = conn.connection.dbapi_connection
            if raw.in_transaction:  # begun on the driver (runner.HeldDb): Core joins it
                return
            write = conn.get_execution_options().get("write")
            if write:
                begin_immediate(raw, busy=None if wait else LockBusy)
            else:
                raw.execute("BEGIN")
    else:
        engine = create_engine(parsed, hide_parameters=True, pool_pre_ping=True, pool_size=10)
    if wait:
        _make_schema(engine)
    return engine


def begin_immediate(raw: sqlite3.Connection, busy: type[Exception] | None = LockBusy) -> None:
    """Take SQLite's write lock now. With `busy`, a lock held elsewhere raises that instead of
    the driver's error (the loop's engine does not wait: see runner)."""
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        if busy is not None and is_busy(exc):
            raise busy(str(exc)) from exc
        raise


def is_busy(exc: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY), raw or wrapped by SQLAlchemy."""
    orig = getattr(exc, "orig", exc)
    return isinstance(orig, sqlite3.OperationalError) and "locked" in str(orig)


def checkpoint(engine: Engine, *, hold_writers: bool = False) -> None:
    """Copy the WAL into the database as far as it goes without waiting for any reader or writer
    (PASSIVE); the copy and its fsync take their time, so not on an event loop.

    hold_writers: first take SQLite's write lock on a second connection, so that no writer of any
    process adds to the log while this copies its end: the log is then fully copied, and the next
    write starts it afresh. Without it, another worker's writes always left a tail to copy and the
    log grew without end."""
    with engine.connect() as conn, engine.connect() as holder:
        lock = cast(sqlite3.Connection, holder.connection.dbapi_connection)  # SQLite's engine
        if hold_writers:
            begin_immediate(lock, busy=None)  # waits its turn (the busy timeout)
        try:
            conn.connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            if hold_writers:
                lock.rollback()


def _make_schema(engine: Engine) -> None:
    """Tables made, and old ones given their new columns, in one write transaction: the server and
    a `facepay bank` command started together on a new database would otherwise both find a table
    missing and the second CREATE fail ("already exists")."""
    from sqlalchemy import inspect, text

    with transaction(engine) as conn:
        if conn.dialect.name == "postgresql":  # SQLite's BEGIN IMMEDIATE already serialises writers
            conn.execute(text("SELECT pg_advisory_xact_lock(7265836)"))  # any fixed number: the bank's schema
        metadata.create_all(conn)
        inspector = inspect(conn)
        # A bank database made before tokens were bound to a merchant gets the column (one merchant).
        for table in ("bank_terminals", "bank_tokens"):
            if "merchant" not in {c["name"] for c in inspector.get_columns(table)}:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN merchant VARCHAR(64) NOT NULL "
                                  f"DEFAULT '{DEFAULT_MERCHANT}'"))
        # One made before payments held their idempotency answer gets the columns, empty in old rows.
        have = {c["name"] for c in inspector.get_columns("bank_payments")}
        for column in ("request_hash", "answer"):
            if column not in have:
                kind = payments.c[column].type.compile(dialect=conn.dialect)
                conn.execute(text(f"ALTER TABLE bank_payments ADD COLUMN {column} {kind}"))


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction (on SQLite: BEGIN IMMEDIATE). Plain engine.connect() is for reads."""
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        yield conn


def new_account_number(test: bool) -> str:
    while True:
        digits = "".join(str(secrets.randbelow(10)) for _ in range(11))
        if test:
            return TEST_ACCOUNT_PREFIX + digits[4:]
        if not digits.startswith(TEST_ACCOUNT_PREFIX):
            return digits


def add_account(engine: Engine, owner: str, balance_minor: int, currency: str = "NOK", *, test: bool = False,
                blocked: bool = False, limit_minor: int = DEFAULT_LIMIT_MINOR) -> str:
    number = new_account_number(test)
    with transaction(engine) as conn:
        conn.execute(accounts.insert().values(
            number=number, owner=owner, balance_minor=balance_minor, currency=currency,
            status="blocked" if blocked else "active", per_payment_limit_minor=limit_minor, created_at=time.time()))
    return number


def add_terminal(engine: Engine, name: str, merchant: str = DEFAULT_MERCHANT) -> tuple[str, str]:
    terminal_id, key = "term_" + secrets.token_hex(8), "tk_" + secrets.token_urlsafe(32)
    with transaction(engine) as conn:
        conn.execute(terminals.insert().values(id=terminal_id, name=name, key=key, merchant=merchant,
                                               created_at=time.time()))
    return terminal_id, key


def balance(engine: Engine, number: str) -> int | None:
    with engine.connect() as conn:
        return conn.scalar(select(accounts.c.balance_minor).where(accounts.c.number == number))
