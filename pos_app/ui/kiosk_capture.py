"""Kiosk capture: the live preview with its face guide, one plain instruction at a time (a quality
hint first, else the liveness prompt), the challenge progress, then "verifying"."""

from __future__ import annotations

from liveness.cues import COLOURS
from pos_app.flows.checkout_screen import Screen
from pos_app.speech.script import instruction
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QImage, Qt, QtWidgets, Signal
from pos_app.ui.widgets import CameraView, button, label


class CaptureScreen(QtWidgets.QWidget):
    cancel = Signal()
    another_way = Signal()

    def __init__(self) -> None:
        super().__init__()
        # The screen-light check paints the whole page in its colours (liveness.flash).
        self.setObjectName("capture")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.flash_colour: str | None = None
        box = QtWidgets.QVBoxLayout(self)
        self.instruction = label(role="title")
        self.camera = CameraView()
        self.progress = QtWidgets.QProgressBar()
        self.progress.setTextVisible(False)
        self.cancel_button = button("", "secondary")
        self.cancel_button.clicked.connect(self.cancel)
        self.other = button("", "secondary")
        self.other.clicked.connect(self.another_way)
        box.addWidget(self.instruction)
        box.addWidget(self.camera, 1)
        box.addWidget(self.progress)
        row = QtWidgets.QHBoxLayout()
        row.addWidget(self.cancel_button)
        row.addWidget(self.other)
        box.addLayout(row)
        self._screen: Screen | None = None
        self.retranslate()

    def retranslate(self, language: str = "en") -> None:
        self.cancel_button.setToolTip(tr("Stops this payment; nothing is charged."))
        self.other.setToolTip(tr("Pay at the register with a card or cash instead."))
        self.cancel_button.setText(tr("Cancel"))
        self.other.setText(tr("Pay another way"))
        self.progress.setAccessibleName(tr("Steps done"))
        if self._screen is not None:
            self.show_screen(self._screen, language)

    def reset(self) -> None:
        self._screen = None
        self.camera.clear()
        self.instruction.clear()
        self.progress.setValue(0)
        self._paint(None)
        self.cancel_button.setFocus()

    def show_screen(self, screen: Screen, language: str) -> None:
        self._screen = screen
        text = instruction(screen.hint, language) or instruction(screen.prompt, language)
        self.instruction.setText(text or tr("Look at the camera"))
        self.camera.guide_ok = not screen.hint
        total = int(screen.detail.get("total", 0))
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(int(screen.detail.get("done", 0)))
        self._paint(screen.detail.get("flash"))

    def _paint(self, colour: str | None) -> None:
        """The display's light is the signal: the page takes the colour; the words stay black on
        white, readable on every colour."""
        if colour == self.flash_colour:
            return
        self.flash_colour = colour
        if colour is None:
            self.camera.fill = None
            self.camera.update()
            self.setStyleSheet("")
            return
        blue, green, red = COLOURS[colour]
        fill = f"#{red:02x}{green:02x}{blue:02x}"
        # The camera's picture gives way to the colour: the more of the display lights the face, the clearer the signal.
        self.camera.fill = fill
        self.camera.update()
        self.setStyleSheet(f"#capture {{ background: {fill}; }} #capture QLabel {{ background: #ffffff; color: #111111; }}")

    def show_verifying(self) -> None:
        self._paint(None)
        self.instruction.setText(tr("Verifying…"))

    def show_preview(self, image: QImage) -> None:
        self.camera.show_image(image)
