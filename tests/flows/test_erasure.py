"""A shopper's erasure is final: nothing carved from the live database files opens their
template or charges their account, and the bank revokes the payment token."""

from __future__ import annotations

import uuid
from contextlib import nullcontext
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import text

from payments.client import BankClient
from payments.errors import PaymentDeclined
from pos_app.core import customers, vault
from pos_app.core.consent import load_consent
from pos_app.core.db import Database
from pos_app.core.models import FaceTemplate
from pos_app.core.operators import add_operator, authenticate
from pos_app.core.terminals import ensure_terminal
from pos_app.flows import erasure
from tests.bank_fixture import Bank, free_port


@pytest.fixture
def keys(tmp_path: Path) -> vault.KeyFile:
    return vault.KeyFile.create(tmp_path / "keys" / "facepay.key")


def enrol_linked(db: Database, keys: vault.KeyFile, bank: Bank, account: str) -> customers.Enrollment:
    add_operator(db, username="desk", display_name="Desk", role="admin", secret="4821", actor="test")
    with bank.client() as client:
        token = client.link_account(account, idempotency_key=str(uuid.uuid4()))
    template = np.random.default_rng(7).standard_normal(128).astype(np.float32)
    return customers.enroll(db, keys, name="Kari Nordmann", phone=None, template=template / np.linalg.norm(template),
                            model_id="dlib-resnet-v1", key_mode="shopper", consent=load_consent("en"),
                            operator=authenticate(db, "desk", "4821"),
                            terminal_id=ensure_terminal(db, "desk-1", "desk"), terminal_name="desk-1", bank_token=token)


def charge(bank: Bank, token: str) -> str:
    with bank.client() as client:
        return client.create_payment(amount=1_000, currency="NOK", token=token, order_reference="o",
                                     idempotency_key=str(uuid.uuid4())).status


def test_nothing_carved_from_the_live_files_survives_an_erasure(tmp_path: Path, keys: vault.KeyFile,
                                                                bank: Bank) -> None:
    """Carve the database, -wal and -shm after an erasure while another connection stays open:
    neither the sealed template nor the sealed token is in them. (Before: the WAL kept the
    enrolment pages, the template opened with the shopper's pass, the token still charged.)"""
    db = Database(f"sqlite:///{tmp_path / 'facepay.db'}")
    db.upgrade()
    account = bank.account(100_000)
    enrolled = enrol_linked(db, keys, bank, account)
    with db.session() as s:
        sealed_template = s.query(FaceTemplate).one().ciphertext
        sealed_token = s.execute(text("SELECT token FROM bank_tokens")).scalar_one()
    other = db.engine.connect()  # a kiosk's idle connection
    other.execute(text("SELECT count(*) FROM customers")).scalar()
    other.commit()
    try:
        done = erasure.erase(db, lambda: nullcontext(bank.client()), keys, enrolled.customer_id, actor="desk",
                             terminal="desk-1")
        assert done.templates_destroyed == 1 and not done.revocation_pending
        files = [p for p in tmp_path.iterdir() if p.name.startswith("facepay.db")]
        assert {p.name for p in files} >= {"facepay.db"}
        for path in files:
            data = path.read_bytes()
            assert sealed_template[:32] not in data, path.name
            assert sealed_token.encode() not in data, path.name
            assert sealed_token.encode()[-24:] not in data, path.name
    finally:
        other.close()
        db.dispose()
    # And the token, had it been carved, no longer charges.
    plain = vault.open_token(sealed_token, keys.token_key, enrolled.customer_id)
    with pytest.raises(PaymentDeclined, match="token_revoked"):
        charge(bank, plain)
    assert bank.balance(account) == 100_000


def test_the_sqlite_database_runs_with_secure_delete(tmp_path: Path) -> None:
    """Not left to the build's default: Debian's enables it, others do not."""
    db = Database(f"sqlite:///{tmp_path / 'facepay.db'}")
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
    db.dispose()


def test_an_erasure_the_bank_did_not_confirm_is_pending_until_a_retry(db: Database, keys: vault.KeyFile,
                                                                      bank: Bank) -> None:
    account = bank.account(100_000)
    enrolled = enrol_linked(db, keys, bank, account)
    with db.session() as s:
        plain = vault.open_token(s.execute(text("SELECT token FROM bank_tokens")).scalar_one(), keys.token_key,
                                 enrolled.customer_id)
    down = BankClient(f"http://127.0.0.1:{free_port()}", bank.terminal_id, bank.key, max_retries=0)
    done = erasure.erase(db, lambda: nullcontext(down), keys, enrolled.customer_id, actor="desk", terminal="desk-1")
    assert done.revocation_pending
    [row] = customers.find_customers(db, "", statuses=("erased", "withdrawn"))
    assert row.revocation_pending  # the desk and the customer screen say so
    assert charge(bank, plain) == "captured"  # still live at the bank: why it stays pending
    with bank.client() as client:
        assert erasure.revoke_pending(db, client, keys) == erasure.Revoked(done=1, still_pending=0)
    assert customers.pending_revocations(db) == []
    assert not customers.find_customers(db, "", statuses=("erased", "withdrawn"))[0].revocation_pending
    with pytest.raises(PaymentDeclined, match="token_revoked"):
        charge(bank, plain)
    with db.session() as s:
        actions = list(s.execute(text("SELECT action FROM audit_events WHERE action LIKE 'customer.%'")).scalars())
    assert "customer.bank_link_revoked" in actions
