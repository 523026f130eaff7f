"""Starting a screen: the QApplication, the style sheet, the language; then the window's loop."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app.ui.i18n import Language
from pos_app.ui.qt import QApplication, QtWidgets
from pos_app.ui.themes import style_sheet

if TYPE_CHECKING:  # the flows load where they run (a session's worker thread), after the window paints
    from pos_app.flows.checkout import CheckoutServices
    from pos_app.flows.enrollment import EnrollmentServices
    from pos_app.flows.store_admin import AdminServices
    from pos_app.vision.camera import FrameSource

log = logging.getLogger(__name__)


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1] or ["facepay"])
    assert isinstance(app, QApplication)
    app.setApplicationName("FacePay")
    app.setStyleSheet(style_sheet())
    font = app.font()
    font.setFamily("DejaVu Sans")
    font.setPointSize(15)
    app.setFont(font)
    return app


def run_kiosk(*, load_services: Callable[[], CheckoutServices], open_camera: Callable[[], FrameSource],
              housekeeping: Callable[[CheckoutServices], None], language: str, key_mode: str, currency: str,
              receipts_dir: Path, demo: bool, windowed: bool, quit_after: float | None = None,
              time_factor: float = 1.0) -> int:
    from pos_app.speech.player import kiosk_speaker
    from pos_app.ui.checkout_session import CheckoutSession
    from pos_app.ui.kiosk_window import KioskWindow

    app = application()
    session = CheckoutSession(load_services, open_camera, key_mode=key_mode, currency=currency,
                              receipts_dir=receipts_dir, housekeeping=housekeeping, sales_from_register=True)
    window = KioskWindow(session, Language(language), demo=demo, key_mode=key_mode, currency=currency,
                         time_factor=time_factor, speaker=kiosk_speaker())
    return _run(app, window, windowed, quit_after)


def run_desk(*, load_services: Callable[[], EnrollmentServices], open_camera: Callable[[], FrameSource],
             language: str, exports_dir: Path, windowed: bool, quit_after: float | None = None) -> int:
    from pos_app.ui.desk_window import DeskWindow
    from pos_app.ui.enrollment_session import EnrollmentSession

    app = application()
    window = DeskWindow(EnrollmentSession(load_services, open_camera, exports_dir), Language(language))
    return _run(app, window, windowed, quit_after)


def run_admin(*, load_services: Callable[[], AdminServices], language: str, idle_lock_seconds: int,
              windowed: bool, quit_after: float | None = None) -> int:
    from pos_app.ui.admin_window import AdminWindow

    app = application()
    window = AdminWindow(load_services, Language(language), idle_lock_seconds)
    return _run(app, window, windowed, quit_after)


def _run(app: QApplication, window: QtWidgets.QMainWindow, windowed: bool, quit_after: float | None) -> int:
    from pos_app import STARTED_AT
    from pos_app.ui.qt import QTimer

    from pos_app import systemd

    def started() -> None:
        log.info("%s shown %.2f s after start", type(window).__name__, time.monotonic() - STARTED_AT)
        systemd.notify("READY=1")

    # The first event after show() runs once the window has been painted: that is start-up.
    QTimer.singleShot(0, started)
    interval = systemd.watchdog_interval()
    if interval is not None:  # pinged from the UI thread: a hung event loop stops the pings
        watchdog = QTimer(window)
        watchdog.setInterval(max(100, int(interval * 1000)))
        watchdog.timeout.connect(lambda: systemd.notify("WATCHDOG=1"))
        watchdog.start()
    if windowed:
        window.resize(1024, 768)
        window.show()
    else:
        # Without a window manager (a kiosk PC that starts straight into X), "full screen" is a
        # request nobody grants: the window kept its hint size (708x533, the keypad cut off).
        # The screen's whole size is set first, so it fills the screen either way.
        screen = app.primaryScreen()
        if screen is not None:
            window.setGeometry(screen.geometry())
        window.showFullScreen()
    if quit_after is not None:  # smoke tests and the start-up benchmark
        QTimer.singleShot(int(quit_after * 1000), window.close)
    stop_on_signals(window)
    return app.exec()


def stop_on_signals(window: QtWidgets.QMainWindow) -> None:
    """SIGTERM (systemd, `kill`) and SIGINT (Ctrl+C) close the window like a click would, so the
    loop returns and the command's `finally` journals the stop and ends what it started. Python
    runs a signal handler only between bytecodes, and Qt's loop runs in C++: a timer wakes the
    interpreter four times a second to let it."""
    import signal

    from pos_app.ui.qt import QTimer

    def stop(signum: int, _frame: object) -> None:
        log.info("stopping on %s", signal.Signals(signum).name)
        window.close()
        QApplication.quit()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    wake = QTimer(window)
    wake.setInterval(250)
    wake.timeout.connect(lambda: None)
    wake.start()
