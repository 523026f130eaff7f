"""The desk and the admin screens from the keyboard alone (EN 301 549 11.2.1.1, WCAG 2.1.1): an
operator who cannot use a mouse enrolls a customer and rings up a sale with Tab, Space and Enter."""

from __future__ import annotations

from pos_app.flows.enrollment import Step
from pos_app.ui.qt import QApplication, Qt, QtWidgets
from tests.ui.conftest import Store
from tests.ui.test_admin import open_admin, settle, shop  # noqa: F401
from tests.ui.test_desk import at, obama_camera, open_desk  # noqa: F401
from tests.ui.test_kiosk_access import MouseCounter, press


def tab_to(qtbot, widget: QtWidgets.QWidget, most: int = 30) -> None:  # type: ignore[no-untyped-def]
    """Tab forward until `widget` has the focus, as a keyboard user would."""
    for _ in range(most):
        if widget.hasFocus():
            return
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget.accessibleName() or widget}")


def test_a_customer_is_enrolled_without_one_mouse_event(qtbot, store: Store, obama_camera) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    counter = MouseCounter()
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:
        window = open_desk(qtbot, store, obama_camera)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.login.user.hasFocus(), timeout=10_000)
        press(qtbot, Qt.Key.Key_unknown, "desk")
        press(qtbot, Qt.Key.Key_Return)
        press(qtbot, Qt.Key.Key_unknown, "4821")
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(at(window, Step.DETAILS), timeout=10_000)
        qtbot.waitUntil(lambda: window.details.name.hasFocus(), timeout=5_000)
        press(qtbot, Qt.Key.Key_unknown, "Barack Obama")
        press(qtbot, Qt.Key.Key_Return)  # on to the phone field
        press(qtbot, Qt.Key.Key_Return)  # no phone: start
        qtbot.waitUntil(at(window, Step.CONSENT), timeout=10_000)
        assert window.consent.tick.hasFocus()
        press(qtbot, Qt.Key.Key_Space)
        tab_to(qtbot, window.consent.agree)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(at(window, Step.BANK), timeout=60_000)
        press(qtbot, Qt.Key.Key_unknown, store.bank.account(10_000))
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(at(window, Step.TEST), timeout=10_000)
        qtbot.waitUntil(lambda: window.capture.test_button.hasFocus(), timeout=10_000)
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(at(window, Step.DONE), timeout=60_000)
        assert window.card.done.hasFocus()
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(at(window, Step.DETAILS), timeout=10_000)
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    assert counter.count == 0


def test_a_cashier_rings_up_a_sale_and_takes_a_card_without_a_mouse(qtbot, shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    counter = MouseCounter()
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:
        window = open_admin(qtbot, shop)
        window.activateWindow()
        qtbot.waitUntil(lambda: window.login.user.hasFocus(), timeout=10_000)
        press(qtbot, Qt.Key.Key_unknown, "ada")
        press(qtbot, Qt.Key.Key_Return)
        from tests.ui.test_admin import PINS

        press(qtbot, Qt.Key.Key_unknown, PINS["ada"])
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.main, timeout=10_000)
        settle(qtbot, window)
        register = window.pages[0]
        tab_to(qtbot, register.item_name)
        press(qtbot, Qt.Key.Key_unknown, "Milk")
        tab_to(qtbot, register.price)
        press(qtbot, Qt.Key.Key_unknown, "21,90")
        press(qtbot, Qt.Key.Key_Return)  # adds the line
        qtbot.waitUntil(lambda: register.lines.rowCount() == 1, timeout=5_000)
        tab_to(qtbot, register.card)
        press(qtbot, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: register.new_sale.isVisible() or "shift" in register.message.text(), timeout=10_000)
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    assert counter.count == 0


def cashiers_register(qtbot, shop):  # type: ignore[no-untyped-def]  # noqa: F811
    """The admin window signed in as the cashier: its register page and the store's database."""
    from tests.ui.test_admin import sign_in

    window = open_admin(qtbot, shop)
    sign_in(qtbot, window, "kari")
    settle(qtbot, window)
    return window.pages[0], window.state.services.db  # type: ignore[union-attr]


def test_a_kiosks_call_for_help_shows_on_the_register_until_a_cashier_answers(qtbot, shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from pos_app.core.help_calls import call_help, open_help_calls

    register, db = cashiers_register(qtbot, shop)
    assert not register.help_row.isVisible()
    call_help(db, "kiosk-1")  # the shopper pressed Help at the kiosk
    qtbot.waitUntil(register.help_row.isVisible, timeout=10_000)
    assert register.help_text.text().startswith("⚠ kiosk-1 asks for help")
    register.help_answer.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not register.help_row.isVisible(), timeout=10_000)
    assert open_help_calls(db) == []


def test_a_kiosk_refusing_many_face_checks_today_is_named_on_the_register(qtbot, shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from pos_app.core.liveness_log import record_failure

    register, db = cashiers_register(qtbot, shop)
    assert not register.kiosk_alert.isVisible()
    for _ in range(10):  # ten face checks today at kiosk-1, every one refused: over the 30 % share
        record_failure(db, terminal="kiosk-1", customer_id=None, decision="retry", reasons=["timed out"])
    qtbot.waitUntil(register.kiosk_alert.isVisible, timeout=10_000)
    assert register.kiosk_alert.text() == ("⚠ kiosk-1 refused 10 of 10 face checks today: its camera or the light "
                                           "there may need a look.")
