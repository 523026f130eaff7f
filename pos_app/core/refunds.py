"""Refunds and voids in the database: a refund is reserved (with its idempotency key) before the bank
is asked, so a lost answer is retried with the same key and the total given back can never exceed
what was captured, even with two registers refunding the same sale at once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core import audit, fiscal
from pos_app.core.approvals import Approval, over_cashier_limit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound, PermissionDenied
from pos_app.core.models import Operator, Refund, Shift, Transaction
from pos_app.core.money import Money
from pos_app.core.permissions import Permission
from pos_app.core.states import TxState, check_transition
from pos_app.core.transactions import TxInfo

REFUNDABLE = (TxState.APPROVED, TxState.PARTIALLY_REFUNDED)
# Without an open shift, a cashier's running total counts back this far.
SHIFT_FALLBACK = timedelta(hours=12)


@dataclass(frozen=True)
class RefundInfo:
    id: str
    transaction_id: str
    amount_minor: int
    reason: str
    status: str
    idempotency_key: str
    created_at: datetime

    @classmethod
    def of(cls, row: Refund) -> RefundInfo:
        return cls(row.id, row.transaction_id, row.amount_minor, row.reason, row.status, row.idempotency_key,
                   row.created_at)


def _locked(s: Session, tx_id: str) -> Transaction:
    tx = s.scalar(select(Transaction).where(Transaction.id == tx_id).with_for_update())
    if tx is None:
        raise NotFound(f"no transaction {tx_id}")
    return tx


def _pending_minor(s: Session, tx_id: str) -> int:
    return int(s.scalar(select(func.coalesce(func.sum(Refund.amount_minor), 0))
                        .where(Refund.transaction_id == tx_id, Refund.status == "pending")) or 0)


def _given_back_alone(s: Session, operator_id: str, tx_id: str) -> tuple[int, int]:
    """What this operator gave back without a manager, on the sale and since their shift opened:
    refunds done or waiting on the bank (refused ones gave nothing back), and voids. A void hands
    back the whole sale as surely as a refund does, so it counts the same."""
    alone = (Refund.operator_id == operator_id, Refund.approved_by.is_(None), Refund.status != "refused")
    voided_alone = (Transaction.voided_by == operator_id, Transaction.void_alone.is_(True))
    opened = s.scalar(select(func.max(Shift.opened_at)).where(Shift.operator_id == operator_id, Shift.closed_at.is_(None)))
    since = opened or datetime.now(timezone.utc) - SHIFT_FALLBACK
    on_sale = (s.scalar(select(func.coalesce(func.sum(Refund.amount_minor), 0))
                        .where(*alone, Refund.transaction_id == tx_id)) or 0) \
        + (s.scalar(select(func.coalesce(func.sum(Transaction.amount_minor), 0))
                    .where(*voided_alone, Transaction.id == tx_id)) or 0)
    in_shift = (s.scalar(select(func.coalesce(func.sum(Refund.amount_minor), 0))
                         .where(*alone, Refund.created_at >= since)) or 0) \
        + (s.scalar(select(func.coalesce(func.sum(Transaction.amount_minor), 0))
                    .where(*voided_alone, Transaction.voided_at >= since)) or 0)
    return int(on_sale), int(in_shift)


def given_back_alone(db: Database, operator_id: str, tx_id: str) -> tuple[int, int]:
    with db.session() as s:
        return _given_back_alone(s, operator_id, tx_id)


def _check_cashier_limits(s: Session, approval: Approval, tx_id: str, amount_minor: int) -> None:
    """Re-count a cashier's running totals where the money moves, with their operator row locked,
    so two registers cannot each pass the limit at once."""
    if approval.cashier_limit_minor is None:
        return
    s.scalar(select(Operator.id).where(Operator.id == approval.operator.id).with_for_update())
    on_sale, in_shift = _given_back_alone(s, approval.operator.id, tx_id)
    over = over_cashier_limit(amount_minor, limit_minor=approval.cashier_limit_minor, on_sale_minor=on_sale,
                              in_shift_minor=in_shift, shift_limit_minor=approval.shift_limit_minor)
    if over:
        raise PermissionDenied(f"{approval.operator.username} has reached what a cashier may give back alone "
                               f"{'on this sale' if over == 'sale' else 'in this shift'}",
                               hint="a manager approves it with their PIN")


def refundable_minor(db: Database, tx_id: str) -> int:
    """What may still be given back: captured, less refunded, less refunds still waiting on the bank."""
    with db.session() as s:
        tx = s.get(Transaction, tx_id)
        if tx is None:
            raise NotFound(f"no transaction {tx_id}")
        if TxState(tx.state) not in REFUNDABLE:
            return 0
        return tx.captured_minor - tx.refunded_minor - _pending_minor(s, tx_id)


def reserve_refund(db: Database, tx_id: str, amount: Money, approval: Approval, *, terminal: str = "") -> RefundInfo:
    approval.check(Permission.REFUND, tx_id, amount.minor)
    with db.session() as s:
        tx = _locked(s, tx_id)
        _check_cashier_limits(s, approval, tx_id, amount.minor)
        state = TxState(tx.state)
        if state not in REFUNDABLE:
            raise InvalidInput(f"a {state.value} sale cannot be refunded")
        if amount.currency != tx.currency:
            raise InvalidInput(f"the sale was in {tx.currency}, not {amount.currency}")
        left = tx.captured_minor - tx.refunded_minor - _pending_minor(s, tx_id)
        if amount.minor <= 0:
            raise InvalidInput("a refund must be for more than zero")
        if amount.minor > left:
            raise InvalidInput(f"at most {Money(tx.currency, max(0, left))} can be refunded on this sale")
        row = Refund(transaction_id=tx_id, amount_minor=amount.minor, reason=approval.reason,
                     operator_id=approval.operator.id, idempotency_key=secrets.token_hex(16), status="pending",
                     approved_by=approval.approver.id if approval.overridden else None)
        s.add(row)
        s.flush()
        audit.record(s, actor=approval.operator.username, action="refund.request", terminal=terminal,
                     subject_type="transaction", subject_id=tx_id,
                     after={"refund_id": row.id, "amount_minor": amount.minor, "reason": approval.reason,
                            "approved_by": approval.approver.username})
        return RefundInfo.of(row)


def complete_refund(db: Database, refund_id: str, *, bank_refund_id: str | None, actor: str,
                    terminal: str = "") -> TxInfo:
    """The bank (or the cash drawer) has given the money back: count it on the sale."""
    with db.session() as s:
        row = s.scalar(select(Refund).where(Refund.id == refund_id).with_for_update())
        if row is None:
            raise NotFound(f"no refund {refund_id}")
        tx = _locked(s, row.transaction_id)
        if row.status == "done":
            return TxInfo.of(tx)
        refunded = tx.refunded_minor + row.amount_minor
        target = TxState.REFUNDED if refunded >= tx.captured_minor else TxState.PARTIALLY_REFUNDED
        check_transition(tx.state, target, tx.method)
        before = {"state": tx.state, "refunded_minor": tx.refunded_minor}
        row.status, row.bank_refund_id = "done", bank_refund_id
        tx.refunded_minor, tx.state = refunded, target.value
        audit.record(s, actor=actor, action=f"transaction.{target.value}", terminal=terminal,
                     subject_type="transaction", subject_id=tx.id, before=before,
                     after={"state": target.value, "refunded_minor": refunded, "refund_id": row.id})
        fiscal.rules().money_back(s, tx, row, actor=actor, terminal=terminal)
        return TxInfo.of(tx)


def refuse_refund(db: Database, refund_id: str, *, why: str, actor: str, terminal: str = "") -> None:
    """The bank said no: nothing was given back, and the amount is free to refund again."""
    with db.session() as s:
        row = s.scalar(select(Refund).where(Refund.id == refund_id).with_for_update())
        if row is None or row.status != "pending":
            return
        row.status = "refused"
        audit.record(s, actor=actor, action="refund.refused", terminal=terminal, subject_type="transaction",
                     subject_id=row.transaction_id, after={"refund_id": row.id, "why": why[:200]})


def pending_refunds(db: Database) -> list[RefundInfo]:
    with db.session() as s:
        return [RefundInfo.of(r) for r in s.scalars(select(Refund).where(Refund.status == "pending")
                                                    .order_by(Refund.created_at))]


def refunds_of(db: Database, tx_id: str) -> list[RefundInfo]:
    with db.session() as s:
        return [RefundInfo.of(r) for r in s.scalars(select(Refund).where(Refund.transaction_id == tx_id)
                                                    .order_by(Refund.created_at))]


def check_void_limits(db: Database, tx_id: str, approval: Approval) -> None:
    """Refuse a void the cashier may not do alone before anything is asked of the bank."""
    with db.session() as s:
        tx = _locked(s, tx_id)
        approval.check(Permission.VOID, tx_id, tx.amount_minor)
        _check_cashier_limits(s, approval, tx_id, tx.amount_minor)


def record_void(db: Database, tx_id: str, approval: Approval, *, terminal: str = "",
                money_moved: bool = False) -> TxInfo:
    """Mark a sale voided (the bank's authorization is already cancelled, or it was cash or card).

    The cashier's limits are re-counted here under their operator row's lock, so two registers
    cannot each pass them at once. ``money_moved``: the bank has already released the money (the
    limits were checked before asking it), so the void is recorded as what happened."""
    with db.session() as s:
        tx = _locked(s, tx_id)
        approval.check(Permission.VOID, tx_id, tx.amount_minor)
        if not money_moved:
            _check_cashier_limits(s, approval, tx_id, tx.amount_minor)
        if tx.refunded_minor or _pending_minor(s, tx_id):
            raise InvalidInput("part of this sale was refunded; refund the rest instead of voiding it")
        check_transition(tx.state, TxState.VOIDED, tx.method)
        before = {"state": tx.state}
        tx.state = TxState.VOIDED.value
        tx.voided_by, tx.void_alone = approval.operator.id, not approval.overridden
        tx.voided_at = datetime.now(timezone.utc)
        audit.record(s, actor=approval.operator.username, action="transaction.voided", terminal=terminal,
                     subject_type="transaction", subject_id=tx.id, before=before,
                     after={"state": TxState.VOIDED.value, "reason": approval.reason,
                            "approved_by": approval.approver.username})
        fiscal.rules().sale_voided(s, tx, actor=approval.operator.username, terminal=terminal, reason=approval.reason)
        return TxInfo.of(tx)
