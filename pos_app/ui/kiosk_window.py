"""The checkout kiosk window: a header (camera indicator, Help, Accessibility, language), one page
per stage, and the CheckoutSession on its worker thread. This class only routes: requests go out
as queued signals, screens come back and pick the page (and, in speech mode, are spoken).

Every time limit here can be extended (pos_app.ui.time_limit): the wait for the pass, the result
on screen, and (through the flow) the current challenge."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.flows.checkout_screen import Screen, Stage
from pos_app.speech.headset import headset_plugged
from pos_app.speech.player import Speaker
from pos_app.ui.checkout_session import CheckoutSession
from pos_app.ui.i18n import Language, tr
from pos_app.ui.kiosk_access import AccessModes, AccessPanel
from pos_app.ui.kiosk_amount import AmountScreen
from pos_app.ui.kiosk_capture import CaptureScreen
from pos_app.ui.kiosk_claim import ClaimScreen
from pos_app.ui.kiosk_idle import IdleScreen
from pos_app.ui.kiosk_keys import KioskKeys
from pos_app.ui.kiosk_result import ResultScreen
from pos_app.ui.kiosk_voice import KioskVoice
from pos_app.ui.qt import QApplication, QImage, Qt, QThread, QtGui, QTimer, QtWidgets, Signal
from pos_app.ui.time_limit import TimeLimit, TimeWarning
from pos_app.ui.widgets import CameraIndicator, LanguageSwitch, PageStack, button, label

# How long each result stays before the kiosk returns to idle by itself, in seconds.
RESULT_SECONDS = {Stage.APPROVED: 10.0, Stage.DECLINED: 15.0, Stage.ERROR: 20.0, Stage.LOCKED: 15.0,
                  Stage.ANOTHER_WAY: 8.0}
CLAIM_SECONDS = 45.0  # no pass shown for this long: the session ends (after a warning)
# The current challenge's time is nearly up: warn with this many seconds left.
CHALLENGE_WARN_SECONDS = 3


class KioskWindow(QtWidgets.QMainWindow):
    want_load = Signal()
    want_sale = Signal(int)
    want_face = Signal()
    want_phone = Signal(str)
    want_cancel = Signal()
    want_another = Signal()
    want_retry = Signal()
    want_language = Signal(str)
    want_idle = Signal(bool)
    want_more_time = Signal()
    want_help = Signal()
    want_shutdown = Signal()

    def __init__(self, session: CheckoutSession, language: Language, *, demo: bool, key_mode: str,
                 currency: str = "NOK", time_factor: float = 1.0, speaker: Speaker | None = None,
                 headset: Callable[[], bool | None] | None = headset_plugged) -> None:
        super().__init__()
        self.session, self.language, self.demo, self.key_mode = session, language, demo, key_mode
        self.time_factor = time_factor
        self.stage = Stage.IDLE
        self._screen: Screen | None = None
        self._speech_was_on = False
        self._large = False
        self._walked_away = False  # a time limit ran out: the next person gets the standard screen
        self._focus_before_warning: QtWidgets.QWidget | None = None
        self.register_sale = False
        self.unavailable = "starting"
        self.setWindowTitle("FacePay")

        root = QtWidgets.QWidget()
        root.setProperty("role", "kiosk")
        box = QtWidgets.QVBoxLayout(root)
        # Two rows of header: at 200 % text the buttons move to the second, so nothing is pushed
        # past the screen's edge (WCAG 1.4.10).
        header, self.header_more = QtWidgets.QHBoxLayout(), QtWidgets.QHBoxLayout()
        self.brand = label("FacePay", "brand", wrap=False)
        self.camera_on = CameraIndicator()
        self.help = button("", "header")
        self.access = button("", "header")
        self.languages = LanguageSwitch(language)
        header.addWidget(self.brand)
        header.addStretch(1)
        header.addWidget(self.camera_on)
        self.header = header
        box.addLayout(header)
        box.addLayout(self.header_more)
        self._arrange_header(large=False)
        self.modes = AccessModes(speaker, headset)
        self.voice = KioskVoice(self.modes, language, key_mode=key_mode, demo=demo, choices=self._choices)
        self.panel = AccessPanel(self.modes)
        self.warning = TimeWarning()
        self.help_note = label(role="note")
        # A register in training mode sent this sale: said on every screen until it is over.
        self.training = label(role="warning")
        self.training.setVisible(False)
        for w in (self.panel, self.warning, self.help_note, self.training):
            box.addWidget(w)
        self.pages = PageStack()
        self.idle = IdleScreen(demo, currency)
        self.amount = AmountScreen()
        self.claim = ClaimScreen(key_mode)
        self.capture = CaptureScreen()
        self.result = ResultScreen()
        for page in (self.idle, self.amount, self.claim, self.capture, self.result):
            self.pages.add(page)  # at 200 % text a page may outgrow the screen: it scrolls, losing nothing
        box.addWidget(self.pages, 1)
        self.setCentralWidget(root)

        self.back_to_idle = TimeLimit(self)
        self.back_to_idle.expired.connect(self.go_idle)
        self.claim_limit = TimeLimit(self)
        self.claim_limit.expired.connect(self._claim_expired)
        for limit in (self.back_to_idle, self.claim_limit):
            limit.warning.connect(self._warn)
        self.warning.more.connect(self._more_time)
        self.help.clicked.connect(self._call_help)
        self.access.clicked.connect(self._open_panel)
        self.panel.closed.connect(self._close_panel)
        self.panel.volume.clicked.connect(self._louder)
        for field in (self.idle.amount, self.claim.number):
            field.textEdited.connect(self.voice.typed)
        self.modes.changed.connect(self._modes_changed)
        self.keys = KioskKeys(self, speech=self._toggle_speech, repeat=self.voice.repeat, help_=self._call_help,
                              louder=self._louder, moved=self._keyboard_moved)
        QApplication.instance().installEventFilter(self.keys)  # type: ignore[union-attr]  # a window exists only inside a running QApplication
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]  # a window exists only inside a running QApplication
        self._moved_by_key = False

        self.idle.sale.connect(self.want_sale)
        self.amount.pay_with_face.connect(self.want_face)
        self.amount.another_way.connect(self.want_another)
        self.claim.phone.connect(self.want_phone)
        self.claim.cancel.connect(self.want_cancel)
        self.claim.another_way.connect(self.want_another)
        self.capture.cancel.connect(self.want_cancel)
        self.capture.another_way.connect(self.want_another)
        self.result.retry.connect(self.want_retry)
        self.result.another_way.connect(self.want_another)
        self.result.done.connect(self.go_idle)
        QtGui.QShortcut(QtGui.QKeySequence("Escape"), self, self._escape)
        language.changed.connect(self.retranslate)

        # The session lives on its own thread from here on; only queued signals cross over.
        self.worker = QThread(self)
        session.moveToThread(self.worker)
        for signal, slot in ((self.want_load, session.load), (self.want_sale, session.start_sale),
                             (self.want_face, session.pay_with_face), (self.want_phone, session.claim_phone),
                             (self.want_cancel, session.cancel), (self.want_another, session.another_way),
                             (self.want_retry, session.retry), (self.want_language, session.set_language),
                             (self.want_idle, session.set_idle), (self.want_more_time, session.more_time),
                             (self.want_help, session.call_help)):
            signal.connect(slot)
        self.want_shutdown.connect(session.shutdown)
        session.screen_changed.connect(self.on_screen)
        session.preview.connect(self.on_preview)
        session.camera_changed.connect(self.camera_on.set_on)
        session.ready.connect(self.on_ready)
        session.cannot_start.connect(self.close)
        session.receipt_ready.connect(self.on_receipt)
        session.sale_from_register.connect(self._set_register_sale)
        session.help_called.connect(self._help_answered)
        session.display_changed.connect(self.idle.show_basket)
        self.worker.start()
        self.want_language.emit(language.code)
        self._load_asked = False  # the models load once the idle screen has painted (showEvent)
        self.go_idle()
        self.retranslate(language.code)

    # --- from the session --------------------------------------------------------------------------
    def on_ready(self, problem: str) -> None:
        self.unavailable = problem
        self.amount.set_unavailable(problem, self.language.code)

    def on_screen(self, screen: Screen) -> None:
        previous, self._screen = self._screen, screen
        self.stage = screen.stage
        self.want_idle.emit(False)
        self.back_to_idle.stop()
        if screen.stage is not Stage.CLAIM:
            self.claim_limit.stop()
        if screen.stage is not Stage.CAPTURE or previous is None or previous.stage is not Stage.CAPTURE:
            self.warning.clear()
        lang = self.language.code
        self.training.setVisible(bool(screen.detail.get("training")))
        self.training.setText("⚠ " + tr("TRAINING: practice only; no money moves and no receipt is valid."))
        if screen.stage is Stage.AMOUNT_DUE:
            self.amount.show_amount(screen.amount, lang, screen.detail.get("basket"))
            self.pages.setCurrentWidget(self.amount)
        elif screen.stage is Stage.CLAIM:
            self.claim.reset()
            self.pages.setCurrentWidget(self.claim)
            self.claim_limit.start(CLAIM_SECONDS * self.time_factor)
        elif screen.stage is Stage.CAPTURE:
            if self.pages.currentWidget() is not self.capture:
                self.capture.reset()
                self.pages.setCurrentWidget(self.capture)
            self.capture.show_screen(screen, lang)
            self._challenge_time(screen, previous)
        elif screen.stage is Stage.VERIFYING:
            self.capture.camera.clear()
            self.capture.show_verifying()
        elif screen.stage in (Stage.CANCELLED, Stage.IDLE):
            walked_away, self._walked_away = self._walked_away, False
            self.go_idle(reset_modes=walked_away)
            if screen.stage is Stage.CANCELLED:
                self.voice.cancelled()
            return
        else:
            self.result.reset()
            self.result.show_screen(screen, lang, retry=not self.register_sale)
            self.pages.setCurrentWidget(self.result)
            self.back_to_idle.start(RESULT_SECONDS.get(screen.stage, 10.0) * self.time_factor)
        self.voice.screen(screen, previous)

    def on_preview(self, image: QImage) -> None:
        if self.stage is Stage.CLAIM:
            self.claim.show_preview(image)
        elif self.stage is Stage.CAPTURE:
            self.capture.show_preview(image)

    def on_receipt(self, receipt: object, image: QImage) -> None:
        if self.stage is Stage.APPROVED:
            self.result.show_receipt(receipt, image)  # type: ignore[arg-type]  # the session's signal carries the Receipt as object

    # --- the kiosk's own moves ---------------------------------------------------------------------
    def go_idle(self, reset_modes: bool = True) -> None:
        """Back to the start; every page forgets the last shopper. After a payment (or when its
        time ran out) the next shopper starts with the standard screen; after a cancel the same
        shopper is still there, and keeps their modes."""
        self.back_to_idle.stop()
        self.training.setVisible(False)
        self.claim_limit.stop()
        self.warning.clear()
        self.help_note.clear()
        was = self.stage
        self.stage, self._screen = Stage.IDLE, None
        self.voice.forget_typing()
        for page in (self.idle, self.claim, self.capture, self.result):
            page.reset()
        self.amount.show_amount(None, self.language.code)
        self.pages.setCurrentWidget(self.idle)
        if was is not Stage.IDLE and reset_modes:
            self._close_panel()
            self.modes.reset()
        self.want_idle.emit(True)
        if was not in (Stage.IDLE, Stage.CANCELLED):
            self.voice.screen(Screen(Stage.IDLE), None)

    def _set_register_sale(self, from_register: bool) -> None:
        self.register_sale = from_register

    def _arrange_header(self, large: bool) -> None:
        for w in (self.help, self.access, self.languages):
            (self.header_more if large else self.header).addWidget(w)
        if large:
            self.header_more.insertStretch(0, 1)

    # --- time limits -------------------------------------------------------------------------------
    def _challenge_time(self, screen: Screen, previous: Screen | None) -> None:
        left = screen.detail.get("seconds_left")
        step = (screen.detail.get("done"), screen.prompt)
        same_step = previous is not None and previous.stage is Stage.CAPTURE and (
            previous.detail.get("done"), previous.prompt) == step
        if not same_step:
            self.warning.clear()
        if left is not None and left <= CHALLENGE_WARN_SECONDS and not self.warning.isVisible():
            self._warn(int(left))

    def _claim_expired(self) -> None:
        self._walked_away = True
        self.want_cancel.emit()

    def _warn(self, seconds: int) -> None:
        focused = QApplication.focusWidget()
        self._focus_before_warning = focused if focused is not None and focused.window() is self else None
        self.warning.warn(seconds)
        self.voice.tone("warning")
        self.voice.line("warning", interrupt=False)

    def _more_time(self) -> None:
        self.warning.clear()
        for limit in (self.back_to_idle, self.claim_limit):
            limit.extend()
        if self.stage is Stage.CAPTURE:
            self.want_more_time.emit()
        self.voice.line("more_time")
        if self._focus_before_warning is not None and self._focus_before_warning.isVisible():
            self._focus_before_warning.setFocus()

    # --- accessibility -----------------------------------------------------------------------------
    def _open_panel(self) -> None:
        self.panel.setVisible(True)
        (self.panel.speech if self.panel.speech.isEnabled() else self.panel.contrast).setFocus()

    def _close_panel(self) -> None:
        if self.panel.isVisible():
            self.panel.setVisible(False)
            self.access.setFocus()

    def _toggle_speech(self) -> None:
        self.modes.set_speech(not self.modes.speech)
        if not self.modes.can_speak:
            self.help_note.setText(tr("Speech is not available on this kiosk. Please ask staff for help."))

    def _modes_changed(self) -> None:
        if self.modes.large_text != self._large:
            self._large = self.modes.large_text
            while self.header_more.count():  # the stretch; the widgets move back with _arrange_header
                self.header_more.takeAt(0)
            self._arrange_header(self._large)
            self.idle.entry.set_large(self._large)
            self.claim.set_large(self._large)
            self.warning.reserve(not self._large)
        if self.modes.speech and not self._speech_was_on:
            self.voice.turned_on(self._screen)
        self._speech_was_on = self.modes.speech

    def _louder(self) -> None:
        self.modes.louder()
        self.voice.volume()

    def _keyboard_moved(self) -> None:
        self._moved_by_key = True

    def _focus_changed(self, _old: QtWidgets.QWidget | None, new: QtWidgets.QWidget | None) -> None:
        # At large text the keyboard's focus never goes out of sight. A tap focuses too, but on
        # the press: scrolling then would move the button from under the finger, and the release
        # would land elsewhere (the first tap on "Continue" only scrolled).
        tapped = QApplication.mouseButtons() != Qt.MouseButton.NoButton
        if new is not None and not tapped and self.pages.isAncestorOf(new):
            self.pages.show_focus(new)
        # In speech mode, moving by key says where the focus landed, as a screen reader would.
        if not (self._moved_by_key and self.modes.speech and new is not None and new.window() is self):
            return
        self._moved_by_key = False
        self.voice.focus(new)

    def _call_help(self) -> None:
        self.help_note.setText(tr("Calling staff…"))
        self.want_help.emit()

    def _help_answered(self, reached: bool) -> None:
        if reached:
            self.help_note.setText(tr("Staff have been called and are on their way."))
            self.voice.line("help", interrupt=False)
        else:
            self.help_note.setText(tr("Staff could not be called from here. Please ask at the register."))

    def _choices(self) -> list[str]:
        """The buttons the current page offers, in the order the focus visits them."""
        page = self.pages.currentWidget()
        found: list[str] = []
        widget = page.nextInFocusChain()
        while widget is not None and widget is not page and len(found) < 20:
            if (isinstance(widget, QtWidgets.QPushButton) and widget.isVisibleTo(page) and widget.isEnabled()
                    and widget.property("role") != "key" and page.isAncestorOf(widget) and widget.text() not in found):
                found.append(widget.text())
            widget = widget.nextInFocusChain()
        return found

    def _escape(self) -> None:
        if self.stage in (Stage.CLAIM, Stage.CAPTURE, Stage.AMOUNT_DUE):
            self.want_cancel.emit()
        elif self.stage is not Stage.IDLE:
            self.go_idle()

    def retranslate(self, code: str) -> None:
        self.want_language.emit(code)
        self.help.setText(tr("Help"))
        self.help.setToolTip(tr("Calls a member of staff to this kiosk. Minus key on the keypad."))
        self.access.setText("◐ " + tr("Accessibility"))
        self.access.setAccessibleName(tr("Accessibility"))
        self.access.setToolTip(tr("Speech, high contrast and large text. Star key turns speech on."))
        self.panel.retranslate()
        self.warning.retranslate()
        self.camera_on.retranslate()
        self.idle.retranslate(code)
        self.amount.retranslate(code)
        self.claim.retranslate()
        self.capture.retranslate(code)
        self.result.retranslate(code)
        self.setWindowTitle(tr("FacePay checkout"))

    def shut_down(self) -> None:
        """Stop the session and its thread; safe to call more than once."""
        app = QApplication.instance()
        if app is not None and self.keys is not None:
            app.removeEventFilter(self.keys)
            app.focusChanged.disconnect(self._focus_changed)  # type: ignore[attr-defined]  # instance() is typed as QCoreApplication; this one is a QApplication
            self.keys = None  # type: ignore[assignment]  # released on shut-down; nothing reads it after
            if self.modes.speaker is not None:
                self.modes.speaker.close()
        if self.worker.isRunning():
            self.want_shutdown.emit()  # the session releases the camera, then ends its thread
            self.worker.wait()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._load_asked:
            # Asked on the loop's next turn, after the first paint: the worker's imports and model
            # loading (numpy, OpenCV, the database, LiteRT) would otherwise hold the GIL while the
            # idle screen is being built and painted (0.1 s of the kiosk's start, issue 32).
            self._load_asked = True
            QTimer.singleShot(0, self.want_load.emit)
        if self.stage is Stage.IDLE:  # focus given while hidden does not hold: the keyboard starts here
            self.idle.reset()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.shut_down()
        super().closeEvent(event)
