"""A cashier's shift at a register: opened with a counted float, closed with a count by
denomination; cash and external-card payments taken on "another way" are recorded against it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import Shift, Transaction, utcnow
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.core.states import TxState
from pos_app.core.transactions import TxInfo, advance, create_transaction

# Norwegian kroner notes and coins, in øre; a count names only these.
NOK_DENOMINATIONS = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 100)
CASH_IN_DRAWER = (TxState.APPROVED, TxState.PARTIALLY_REFUNDED, TxState.REFUNDED)


@dataclass(frozen=True)
class ShiftInfo:
    id: str
    terminal_id: str
    currency: str
    opening_float: int
    opened_at: datetime
    closed_at: datetime | None
    expected_cash: int | None
    counted_cash: int | None

    @property
    def variance(self) -> int | None:
        return None if self.counted_cash is None or self.expected_cash is None else self.counted_cash - self.expected_cash

    @classmethod
    def of(cls, row: Shift) -> ShiftInfo:
        return cls(row.id, row.terminal_id, row.currency, row.opening_float_minor, row.opened_at, row.closed_at,
                   row.expected_cash_minor, row.counted_cash_minor)


def open_shift(db: Database, operator: OperatorInfo, *, terminal_id: str, terminal: str, opening_float: Money) -> ShiftInfo:
    operator.require(Permission.OPEN_SHIFT)
    if opening_float.minor < 0:
        raise InvalidInput("a float cannot be negative")
    with db.session() as s:
        already = s.scalar(select(Shift).where(Shift.terminal_id == terminal_id, Shift.closed_at.is_(None)))
        if already is not None:
            raise InvalidInput("a shift is already open on this register; close it first")
        row = Shift(operator_id=operator.id, terminal_id=terminal_id, currency=opening_float.currency,
                    opening_float_minor=opening_float.minor)
        s.add(row)
        s.flush()
        audit.record(s, actor=operator.username, action="shift.open", terminal=terminal, subject_type="shift",
                     subject_id=row.id, after={"opening_float_minor": opening_float.minor})
        return ShiftInfo.of(row)


def record_payment(db: Database, operator: OperatorInfo, *, shift_id: str, terminal_id: str, terminal: str,
                   amount: Money, method: str, tendered: Money | None = None, order_ref: str = "",
                   basket: str | None = None) -> tuple[TxInfo, Money | None]:
    """A payment taken at the register (cash, or a card on the store's own terminal); returns it
    and the change to give back for cash."""
    operator.require(Permission.SELL)
    if method not in ("cash", "card"):
        raise InvalidInput(f"the register records cash or card payments, not {method!r}")
    change = None
    if method == "cash":
        if tendered is None or tendered.minor < amount.minor:
            raise InvalidInput(f"the cash handed over must cover {amount}")
        change = tendered - amount
    shift = _open_shift_row(db, shift_id)
    if shift.terminal_id != terminal_id:
        raise InvalidInput("that shift belongs to another register")
    tx = create_transaction(db, terminal_id=terminal_id, amount=amount, method=method, shift_id=shift_id,
                            actor=operator.username, terminal=terminal, order_ref=order_ref, basket=basket,
                            register_id=terminal_id)
    tx = advance(db, tx.id, TxState.APPROVED, actor=operator.username, terminal=terminal, captured_minor=amount.minor)
    return tx, change


def current_shift(db: Database, terminal_id: str) -> ShiftInfo | None:
    """The shift open on this register, if any."""
    with db.session() as s:
        row = s.scalar(select(Shift).where(Shift.terminal_id == terminal_id, Shift.closed_at.is_(None)))
        return ShiftInfo.of(row) if row else None


def expected_cash(db: Database, shift_id: str) -> int:
    """Float plus cash taken, less cash refunded, on this shift. Training sales move no money."""
    with db.session() as s:
        shift = s.get(Shift, shift_id)
        if shift is None:
            raise NotFound(f"no shift {shift_id}")
        taken = s.scalar(select(func.coalesce(func.sum(Transaction.captured_minor - Transaction.refunded_minor), 0))
                         .where(Transaction.shift_id == shift_id, Transaction.method == "cash",
                                Transaction.training.is_(False),
                                Transaction.state.in_([st.value for st in CASH_IN_DRAWER])))
        return shift.opening_float_minor + int(taken or 0)


def close_shift(db: Database, operator: OperatorInfo, *, shift_id: str, terminal: str,
                count: dict[int, int]) -> ShiftInfo:
    """Close with the drawer counted by denomination; records expected, counted and variance."""
    operator.require(Permission.CLOSE_SHIFT)
    unknown = set(count) - set(NOK_DENOMINATIONS)
    if unknown or any(n < 0 for n in count.values()):
        raise InvalidInput(f"count notes and coins of {', '.join(str(d // 100) for d in NOK_DENOMINATIONS)} kr, "
                           "each zero or more")
    counted = sum(d * n for d, n in count.items())
    expected = expected_cash(db, shift_id)
    with db.session() as s:
        row = s.scalar(select(Shift).where(Shift.id == shift_id).with_for_update())
        if row is None or row.closed_at is not None:
            raise InvalidInput("that shift is not open")
        row.closed_at = utcnow()
        row.expected_cash_minor, row.counted_cash_minor = expected, counted
        audit.record(s, actor=operator.username, action="shift.close", terminal=terminal, subject_type="shift",
                     subject_id=shift_id, after={"expected_cash_minor": expected, "counted_cash_minor": counted,
                                                 "variance_minor": counted - expected})
        return ShiftInfo.of(row)


def _open_shift_row(db: Database, shift_id: str) -> ShiftInfo:
    with db.session() as s:
        row = s.get(Shift, shift_id)
        if row is None or row.closed_at is not None:
            raise InvalidInput("payments are recorded on an open shift; open one first")
        return ShiftInfo.of(row)
