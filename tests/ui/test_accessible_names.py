"""Every control on the kiosk, the desk and the admin screens has an accessible name, so a screen
reader (Qt accessibility, AT-SPI on Linux) says what it is, in the screen's language
(EN 301 549 11.4.1.2, WCAG 4.1.2)."""

from __future__ import annotations

from pos_app.ui.qt import QtGui, Qt, QtWidgets
from tests.ui.conftest import Store, scripted_camera
from tests.ui.test_admin import open_admin, settle, shop, sign_in  # noqa: F401
from tests.ui.test_desk import open_desk
from tests.ui.test_kiosk import open_kiosk

CONTROLS = (QtWidgets.QAbstractButton, QtWidgets.QLineEdit, QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox,
            QtWidgets.QAbstractItemView, QtWidgets.QTextEdit)


def name_of(widget: QtWidgets.QWidget) -> str:
    interface = QtGui.QAccessible.queryAccessibleInterface(widget)
    return interface.text(QtGui.QAccessible.Text.Name) if interface else ""


def inside_a_combo_box(widget: QtWidgets.QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QComboBox):
            return True  # its pop-up list: the combo box itself carries the name
        parent = parent.parentWidget()
    return False


def unnamed(root: QtWidgets.QWidget) -> list[str]:
    """Controls a keyboard can reach that a screen reader could not name; every page, shown or not."""
    return [f"{type(w).__name__} on {type(w.parent()).__name__}" for w in root.findChildren(QtWidgets.QWidget)
            if isinstance(w, CONTROLS) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not w.objectName().startswith("qt_") and not inside_a_combo_box(w) and not name_of(w)]


def test_every_kiosk_control_is_named_in_both_languages(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    window = open_kiosk(qtbot, store, scripted_camera(store, []), language="nb")
    assert unnamed(window) == []
    assert name_of(window.idle.amount) == "Beløp, f.eks. 125,50"
    switch = [b for b in window.findChildren(QtWidgets.QPushButton) if b.text() == "English"][0]
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert unnamed(window) == [] and name_of(window.idle.amount) == "Total, e.g. 125,50"


def test_every_desk_control_is_named(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    window = open_desk(qtbot, store, scripted_camera(store, []))
    assert unnamed(window) == []
    assert name_of(window.login.pin) == "PIN"


def test_every_admin_control_is_named_in_both_languages(qtbot, shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = open_admin(qtbot, shop)
    sign_in(qtbot, window, "ada")
    settle(qtbot, window)
    assert unnamed(window) == []
    norsk = [b for b in window.findChildren(QtWidgets.QPushButton) if b.text() == "Norsk"][0]
    qtbot.mouseClick(norsk, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert unnamed(window) == []
    assert name_of(window.menu) == "Skjermbilder"


def test_the_check_finds_a_field_with_only_a_placeholder(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    field = QtWidgets.QLineEdit(page)
    field.setPlaceholderText("Account number")  # shown, but not announced
    assert unnamed(page) == ["QLineEdit on QWidget"]
