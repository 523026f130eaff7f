"""The POS side: charging a transaction and reconciling what was left open, on both databases."""

from __future__ import annotations

from datetime import timedelta

from pos_app.core.db import Database
from pos_app.core.money import Money
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction, get_transaction
from pos_app.flows.charging import charge, reconcile
from tests.bank_fixture import Bank, free_port


def kiosk(db: Database, name: str = "kiosk-1") -> str:
    return ensure_terminal(db, name, "kiosk")


def new_tx(db: Database, amount: int, terminal: str = "kiosk-1") -> str:
    tx = create_transaction(db, terminal_id=kiosk(db, terminal), amount=Money.of(amount))
    advance(db, tx.id, TxState.VERIFYING)
    return tx.id


def test_an_approved_charge_records_the_bank_payment(db: Database, bank: Bank) -> None:
    account = bank.account(10_000)
    tx = charge(db, bank.client(), new_tx(db, 2500), bank.token(account))
    assert tx.state is TxState.APPROVED and tx.captured_minor == 2500 and tx.bank_payment_id
    assert bank.balance(account) == 7_500


def test_a_decline_is_recorded_with_its_reason(db: Database, bank: Bank) -> None:
    tx = charge(db, bank.client(), new_tx(db, 2500), bank.token(bank.account(1_000)))
    assert tx.state is TxState.DECLINED and tx.decline_code == "insufficient_funds"


def test_a_bank_outage_leaves_unknown_and_reconcile_settles_it(db: Database, bank: Bank) -> None:
    from payments.client import BankClient

    account = bank.account(10_000)
    token = bank.token(account)
    down = BankClient(f"http://127.0.0.1:{free_port()}", bank.terminal_id, bank.key, max_retries=1, sleep=lambda s: None)
    tx_id = new_tx(db, 1200)
    assert charge(db, down, tx_id, token).state is TxState.UNKNOWN
    assert bank.balance(account) == 10_000  # no charge
    # The bank never saw it: once the grace period is over, reconcile calls it failed.
    result = reconcile(db, bank.client(), terminal_id=kiosk(db), grace=timedelta(0))
    assert [t.state for t in result.settled] == [TxState.FAILED]


def test_a_charge_whose_answer_was_lost_is_settled_as_approved(db: Database, bank: Bank) -> None:
    account = bank.account(test=True)
    token = bank.token(account)
    tx_id = new_tx(db, 9064)  # the bank commits, then drops the connection
    no_retry = bank.client(max_retries=0)
    assert charge(db, no_retry, tx_id, token).state is TxState.UNKNOWN
    # A crash here would leave it too; at start-up, reconcile asks the bank by idempotency key.
    result = reconcile(db, bank.client(), terminal_id=kiosk(db), grace=timedelta(0))
    assert [t.state for t in result.settled] == [TxState.APPROVED]
    assert get_transaction(db, tx_id).captured_minor == 9064
    assert bank.balance(account) == 1_000_000 - 9064


def test_reconcile_leaves_a_recent_unknown_for_later(db: Database, bank: Bank) -> None:
    tx_id = new_tx(db, 500)
    advance(db, tx_id, TxState.AUTHORIZING)
    result = reconcile(db, bank.client(), terminal_id=kiosk(db), grace=timedelta(minutes=5))
    assert result.settled == [] and [t.id for t in result.still_open] == [tx_id]


def test_reconcile_waits_past_the_window_in_which_the_bank_accepts_a_request(db: Database, bank: Bank) -> None:
    """A request signed just before a crash is accepted by the bank for TOLERANCE_SECONDS; the sale
    must not be closed as failed before then, or a late charge would hit a 'failed' sale."""
    from datetime import datetime, timezone

    from payments.signing import TOLERANCE_SECONDS
    from pos_app.flows.charging import DEFAULT_GRACE

    assert DEFAULT_GRACE > timedelta(seconds=TOLERANCE_SECONDS + 60)
    tx_id = new_tx(db, 700)
    advance(db, tx_id, TxState.AUTHORIZING)
    later = datetime.now(timezone.utc) + timedelta(seconds=TOLERANCE_SECONDS)  # still inside the window
    result = reconcile(db, bank.client(), terminal_id=kiosk(db), now=lambda: later)
    assert result.settled == [] and get_transaction(db, tx_id).state is TxState.AUTHORIZING
    past = datetime.now(timezone.utc) + DEFAULT_GRACE + timedelta(seconds=1)
    result = reconcile(db, bank.client(), terminal_id=kiosk(db), now=lambda: past)
    assert [t.state for t in result.settled] == [TxState.FAILED]


def test_a_late_approval_settles_the_sale_and_does_not_raise(db: Database, bank: Bank) -> None:
    """The bank charged after the POS closed the sale as not at the bank: the sale shows the
    money taken (a late approval, audited), and recording it again changes nothing."""
    from pos_app.flows.charging import settle

    account = bank.account(10_000)
    token = bank.token(account)
    tx_id = new_tx(db, 1_500)
    advance(db, tx_id, TxState.AUTHORIZING)  # charge() has sent its request and waits...
    advance(db, tx_id, TxState.FAILED, decline_code="not_at_bank")  # ...when a reconcile closes the sale
    with bank.client() as c:  # the request that was still on its way lands
        paid = c.create_payment(amount=1_500, currency="NOK", token=token, order_reference=tx_id,
                                idempotency_key=get_transaction(db, tx_id).idempotency_key)
    late = settle(db, tx_id, TxState.APPROVED, actor="kiosk", bank_payment_id=paid.id, captured_minor=1_500)
    assert late.state is TxState.APPROVED and late.captured_minor == 1_500 and bank.balance(account) == 8_500
    again = settle(db, tx_id, TxState.APPROVED, actor="test", bank_payment_id=late.bank_payment_id,
                   captured_minor=1_500)
    assert again.state is TxState.APPROVED
    with db.session() as s:
        from sqlalchemy import select

        from pos_app.core.models import AuditEvent

        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.subject_id == tx_id)))
    assert "transaction.late_approval" in actions


def test_one_kiosk_never_settles_another_kiosks_sale(db: Database, bank: Bank, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Two kiosks, two bank terminals, one database. Kiosk B's charge lost its answer; kiosk A's
    housekeeping must not ask the bank about it (the bank would not know it for A) and close it."""
    from payments.client import BankClient
    from payments.mock_bank import store

    b_terminal, b_key = store.add_terminal(bank.engine(), "kiosk-b")
    bank_b = BankClient(bank.url, b_terminal, b_key, max_retries=0, sleep=lambda s: None)
    account = bank.account(test=True)
    token = bank_b.link_account(account, idempotency_key=f"link-{tmp_path.name}").token
    tx_b = new_tx(db, 9064, terminal="kiosk-b")  # the bank commits, then drops the connection
    assert charge(db, bank_b, tx_b, token).state is TxState.UNKNOWN
    result = reconcile(db, bank.client(), terminal_id=kiosk(db, "kiosk-1"), grace=timedelta(0))
    assert result.settled == [] and get_transaction(db, tx_b).state is TxState.UNKNOWN
    bank_b.close()
    with BankClient(bank.url, b_terminal, b_key) as c:
        result = reconcile(db, c, terminal_id=kiosk(db, "kiosk-b"), grace=timedelta(0))
    assert [t.state for t in result.settled] == [TxState.APPROVED]
