"""`facepay admin`: sign in with a PIN, then the screens the operator's role allows, in a menu on the
left. The window locks itself after a while without a touch (and on "Lock"); the same operator
unlocks with their PIN, or another signs in and the screens follow their role."""

from __future__ import annotations

from collections.abc import Callable

from pos_app.core.operators import OperatorInfo
from pos_app.flows.store_admin import AdminServices
from pos_app.ui.admin_accuracy import AccuracyPage
from pos_app.ui.admin_audit import AuditPage
from pos_app.ui.admin_customers import CustomersPage
from pos_app.ui.admin_health import HealthPage
from pos_app.ui.admin_page import AdminPage, AdminState
from pos_app.ui.admin_prices import PriceListPage
from pos_app.ui.admin_register import RegisterPage
from pos_app.ui.admin_settings import SettingsPage
from pos_app.ui.admin_shift import ShiftPage
from pos_app.ui.admin_transactions import TransactionsPage
from pos_app.ui.background import Background
from pos_app.ui.desk_login import LoginScreen
from pos_app.ui.i18n import Language, tr
from pos_app.ui.qt import QObject, Qt, QtCore, QTimer, QtWidgets
from pos_app.ui.time_limit import TimeLimit, TimeWarning
from pos_app.ui.widgets import LanguageSwitch, button, label

class AdminWindow(QtWidgets.QMainWindow):
    def __init__(self, load_services: Callable[[], AdminServices], language: Language,
                 idle_lock_seconds: int = 120) -> None:
        super().__init__()
        self.state = AdminState(Background(), language)
        self.setWindowTitle("FacePay admin")
        root = QtWidgets.QWidget()
        root.setProperty("role", "admin")
        box = QtWidgets.QVBoxLayout(root)
        header = QtWidgets.QHBoxLayout()
        header.addWidget(label("FacePay", "brand", wrap=False))
        self.who = label(role="note", wrap=False)
        header.addWidget(self.who)
        header.addStretch(1)
        self.lock_button = button("", "secondary")
        self.sign_out = button("", "secondary")
        header.addWidget(self.lock_button)
        header.addWidget(self.sign_out)
        header.addWidget(LanguageSwitch(language))
        box.addLayout(header)
        self.status = label(role="error")
        box.addWidget(self.status)
        self.lock_warning = TimeWarning()
        box.addWidget(self.lock_warning)

        self.stack = QtWidgets.QStackedWidget()
        self.login = LoginScreen(lambda: tr("Register and back office: sign in"))
        self.lock_screen = LoginScreen(lambda: tr("Locked"))
        self.main = QtWidgets.QWidget()
        split = QtWidgets.QHBoxLayout(self.main)
        self.menu = QtWidgets.QListWidget()
        self.menu.setFixedWidth(290)
        self.menu.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages_stack = QtWidgets.QStackedWidget()
        split.addWidget(self.menu)
        split.addWidget(self.pages_stack, 1)
        self.pages: list[AdminPage] = [
            cls(self.state)
            for cls in (
                RegisterPage,
                ShiftPage,
                PriceListPage,
                TransactionsPage,
                CustomersPage,
                AuditPage,
                SettingsPage,
                HealthPage,
                AccuracyPage,
            )
        ]
        for page in self.pages:
            self.pages_stack.addWidget(page)
        for w in (self.login, self.lock_screen, self.main):
            self.stack.addWidget(w)
        box.addWidget(self.stack, 1)
        self.setCentralWidget(root)

        self.login.login.connect(self._sign_in)
        self.lock_screen.login.connect(self._unlock)
        self.menu.currentRowChanged.connect(self._open_page)
        self.lock_button.clicked.connect(self.lock)
        self.sign_out.clicked.connect(self.sign_out_now)
        language.changed.connect(self.retranslate)

        # The screen locks after a while untouched; a warning comes first, and any touch, key or
        # "More time" starts the wait again (WCAG 2.2.1).
        self.idle_lock_seconds = idle_lock_seconds
        self.idle = TimeLimit(self)
        self.idle.expired.connect(self.lock)
        self.idle.warning.connect(self.lock_warning.warn)
        self.lock_warning.more.connect(self._touched)
        self._touch_filter = _TouchFilter(self._touched)
        QtWidgets.QApplication.instance().installEventFilter(self._touch_filter)  # type: ignore[union-attr]  # a window exists only inside a running QApplication

        self.retranslate()
        self._show_signed_out()
        self.login.setEnabled(False)
        self.status.setText(tr("Starting…"))
        self.state.bg.run(load_services, self._loaded, self._unavailable)

    def _touched(self) -> None:
        if self.idle.running:
            self.idle.extend()
            self.lock_warning.clear()

    # --- start-up --------------------------------------------------------------------------------
    def _loaded(self, services: AdminServices) -> None:
        self.state.services = services
        self.status.setText("")
        self.login.setEnabled(True)
        self.login.reset()

    def _unavailable(self, message: str) -> None:
        self.status.setText(tr("The admin screens cannot start: {reason}").format(reason=message))

    # --- signing in, locking ----------------------------------------------------------------------
    def _sign_in(self, username: str, pin: str) -> None:
        services = self.state.services
        if services is None:
            return
        self.state.bg.run(lambda: services.sign_in(username, pin), self._signed_in, self.login.reset)

    def _signed_in(self, operator: OperatorInfo) -> None:
        self.state.operator = operator
        self.status.setText("")
        self._build_menu()
        self.stack.setCurrentWidget(self.main)
        self.idle.start(self.idle_lock_seconds)
        self._header()

    def _unlock(self, username: str, pin: str) -> None:
        services, current = self.state.services, self.state.operator
        if services is None:
            return

        def signed(operator: OperatorInfo) -> None:
            if current is not None and operator.id != current.id:
                self._signed_in(operator)  # another operator takes over: their menu, their rights
            else:
                self.state.operator = operator
                self.stack.setCurrentWidget(self.main)
                self.idle.start(self.idle_lock_seconds)
                self._header()

        self.state.bg.run(lambda: services.sign_in(username or (current.username if current else ""), pin),
                          signed, self.lock_screen.reset)

    def lock(self) -> None:
        if self.state.operator is None or self.stack.currentWidget() is not self.main:
            return
        self.idle.stop()
        self.lock_warning.clear()
        self.stack.setCurrentWidget(self.lock_screen)
        self.lock_screen.user.setText(self.state.operator.username)
        self.lock_screen.reset(tr("{name} locked the screen. Enter the PIN to go on.").format(
            name=self.state.operator.display_name))
        self.lock_screen.user.setText(self.state.operator.username)
        self.lock_screen.pin.setFocus()
        self._header()

    def sign_out_now(self) -> None:
        who, services = self.state.operator, self.state.services
        if who is not None and services is not None:
            self.state.bg.run(lambda: services.sign_out(who))
        self.state.operator = None
        self.idle.stop()
        self._show_signed_out()

    def _show_signed_out(self) -> None:
        self.stack.setCurrentWidget(self.login)
        self.login.reset()
        self._header()

    # --- the menu -----------------------------------------------------------------------------------
    def allowed_pages(self) -> list[AdminPage]:
        return [p for p in self.pages if self.state.can(p.needs)]

    def _build_menu(self) -> None:
        self.menu.blockSignals(True)
        self.menu.clear()
        for page in self.allowed_pages():
            item = QtWidgets.QListWidgetItem(page.heading())
            item.setData(Qt.ItemDataRole.UserRole, self.pages.index(page))
            self.menu.addItem(item)
        self.menu.blockSignals(False)
        self.menu.setCurrentRow(0)
        self._open_page(0)

    def _open_page(self, row: int) -> None:
        item = self.menu.item(row)
        if item is None:
            return
        page = self.pages[int(item.data(Qt.ItemDataRole.UserRole))]
        self.pages_stack.setCurrentWidget(page)
        page.refresh()

    def show_page(self, cls: type[AdminPage]) -> AdminPage:
        """Open a screen by its class (for tests and the screenshot script)."""
        for row in range(self.menu.count()):
            if isinstance(self.pages[int(self.menu.item(row).data(Qt.ItemDataRole.UserRole))], cls):
                self.menu.setCurrentRow(row)
                return self.pages_stack.currentWidget()  # type: ignore[return-value]  # the stack holds AdminPage widgets only
        raise LookupError(f"{cls.__name__} is not open to this operator")

    def _header(self) -> None:
        op = self.state.operator
        signed_in = op is not None and self.stack.currentWidget() is self.main
        roles = {"cashier": tr("cashier"), "manager": tr("manager"), "admin": tr("admin")}
        self.who.setText(f"{op.display_name} ({roles.get(op.role.value, op.role.value)})" if op else "")
        self.lock_button.setVisible(signed_in)
        self.sign_out.setVisible(op is not None)

    def retranslate(self) -> None:
        self.lock_button.setToolTip(tr("Locks the screen until your PIN is entered again."))
        self.sign_out.setToolTip(tr("Signs you out; the next person signs in with their own PIN."))
        self.menu.setToolTip(tr("The screens you may open; Up and Down choose one."))
        self.lock_warning.retranslate()
        self._header()
        self.menu.setAccessibleName(tr("Screens"))
        self.lock_button.setText(tr("Lock"))
        self.sign_out.setText(tr("Sign out"))
        self.login.retranslate()
        self.lock_screen.retranslate()
        for page in self.pages:
            page.retranslate()
        for row in range(self.menu.count()):
            item = self.menu.item(row)
            item.setText(self.pages[int(item.data(Qt.ItemDataRole.UserRole))].heading())

    def shut_down(self) -> None:
        """Stop the timers and let background work finish (a refund in flight completes)."""
        app = QtWidgets.QApplication.instance()
        if app is not None:
            app.removeEventFilter(self._touch_filter)
        self.idle.stop()
        for page in self.pages:
            for timer in page.findChildren(QTimer):
                timer.stop()
        self.state.bg.shutdown()
        for page in self.pages:
            extra = getattr(page, "long_work", None)
            if extra is not None:
                extra.shutdown(wait=False)  # an evaluation is only read; closing need not wait for it

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.shut_down()
        super().closeEvent(event)


class _TouchFilter(QObject):
    """Any key or pointer press anywhere restarts the idle-lock countdown."""

    EVENTS = (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.MouseButtonPress, QtCore.QEvent.Type.TouchBegin,
              QtCore.QEvent.Type.Wheel)

    def __init__(self, touched: Callable[[], None]) -> None:
        super().__init__()
        self.touched = touched

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() in self.EVENTS:
            self.touched()
        return False
