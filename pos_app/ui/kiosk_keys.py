"""The kiosk from a keyboard or a numeric keypad (EN 301 549 5.5, WCAG 2.1.1): arrow keys (the
keypad's 8/2/4/6 with Num Lock off) move between choices in reading order, Enter chooses, Escape
cancels, and four keypad keys do the rest: star turns speech on and off, slash repeats what was
said, plus changes the volume (but in a text field, where it is typed), minus calls staff. Read
by an application-wide filter, so a focused text field cannot swallow them."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.ui.qt import QEvent, QObject, Qt, QtWidgets

SPEECH_KEYS = (Qt.Key.Key_Asterisk, Qt.Key.Key_F1)
REPEAT_KEYS = (Qt.Key.Key_Slash, Qt.Key.Key_F2)
HELP_KEYS = (Qt.Key.Key_Minus, Qt.Key.Key_F3)
VOLUME_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_F4)
NEXT_KEYS = (Qt.Key.Key_Down, Qt.Key.Key_Right)
PREVIOUS_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Left)


class KioskKeys(QObject):
    def __init__(self, window: QtWidgets.QWidget, *, speech: Callable[[], None], repeat: Callable[[], None],
                 help_: Callable[[], None], louder: Callable[[], None], moved: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self._speech, self._repeat, self._help, self._louder, self._moved = speech, repeat, help_, louder, moved

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(obj, QtWidgets.QWidget) or obj.window() is not self.window:
            return False
        key = event.key()  # type: ignore[attr-defined]  # an event filter gets a QEvent; this branch saw a key event
        if key in SPEECH_KEYS:
            self._speech()
        elif key in REPEAT_KEYS:
            self._repeat()
        elif key in HELP_KEYS:
            self._help()
        elif key in VOLUME_KEYS and not (key == Qt.Key.Key_Plus and isinstance(obj, QtWidgets.QLineEdit)):
            self._louder()
        elif key in NEXT_KEYS or key in PREVIOUS_KEYS:
            # Left and right stay with a text field, which needs them to move its cursor.
            if isinstance(obj, QtWidgets.QLineEdit) and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                return False
            self._moved()
            self.window.focusNextPrevChild(key in NEXT_KEYS)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            self._moved()
            return False
        else:
            return False
        return True
