"""A barcode scanner as a keyboard: synthetic key events at a scanner's speed (no pause between
keys, then Enter) against a person's (80 ms apart), on a plain window and on the register."""

from __future__ import annotations

from pos_app.core.money import Money
from pos_app.core.operators import authenticate
from pos_app.l10n_no import articles
from pos_app.l10n_no.gtin import check_digit
from pos_app.ui.qt import Qt, QtWidgets
from pos_app.ui.admin_register import RegisterPage
from pos_app.ui.scanner import ScannerFilter
from tests.ui.test_admin_till import open_register, till_shop  # noqa: F401
from tests.ui.test_admin import settle

EAN = "7038010000737"


def focused_form(qtbot):  # type: ignore[no-untyped-def]
    window = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(window)
    field, other = QtWidgets.QLineEdit(), QtWidgets.QSpinBox()
    layout.addWidget(field)
    layout.addWidget(other)
    window.show()
    window.activateWindow()
    field.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is field, timeout=5_000)
    scanner = ScannerFilter(window)
    scanner.start()
    codes: list[str] = []
    scanner.scanned.connect(codes.append)
    return window, field, other, scanner, codes


def scan(qtbot, widget, code: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(widget, code)  # no delay: a scanner's pace
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_a_scan_is_heard_and_leaves_the_focused_field_as_it_was(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, field, other, scanner, codes = focused_form(qtbot)
    field.setText("Kaffe")
    field.end(False)
    scan(qtbot, field, EAN)
    assert codes == [EAN] and field.text() == "Kaffe"
    other.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is other, timeout=5_000)
    other.setValue(1)
    scan(qtbot, other, "4001")
    assert codes == [EAN, "4001"] and other.value() == 1
    scanner.stop()
    window.close()


def test_typing_is_typing_even_when_it_ends_in_enter(qtbot) -> None:  # type: ignore[no-untyped-def]
    window, field, _, scanner, codes = focused_form(qtbot)
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    qtbot.keyClicks(field, "Brød 4001", delay=80)
    qtbot.keyClick(field, Qt.Key.Key_Return, delay=80)
    assert codes == [] and entered == ["Brød 4001"]
    # Two keys at once (a fast typist's roll-over) with no Enter: held back a moment, then typed.
    field.clear()
    qtbot.keyClicks(field, "ab")
    qtbot.waitUntil(lambda: field.text() == "ab", timeout=2_000)
    assert codes == []
    scanner.stop()
    window.close()


def test_the_register_rings_up_a_scan_whatever_has_focus(qtbot, till_shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    load, _ = till_shop
    window, register = open_register(qtbot, load)
    services = window.state.services
    mona = authenticate(services.db, "mona", "8642")
    articles.set_price(services.db, mona, code="", ean=EAN, name="Melk 1 l", group="food", price=Money.of(2190),
                       vat_rate=15, terminal="register-1")
    articles.set_price(services.db, mona, code="4001", name="Epler", group="food", price=Money.of(3990),
                       vat_rate=15, terminal="register-1")
    window.activateWindow()
    register.price.setFocus()  # the cashier was about to type a price
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is register.price, timeout=5_000)
    scan(qtbot, register.price, EAN)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: register.lines.rowCount() == 1, timeout=5_000)
    assert register.price.text() == ""
    weighed = "2304001" + "00512"
    scan(qtbot, register.price, weighed + str(check_digit(weighed)))  # a scale's label: 0.512 kg of apples
    settle(qtbot, window)
    qtbot.waitUntil(lambda: register.lines.rowCount() == 2, timeout=5_000)
    assert register.lines.item(1, 0).text() == "Epler 0,512 kg"
    assert register.total.text() == "NOK 42.33"  # 21.90 + 20.43

    scan(qtbot, register.price, "7038010000744")
    settle(qtbot, window)
    assert register.message.text() == ("No article has the code 7038010000744. A manager can add it on the "
                                       "Price list page.")
    assert window.state.unknown_code == "7038010000744" and register.lines.rowCount() == 2

    register.code.setText("4001")  # a PLU typed at the register
    register.quantity.setValue(2)
    qtbot.keyClick(register.code, Qt.Key.Key_Return)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: register.lines.rowCount() == 3, timeout=5_000)
    assert register.lines.item(2, 1).text() == "2"


def test_a_manager_adds_the_unknown_article_on_the_price_list_and_imports_a_file(qtbot, till_shop, tmp_path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from pos_app.ui.admin_prices import PriceListPage

    load, _ = till_shop
    window, register = open_register(qtbot, load)  # signed in as mona, a manager
    window.activateWindow()
    register.code.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is register.code, timeout=5_000)
    scan(qtbot, register.code, EAN)
    settle(qtbot, window)
    assert register.message.text().startswith(f"No article has the code {EAN}.")

    page = window.show_page(PriceListPage)
    settle(qtbot, window)
    assert page.ean.text() == EAN and page.plu.text() == ""
    assert page.message.text() == f"Add the article with the code {EAN}, then scan it again at the register."
    page.name.setText("Melk 1 l")
    page.price.setText("21,90")
    page.vat.setCurrentIndex(page.vat.findData(15))
    page.group.setCurrentIndex(page.group.findData("food"))
    qtbot.mouseClick(page.save, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.message.text() == "Saved: Melk 1 l costs NOK 21.90."
    assert page.table.rowCount() == 1 and page.table.item(0, 1).text() == EAN

    bad = tmp_path / "bad.csv"
    bad.write_text("name,plu,ean,price,vat,group\nEpler,4001,,39.90,15,food\nBrød,101,,39.90,14,food\n")
    page.choose_file = lambda _parent: bad
    qtbot.mouseClick(page.import_csv, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.message.text() == "line 3: VAT 14 % is not a Norwegian rate; use 0, 12, 15 or 25"
    assert page.table.rowCount() == 1
    bad.write_text("name,plu,ean,price,vat,group\nEpler,4001,,39.90,15,food\nBrød,101,,39.90,15,food\n")
    qtbot.mouseClick(page.import_csv, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert page.message.text() == "Imported 2 articles." and page.table.rowCount() == 3

    register = window.show_page(RegisterPage)
    settle(qtbot, window)
    window.activateWindow()
    register.code.setFocus()
    qtbot.waitUntil(lambda: QtWidgets.QApplication.focusWidget() is register.code, timeout=5_000)
    scan(qtbot, register.code, EAN)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: register.lines.rowCount() == 1, timeout=5_000)
