"""Desk: the new FacePay pass, shown once to hand over, and saved as a PDF only where the operator
chooses (it is the key to the customer's template: it is not kept anywhere by FacePay)."""

from __future__ import annotations

from pos_app.ui.i18n import tr
from pos_app.ui.qt import QImage, QPixmap, Qt, QtWidgets, Signal
from pos_app.ui.widgets import button, label


class PassScreen(QtWidgets.QWidget):
    save = Signal(str)
    next_customer = Signal()

    def __init__(self) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        self.card = QtWidgets.QLabel()
        self.card.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = label(role="note")
        row = QtWidgets.QHBoxLayout()
        self.save_button = button("", "secondary")
        self.done = button("")
        self.save_button.clicked.connect(self._save)
        self.done.clicked.connect(self.next_customer)
        row.addWidget(self.save_button)
        row.addWidget(self.done)
        for w in (self.title, self.card, self.message):
            box.addWidget(w, 1 if w is self.card else 0)
        box.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.save_button.setToolTip(tr("Saves the pass as a PDF to print or send to the customer."))
        self.done.setToolTip(tr("Clears this customer from the screen and starts with the next."))
        self.title.setText(tr("Enrolled: hand over the FacePay pass"))
        self.save_button.setText(tr("Save or print the pass (PDF)…"))
        self.done.setText(tr("Next customer"))

    def reset(self) -> None:
        self.card.setPixmap(QPixmap())
        self.message.clear()

    def show_pass(self, image: QImage) -> None:
        self.card.setPixmap(QPixmap.fromImage(image).scaledToHeight(420, Qt.TransformationMode.SmoothTransformation))
        self.done.setFocus()

    def _save(self) -> None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, tr("Save the pass"), "facepay-pass.pdf", "PDF (*.pdf)")
        if path:
            self.save.emit(path)
