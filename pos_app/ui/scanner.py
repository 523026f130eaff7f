"""A USB barcode scanner that acts as a keyboard, heard from anywhere in a window.

A scanner types a code's characters a few milliseconds apart and ends with Enter; a person's
keystrokes come 80 ms or more apart. The filter lets the first key of a burst through (it may be
typing), swallows the keys that follow it faster than ``max_gap_ms``, and on Enter hands the
whole code to ``scanned`` and takes the first key back out of the field it landed in. Keys that
turn out to be typing (no Enter follows) are delivered late, in order, to where they were
aimed. No driver: the scanner stays an ordinary keyboard for every other program."""

from __future__ import annotations

import time

from pos_app.ui.qt import QApplication, QEvent, QObject, Qt, QtGui, QtWidgets, QTimer, Signal

MAX_GAP_MS = 30  # scanners send a character every 1-15 ms; no person types two keys this fast
MIN_LENGTH = 4  # the shortest code a scan can be (EAN-8 is 8, a PLU label 4)


class ScannerFilter(QObject):
    scanned = Signal(str)

    def __init__(self, window: QtWidgets.QWidget, *, max_gap_ms: int = MAX_GAP_MS, min_length: int = MIN_LENGTH) -> None:
        super().__init__(window)
        self.window, self.max_gap, self.min_length = window, max_gap_ms / 1000, min_length
        self.burst: list[QtGui.QKeyEvent] = []  # the keys of this burst; the first was delivered
        self.target: QObject | None = None
        self.last = 0.0
        self.replaying = False
        self.flush = QTimer(self)
        self.flush.setSingleShot(True)
        self.flush.setInterval(max(1, int(max_gap_ms * 3)))
        self.flush.timeout.connect(self._not_a_scan)

    def start(self) -> None:
        _app().installEventFilter(self)

    def stop(self) -> None:
        _app().removeEventFilter(self)
        self._not_a_scan()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if self.replaying or event.type() != QEvent.Type.KeyPress or not self._ours(obj):
            return False
        key: QtGui.QKeyEvent = event  # type: ignore[assignment]  # this branch saw a key press; Qt types the filter's event as QEvent
        now = time.monotonic()
        fast, self.last = now - self.last <= self.max_gap, now
        if key.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if fast and len(self.burst) >= self.min_length:
                self.flush.stop()
                code = "".join(k.text() for k in self.burst)
                self._take_back_first_key()
                self.burst, self.target = [], None
                self.scanned.emit(code)
                return True
            self._not_a_scan()
            return False
        text = key.text()
        if not text or not text.isprintable() or key.modifiers() & (Qt.KeyboardModifier.ControlModifier |
                                                                       Qt.KeyboardModifier.AltModifier):
            self._not_a_scan()
            return False
        if not (text.isalnum() or text == "-"):  # no barcode we ring up holds it: typing
            self._not_a_scan()
            return False
        copy = QtGui.QKeyEvent(QEvent.Type.KeyPress, key.key(), key.modifiers(), text)
        if fast and self.burst:
            self.burst.append(copy)
            self.flush.start()
            return True
        self._not_a_scan()
        self.burst, self.target = [copy], obj
        self.flush.start()
        return False

    def _ours(self, obj: QObject) -> bool:
        """Each key is seen once, at the widget it is aimed at, and only in our window."""
        if not isinstance(obj, QtWidgets.QWidget) or obj.window() is not self.window:
            return False
        focus = QApplication.focusWidget()
        return obj is (focus if focus is not None else self.window)

    def _take_back_first_key(self) -> None:
        """The burst's first key went to the focused field before it was known to be a scan."""
        first = self.burst[0].text() if self.burst else ""
        target = self.target
        if isinstance(target, QtWidgets.QLineEdit):
            typed = target.text()[:target.cursorPosition()].endswith(first)
        else:
            typed = isinstance(target, (QtWidgets.QAbstractSpinBox, QtWidgets.QPlainTextEdit, QtWidgets.QTextEdit))
        if first and typed and target is not None:
            self.replaying = True
            try:
                QApplication.sendEvent(target, QtGui.QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Backspace,
                                                               Qt.KeyboardModifier.NoModifier))
            finally:
                self.replaying = False

    def _not_a_scan(self) -> None:
        """The burst was typing after all: deliver the keys held back, in order, where aimed."""
        self.flush.stop()
        held, target = self.burst[1:], self.target
        self.burst, self.target = [], None
        if not held or target is None:
            return
        self.replaying = True
        try:
            for key in held:
                QApplication.sendEvent(target, key)
        finally:
            self.replaying = False


def _app() -> QApplication:
    app = QApplication.instance()
    assert app is not None, "a scanner listens inside a running application"
    return app  # type: ignore[return-value]  # instance() is typed as the base class
