"""The kiosk's accessibility modes (speech, high contrast, large text, volume) and the panel that
turns them on: reached by the always-visible Accessibility button, by the keypad's star key
(speech), or by plugging in a headset. The modes last for one shopper: back at idle they are off again, unless
a headset is still plugged in (then speech stays on)."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.speech.player import DEFAULT_VOLUME, VOLUMES, Speaker
from pos_app.ui.i18n import tr
from pos_app.ui.qt import QApplication, QObject, QTimer, QtWidgets, Signal
from pos_app.ui.themes import LARGE_TEXT, style_sheet
from pos_app.ui.widgets import button

# The jack is read by one ioctl per jack device: microseconds, so on the UI thread's timer.
HEADSET_POLL_MS = 1500


class AccessModes(QObject):
    changed = Signal()

    def __init__(self, speaker: Speaker | None, headset: Callable[[], bool | None] | None = None) -> None:
        super().__init__()
        self.speaker = speaker
        self.speech = self.high_contrast = self.large_text = False
        self._headset = headset
        self._plugged: bool | None = None
        if headset is not None:
            self.check_headset()
            self._poll = QTimer(self)
            self._poll.setInterval(HEADSET_POLL_MS)
            self._poll.timeout.connect(self.check_headset)
            self._poll.start()

    @property
    def private(self) -> bool:
        """A headset is plugged in: what is spoken is heard by the shopper alone."""
        return bool(self._plugged)

    @property
    def volume(self) -> tuple[int, int]:
        """(step, of how many), counted from 1."""
        return (self.speaker.volume + 1 if self.speaker else 0), len(VOLUMES)

    def louder(self) -> None:
        """One step louder; after the loudest, the softest again (one key is enough)."""
        if self.speaker is not None:
            self.speaker.volume = (self.speaker.volume + 1) % len(VOLUMES)
            self.changed.emit()

    @property
    def can_speak(self) -> bool:
        return self.speaker is not None and self.speaker.can_speak

    def set_speech(self, on: bool) -> None:
        on = on and self.can_speak
        if on != self.speech:
            self.speech = on
            if not on and self.speaker is not None:
                self.speaker.silence()
            self.changed.emit()

    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self._restyle()

    def set_large_text(self, on: bool) -> None:
        self.large_text = on
        self._restyle()

    def reset(self) -> None:
        """The next shopper starts with the standard screen (speech stays while a headset is in)."""
        self.set_speech(bool(self._plugged))
        if self.speaker is not None and self.speaker.volume != DEFAULT_VOLUME:
            self.speaker.volume = DEFAULT_VOLUME  # EN 301 549 5.1.3.13: each shopper starts at the default
            self.changed.emit()
        if self.high_contrast or self.large_text:
            self.high_contrast = self.large_text = False
            self._restyle()

    def check_headset(self) -> None:
        assert self._headset is not None
        plugged = self._headset()
        if plugged and not self._plugged:
            self.set_speech(True)
        self._plugged = plugged

    def _restyle(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet(style_sheet(self.high_contrast, LARGE_TEXT if self.large_text else 1.0))
        self.changed.emit()


class AccessPanel(QtWidgets.QWidget):
    """Three switches, the volume step and a close button, shown under the header."""

    closed = Signal()

    def __init__(self, modes: AccessModes) -> None:
        super().__init__()
        self.modes = modes
        row = QtWidgets.QGridLayout(self)  # two by two: at 200 % text four in a row are too wide
        self.speech = button("", "header")
        self.contrast = button("", "header")
        self.large = button("", "header")
        self.volume = button("", "header")
        self.close_button = button("", "header")
        for i, b in enumerate((self.speech, self.contrast, self.large, self.volume)):
            b.setCheckable(b is not self.volume)
            row.addWidget(b, i // 2, i % 2)
        row.addWidget(self.close_button, 2, 0, 1, 2)
        self.speech.toggled.connect(modes.set_speech)
        self.contrast.toggled.connect(modes.set_high_contrast)
        self.large.toggled.connect(modes.set_large_text)
        self.close_button.clicked.connect(self.closed)
        modes.changed.connect(self._sync)
        self.setVisible(False)
        self.retranslate()

    def retranslate(self) -> None:
        self.close_button.setText(tr("Close"))
        self.close_button.setToolTip(tr("Hides these settings; they stay as they are."))
        self.speech.setToolTip(tr("Reads the screen aloud. Star key on the keypad."))
        self.contrast.setToolTip(tr("Yellow and white on black."))
        self.large.setToolTip(tr("Doubles the size of all text."))
        self.volume.setToolTip(tr("One step louder; after the loudest, the softest. Plus key on the keypad."))
        self._sync()

    def _sync(self) -> None:
        def state(on: bool) -> str:
            return tr("on") if on else tr("off")

        for b, on, name in ((self.speech, self.modes.speech, tr("Speech")),
                            (self.contrast, self.modes.high_contrast, tr("High contrast")),
                            (self.large, self.modes.large_text, tr("Large text"))):
            b.blockSignals(True)
            b.setChecked(on)
            b.blockSignals(False)
            b.setText(f"{name}: {state(on)}")
        self.speech.setEnabled(self.modes.can_speak)
        level, levels = self.modes.volume
        self.volume.setText(tr("Volume: {level} of {levels}").format(level=level, levels=levels))
        self.volume.setEnabled(self.modes.speaker is not None)
