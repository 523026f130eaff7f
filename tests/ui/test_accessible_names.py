"""Every control on the kiosk, the desk and the admin screens has an accessible name and a
description, so a screen reader (Qt accessibility, AT-SPI on Linux) says what it is and what it
does, in the screen's language (EN 301 549 11.4.1.2, WCAG 4.1.2). A description is the control's
tooltip, which Qt hands to assistive technology when no other is set."""

from __future__ import annotations

from pos_app.ui.qt import QtGui, Qt, QtWidgets
from tests.ui.conftest import Store, scripted_camera
from tests.ui.test_admin import open_admin, settle, shop, sign_in  # noqa: F401
from tests.ui.test_desk import open_desk
from tests.ui.test_kiosk import open_kiosk

CONTROLS = (QtWidgets.QAbstractButton, QtWidgets.QLineEdit, QtWidgets.QComboBox, QtWidgets.QAbstractSpinBox,
            QtWidgets.QAbstractItemView, QtWidgets.QTextEdit)


def name_of(widget: QtWidgets.QWidget, what: QtGui.QAccessible.Text = QtGui.QAccessible.Text.Name) -> str:
    interface = QtGui.QAccessible.queryAccessibleInterface(widget)
    return interface.text(what) if interface else ""


def description_of(widget: QtWidgets.QWidget) -> str:
    return name_of(widget, QtGui.QAccessible.Text.Description)


def inside_a_combo_box(widget: QtWidgets.QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QtWidgets.QComboBox):
            return True  # its pop-up list: the combo box itself carries the name
        parent = parent.parentWidget()
    return False


def controls(root: QtWidgets.QWidget) -> list[QtWidgets.QWidget]:
    """Controls a keyboard can reach; every page, shown or not."""
    return [w for w in root.findChildren(QtWidgets.QWidget)
            if isinstance(w, CONTROLS) and w.focusPolicy() != Qt.FocusPolicy.NoFocus
            and not w.objectName().startswith("qt_") and not inside_a_combo_box(w)]


def unnamed(root: QtWidgets.QWidget) -> list[str]:
    """Controls a screen reader could not name."""
    return [f"{type(w).__name__} on {type(w.parent()).__name__}" for w in controls(root) if not name_of(w)]


def undescribed(root: QtWidgets.QWidget) -> list[str]:
    """Controls a screen reader could name but not explain."""
    return [f"{type(w).__name__} {name_of(w)!r} on {type(w.parent()).__name__}" for w in controls(root)
            if not description_of(w)]


def test_every_kiosk_control_is_named_in_both_languages(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    window = open_kiosk(qtbot, store, scripted_camera(store, []), language="nb")
    assert unnamed(window) == [] and undescribed(window) == []
    assert name_of(window.idle.amount) == "Beløp, f.eks. 125,50"
    switch = [b for b in window.findChildren(QtWidgets.QPushButton) if b.text() == "English"][0]
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert unnamed(window) == [] and name_of(window.idle.amount) == "Total, e.g. 125,50"
    assert undescribed(window) == []
    assert description_of(window.help) == "Calls a member of staff to this kiosk. Minus key on the keypad."


def test_every_desk_control_is_named(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    window = open_desk(qtbot, store, scripted_camera(store, []))
    assert unnamed(window) == [] and undescribed(window) == []
    assert name_of(window.login.pin) == "PIN"


def test_every_admin_control_is_named_in_both_languages(qtbot, shop) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    window = open_admin(qtbot, shop)
    sign_in(qtbot, window, "ada")
    settle(qtbot, window)
    assert unnamed(window) == [] and undescribed(window) == []
    norsk = [b for b in window.findChildren(QtWidgets.QPushButton) if b.text() == "Norsk"][0]
    qtbot.mouseClick(norsk, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert unnamed(window) == [] and undescribed(window) == []
    assert name_of(window.menu) == "Skjermbilder"


def test_the_check_finds_a_field_with_only_a_placeholder(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = QtWidgets.QWidget()
    qtbot.addWidget(page)
    field = QtWidgets.QLineEdit(page)
    field.setPlaceholderText("Account number")  # shown, but not announced
    assert unnamed(page) == ["QLineEdit on QWidget"]
