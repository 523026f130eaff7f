"""Desk: guided capture of three good frames with quality feedback and the liveness check, and
afterwards the test verification, both on the live preview."""

from __future__ import annotations

from liveness.cues import PROMPTS
from pos_app.flows.enrollment import DeskScreen, Step
from pos_app.ui.desk_messages import phrase
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QImage, QtWidgets, Signal
from pos_app.speech.script import instruction
from pos_app.ui.widgets import CameraView, button, label


class CaptureScreen(QtWidgets.QWidget):
    run_test = Signal()
    cancel = Signal()

    def __init__(self) -> None:
        super().__init__()
        box = QtWidgets.QVBoxLayout(self)
        self.title = label(role="title")
        self.instruction = label(role="caption")
        self.camera = CameraView()
        self.progress = QtWidgets.QProgressBar()
        self.progress.setFormat("%v / %m")
        self.message = label(role="error")
        row = QtWidgets.QHBoxLayout()
        self.test_button = button("")
        self.cancel_button = button("", "secondary")
        self.test_button.clicked.connect(self.run_test)
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.cancel_button)
        row.addWidget(self.test_button)
        for w in (self.title, self.instruction, self.camera, self.progress, self.message):
            box.addWidget(w, 1 if w is self.camera else 0)
        box.addLayout(row)
        self._screen: DeskScreen | None = None
        self.retranslate("en")

    def retranslate(self, language: str) -> None:
        self.test_button.setToolTip(tr("Checks the new template against a fresh look at the camera."))
        self.cancel_button.setToolTip(tr("Stops this enrollment; nothing is kept."))
        self.test_button.setText(tr("Run the test verification"))
        self.cancel_button.setText(tr("Cancel"))
        if self._screen is not None:
            self.show_screen(self._screen, language)

    def reset(self) -> None:
        self._screen = None
        self.camera.clear()
        self.message.clear()
        self.instruction.clear()
        self.progress.setValue(0)

    def show_screen(self, screen: DeskScreen, language: str) -> None:
        self._screen = screen
        testing = screen.step is Step.TEST
        self.title.setText(tr("Test verification") if testing else tr("Face capture"))
        self.test_button.setVisible(testing)
        self.progress.setVisible(not testing)
        self.instruction.setText(instruction(screen.hint, language) or
                                 (tr("Ask the customer to look at the camera, then run the test.") if testing else ""))
        self.camera.guide_ok = not screen.hint or screen.hint in PROMPTS
        self.progress.setRange(0, int(screen.detail.get("needed", 3)))
        self.progress.setValue(int(screen.detail.get("captures", 0)))
        self.message.setText(phrase(screen))
        if testing:
            self.test_button.setFocus()

    def show_preview(self, image: QImage) -> None:
        self.camera.show_image(image)
