"""Desk and admin screens: the operator signs in with their user name and PIN."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets, Signal
from pos_app.ui.widgets import button, label, prompt_field


class LoginScreen(QtWidgets.QWidget):
    login = Signal(str, str)

    def __init__(self, title: Callable[[], str] | None = None) -> None:
        super().__init__()
        self._title = title or (lambda: tr("Service desk: sign in"))
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        self.user = QtWidgets.QLineEdit()
        self.pin = QtWidgets.QLineEdit()
        self.pin.setEchoMode(QtWidgets.QLineEdit.EchoMode.Password)
        self.go = button("")
        self.message = label(role="error")
        self.user.returnPressed.connect(self.pin.setFocus)
        self.pin.returnPressed.connect(self._submit)
        self.go.clicked.connect(self._submit)
        box.addStretch(1)
        for w in (self.title, self.user, self.pin, self.go, self.message):
            box.addWidget(w)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setToolTip(tr("Signs in with this name and PIN."))
        self.title.setText(self._title())
        prompt_field(self.user, tr("User name"))
        prompt_field(self.pin, tr("PIN"))
        self.go.setText(tr("Sign in"))

    def reset(self, message: str = "") -> None:
        self.pin.clear()
        self.message.setText(message)
        self.user.setFocus()

    def _submit(self) -> None:
        self.login.emit(self.user.text().strip(), self.pin.text())
        self.pin.clear()  # the PIN is not kept on screen, right or wrong
