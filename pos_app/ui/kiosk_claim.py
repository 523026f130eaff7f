"""Kiosk claim: the shopper shows their FacePay pass to the camera (shopper-key mode), or types
their phone number (store-key mode)."""

from __future__ import annotations

from pos_app.ui.i18n import tr
from pos_app.ui.qt import QImage, QtWidgets, Signal
from pos_app.ui.widgets import CameraView, EntryRow, Keypad, button, label


class ClaimScreen(QtWidgets.QWidget):
    phone = Signal(str)
    cancel = Signal()
    another_way = Signal()

    def __init__(self, key_mode: str) -> None:
        super().__init__()
        self.key_mode = key_mode
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        box.addWidget(self.title)
        self.camera = CameraView()
        self.number = QtWidgets.QLineEdit()
        self.number.setProperty("role", "amount")
        self.number.setMaxLength(16)
        self.number.returnPressed.connect(self._submit)
        self.keypad = Keypad(extra="+")
        self.keypad.pressed.connect(self._key)
        self.go = button("")
        self.go.clicked.connect(self._submit)
        if key_mode == "shopper":
            box.addWidget(self.camera, 1)
        else:
            self.entry = EntryRow([self.number, self.go], self.keypad)
            box.addLayout(self.entry, 1)
        row = QtWidgets.QHBoxLayout()
        self.cancel_button = button("", "secondary")
        self.other = button("", "secondary")
        self.cancel_button.clicked.connect(self.cancel)
        self.other.clicked.connect(self.another_way)
        row.addWidget(self.cancel_button)
        row.addWidget(self.other)
        box.addLayout(row)
        self.retranslate()

    def retranslate(self) -> None:
        self.go.setToolTip(tr("Looks up the FacePay customer with this phone number."))
        self.cancel_button.setToolTip(tr("Stops this payment; nothing is charged."))
        self.other.setToolTip(tr("Pay at the register with a card or cash instead."))
        self.title.setText(tr("Hold your FacePay pass up to the camera") if self.key_mode == "shopper"
                           else tr("Type your phone number"))
        self.go.setText(tr("Continue"))
        self.cancel_button.setText(tr("Cancel"))
        self.other.setText(tr("Pay another way"))

    def set_large(self, large: bool) -> None:
        if self.key_mode == "store":
            self.entry.set_large(large)

    def reset(self) -> None:
        self.number.clear()
        self.camera.clear()
        (self.number if self.key_mode == "store" else self.cancel_button).setFocus()

    def show_preview(self, image: QImage) -> None:
        self.camera.show_image(image)

    def _key(self, key: str) -> None:
        if key == "back":
            self.number.backspace()
        elif key == "clear":
            self.number.clear()
        else:
            self.number.insert(key)

    def _submit(self) -> None:
        if self.number.text().strip():
            self.phone.emit(self.number.text().strip())
