"""Time limits a person can extend (WCAG 2.2.1, EN 301 549 9.2.2.1): each warns a while before it
runs out (on screen, with a sound, and spoken in speech mode), and "More time" starts it again."""

from __future__ import annotations

from pos_app.ui.i18n import tr
from pos_app.ui.qt import QObject, QTimer, QtWidgets, Signal
from pos_app.ui.widgets import button, label

# WCAG 2.2.1 gives at least 20 s to answer the warning; a shorter limit warns half-way through.
WARN_SECONDS = 20.0


class TimeLimit(QObject):
    warning = Signal(int)  # whole seconds left
    expired = Signal()

    def __init__(self, parent: QObject, warn_seconds: float = WARN_SECONDS) -> None:
        super().__init__(parent)
        self.warn_seconds = warn_seconds
        self.seconds = 0.0
        self.extensions = 0
        self._warn = QTimer(self)
        self._warn.setSingleShot(True)
        self._warn.timeout.connect(self._warned)
        self._end = QTimer(self)
        self._end.setSingleShot(True)
        self._end.timeout.connect(self.expired)

    @property
    def running(self) -> bool:
        return self._end.isActive()

    def start(self, seconds: float) -> None:
        self.seconds, self.extensions = seconds, 0
        self._arm()

    def extend(self) -> None:
        """The full time again, from now; as often as asked."""
        if self.running:
            self.extensions += 1
            self._arm()

    def stop(self) -> None:
        self._warn.stop()
        self._end.stop()

    def _arm(self) -> None:
        lead = min(self.warn_seconds, self.seconds / 2)  # a short limit warns half-way
        self._end.start(int(self.seconds * 1000))
        self._warn.start(int((self.seconds - lead) * 1000))

    def _warned(self) -> None:
        self.warning.emit(max(1, round(self._end.remainingTime() / 1000)))


class TimeWarning(QtWidgets.QWidget):
    """The banner: what is about to happen, and the button that stops it."""

    more = Signal()

    def __init__(self) -> None:
        super().__init__()
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = label(role="warning")
        self.more_button = button("")
        self.more_button.clicked.connect(self.more)
        row.addWidget(self.text, 1)
        row.addWidget(self.more_button)
        self._seconds = 0
        self.reserve(True)
        self.setVisible(False)
        self.retranslate()

    def reserve(self, on: bool) -> None:
        """Hidden, the banner keeps its room: one that appeared would push every button down just
        as the shopper reaches for one. At 200 % text the room is a fifth of the screen and the
        page scrolls anyway, so there it is given back."""
        policy = self.sizePolicy()
        policy.setRetainSizeWhenHidden(on)
        self.setSizePolicy(policy)

    def retranslate(self) -> None:
        self.more_button.setText(tr("More time"))
        self.more_button.setToolTip(tr("Keeps this screen and gives you the full time again."))
        if self._seconds:
            self._show_text()

    def warn(self, seconds: int) -> None:
        self._seconds = seconds
        self._show_text()
        self.setVisible(True)
        self.more_button.setFocus()

    def clear(self) -> None:
        self._seconds = 0
        self.setVisible(False)

    def _show_text(self) -> None:
        self.text.setText("⚠ " + tr("Time is nearly up ({seconds} s). Press More time to stay.").format(
            seconds=self._seconds))
