"""Kiosk idle: waiting for a sale, or (demo mode) a basket total the shopper types in."""

from __future__ import annotations

from pos_app.core.basket import Basket
from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.ui.i18n import tr
from pos_app.ui.kiosk_basket import BasketView
from pos_app.ui.qt import QtWidgets, Signal
from pos_app.ui.widgets import EntryRow, Keypad, button, label, prompt_field


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
        # The customer display: what the register is ringing up for this kiosk, as it happens.
        self.lines = BasketView(with_total=True)
        box.addWidget(self.lines)
        self.language = "en"
        self.amount = QtWidgets.QLineEdit()
        self.amount.setProperty("role", "amount")
        self.amount.setMaxLength(9)
        self.amount.returnPressed.connect(self._submit)
        self.keypad = Keypad(extra=",")
        self.keypad.pressed.connect(self._key)
        self.go = button("")
        self.go.clicked.connect(self._submit)
        self.error = label(role="error")
        self._problem = ""  # what the last amount lacked: "", "zero" or "too_much"
        # The message sits under the field it speaks of: below the keypad it fell past the bottom
        # of a 1280x800 screen, where nobody saw why nothing happened.
        for w in (self.amount, self.error, self.keypad, self.go):
            w.setVisible(demo)
        self.entry = EntryRow([self.amount, self.error, self.go], self.keypad)
        box.addLayout(self.entry)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self, language: str | None = None) -> None:
        self.language = language or self.language
        self.go.setToolTip(tr("Sends the total to the payment screen."))
        if self.lines.basket is not None and self.lines.basket.lines:
            self.title.setText(tr("Your purchase"))
            self.body.setText(tr("The cashier is ringing up your items. Check them here."))
        else:
            self.title.setText(tr("Welcome to FacePay"))
            self.body.setText(tr("Type the basket total, then continue.") if self.demo
                              else tr("The cashier will send your total to this screen."))
        self.lines.retranslate(self.language)
        prompt_field(self.amount, tr("Total, e.g. 125,50"))
        self.go.setText(tr("Continue"))
        self._show_problem()  # a message already shown follows the shopper's language too

    def _show_problem(self) -> None:
        self.error.setText({"zero": tr("Type an amount above zero, like 125,50."),
                            "too_much": tr("That is more than a payment here can be. Pay at the register.")
                            }.get(self._problem, ""))

    def show_basket(self, basket: Basket | None) -> None:
        """The customer display: the register's basket (None: the welcome again)."""
        self.lines.show_basket(basket, self.language)
        self.retranslate()

    def reset(self) -> None:
        self.amount.clear()
        self._problem = ""
        self.error.clear()
        if self.demo:
            self.amount.setFocus()

    def _key(self, key: str) -> None:
        if key == "back":
            self.amount.backspace()
        else:
            self.amount.insert(key)

    def _submit(self) -> None:
        text = self.amount.text().strip()
        try:
            money = Money.parse(text, self.currency)
            if money.minor <= 0:
                raise InvalidInput("zero")
        except InvalidInput:
            self._problem = "too_much" if _too_large(text) else "zero"
            self._show_problem()
            return
        self._problem = ""
        self.error.clear()
        self.sale.emit(money.minor)


def _too_large(text: str) -> bool:
    """A number, but beyond what one payment may be (an amount "over zero" it already is)."""
    from decimal import Decimal, InvalidOperation

    from pos_app.core.money import MAX_AMOUNT_MINOR

    try:
        return Decimal(text.replace(" ", "").replace(",", ".")) * 100 > MAX_AMOUNT_MINOR
    except InvalidOperation:
        return False
