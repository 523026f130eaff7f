"""Widgets the kiosk and desk screens share: big touch buttons, the camera view with its face
guide, the camera-on indicator, the language switch and an on-screen keypad."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pos_app.ui.i18n import LANGUAGE_NAMES, Language, tr
from pos_app.ui.qt import QImage, Qt, QtCore, QtGui, QtWidgets, Signal

if TYPE_CHECKING:  # numpy loads with the first frame, not before the first screen paints
    import numpy as np

    from pos_app.core.customers import CustomerRow

PREVIEW_WIDTH = 640


def frame_to_image(frame_bgr: np.ndarray, mirror: bool = True) -> QImage:
    """A preview image of a camera frame: at most PREVIEW_WIDTH wide, mirrored like a mirror is,
    so moving left moves left on screen. The frame itself is never kept."""
    import cv2
    import numpy as np

    h, w = frame_bgr.shape[:2]
    if w > PREVIEW_WIDTH:
        frame_bgr = cv2.resize(frame_bgr, (PREVIEW_WIDTH, round(h * PREVIEW_WIDTH / w)), interpolation=cv2.INTER_AREA)
    rgb = cv2.cvtColor(cv2.flip(frame_bgr, 1) if mirror else frame_bgr, cv2.COLOR_BGR2RGB)
    rgb = np.ascontiguousarray(rgb)
    return QImage(rgb.data, rgb.shape[1], rgb.shape[0], 3 * rgb.shape[1], QImage.Format.Format_RGB888).copy()


def pil_to_image(image: Any) -> QImage:
    """A QImage of a PIL image; safe to build off the UI thread (a QPixmap is not)."""
    import numpy as np

    rgb = np.ascontiguousarray(np.asarray(image.convert("RGB")))
    return QImage(rgb.data, rgb.shape[1], rgb.shape[0], 3 * rgb.shape[1], QImage.Format.Format_RGB888).copy()


def button(text: str, role: str = "primary") -> QtWidgets.QPushButton:
    """A touch-sized button; `role` (primary, secondary, danger) picks its style in the QSS."""
    b = QtWidgets.QPushButton(text)
    b.setProperty("role", role)
    b.setMinimumHeight(72)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    b.setAutoDefault(True)  # Enter presses the focused button: the screens work from a keyboard
    return b


def prompt_field(field: QtWidgets.QLineEdit, text: str) -> None:
    """A field's hint, which is also its accessible name: a screen reader says what to type
    (a placeholder alone is not announced, and disappears once typing starts)."""
    field.setPlaceholderText(text)
    field.setAccessibleName(text)


def label(text: str = "", role: str = "body", wrap: bool = True) -> QtWidgets.QLabel:
    w = QtWidgets.QLabel(text)
    w.setProperty("role", role)
    w.setWordWrap(wrap)
    w.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return w


class CameraView(QtWidgets.QWidget):
    """The live preview with an oval face guide; shows nothing at all when the camera is off."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._image: QImage | None = None
        self.guide_ok = False
        # A colour for the whole view instead of the picture (the screen-light check's light).
        self.fill: str | None = None
        self.setMinimumSize(360, 270)
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Expanding, QtWidgets.QSizePolicy.Policy.Expanding)

    def show_image(self, image: QImage) -> None:
        self._image = image
        self.update()

    def clear(self) -> None:
        self._image = None
        self.update()

    @property
    def has_image(self) -> bool:
        return self._image is not None

    def paintEvent(self, _event: QtGui.QPaintEvent) -> None:  # noqa: N802 - Qt's name
        p = QtGui.QPainter(self)
        p.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        if self.fill is not None:
            p.fillRect(self.rect(), QtGui.QColor(self.fill))
            p.end()
            return
        p.fillRect(self.rect(), QtGui.QColor("#1b1f24"))
        target = self.rect()
        if self._image is not None:
            scaled = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QtCore.QRect(QtCore.QPoint((self.width() - scaled.width()) // 2,
                                                (self.height() - scaled.height()) // 2), scaled)
            p.drawImage(target, self._image)
        # The guide: where the face should be, sized for the distance the quality gate likes.
        gh = int(target.height() * 0.7)
        gw = int(gh * 0.75)
        guide = QtCore.QRect(target.center().x() - gw // 2, target.center().y() - gh // 2, gw, gh)
        p.setPen(QtGui.QPen(QtGui.QColor("#3ddc84" if self.guide_ok else "#ffffff"), 5, Qt.PenStyle.DashLine))
        p.drawEllipse(guide)
        p.end()


class CameraIndicator(QtWidgets.QLabel):
    """Visible exactly while the camera is on."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "camera-on")
        self.retranslate()
        self.setVisible(False)

    def retranslate(self) -> None:
        self.setText("● " + tr("Camera on"))

    def set_on(self, on: bool) -> None:
        self.setVisible(on)


SWITCH_TO = {"nb": "Bytt språket til norsk", "en": "Switch the language to English"}


class LanguageSwitch(QtWidgets.QWidget):
    def __init__(self, language: Language) -> None:
        super().__init__()
        row = QtWidgets.QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QtWidgets.QPushButton] = {}
        for code, name in LANGUAGE_NAMES.items():
            b = button(name, "language")
            b.setMinimumHeight(56)
            b.setCheckable(True)
            # In the language it switches to, like its name: someone who cannot read the current one finds theirs.
            b.setToolTip(SWITCH_TO[code])
            b.clicked.connect(lambda _=False, c=code: language.set(c))
            row.addWidget(b)
            self.buttons[code] = b
        language.changed.connect(self._mark)
        self._mark(language.code)

    def _mark(self, code: str) -> None:
        for c, b in self.buttons.items():
            b.setChecked(c == code)


class PageStack(QtWidgets.QStackedWidget):
    """A stack of pages, each in a scroll area of its own: a page that outgrows the screen (at
    200 % text) scrolls, and only that page (one scroll area around a whole stack would be as tall
    as its tallest page). `currentWidget()` and `setCurrentWidget()` speak of the pages."""

    def add(self, page: QtWidgets.QWidget) -> None:
        area = QtWidgets.QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QtWidgets.QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(page)
        self.addWidget(area)

    def currentWidget(self) -> QtWidgets.QWidget:  # noqa: N802 - Qt's name
        area = super().currentWidget()
        page = area.widget() if isinstance(area, QtWidgets.QScrollArea) else area
        assert page is not None, "a page stack always shows one of its pages"
        return page

    def setCurrentWidget(self, page: QtWidgets.QWidget) -> None:  # noqa: N802 - Qt's name
        area = self.area_of(page)
        if area is not None:
            area.verticalScrollBar().setValue(0)
            super().setCurrentWidget(area)

    def area_of(self, widget: QtWidgets.QWidget) -> QtWidgets.QScrollArea | None:
        """The scroll area of the page that holds `widget`."""
        for i in range(self.count()):
            area = self.widget(i)
            if isinstance(area, QtWidgets.QScrollArea) and (area.widget() is widget or area.isAncestorOf(widget)):
                return area
        return None

    def show_focus(self, widget: QtWidgets.QWidget) -> None:
        area = self.area_of(widget)
        if area is not None and area.widget() is not widget:
            area.ensureWidgetVisible(widget)


class Keypad(QtWidgets.QWidget):
    """Digits, erase and clear for touch screens; physical keys work on the field as well."""

    pressed = Signal(str)  # a digit, "back" or "clear"

    def __init__(self, extra: str = "") -> None:
        super().__init__()
        grid = QtWidgets.QGridLayout(self)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", extra or "clear", "0", "back"]
        for i, key in enumerate(keys):
            text = {"back": "⌫", "clear": "C"}.get(key, key)
            b = button(text, "key")
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the field keeps the keyboard focus
            b.clicked.connect(lambda _=False, k=key: self.pressed.emit(k))
            grid.addWidget(b, i // 3, i % 3)


class EntryRow(QtWidgets.QBoxLayout):
    """A field's column (field, message, Continue) beside its keypad. Side by side, a 1280x800
    kiosk shows it all without scrolling (stacked, Continue fell below the screen's edge); at
    200 % text the two stack, because side by side they would no longer fit across."""

    def __init__(self, column: list[QtWidgets.QWidget], keypad: QtWidgets.QWidget) -> None:
        super().__init__(QtWidgets.QBoxLayout.Direction.LeftToRight)
        self.column = QtWidgets.QVBoxLayout()
        self.column.addStretch(1)
        for w in column:
            self.column.addWidget(w)
        self.column.addStretch(1)
        self.addLayout(self.column, 1)
        self.addWidget(keypad, 1)

    def set_large(self, large: bool) -> None:
        self.setDirection(QtWidgets.QBoxLayout.Direction.TopToBottom if large
                          else QtWidgets.QBoxLayout.Direction.LeftToRight)


def recogniser(row: CustomerRow) -> str:
    """Which recogniser the customer's template was made by; an old one needs a re-enrolment."""
    from pos_app.vision.engine_registry import model_label

    if not row.model_id:
        return "—"
    label = model_label(row.model_id)
    return label + " · " + tr("re-enrol") if row.on_old_model else label
