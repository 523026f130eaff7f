"""The transactions list of the admin screens: search by time, amount, status and terminal, and one
sale's detail (verification score and liveness decision, never an image)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import Customer, Terminal, Transaction
from pos_app.core.money import Money
from pos_app.core.refunds import RefundInfo, refunds_of
from pos_app.core.states import TxState

MAX_ROWS = 500


@dataclass(frozen=True)
class TxFilter:
    since: datetime | None = None
    until: datetime | None = None
    min_minor: int | None = None
    max_minor: int | None = None
    states: tuple[TxState, ...] = ()
    terminal: str = ""  # a terminal's name
    limit: int = 200


@dataclass(frozen=True)
class TxRow:
    id: str
    created_at: datetime
    terminal: str
    amount: Money
    method: str
    state: TxState
    captured_minor: int
    refunded_minor: int


@dataclass(frozen=True)
class TxDetail:
    row: TxRow
    order_ref: str
    customer: str  # the customer's name, or "" (cash, card, or erased since)
    verification_score: float | None
    liveness_decision: str | None
    decline_code: str | None
    bank_payment_id: str | None
    refunds: list[RefundInfo] = field(default_factory=list)


def _row(tx: Transaction, terminal: str) -> TxRow:
    return TxRow(tx.id, tx.created_at, terminal, Money(tx.currency, tx.amount_minor), tx.method, TxState(tx.state),
                 tx.captured_minor, tx.refunded_minor)


def search(db: Database, f: TxFilter) -> list[TxRow]:
    if f.since and f.until and f.since >= f.until:
        raise InvalidInput("the start of the period must come before its end")
    if f.min_minor is not None and f.max_minor is not None and f.min_minor > f.max_minor:
        raise InvalidInput("the lowest amount is above the highest")
    q = select(Transaction, Terminal.name).join(Terminal, Terminal.id == Transaction.terminal_id)
    if f.since:
        q = q.where(Transaction.created_at >= f.since)
    if f.until:
        q = q.where(Transaction.created_at < f.until)
    if f.min_minor is not None:
        q = q.where(Transaction.amount_minor >= f.min_minor)
    if f.max_minor is not None:
        q = q.where(Transaction.amount_minor <= f.max_minor)
    if f.states:
        q = q.where(Transaction.state.in_([s.value for s in f.states]))
    if f.terminal:
        q = q.where(Terminal.name == f.terminal)
    q = q.order_by(Transaction.created_at.desc(), Transaction.id).limit(max(1, min(f.limit, MAX_ROWS)))
    with db.session() as s:
        return [_row(tx, name) for tx, name in s.execute(q)]


def detail(db: Database, tx_id: str) -> TxDetail:
    with db.session() as s:
        tx = s.get(Transaction, tx_id)
        if tx is None:
            raise NotFound(f"no transaction {tx_id}")
        terminal = s.get(Terminal, tx.terminal_id)
        customer = s.get(Customer, tx.customer_id) if tx.customer_id else None
        name = customer.display_name if customer is not None and customer.status != "erased" else ""
        out = TxDetail(_row(tx, terminal.name if terminal else ""), tx.order_ref, name, tx.verification_score,
                       tx.liveness_decision, tx.decline_code, tx.bank_payment_id)
    out.refunds.extend(refunds_of(db, tx_id))
    return out


def terminal_names(db: Database, kind: str | None = None) -> list[str]:
    q = select(Terminal.name).order_by(Terminal.name)
    if kind:
        q = q.where(Terminal.kind == kind)
    with db.session() as s:
        return list(s.scalars(q))
