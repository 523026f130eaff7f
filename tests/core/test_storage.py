"""Schema, migrations and transactions on a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from pos_app.core.db import Database
from pos_app.core.errors import StorageError
from pos_app.core.models import Customer, Transaction
from pos_app.core.terminals import ensure_terminal

TABLES = {
    "customers", "consents", "face_templates", "bank_tokens", "terminals", "operators", "shifts",
    "transactions", "refunds", "audit_events", "audit_head",
}


def test_migrations_build_every_table_from_an_empty_database(db_url: str) -> None:
    db = Database(db_url)
    assert db.current_revision() is None
    with pytest.raises(StorageError, match="schema is at nothing") as err:
        db.require_current_schema()
    assert err.value.hint == "run: facepay db upgrade"
    db.upgrade()
    assert TABLES <= set(db.table_names())
    assert db.current_revision() == db.head_revision()
    db.upgrade()  # a second upgrade is a no-op, not an error
    db.require_current_schema()
    db.dispose()


def test_a_start_migrates_only_when_the_schema_is_behind(db_url: str) -> None:
    """The kiosk's start asks one question of the database; Alembic runs only when it must."""
    from pos_app.core.db import SCHEMA_HEAD

    db = Database(db_url)
    assert SCHEMA_HEAD == db.head_revision()  # a new migration must move the known head too
    assert not db.schema_at_head()  # empty: no version table at all
    assert db.upgrade_if_needed() is True and db.schema_at_head()
    assert db.upgrade_if_needed() is False
    db.downgrade("0005")  # the schema an older program left
    assert not db.schema_at_head() and db.upgrade_if_needed() is True
    assert db.current_revision() == SCHEMA_HEAD
    db.dispose()


def test_a_start_at_the_head_never_loads_alembic(db_url: str) -> None:
    """Every start journals the schema it runs on (13007): read with one query, where Alembic's
    MigrationContext imported 0.2 s of Alembic, Mako and Pygments first."""
    import subprocess
    import sys

    db = Database(db_url)
    db.upgrade()
    db.dispose()
    probe = ("import sys; from pos_app.core.db import Database; d = Database(sys.argv[1]); "
             "d.upgrade_if_needed(); d.require_current_schema(); print(d.current_revision(), "
             "sorted(m for m in sys.modules if m.split('.')[0] in ('alembic', 'mako', 'pygments')))")
    done = subprocess.run([sys.executable, "-c", probe, db_url], capture_output=True, text=True, timeout=60)
    assert done.stdout.split(maxsplit=1) == [db.head_revision(), "[]\n"], done.stderr


def test_sqlite_file_runs_in_wal_mode_with_foreign_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'f.db'}")
    db.upgrade()
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(Transaction(terminal_id="no-such-terminal", amount_minor=100, currency="NOK",
                              idempotency_key="k1"))


def test_large_amounts_are_stored_exactly(db: Database) -> None:
    term = ensure_terminal(db, "kiosk-1", "kiosk")
    with db.session() as s:
        s.add(Transaction(id="t1", terminal_id=term, amount_minor=99_999_999, currency="NOK", idempotency_key="k"))
    with db.session() as s:
        assert s.get(Transaction, "t1").amount_minor == 99_999_999  # type: ignore[union-attr]


def test_refunds_cannot_exceed_the_captured_amount_even_in_raw_sql(db: Database) -> None:
    term = ensure_terminal(db, "kiosk-1", "kiosk")
    with db.session() as s:
        s.add(Transaction(id="t1", terminal_id=term, amount_minor=1000, currency="NOK",
                          idempotency_key="k", captured_minor=1000))
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.execute(text("UPDATE transactions SET refunded_minor = 1001 WHERE id = 't1'"))


def test_times_come_back_as_aware_utc(db: Database) -> None:
    moment = datetime(2026, 3, 1, 12, 30, 15, 123456, tzinfo=timezone.utc)
    with db.session() as s:
        s.add(Customer(id="c1", display_name="Kari", created_at=moment))
    with db.session() as s:
        got = s.get(Customer, "c1").created_at  # type: ignore[union-attr]
    assert got == moment and got.tzinfo is not None


def test_a_failed_unit_of_work_leaves_nothing_half_written(db: Database) -> None:
    with pytest.raises(IntegrityError):
        with db.session() as s:
            s.add(Customer(id="c1", display_name="first"))
            s.flush()
            s.add(Customer(id="c1", display_name="duplicate key"))
    with db.session() as s:
        assert s.scalars(select(Customer)).all() == []


def test_unreachable_database_is_one_clear_error() -> None:
    db = Database("postgresql://postgres@127.0.0.1:1/nowhere")
    with pytest.raises(StorageError, match=r"^cannot reach the database at postgresql\+psycopg://postgres@127\.0\.0\.1:1/nowhere"):
        db.check_reachable()


def test_terminal_registration_is_idempotent_and_audited(db: Database) -> None:
    first = ensure_terminal(db, "kiosk-1", "kiosk")
    assert ensure_terminal(db, "kiosk-1", "kiosk") == first
    with db.session() as s:
        actions = s.execute(text("SELECT action FROM audit_events")).scalars().all()
    assert actions == ["terminal.register"]
