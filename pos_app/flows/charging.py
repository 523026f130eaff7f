"""Charging a transaction through the bank exactly once, and settling what a crash left open.

The transaction row, with its idempotency key, is written before anything is sent; every send
and every retry uses that key. An answer that never arrived leaves the transaction UNKNOWN, and
only a lookup by that key at the bank settles it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from payments.client import BankClient
from payments.errors import AuthError, BankUnavailable, IdempotencyConflict, InvalidRequest, PaymentDeclined
from payments.signing import TOLERANCE_SECONDS
from pos_app.core.db import Database
from pos_app.core.errors import IllegalTransition
from pos_app.core.states import TxState
from pos_app.core.transactions import TxInfo, advance, get_transaction, in_doubt, record_late_approval

# A transaction the bank has never heard of is declared failed only once no request for it can
# still be accepted: the client's whole retry budget (under a minute), plus the time the bank
# accepts a signature (TOLERANCE_SECONDS), plus a minute for the two clocks to disagree. Sooner, a
# request still on its way could charge a sale the register shows as failed.
CLIENT_RETRY_BUDGET = timedelta(seconds=60)
CLOCK_SKEW = timedelta(seconds=60)
DEFAULT_GRACE = CLIENT_RETRY_BUDGET + timedelta(seconds=TOLERANCE_SECONDS) + CLOCK_SKEW


def charge(db: Database, bank: BankClient, tx_id: str, token: str, *, actor: str = "system",
           terminal: str = "") -> TxInfo:
    """Move a verified transaction to AUTHORIZING, charge it, and record the outcome."""
    tx = get_transaction(db, tx_id)
    if tx.state is not TxState.AUTHORIZING:
        tx = advance(db, tx_id, TxState.AUTHORIZING, actor=actor, terminal=terminal)
    if tx.training:  # a training sale never reaches the bank and never counts as takings
        return settle(db, tx_id, TxState.APPROVED, actor=actor, terminal=terminal, captured_minor=tx.amount.minor)
    try:
        payment = bank.create_payment(amount=tx.amount.minor, currency=tx.amount.currency, token=token,
                                      order_reference=tx.order_ref or tx.id, idempotency_key=tx.idempotency_key)
    except PaymentDeclined as declined:
        return settle(db, tx_id, TxState.DECLINED, actor=actor, terminal=terminal,
                      decline_code=declined.code, bank_payment_id=declined.payment.id)
    except BankUnavailable:
        return settle(db, tx_id, TxState.UNKNOWN, actor=actor, terminal=terminal)
    except (InvalidRequest, AuthError, IdempotencyConflict) as refused:
        # The bank refused the request as made: nothing was charged.
        return settle(db, tx_id, TxState.FAILED, actor=actor, terminal=terminal,
                      decline_code=(refused.code or type(refused).__name__)[:32])
    return settle(db, tx_id, TxState.APPROVED, actor=actor, terminal=terminal,
                  bank_payment_id=payment.id, captured_minor=payment.captured_amount)


def settle(db: Database, tx_id: str, target: TxState, *, actor: str, terminal: str = "", **changes: object) -> TxInfo:
    """Record the bank's answer, whoever records it first. While one process waited for the bank,
    another (a reconcile) may have settled the sale: the same answer is then already there, and an
    approval of a sale closed as not at the bank is recorded as a late approval. Never raises for
    a state that moved meanwhile; the money the bank took always shows."""
    try:
        return advance(db, tx_id, target, actor=actor, terminal=terminal, **changes)
    except IllegalTransition:
        current = get_transaction(db, tx_id)
        if target is TxState.APPROVED and current.state is TxState.FAILED and current.decline_code == "not_at_bank":
            return record_late_approval(db, tx_id, actor=actor, bank_payment_id=str(changes["bank_payment_id"]),
                                        captured_minor=int(changes["captured_minor"]))  # type: ignore[call-overload]  # advance's keywords are checked there; the dict is the bank's answer
        if target is TxState.UNKNOWN or current.state is target:
            return current  # nothing new learned, or the same answer recorded by another process
        raise


@dataclass(frozen=True)
class Reconciled:
    settled: list[TxInfo]
    still_open: list[TxInfo]
    # When a run can settle the open ones that the bank has no record of: after the window in which
    # a signed request still on its way could land (None: nothing waits on time).
    settle_after: datetime | None = None


def reconcile(db: Database, bank: BankClient, *, terminal_id: str, grace: timedelta = DEFAULT_GRACE,
              now: Callable[[], datetime] = lambda: datetime.now(timezone.utc), actor: str = "reconcile") -> Reconciled:
    """Settle this terminal's AUTHORIZING or UNKNOWN transactions by asking the bank what it did.

    Only this terminal's: the bank answers a terminal about its own payments alone, so asking
    about another kiosk's sale would find nothing and close a paid sale as failed."""
    settled, still_open = [], []
    waits: list[datetime] = []
    for tx in in_doubt(db, terminal_id):
        try:
            payment = bank.find_payment(tx.idempotency_key)
        except BankUnavailable:
            still_open.append(tx)
            continue
        if payment is None:
            changed = _last_change(db, tx.id)
            if changed >= now() - grace:
                waits.append(changed + grace)
            if changed < now() - grace:
                settled.append(settle(db, tx.id, TxState.FAILED, actor=actor, decline_code="not_at_bank"))
            else:
                still_open.append(tx)
        elif payment.status == "declined":
            settled.append(settle(db, tx.id, TxState.DECLINED, actor=actor, decline_code=payment.decline_code,
                                  bank_payment_id=payment.id))
        else:
            settled.append(settle(db, tx.id, TxState.APPROVED, actor=actor, bank_payment_id=payment.id,
                                  captured_minor=payment.captured_amount))
    return Reconciled(settled, still_open, max(waits) if waits else None)


# A face sale still created or verifying this long after its last change was left by a crash or a
# camera that never answered: no bank call was made, so it is closed, not reconciled.
ABANDON_AFTER = timedelta(minutes=15)


def close_abandoned(db: Database, *, terminal_id: str, older_than: timedelta = ABANDON_AFTER,
                    now: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
                    actor: str = "housekeeping") -> list[TxInfo]:
    """Close this terminal's face sales stuck before the bank (a crash mid-capture): verifying
    ones as failed, created ones as cancelled, each with decline code 'abandoned'."""
    from sqlalchemy import select

    from pos_app.core.models import Transaction

    cutoff = now() - older_than
    with db.session() as s:
        ids = list(s.scalars(select(Transaction.id).where(
            Transaction.terminal_id == terminal_id, Transaction.method == "face",
            Transaction.state.in_([TxState.CREATED.value, TxState.VERIFYING.value]), Transaction.updated_at < cutoff)))
    closed = []
    for tx_id in ids:
        state = get_transaction(db, tx_id).state
        target = TxState.FAILED if state is TxState.VERIFYING else TxState.CANCELLED
        try:
            closed.append(advance(db, tx_id, target, actor=actor, decline_code="abandoned"))
        except IllegalTransition:  # it moved on meanwhile
            continue
    return closed


def _last_change(db: Database, tx_id: str) -> datetime:
    from pos_app.core.models import Transaction

    with db.session() as s:
        row = s.get(Transaction, tx_id)
        assert row is not None
        return row.updated_at
