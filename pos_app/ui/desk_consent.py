"""Desk: the full, versioned consent text in the customer's language, and an explicit opt-in.
The box starts unticked and "I agree" stays disabled until the customer ticks it themselves."""

from __future__ import annotations

from pos_app.core.consent import load_consent
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QtWidgets, Signal
from pos_app.ui.widgets import button, label


class ConsentScreen(QtWidgets.QWidget):
    answer = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        self.version = label(role="note")
        self.text = QtWidgets.QTextBrowser()
        self.tick = QtWidgets.QCheckBox()
        row = QtWidgets.QHBoxLayout()
        self.agree = button("")
        self.decline = button("", "secondary")
        self.tick.toggled.connect(self.agree.setEnabled)
        self.agree.clicked.connect(lambda: self.answer.emit(True))
        self.decline.clicked.connect(lambda: self.answer.emit(False))
        row.addWidget(self.decline)
        row.addWidget(self.agree)
        for w in (self.title, self.version, self.text, self.tick):
            box.addWidget(w, 1 if w is self.text else 0)
        box.addLayout(row)
        self.retranslate("en")

    def retranslate(self, language: str) -> None:
        self.text.setToolTip(tr("The consent text the customer reads before agreeing."))
        self.tick.setToolTip(tr("The customer confirms they have read the text."))
        self.agree.setToolTip(tr("Records the customer's consent and goes on to the camera."))
        self.decline.setToolTip(tr("Ends the enrollment; nothing about the customer is kept."))
        self.title.setText(tr("Consent to face payment"))
        self.text.setAccessibleName(self.title.text())
        self.tick.setText(tr("I have read this and I agree to pay with my face"))
        self.agree.setText(tr("I agree"))
        self.decline.setText(tr("I do not agree"))
        consent = load_consent(language)
        self.text.setMarkdown(consent.text)
        self.version.setText(tr("Consent text version {version}").format(version=consent.version))

    def reset(self) -> None:
        self.tick.setChecked(False)
        self.agree.setEnabled(False)
        self.text.verticalScrollBar().setValue(0)
        self.tick.setFocus()
