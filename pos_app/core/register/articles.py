"""The price list. A price change is a new row and a journaled event (13021); the rows before it
stay, so what a line cost on any day can be shown. A price look-up is journaled too (13022)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import Article
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.core.register import journal


@dataclass(frozen=True)
class Price:
    code: str
    name: str
    group: str
    price: Money
    vat_rate: int


def _current(s, code: str) -> Article | None:  # type: ignore[no-untyped-def]
    return s.scalar(select(Article).where(Article.code == code).order_by(Article.created_at.desc()).limit(1))


def set_price(db: Database, who: OperatorInfo, *, code: str, name: str, group: str, price: Money, vat_rate: int,
              terminal: str) -> Price:
    from pos_app.core.basket import make_line

    who.require(Permission.CHANGE_PRICES)
    code = code.strip()
    if not code or len(code) > 32 or not code.replace("-", "").isalnum():
        raise InvalidInput(f"article code {code!r} must be 1-32 letters, digits or dashes")
    line = make_line(name, 1, price, vat_rate, group, code)  # the same rules as a rung-up line
    with db.session() as s:
        before = _current(s, code)
        s.add(Article(code=code, name=line.name, group_code=group, price_minor=price.minor, vat_rate=vat_rate))
        journal.record(s, "price.change", actor=who.username, terminal=terminal, subject_type="article",
                       subject_id=code, after={"code": code, "name": line.name, "group": group,
                                               "price_minor": price.minor, "vat_rate": vat_rate,
                                               "was_minor": before.price_minor if before else None})
    return Price(code, line.name, group, price, vat_rate)


def look_up(db: Database, who: OperatorInfo, code: str, *, terminal: str, currency: str = "NOK") -> Price:
    """A price look-up at the register: answered, and journaled."""
    with db.session() as s:
        row = _current(s, code.strip())
        if row is None:
            raise NotFound(f"no article with code {code!r}")
        journal.record(s, "price.lookup", actor=who.username, terminal=terminal, subject_type="article",
                       subject_id=row.code, after={"code": row.code, "group": row.group_code,
                                                   "price_minor": row.price_minor})
        return Price(row.code, row.name, row.group_code, Money(currency, row.price_minor), row.vat_rate)
