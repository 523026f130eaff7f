"""The customer display: the basket a register is ringing up, on the screen of the kiosk the
shopper will pay at, through the shared database (as sales reach the kiosk, core/sales).

The register replaces its kiosk's row as the basket changes and deletes it when the sale is sent,
parked or dropped; the idle kiosk reads it on each poll. A row left by a register that stopped is
not shown once it is STALE old, so a shopper never sees someone else's basket from yesterday.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from pos_app.core.basket import Basket
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import CustomerDisplay, utcnow
from pos_app.core.sales import kiosk_id

STALE = timedelta(minutes=15)


def show(db: Database, *, kiosk: str, register: str, basket: Basket) -> None:
    """Put the basket on the named kiosk's display, and on no other (an empty one clears it)."""
    if not basket.lines:
        clear(db, register=register, kiosk=kiosk)
        return
    kid, text = kiosk_id(db, kiosk), basket.to_json()
    for _ in range(2):  # two registers writing the first row at once: the second one updates it
        try:
            with db.session() as s:
                row = s.get(CustomerDisplay, kid)
                if row is None:
                    s.add(CustomerDisplay(kiosk_id=kid, register=register, basket=text, updated_at=utcnow()))
                else:
                    row.register, row.basket, row.updated_at = register, text, utcnow()
                # The cashier chose another kiosk: the one before stops showing this basket.
                s.execute(delete(CustomerDisplay).where(CustomerDisplay.register == register,
                                                        CustomerDisplay.kiosk_id != kid))
            return
        except IntegrityError:
            continue


def clear(db: Database, *, register: str, kiosk: str | None = None) -> None:
    """Take this register's basket off the display (of one kiosk, or of any)."""
    with db.session() as s:
        q = delete(CustomerDisplay).where(CustomerDisplay.register == register)
        if kiosk is not None:
            q = q.where(CustomerDisplay.kiosk_id == kiosk_id(db, kiosk))
        s.execute(q)


def shown(db: Database, kiosk: str, *, now: datetime | None = None) -> Basket | None:
    """The basket to show on this kiosk (by its terminal id), if a register is building one."""
    with db.session() as s:
        row = s.get(CustomerDisplay, kiosk)
        if row is None or (now or utcnow()) - row.updated_at > STALE:
            return None
        text = row.basket
    try:
        basket = Basket.from_json(text)
    except InvalidInput:
        return None  # written by something other than a register: show nothing rather than it
    return basket if basket.lines else None
