"""Kiosk: the amount due, and the two ways to pay. "Pay another way" is always there."""

from __future__ import annotations

from pos_app.core.basket import Basket
from pos_app.core.money import Money
from pos_app.ui.i18n import tr
from pos_app.ui.kiosk_basket import BasketView
from pos_app.ui.qt import QtWidgets, Signal
from pos_app.ui.widgets import button, label


class AmountScreen(QtWidgets.QWidget):
    pay_with_face = Signal()
    another_way = Signal()

    def __init__(self) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        self.lines = BasketView(with_total=False, compact=True)  # a register's sale: what the amount is for
        self.caption = label(role="caption")
        self.amount = label(role="amount-due")
        self.face = button("")
        self.other = button("", "secondary")
        self.note = label(role="note")
        self.face.clicked.connect(self.pay_with_face)
        self.other.clicked.connect(self.another_way)
        box.addStretch(1)
        for w in (self.lines, self.caption, self.amount, self.face, self.other, self.note):
            box.addWidget(w)
        box.addStretch(1)
        self._money: Money | None = None
        self._unavailable = ""
        self.retranslate()

    def retranslate(self, language: str = "en") -> None:
        self.face.setToolTip(tr("Pay by looking at the camera, with your FacePay pass."))
        self.other.setToolTip(tr("Pay at the register with a card or cash instead."))
        self.caption.setText(tr("Amount due"))
        self.face.setText(tr("Pay with face"))
        self.other.setText(tr("Pay another way"))
        if self._money is not None:
            self.amount.setText(self._money.format(language))
        self.lines.retranslate(language)
        self.note.setText(tr("Face payment is not available on this kiosk right now. Please pay another way.")
                          if self._unavailable else "")

    def show_amount(self, money: Money | None, language: str, basket: Basket | None = None) -> None:
        self._money = money
        self.lines.show_basket(basket, language)
        self.amount.setText(money.format(language) if money else "")
        self.face.setFocus()

    def set_unavailable(self, reason: str, language: str) -> None:
        """The engine or liveness models could not load: face payment is off, the other way is not."""
        self._unavailable = reason
        self.face.setEnabled(not reason)
        self.retranslate(language)
