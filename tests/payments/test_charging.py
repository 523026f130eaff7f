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


def new_tx(db: Database, amount: int) -> str:
    tx = create_transaction(db, terminal_id=ensure_terminal(db, "kiosk-1", "kiosk"), amount=Money.of(amount))
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
    result = reconcile(db, bank.client(), grace=timedelta(0))
    assert [t.state for t in result.settled] == [TxState.FAILED]


def test_a_charge_whose_answer_was_lost_is_settled_as_approved(db: Database, bank: Bank) -> None:
    account = bank.account(test=True)
    token = bank.token(account)
    tx_id = new_tx(db, 9064)  # the bank commits, then drops the connection
    no_retry = bank.client(max_retries=0)
    assert charge(db, no_retry, tx_id, token).state is TxState.UNKNOWN
    # A crash here would leave it too; at start-up, reconcile asks the bank by idempotency key.
    result = reconcile(db, bank.client(), grace=timedelta(0))
    assert [t.state for t in result.settled] == [TxState.APPROVED]
    assert get_transaction(db, tx_id).captured_minor == 9064
    assert bank.balance(account) == 1_000_000 - 9064


def test_reconcile_leaves_a_recent_unknown_for_later(db: Database, bank: Bank) -> None:
    tx_id = new_tx(db, 500)
    advance(db, tx_id, TxState.AUTHORIZING)
    result = reconcile(db, bank.client(), grace=timedelta(minutes=5))
    assert result.settled == [] and [t.id for t in result.still_open] == [tx_id]
