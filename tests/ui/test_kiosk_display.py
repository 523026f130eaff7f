"""The kiosk as a customer display (issue 29): the lines the register rings up, their VAT and the
total, in the shopper's language, before and while they pay."""

from __future__ import annotations

from pos_app.core import customer_display
from pos_app.core.basket import Basket, make_line
from pos_app.core.money import Money
from pos_app.core.sales import sale_status, send_sale
from pos_app.ui.qt import Qt
from tests.ui.conftest import Store, scripted_camera
from tests.ui.test_kiosk import open_kiosk, shopper  # noqa: F401


def groceries(lines: int = 2) -> Basket:
    basket = Basket()
    basket.add(make_line("Melk 1 l", 2, Money.parse("21,90"), 15))
    basket.add(make_line("Avis", 1, Money.parse("45,00"), 0))
    for i in range(lines - 2):
        basket.add(make_line(f"Eple {i + 1}", 1, Money.parse("5,00"), 15))
    return basket


def test_the_shopper_watches_the_basket_and_sees_it_again_before_the_camera(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _, card, account, face = shopper
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 4), register=True, time_factor=0.1)
    idle = window.idle
    basket = groceries()
    basket.discount_line(0, percent=10)
    customer_display.show(store.db, kiosk="kiosk-1", register="register-1", basket=basket)
    qtbot.waitUntil(lambda: bool(idle.lines.rows), timeout=10_000)
    assert idle.title.text() == "Your purchase" and idle.lines.isVisible()
    assert idle.lines.rows == [("2 × Melk 1 l", "NOK 39.42"), ("  Discount", "−NOK 4.38"), ("Avis", "NOK 45.00"),
                               ("VAT 15 % included", "NOK 5.14"), ("Total", "NOK 84.42")]

    window.language.set("nb")  # the shopper's language: words and money both follow
    assert idle.title.text() == "Ditt kjøp"
    assert idle.lines.rows[-1] == ("Totalt", "84,42\u00a0kr")

    customer_display.clear(store.db, register="register-1")  # the cashier dropped the sale
    qtbot.waitUntil(lambda: not idle.lines.rows, timeout=10_000)
    assert idle.title.text() == "Velkommen til FacePay" and not idle.lines.isVisible()

    window.language.set("en")
    customer_display.show(store.db, kiosk="kiosk-1", register="register-1", basket=basket)
    qtbot.waitUntil(lambda: bool(idle.lines.rows), timeout=10_000)
    sale = send_sale(store.db, kiosk="kiosk-1", amount=basket.total, actor="kari", basket=basket)
    customer_display.clear(store.db, register="register-1")  # as the register does once it is sent
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.amount, timeout=10_000)
    assert window.amount.amount.text() == "NOK 84.42"
    assert window.amount.lines.isVisible() and window.amount.lines.rows[0] == ("2 × Melk 1 l", "NOK 39.42")
    assert ("Total", "NOK 84.42") not in window.amount.lines.rows  # the amount due says it, once
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sale_status(store.db, sale.id).final, timeout=60_000)
    assert sale_status(store.db, sale.id).text == "approved" and store.bank.balance(account) == 100_000 - 8_442
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.idle, timeout=30_000)
    assert not idle.lines.rows  # the paid basket is not shown to the next shopper


def test_a_long_basket_shows_its_newest_lines_under_a_count(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    window = open_kiosk(qtbot, store, scripted_camera(store, []), register=True)
    customer_display.show(store.db, kiosk="kiosk-1", register="register-1", basket=groceries(20))
    qtbot.waitUntil(lambda: bool(window.idle.lines.rows), timeout=10_000)
    rows = window.idle.lines.rows
    assert rows[0] == ("… and 14 more lines above", "") and rows[1][0] == "Eple 13" and rows[6][0] == "Eple 18"
    assert rows[-1] == ("Total", "NOK 178.80")
