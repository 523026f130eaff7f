"""Desk: link the customer's bank account; the bank returns a token, and only that is stored."""

from __future__ import annotations

from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets, Signal
from pos_app.ui.widgets import button, label, prompt_field


class BankScreen(QtWidgets.QWidget):
    link = Signal(str)
    cancel = Signal()

    def __init__(self) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        self.body = label()
        self.account = QtWidgets.QLineEdit()
        self.account.setMaxLength(16)
        self.message = label(role="error")
        row = QtWidgets.QHBoxLayout()
        self.go = button("")
        self.cancel_button = button("", "secondary")
        self.account.returnPressed.connect(self._submit)
        self.go.clicked.connect(self._submit)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        row.addWidget(self.go)
        box.addStretch(1)
        for w in (self.title, self.body, self.account, self.message):
            box.addWidget(w)
        box.addLayout(row)
        box.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setToolTip(tr("Asks the bank to link this account; the bank returns a token, never the account's secrets."))
        self.cancel_button.setToolTip(tr("Stops this enrollment; nothing is kept."))
        self.title.setText(tr("Link a bank account"))
        self.body.setText(tr("The bank gives FacePay a payment token; the account number itself is not stored."))
        prompt_field(self.account, tr("Account number"))
        self.go.setText(tr("Link account"))
        self.cancel_button.setText(tr("Cancel"))

    def reset(self, message: str = "") -> None:
        self.account.clear()
        self.message.setText(message)
        self.account.setFocus()

    def _submit(self) -> None:
        if self.account.text().strip():
            self.link.emit(self.account.text().strip())
