"""The checkout kiosk window: a header (camera indicator, language), one page per stage, and the
CheckoutSession on its worker thread. This class only routes: requests go out as queued signals,
screens come back and pick the page."""

from __future__ import annotations

from pos_app.flows.checkout import Screen, Stage
from pos_app.ui.checkout_session import CheckoutSession
from pos_app.ui.i18n import Language, tr
from pos_app.ui.kiosk_amount import AmountScreen
from pos_app.ui.kiosk_capture import CaptureScreen
from pos_app.ui.kiosk_claim import ClaimScreen
from pos_app.ui.kiosk_idle import IdleScreen
from pos_app.ui.kiosk_result import ResultScreen
from pos_app.ui.qt import QImage, QThread, QTimer, QtGui, QtWidgets, Signal
from pos_app.ui.widgets import CameraIndicator, LanguageSwitch, label

# How long each result stays before the kiosk returns to idle by itself, in seconds.
RESULT_SECONDS = {Stage.APPROVED: 10.0, Stage.DECLINED: 15.0, Stage.ERROR: 20.0, Stage.LOCKED: 15.0,
                  Stage.ANOTHER_WAY: 8.0}


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
    want_shutdown = Signal()

    def __init__(self, session: CheckoutSession, language: Language, *, demo: bool, key_mode: str,
                 currency: str = "NOK", result_scale: float = 1.0) -> None:
        super().__init__()
        self.session, self.language, self.demo = session, language, demo
        self.result_scale = result_scale
        self.stage = Stage.IDLE
        self.register_sale = False
        self.unavailable = "starting"
        self.setWindowTitle("FacePay")

        root = QtWidgets.QWidget()
        root.setProperty("role", "kiosk")
        box = QtWidgets.QVBoxLayout(root)
        header = QtWidgets.QHBoxLayout()
        self.brand = label("FacePay", "brand", wrap=False)
        self.camera_on = CameraIndicator()
        header.addWidget(self.brand)
        header.addStretch(1)
        header.addWidget(self.camera_on)
        header.addWidget(LanguageSwitch(language))
        box.addLayout(header)
        self.pages = QtWidgets.QStackedWidget()
        self.idle = IdleScreen(demo, currency)
        self.amount = AmountScreen()
        self.claim = ClaimScreen(key_mode)
        self.capture = CaptureScreen()
        self.result = ResultScreen()
        for page in (self.idle, self.amount, self.claim, self.capture, self.result):
            self.pages.addWidget(page)
        box.addWidget(self.pages, 1)
        self.setCentralWidget(root)

        self.back_to_idle = QTimer(self)
        self.back_to_idle.setSingleShot(True)
        self.back_to_idle.timeout.connect(self.go_idle)

        self.idle.sale.connect(self.want_sale)
        self.amount.pay_with_face.connect(self.want_face)
        self.amount.another_way.connect(self.want_another)
        self.claim.phone.connect(self.want_phone)
        self.claim.cancel.connect(self.want_cancel)
        self.claim.another_way.connect(self.want_another)
        self.capture.cancel.connect(self.want_cancel)
        self.result.retry.connect(self.want_retry)
        self.result.another_way.connect(self.want_another)
        self.result.done.connect(self.go_idle)
        QtGui.QShortcut(QtGui.QKeySequence("Escape"), self, activated=self._escape)
        language.changed.connect(self.retranslate)

        # The session lives on its own thread from here on; only queued signals cross over.
        self.worker = QThread(self)
        session.moveToThread(self.worker)
        for signal, slot in ((self.want_load, session.load), (self.want_sale, session.start_sale),
                             (self.want_face, session.pay_with_face), (self.want_phone, session.claim_phone),
                             (self.want_cancel, session.cancel), (self.want_another, session.another_way),
                             (self.want_retry, session.retry), (self.want_language, session.set_language),
                             (self.want_idle, session.set_idle)):
            signal.connect(slot)
        self.want_shutdown.connect(session.shutdown)
        session.screen_changed.connect(self.on_screen)
        session.preview.connect(self.on_preview)
        session.camera_changed.connect(self.camera_on.set_on)
        session.ready.connect(self.on_ready)
        session.receipt_ready.connect(self.on_receipt)
        session.sale_from_register.connect(self._set_register_sale)
        self.worker.start()
        self.want_language.emit(language.code)
        self.want_load.emit()
        self.go_idle()
        self.retranslate(language.code)

    # --- from the session --------------------------------------------------------------------------
    def on_ready(self, problem: str) -> None:
        self.unavailable = problem
        self.amount.set_unavailable(problem, self.language.code)

    def on_screen(self, screen: Screen) -> None:
        self.stage = screen.stage
        self.want_idle.emit(False)
        self.back_to_idle.stop()
        lang = self.language.code
        if screen.stage is Stage.AMOUNT_DUE:
            self.amount.show_amount(screen.amount, lang)
            self.pages.setCurrentWidget(self.amount)
        elif screen.stage is Stage.CLAIM:
            self.claim.reset()
            self.pages.setCurrentWidget(self.claim)
        elif screen.stage is Stage.CAPTURE:
            if self.pages.currentWidget() is not self.capture:
                self.capture.reset()
                self.pages.setCurrentWidget(self.capture)
            self.capture.show_screen(screen, lang)
        elif screen.stage is Stage.VERIFYING:
            self.capture.camera.clear()
            self.capture.show_verifying()
        elif screen.stage in (Stage.CANCELLED, Stage.IDLE):
            self.go_idle()
        else:
            self.result.reset()
            self.result.show_screen(screen, lang, retry=not self.register_sale)
            self.pages.setCurrentWidget(self.result)
            self.back_to_idle.start(int(RESULT_SECONDS.get(screen.stage, 10.0) * 1000 * self.result_scale))

    def on_preview(self, image: QImage) -> None:
        if self.stage is Stage.CLAIM:
            self.claim.show_preview(image)
        elif self.stage is Stage.CAPTURE:
            self.capture.show_preview(image)

    def on_receipt(self, receipt: object, image: QImage) -> None:
        if self.stage is Stage.APPROVED:
            self.result.show_receipt(receipt, image)  # type: ignore[arg-type]

    # --- the kiosk's own moves ---------------------------------------------------------------------
    def go_idle(self) -> None:
        """Back to the start; every page forgets the last shopper."""
        self.back_to_idle.stop()
        self.stage = Stage.IDLE
        for page in (self.idle, self.claim, self.capture, self.result):
            page.reset()
        self.amount.show_amount(None, self.language.code)
        self.pages.setCurrentWidget(self.idle)
        self.want_idle.emit(True)

    def _set_register_sale(self, from_register: bool) -> None:
        self.register_sale = from_register

    def _escape(self) -> None:
        if self.stage in (Stage.CLAIM, Stage.CAPTURE, Stage.AMOUNT_DUE):
            self.want_cancel.emit()
        elif self.stage is not Stage.IDLE:
            self.go_idle()

    def retranslate(self, code: str) -> None:
        self.want_language.emit(code)
        self.camera_on.retranslate()
        self.idle.retranslate()
        self.amount.retranslate(code)
        self.claim.retranslate()
        self.capture.retranslate(code)
        self.result.retranslate(code)
        self.setWindowTitle(tr("FacePay checkout"))

    def shut_down(self) -> None:
        """Stop the session and its thread; safe to call more than once."""
        if self.worker.isRunning():
            self.want_shutdown.emit()  # the session releases the camera, then ends its thread
            self.worker.wait()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.shut_down()
        super().closeEvent(event)
