"""Names people type are checked the same on SQLite and PostgreSQL, before anything is stored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos_app.core import customers
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import Customer, Operator
from pos_app.core.operators import add_operator
from pos_app.core.text import clean_text
from tests.core.test_vault import enroll, keys, desk  # noqa: F401 - fixtures


def test_a_name_longer_than_its_column_is_refused_on_both_databases(db: Database, keys, desk) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from tests.core.test_vault import MODEL, load_consent, unit
    from pos_app.core.terminals import ensure_terminal

    with pytest.raises(InvalidInput, match="^the customer's name is longer than 128 characters$"):
        customers.enroll(db, keys, name="A" * 5000, phone=None, template=unit(1), model_id=MODEL, key_mode="shopper",
                         consent=load_consent("en"), operator=desk, terminal_id=ensure_terminal(db, "desk-1", "desk"),
                         terminal_name="desk-1")
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Customer)) == 0  # nothing half-written


def test_bidirectional_controls_are_stripped_from_names(db: Database) -> None:
    # "Kari" with a right-to-left override that would show the rest of the name reversed.
    op = add_operator(db, username="kari", display_name="Kari \u202eNordmann\u202c", role="cashier", secret="1357",
                      actor="test")
    assert op.display_name == "Kari Nordmann"
    with db.session() as s:
        assert s.scalar(select(Operator.display_name).where(Operator.username == "kari")) == "Kari Nordmann"


def test_text_that_is_not_utf8_is_one_clear_error() -> None:
    broken = b"Kari \xff".decode("utf-8", "surrogateescape")  # as argv holds it on a non-UTF-8 terminal
    with pytest.raises(InvalidInput, match="not valid UTF-8"):
        clean_text(broken, "the customer's name", 128)


def test_the_cli_answers_a_non_utf8_name_in_one_line(tmp_path: Path) -> None:
    env = {**os.environ, "FACEPAY_DATA_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-m", "pos_app", "db", "upgrade"], env=env, check=True, capture_output=True)
    done = subprocess.run([sys.executable.encode(), b"-m", b"pos_app", b"operator", b"add", b"kari", b"--role",
                           b"cashier", b"--name", b"Kari \xff", b"--pin-stdin"],
                          input=b"1357\n", env=env, capture_output=True)
    err = done.stderr.decode()
    assert done.returncode == 2 and err.startswith("facepay: the operator's name is not valid UTF-8"), err
    assert len(err.strip().splitlines()) == 1


def test_a_database_error_never_prints_its_parameters(pg_url: str) -> None:
    """PostgreSQL refuses an over-long value itself; its error must not show the row's values."""
    from sqlalchemy.exc import DBAPIError

    db = Database(pg_url)
    db.upgrade()
    try:
        with pytest.raises(DBAPIError) as err:
            with db.session() as s:
                s.add(Operator(username="x", display_name="SECRET-NAME" * 20, role="cashier", secret_hash="HASH-OF-PIN"))
        assert "SECRET-NAME" not in str(err.value) and "HASH-OF-PIN" not in str(err.value)
    finally:
        db.dispose()
