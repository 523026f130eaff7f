"""Voids and refunds through the bank, exactly once.

Cash is handed back from the drawer and a card on the store's own terminal is refunded on that
terminal, so for those the database record is the whole job. A face payment goes to the bank: a
refund row with its idempotency key is reserved first; an answer that never came leaves it pending
and `settle_pending` asks again with the same key, so the shopper is never refunded twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from payments.client import BankClient
from payments.errors import BankError, BankUnavailable, InvalidRequest
from pos_app.core.approvals import Approval
from pos_app.core.db import Database
from pos_app.core.errors import FacePayError, InvalidInput
from pos_app.core.money import Money
from pos_app.core.refunds import (
    check_void_limits, complete_refund, pending_refunds, record_void, refuse_refund, reserve_refund,
)
from pos_app.core.states import TxState
from pos_app.core.transactions import TxInfo, get_transaction

log = logging.getLogger(__name__)


class RefundPending(FacePayError):
    """The bank did not answer; the refund is kept and retried with the same key."""


def void(db: Database, bank: BankClient | None, tx_id: str, approval: Approval, *, terminal: str = "") -> TxInfo:
    tx = get_transaction(db, tx_id)
    if tx.state is TxState.PARTIALLY_REFUNDED:
        raise InvalidInput("part of this sale was refunded; refund the rest instead of voiding it")
    if tx.state is not TxState.APPROVED:
        raise InvalidInput(f"a {tx.state.value} sale cannot be voided")
    cancelled = False
    if tx.method == "face" and not tx.training:  # a training sale never reached the bank
        if bank is None or not tx.bank_payment_id:
            raise InvalidInput("this face payment has no bank payment to cancel")
        try:
            payment = bank.get_payment(tx.bank_payment_id)
            if payment.status == "captured":
                raise InvalidInput("the bank has already captured this payment; refund it instead")
            if payment.status == "authorized":
                check_void_limits(db, tx_id, approval)  # before the bank gives anything back
                bank.cancel(tx.bank_payment_id, idempotency_key=f"void-{tx.idempotency_key}")
                cancelled = True
        except BankUnavailable:
            raise FacePayError("the bank did not answer; nothing was voided", hint="try again in a moment") from None
        except BankError as exc:
            raise FacePayError(f"the bank refused the void: {exc}") from None
    return record_void(db, tx_id, approval, terminal=terminal, money_moved=cancelled)


def refund(db: Database, bank: BankClient | None, tx_id: str, amount: Money, approval: Approval, *,
           terminal: str = "") -> TxInfo:
    tx = get_transaction(db, tx_id)
    row = reserve_refund(db, tx_id, amount, approval, terminal=terminal)
    actor = approval.operator.username
    if tx.method != "face" or tx.training:  # a training sale never reached the bank
        return complete_refund(db, row.id, bank_refund_id=None, actor=actor, terminal=terminal)
    if bank is None or not tx.bank_payment_id:
        refuse_refund(db, row.id, why="no bank payment", actor=actor, terminal=terminal)
        raise InvalidInput("this face payment has no bank payment to refund")
    return _send(db, bank, tx.bank_payment_id, row.id, row.amount_minor, row.idempotency_key, actor, terminal)


def _send(db: Database, bank: BankClient, payment_id: str, refund_id: str, amount_minor: int, key: str,
          actor: str, terminal: str) -> TxInfo:
    try:
        done = bank.refund(payment_id, amount_minor, idempotency_key=key)
    except BankUnavailable:
        raise RefundPending("the bank did not answer; the refund is kept and will be sent again",
                            hint="it is retried automatically; do not refund this sale again") from None
    except InvalidRequest as exc:  # refused as asked (nothing left to refund, a bad state): not done
        refuse_refund(db, refund_id, why=str(exc), actor=actor, terminal=terminal)
        raise FacePayError(f"the bank refused the refund: {exc}") from None
    except BankError as exc:  # credentials or a key conflict: not known to be undone, so kept pending
        raise RefundPending(f"the bank did not take the refund ({exc}); it is kept and will be sent again",
                            hint="check the bank settings on the Health screen") from None
    return complete_refund(db, refund_id, bank_refund_id=done.id, actor=actor, terminal=terminal)


@dataclass(frozen=True)
class Settled:
    done: int
    still_pending: int


def settle_pending(db: Database, bank: BankClient, *, actor: str = "reconcile") -> Settled:
    """Send again every refund whose answer was lost; the bank replays those it already did."""
    done = pending = 0
    for row in pending_refunds(db):
        tx = get_transaction(db, row.transaction_id)
        try:
            _send(db, bank, tx.bank_payment_id or "", row.id, row.amount_minor, row.idempotency_key, actor, "")
            done += 1
        except RefundPending:
            pending += 1
        except FacePayError as exc:
            log.warning("refund %s refused by the bank: %s", row.id, exc)
    return Settled(done, pending)
