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
from pos_app.core.db import Database
from pos_app.core.states import TxState
from pos_app.core.transactions import TxInfo, advance, get_transaction, in_doubt

# A transaction the bank has never heard of is only declared failed once no request for it can
# still be on its way: longer than the client's whole retry budget.
DEFAULT_GRACE = timedelta(seconds=60)


def charge(db: Database, bank: BankClient, tx_id: str, token: str, *, actor: str = "system",
           terminal: str = "") -> TxInfo:
    """Move a verified transaction to AUTHORIZING, charge it, and record the outcome."""
    tx = get_transaction(db, tx_id)
    if tx.state is not TxState.AUTHORIZING:
        tx = advance(db, tx_id, TxState.AUTHORIZING, actor=actor, terminal=terminal)
    try:
        payment = bank.create_payment(amount=tx.amount.minor, currency=tx.amount.currency, token=token,
                                      order_reference=tx.order_ref or tx.id, idempotency_key=tx.idempotency_key)
    except PaymentDeclined as declined:
        return advance(db, tx_id, TxState.DECLINED, actor=actor, terminal=terminal,
                       decline_code=declined.code, bank_payment_id=declined.payment.id)
    except BankUnavailable:
        return advance(db, tx_id, TxState.UNKNOWN, actor=actor, terminal=terminal)
    except (InvalidRequest, AuthError, IdempotencyConflict) as refused:
        # The bank refused the request as made: nothing was charged.
        return advance(db, tx_id, TxState.FAILED, actor=actor, terminal=terminal,
                       decline_code=(refused.code or type(refused).__name__)[:32])
    return advance(db, tx_id, TxState.APPROVED, actor=actor, terminal=terminal,
                   bank_payment_id=payment.id, captured_minor=payment.captured_amount)


@dataclass(frozen=True)
class Reconciled:
    settled: list[TxInfo]
    still_open: list[TxInfo]


def reconcile(db: Database, bank: BankClient, *, grace: timedelta = DEFAULT_GRACE,
              now: Callable[[], datetime] = lambda: datetime.now(timezone.utc), actor: str = "reconcile") -> Reconciled:
    """Settle every AUTHORIZING or UNKNOWN transaction by asking the bank what it did."""
    settled, still_open = [], []
    for tx in in_doubt(db):
        try:
            payment = bank.find_payment(tx.idempotency_key)
        except BankUnavailable:
            still_open.append(tx)
            continue
        if payment is None:
            if _last_change(db, tx.id) < now() - grace:
                settled.append(advance(db, tx.id, TxState.FAILED, actor=actor, decline_code="not_at_bank"))
            else:
                still_open.append(tx)
        elif payment.status == "declined":
            settled.append(advance(db, tx.id, TxState.DECLINED, actor=actor, decline_code=payment.decline_code,
                                   bank_payment_id=payment.id))
        else:
            settled.append(advance(db, tx.id, TxState.APPROVED, actor=actor, bank_payment_id=payment.id,
                                   captured_minor=payment.captured_amount))
    return Reconciled(settled, still_open)


def _last_change(db: Database, tx_id: str) -> datetime:
    from pos_app.core.models import Transaction

    with db.session() as s:
        row = s.get(Transaction, tx_id)
        assert row is not None
        return row.updated_at
