"""The enrollment desk window: header (camera indicator, language), one page per step, and the
EnrollmentSession on its worker thread; like the kiosk window, it only routes."""

from __future__ import annotations

from pos_app.flows.enrollment import DeskScreen, Step
from pos_app.ui.desk_bank import BankScreen
from pos_app.ui.desk_capture import CaptureScreen
from pos_app.ui.desk_consent import ConsentScreen
from pos_app.ui.desk_details import DetailsScreen
from pos_app.ui.desk_login import LoginScreen
from pos_app.ui.desk_messages import phrase, translated
from pos_app.ui.desk_pass import PassScreen
from pos_app.ui.enrollment_session import EnrollmentSession
from pos_app.ui.i18n import Language, tr
from pos_app.ui.qt import QImage, QThread, QtGui, QtWidgets, Signal
from pos_app.ui.widgets import CameraIndicator, LanguageSwitch, label


class DeskWindow(QtWidgets.QMainWindow):
    want_load = Signal()
    want_login = Signal(str, str)
    want_details = Signal(str, str)
    want_consent = Signal(bool)
    want_bank = Signal(str)
    want_test = Signal()
    want_reenroll = Signal(str)
    want_next = Signal()
    want_cancel = Signal()
    want_logout = Signal()
    want_search = Signal(str)
    want_export = Signal(str)
    want_erase = Signal(str)
    want_save_pass = Signal(str)
    want_language = Signal(str)
    want_shutdown = Signal()

    def __init__(self, session: EnrollmentSession, language: Language) -> None:
        super().__init__()
        self.session, self.language = session, language
        self.step = Step.LOGIN
        self.unavailable = "starting"
        root = QtWidgets.QWidget()
        box = QtWidgets.QVBoxLayout(root)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(label("FacePay", "brand", wrap=False))
        self.operator = label(role="note", wrap=False)
        header.addWidget(self.operator)
        header.addStretch(1)
        self.camera_on = CameraIndicator()
        header.addWidget(self.camera_on)
        header.addWidget(LanguageSwitch(language))
        box.addLayout(header)
        self.status = label(role="error")
        box.addWidget(self.status)
        self.pages = QtWidgets.QStackedWidget()
        self.login, self.details, self.consent = LoginScreen(), DetailsScreen(), ConsentScreen()
        self.capture, self.bank, self.card = CaptureScreen(), BankScreen(), PassScreen()
        for page in (self.login, self.details, self.consent, self.capture, self.bank, self.card):
            self.pages.addWidget(page)
        box.addWidget(self.pages, 1)
        self.setCentralWidget(root)

        self.login.login.connect(self.want_login)
        self.details.start.connect(self.want_details)
        self.details.search.connect(self.want_search)
        self.details.reenroll.connect(self.want_reenroll)
        self.details.export.connect(self.want_export)
        self.details.erase.connect(self.want_erase)
        self.details.logout.connect(self.want_logout)
        self.consent.answer.connect(self.want_consent)
        self.capture.run_test.connect(self.want_test)
        self.capture.cancel.connect(self.want_cancel)
        self.bank.link.connect(self.want_bank)
        self.bank.cancel.connect(self.want_cancel)
        self.card.save.connect(self.want_save_pass)
        self.card.next_customer.connect(self.want_next)
        language.changed.connect(self.retranslate)

        self.worker = QThread(self)
        session.moveToThread(self.worker)
        for signal, slot in ((self.want_load, session.load), (self.want_login, session.login),
                             (self.want_details, session.details), (self.want_consent, session.consent),
                             (self.want_bank, session.link_bank), (self.want_test, session.run_test),
                             (self.want_reenroll, session.reenroll), (self.want_next, session.next_customer),
                             (self.want_cancel, session.cancel), (self.want_logout, session.logout),
                             (self.want_search, session.search), (self.want_export, session.export),
                             (self.want_erase, session.erase), (self.want_save_pass, session.save_pass),
                             (self.want_language, session.set_language), (self.want_shutdown, session.shutdown)):
            signal.connect(slot)
        session.screen_changed.connect(self.on_screen)
        session.preview.connect(self.capture.show_preview)
        session.camera_changed.connect(self.camera_on.set_on)
        session.camera_changed.connect(lambda on: None if on else self.capture.camera.clear())
        session.ready.connect(self.on_ready)
        session.customers_found.connect(self.details.show_customers)
        session.notice.connect(lambda text: self.details.notice.setText(translated(text)))
        session.notice.connect(lambda text: self.card.message.setText(translated(text)))
        session.pass_ready.connect(self.on_pass)
        self.worker.start()
        self.retranslate(language.code)
        self.want_load.emit()
        self.pages.setCurrentWidget(self.login)

    def on_ready(self, problem: str) -> None:
        self.unavailable = problem
        self.status.setText(tr("Enrollment is not available on this desk: {reason}").format(reason=problem)
                            if problem else "")

    def on_screen(self, screen: DeskScreen) -> None:
        previous, self.step = self.step, screen.step
        lang = self.language.code
        if screen.step is Step.LOGIN:
            self.operator.clear()
            self.login.reset(phrase(screen))
            self.pages.setCurrentWidget(self.login)
        elif screen.step is Step.DETAILS:
            if previous is not Step.DETAILS:
                self.details.reset()
                self.want_search.emit("")
            self.details.message.setText(phrase(screen))
            operator = self.session.flow.operator if self.session.flow else None
            self.operator.setText(operator.display_name if operator else "")
            self.pages.setCurrentWidget(self.details)
        elif screen.step is Step.CONSENT:
            self.consent.retranslate(lang)
            self.consent.reset()
            self.pages.setCurrentWidget(self.consent)
        elif screen.step in (Step.CAPTURE, Step.TEST):
            if previous not in (Step.CAPTURE, Step.TEST) or screen.step is not previous:
                self.capture.reset()
            self.capture.show_screen(screen, lang)
            self.pages.setCurrentWidget(self.capture)
        elif screen.step is Step.BANK:
            if previous is not Step.BANK:
                self.bank.reset()
            self.bank.message.setText(phrase(screen))
            self.pages.setCurrentWidget(self.bank)
        elif screen.step is Step.DONE:
            self.pages.setCurrentWidget(self.card)
        elif screen.step is Step.CANCELLED:
            self.card.reset()
            self.want_next.emit()
            self.details.notice.setText(phrase(screen))

    def on_pass(self, image: QImage, _name: str) -> None:
        self.card.reset()
        self.card.show_pass(image)

    def retranslate(self, code: str) -> None:
        self.want_language.emit(code)
        self.setWindowTitle(tr("FacePay service desk"))
        self.camera_on.retranslate()
        for page in (self.login, self.details, self.bank, self.card):
            page.retranslate()
        self.consent.retranslate(code)
        self.capture.retranslate(code)

    def shut_down(self) -> None:
        if self.worker.isRunning():
            self.want_shutdown.emit()
            self.worker.wait()

    def showEvent(self, event: QtGui.QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self.step is Step.LOGIN:  # focus given while hidden does not hold: the keyboard starts here
            self.login.user.setFocus()

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.shut_down()
        super().closeEvent(event)
