"""The customer display's rows: one per kiosk, the register's latest basket, gone when the sale
leaves the register, never a stale or forged basket on a shopper's screen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from pos_app.core import customer_display as display
from pos_app.core.basket import Basket, make_line
from pos_app.core.db import Database
from pos_app.core.errors import NotFound
from pos_app.core.models import CustomerDisplay, Transaction, utcnow
from pos_app.core.money import Money
from pos_app.core.sales import sale_basket, send_sale
from pos_app.core.terminals import ensure_terminal


def basket(*prices: str) -> Basket:
    b = Basket()
    for i, price in enumerate(prices):
        b.add(make_line(f"Vare {i + 1}", 1, Money.parse(price), 15))
    return b


def test_the_kiosk_shows_the_registers_latest_basket_and_then_nothing(db: Database) -> None:
    one, two = ensure_terminal(db, "kiosk-1", "kiosk"), ensure_terminal(db, "kiosk-2", "kiosk")
    assert display.shown(db, one) is None
    display.show(db, kiosk="kiosk-1", register="register-1", basket=basket("10"))
    display.show(db, kiosk="kiosk-1", register="register-1", basket=basket("10", "25,50"))
    assert display.shown(db, one) == basket("10", "25,50")
    display.show(db, kiosk="kiosk-2", register="register-1", basket=basket("10"))  # the cashier chose another kiosk
    assert display.shown(db, one) is None and display.shown(db, two) == basket("10")
    display.clear(db, register="register-2")  # another register's clearing leaves it
    assert display.shown(db, two) is not None
    display.show(db, kiosk="kiosk-2", register="register-1", basket=Basket())  # emptied: cleared
    assert display.shown(db, two) is None
    with pytest.raises(NotFound):
        display.show(db, kiosk="no-such-kiosk", register="register-1", basket=basket("10"))


def test_a_basket_left_by_a_register_that_stopped_is_not_shown_later(db: Database) -> None:
    one = ensure_terminal(db, "kiosk-1", "kiosk")
    display.show(db, kiosk="kiosk-1", register="register-1", basket=basket("10"))
    assert display.shown(db, one, now=utcnow() + display.STALE - timedelta(seconds=1)) is not None
    assert display.shown(db, one, now=utcnow() + display.STALE + timedelta(seconds=1)) is None


def test_a_display_row_written_behind_the_registers_back_is_not_shown(db: Database) -> None:
    one = ensure_terminal(db, "kiosk-1", "kiosk")
    display.show(db, kiosk="kiosk-1", register="register-1", basket=basket("10"))
    forged = basket("10").to_json().replace('"discount_minor":0', '"discount_minor":5000')
    with db.session() as s:
        s.execute(update(CustomerDisplay).values(basket=forged))
    assert display.shown(db, one) is None


def test_a_sale_whose_lines_were_changed_in_the_database_shows_its_amount_alone(db: Database) -> None:
    """The kiosk charges the amount; lines that no longer add up to it would tell the shopper
    something else, so they are not shown."""
    ensure_terminal(db, "kiosk-1", "kiosk")
    lines = basket("10", "25,50")
    sale = send_sale(db, kiosk="kiosk-1", amount=lines.total, actor="kari", basket=lines)
    assert sale_basket(db, sale.id) == lines
    with db.session() as s:
        s.execute(update(Transaction).where(Transaction.id == sale.id).values(basket=basket("1").to_json()))
    assert sale_basket(db, sale.id) is None
    one_amount = send_sale(db, kiosk="kiosk-1", amount=Money.of(500), actor="kari")
    assert sale_basket(db, one_amount.id) is None
