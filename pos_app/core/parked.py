"""Parked sales: a basket put aside (the shopper fetched something) and taken up again later, at
the same register or another of the store. Parking and taking up are journal events 13010 and
13011. A parked basket lives in the database, so it survives the register closing; taking it up
is one conditional UPDATE, so two registers reaching for it at once cannot both get it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from pos_app.core import fiscal
from pos_app.core.basket import Basket
from pos_app.core.db import Database, affected
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import ParkedSale, utcnow
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission

MAX_PARKED = 50  # per store: a longer list is a till nobody tidies


@dataclass(frozen=True)
class Parked:
    id: str
    register: str
    total_minor: int
    lines: int
    parked_by: str
    parked_at: datetime


def _info(row: ParkedSale) -> Parked:
    return Parked(row.id, row.register, row.total_minor, row.lines, row.parked_by, row.parked_at)


def park(db: Database, who: OperatorInfo, basket: Basket, *, register: str) -> Parked:
    who.require(Permission.SELL)
    if not basket.lines:
        raise InvalidInput("there is nothing to park: ring up a line first")
    with db.session() as s:
        waiting = s.scalars(select(ParkedSale.id).where(ParkedSale.resumed_at.is_(None))).all()
        if len(waiting) >= MAX_PARKED:
            raise InvalidInput(f"{MAX_PARKED} sales are parked already; take one up or clear it first")
        row = ParkedSale(register=register, basket=basket.to_json(), total_minor=basket.total_minor,
                         lines=len(basket.lines), parked_by=who.username)
        s.add(row)
        s.flush()
        fiscal.rules().basket_event(s, "parked", actor=who.username, register=register, subject_id=row.id,
                                    after={"total_minor": row.total_minor, "lines": row.lines})
        return _info(row)


def waiting(db: Database) -> list[Parked]:
    """Every register's parked sales not yet taken up, oldest first."""
    with db.session() as s:
        rows = s.scalars(select(ParkedSale).where(ParkedSale.resumed_at.is_(None))
                         .order_by(ParkedSale.parked_at)).all()
        return [_info(r) for r in rows]


def resume(db: Database, who: OperatorInfo, parked_id: str, *, register: str) -> Basket:
    """The parked basket, whole, for this register; refused if another took it up first."""
    who.require(Permission.SELL)
    with db.session() as s:
        taken = s.execute(update(ParkedSale).where(ParkedSale.id == parked_id, ParkedSale.resumed_at.is_(None))
                          .values(resumed_at=utcnow(), resumed_by=who.username, resumed_on=register)
                          .execution_options(synchronize_session=False))
        row = s.get(ParkedSale, parked_id)
        if row is None:
            raise NotFound("no such parked sale")
        if affected(taken) != 1:
            raise InvalidInput(f"that parked sale was already taken up on {row.resumed_on}")
        fiscal.rules().basket_event(s, "resumed", actor=who.username, register=register, subject_id=row.id,
                                    after={"total_minor": row.total_minor, "lines": row.lines,
                                           "parked_on": row.register})
        return Basket.from_json(row.basket)
