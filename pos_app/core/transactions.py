"""Transactions: created with their idempotency key, moved only along legal state transitions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.core import audit, fiscal
from pos_app.core.db import Database
from pos_app.core.errors import IllegalTransition, InvalidInput, NotFound
from pos_app.core.models import Transaction
from pos_app.core.money import Money
from pos_app.core.states import IN_DOUBT_STATES, TxState, check_transition
from pos_app.core.text import clean_text

METHODS = ("face", "cash", "card")
# Fields a transition may set alongside the state; anything else is a programming error.
_UPDATABLE = frozenset({
    "bank_payment_id", "captured_minor", "refunded_minor", "decline_code", "verification_score",
    "liveness_decision", "customer_id", "method",
})


@dataclass(frozen=True)
class TxInfo:
    id: str
    terminal_id: str
    amount: Money
    method: str
    state: TxState
    idempotency_key: str
    order_ref: str
    customer_id: str | None
    bank_payment_id: str | None
    captured_minor: int
    refunded_minor: int
    decline_code: str | None
    created_at: datetime
    training: bool = False

    @classmethod
    def of(cls, tx: Transaction) -> TxInfo:
        return cls(
            tx.id, tx.terminal_id, Money(tx.currency, tx.amount_minor), tx.method, TxState(tx.state),
            tx.idempotency_key, tx.order_ref, tx.customer_id, tx.bank_payment_id, tx.captured_minor,
            tx.refunded_minor, tx.decline_code, tx.created_at, bool(tx.training),
        )


ORDER_REF_MAX = 64


def create_transaction(
    db: Database, *, terminal_id: str, amount: Money, method: str = "face", order_ref: str = "",
    shift_id: str | None = None, actor: str = "system", terminal: str = "", basket: str | None = None,
    register_id: str | None = None,
) -> TxInfo:
    """A new sale. Rung up at a register (``register_id``, named ``terminal``), it takes that
    register's training mode, and is refused while the register's drawer is open."""
    if amount.minor <= 0:
        raise InvalidInput(f"a sale must be for more than zero, got {amount}")
    if method not in METHODS:
        raise InvalidInput(f"unknown payment method {method!r}; choose {', '.join(METHODS)}")
    # What the bank accepts as an order reference (64 characters), and plain text: it is printed
    # on receipts and written into SAF-T.
    order_ref = clean_text(order_ref, "the order reference", ORDER_REF_MAX, allow_empty=True)
    with db.session() as s:
        training = bool(register_id) and fiscal.rules().ring_up(s, terminal)
        tx = Transaction(
            terminal_id=terminal_id, shift_id=shift_id, amount_minor=amount.minor,
            currency=amount.currency, method=method, order_ref=order_ref, basket=basket,
            register_id=register_id, cashier=actor if register_id else "", training=training,
            # Random and stored before anything is sent: every retry of this charge reuses it.
            idempotency_key=secrets.token_hex(16), state=TxState.CREATED.value,
        )
        s.add(tx)
        s.flush()
        audit.record(s, actor=actor, action="transaction.create", terminal=terminal,
                     subject_type="transaction", subject_id=tx.id,
                     after={"amount_minor": amount.minor, "currency": amount.currency, "method": method,
                            **({"training": True} if training else {})})
        return TxInfo.of(tx)


def _load_for_update(s: Session, tx_id: str) -> Transaction:
    tx = s.scalar(select(Transaction).where(Transaction.id == tx_id).with_for_update())
    if tx is None:
        raise NotFound(f"no transaction {tx_id}")
    return tx


def advance(
    db: Database, tx_id: str, target: TxState, *, actor: str = "system", terminal: str = "",
    **changes: Any,
) -> TxInfo:
    """Move a transaction to ``target`` (refused unless legal) and record who did it."""
    unknown = set(changes) - _UPDATABLE
    if unknown:
        raise InvalidInput(f"cannot set {', '.join(sorted(unknown))} on a transaction")
    with db.session() as s:
        tx = _load_for_update(s, tx_id)
        check_transition(tx.state, target, tx.method)
        before = {"state": tx.state, **{k: getattr(tx, k) for k in changes}}
        tx.state = target.value
        for key, value in changes.items():
            setattr(tx, key, value)
        audit.record(s, actor=actor, action=f"transaction.{target.value}", terminal=terminal,
                     subject_type="transaction", subject_id=tx.id, before=before,
                     after={"state": target.value, **changes})
        if target is TxState.APPROVED:
            fiscal.rules().sale_approved(s, tx, actor=actor, terminal=terminal)
        return TxInfo.of(tx)


def get_transaction(db: Database, tx_id: str) -> TxInfo:
    with db.session() as s:
        tx = s.get(Transaction, tx_id)
        if tx is None:
            raise NotFound(f"no transaction {tx_id}")
        return TxInfo.of(tx)


def in_doubt(db: Database, terminal_id: str | None = None) -> list[TxInfo]:
    """Transactions a crash or lost connection left unsettled (of one terminal, when given);
    start-up reconciles them with the bank."""
    with db.session() as s:
        query = select(Transaction).where(Transaction.state.in_([st.value for st in IN_DOUBT_STATES]))
        if terminal_id is not None:
            query = query.where(Transaction.terminal_id == terminal_id)
        return [TxInfo.of(tx) for tx in s.scalars(query)]


def record_late_approval(db: Database, tx_id: str, *, actor: str, bank_payment_id: str, captured_minor: int) -> TxInfo:
    """The bank charged a sale the POS had closed as failed because the bank had not heard of it.
    The money was taken, so the sale is approved (to be refunded or kept, as the shop decides);
    audited apart. Only from failed with decline code not_at_bank: the one failure a late request
    can contradict."""
    with db.session() as s:
        tx = _load_for_update(s, tx_id)
        if tx.state == TxState.APPROVED.value and tx.bank_payment_id == bank_payment_id:
            return TxInfo.of(tx)
        if tx.state != TxState.FAILED.value or tx.decline_code != "not_at_bank":
            raise IllegalTransition(f"a {tx.state} transaction cannot take a late approval")
        before = {"state": tx.state, "decline_code": tx.decline_code}
        tx.state, tx.decline_code = TxState.APPROVED.value, None
        tx.bank_payment_id, tx.captured_minor = bank_payment_id, captured_minor
        audit.record(s, actor=actor, action="transaction.late_approval", subject_type="transaction", subject_id=tx.id,
                     before=before, after={"state": tx.state, "bank_payment_id": bank_payment_id,
                                           "captured_minor": captured_minor})
        fiscal.rules().sale_approved(s, tx, actor=actor, terminal="")
        return TxInfo.of(tx)
