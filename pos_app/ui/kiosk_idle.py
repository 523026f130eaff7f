"""Kiosk idle: waiting for a sale, or (demo mode) a basket total the shopper types in."""

from __future__ import annotations

from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets, Signal
from pos_app.ui.widgets import Keypad, button, label, prompt_field


class IdleScreen(QtWidgets.QWidget):
    sale = Signal(int)  # demo mode: the basket total, in minor units

    def __init__(self, demo: bool, currency: str) -> None:
        super().__init__()
        self.demo, self.currency = demo, currency
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        self.body = label()
        box.addStretch(1)
        box.addWidget(self.title)
        box.addWidget(self.body)
        self.amount = QtWidgets.QLineEdit()
        self.amount.setProperty("role", "amount")
        self.amount.setMaxLength(9)
        self.amount.returnPressed.connect(self._submit)
        self.keypad = Keypad(extra=",")
        self.keypad.pressed.connect(self._key)
        self.go = button("")
        self.go.clicked.connect(self._submit)
        self.error = label(role="error")
        for w in (self.amount, self.keypad, self.go, self.error):
            w.setVisible(demo)
            box.addWidget(w)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setToolTip(tr("Sends the total to the payment screen."))
        self.title.setText(tr("Welcome to FacePay"))
        self.body.setText(tr("Type the basket total, then continue.") if self.demo
                          else tr("The cashier will send your total to this screen."))
        prompt_field(self.amount, tr("Total, e.g. 125,50"))
        self.go.setText(tr("Continue"))

    def reset(self) -> None:
        self.amount.clear()
        self.error.clear()
        if self.demo:
            self.amount.setFocus()

    def _key(self, key: str) -> None:
        if key == "back":
            self.amount.backspace()
        else:
            self.amount.insert(key)

    def _submit(self) -> None:
        try:
            money = Money.parse(self.amount.text().strip(), self.currency)
            if money.minor <= 0:
                raise InvalidInput("zero")
        except InvalidInput:
            self.error.setText(tr("Type an amount above zero, like 125,50."))
            return
        self.error.clear()
        self.sale.emit(money.minor)
