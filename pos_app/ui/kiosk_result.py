"""Kiosk result: approved (amount, masked account, receipt QR, PDF), declined (the reason in plain
words), error (retry or pay another way), locked, or "pay another way". Every result returns to
idle by itself; `reset` wipes everything shown."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pos_app.flows.checkout_screen import Screen, Stage
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QImage, QPixmap, Qt, QtWidgets, Signal

if TYPE_CHECKING:  # the slip (and the database beneath it) loads with the flow, not before the window
    from pos_app.core.slips import Receipt
from pos_app.ui.widgets import button, label


OUTCOME_SIGNS = {Stage.APPROVED: "✓", Stage.DECLINED: "✕", Stage.ERROR: "✕", Stage.LOCKED: "✕", Stage.ANOTHER_WAY: "→"}


class ResultScreen(QtWidgets.QWidget):
    retry = Signal()
    another_way = Signal()
    done = Signal()

    def __init__(self) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        self.headline = label(role="title")
        self.amount = label(role="amount-due")
        self.message = label()
        self.qr = QtWidgets.QLabel()
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.receipt_note = label(role="note")
        box.addStretch(1)
        for w in (self.headline, self.amount, self.message, self.qr, self.receipt_note):
            box.addWidget(w)
        row = QtWidgets.QHBoxLayout()
        self.retry_button = button("")
        self.other = button("", "secondary")
        self.done_button = button("")
        self.retry_button.clicked.connect(self.retry)
        self.other.clicked.connect(self.another_way)
        self.done_button.clicked.connect(self.done)
        for b in (self.retry_button, self.other, self.done_button):
            row.addWidget(b)
        box.addLayout(row)
        box.addStretch(1)
        self._screen: Screen | None = None
        self._retry = True
        self._receipt: Receipt | None = None
        self.reset()

    def retranslate(self, language: str = "en") -> None:
        self.retry_button.setToolTip(tr("Starts the face check again for the same amount."))
        self.other.setToolTip(tr("Pay at the register with a card or cash instead."))
        self.done_button.setToolTip(tr("Back to the start screen."))
        self.retry_button.setText(tr("Try again"))
        self.other.setText(tr("Pay another way"))
        self.done_button.setText(tr("Done"))
        if self._screen is not None:
            self.show_screen(self._screen, language, self._retry)
        if self._receipt is not None:
            self.receipt_note.setText(self._receipt_note())

    def reset(self) -> None:
        """Nothing of the last shopper stays on screen."""
        self._screen = self._receipt = None
        for w in (self.headline, self.amount, self.message, self.receipt_note):
            w.clear()
        self.headline.setAccessibleName("")
        self.qr.setPixmap(QPixmap())
        for b in (self.retry_button, self.other, self.done_button):
            b.setVisible(False)

    def show_screen(self, screen: Screen, language: str, retry: bool = True) -> None:
        self._screen, self._retry = screen, retry
        headline = {
            Stage.APPROVED: tr("Payment approved"), Stage.DECLINED: tr("Payment declined"),
            Stage.ERROR: tr("Payment not completed"), Stage.LOCKED: tr("Face payment is paused"),
            Stage.ANOTHER_WAY: tr("Please pay another way"), Stage.VERIFYING: tr("Verifying…"),
        }.get(screen.stage, "")
        # Never colour alone (WCAG 1.4.1): the outcome is in its words and in a sign.
        self.headline.setText(f"{OUTCOME_SIGNS.get(screen.stage, '')} {headline}".strip())
        self.headline.setAccessibleName(headline)
        self.headline.setProperty("outcome", screen.stage.value)
        self.headline.style().polish(self.headline)
        self.amount.setText(screen.amount.format(language) if screen.amount else "")
        message = screen.text(language)
        if screen.stage is Stage.APPROVED:
            message = tr("Charged to account {account}. Thank you!").format(account=screen.detail.get("account", ""))
        elif screen.stage is Stage.ANOTHER_WAY:
            message = tr("Pay at the register with a card or cash. You have not been charged.")
        offers_retry = (retry and screen.stage is Stage.ERROR and screen.message != "bank_unavailable"
                        and bool(screen.detail.get("retry", True)))
        if screen.stage is Stage.ERROR and not offers_retry and screen.message == "try_again":
            # Never "Try again" in words beside no "Try again" button.
            message = tr("That did not work. Please pay another way; you have not been charged.")
        self.message.setText(message)
        # After "the bank did not answer" the first payment may yet have gone through: a second
        # attempt could charge twice, so only the other way is offered and staff reconcile.
        # A failed face check gets one new try (the flow says whether it is left), then only another way.
        self.retry_button.setVisible(offers_retry)
        self.other.setVisible(screen.stage in (Stage.ERROR, Stage.DECLINED, Stage.LOCKED))
        self.done_button.setVisible(screen.stage in (Stage.APPROVED, Stage.DECLINED, Stage.ANOTHER_WAY))
        first = next((b for b in (self.retry_button, self.done_button, self.other) if b.isVisibleTo(self)), None)
        if first is not None:
            first.setFocus()

    def show_receipt(self, receipt: Receipt, image: QImage) -> None:
        """The receipt as the worker rendered it (its QR code carries the receipt's lines)."""
        self._receipt = receipt
        self.qr.setPixmap(QPixmap.fromImage(image).scaledToHeight(380, Qt.TransformationMode.SmoothTransformation))
        self.receipt_note.setText(self._receipt_note())

    @staticmethod
    def _receipt_note() -> str:
        return tr("Scan the code with your phone to keep the receipt, or ask staff for a printout.")
