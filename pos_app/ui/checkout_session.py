"""The checkout flow and the camera on a worker thread (the Anki pattern: the UI thread only sends
requests and paints what comes back). The kiosk window talks to a CheckoutSession through queued
signals; it answers with `Screen`s, preview images and the receipt.

The camera is opened when the shopper starts a face payment and closed the moment the session
reaches "verifying", any result, a cancel or an error: it is never on at idle.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pos_app import STARTED_AT
from pos_app.core.basket import Basket
from pos_app.core.errors import CannotStart, InvalidInput
from pos_app.core.money import Money
from pos_app.flows.checkout_screen import Screen, Stage
from pos_app.ui.camera_session import CameraSession
from pos_app.ui.qt import QImage, QTimer, Signal, Slot

if TYPE_CHECKING:  # the flow (numpy, the database, the models) loads on the worker thread
    import numpy as np

    from pos_app.flows.checkout import CheckoutFlow, CheckoutServices
    from pos_app.vision.camera import FrameSource

log = logging.getLogger(__name__)

QR_EVERY = 2  # look for the pass in every second frame: decoding costs ~20 ms
HOUSEKEEPING_MS = 10 * 60 * 1000
SALE_POLL_MS = 400  # how often an idle kiosk looks for a sale from the register


class CheckoutSession(CameraSession):
    screen_changed = Signal(object)  # Screen
    receipt_ready = Signal(object, QImage)  # Receipt, and its rendering for the screen
    # True for a sale the register sent: a failed attempt is then re-sent by the cashier (the
    # register follows that sale), rather than retried on the kiosk as a new one.
    sale_from_register = Signal(bool)
    # The basket a register is ringing up for this kiosk (a Basket), or None: the customer display.
    display_changed = Signal(object)
    help_called = Signal(bool)  # the call for staff reached the registers (or could not)
    # The store could not be opened (CannotStart): the window closes and the command says why.
    cannot_start = Signal()

    def __init__(self, load_services: Callable[[], CheckoutServices], open_camera: Callable[[], FrameSource],
                 key_mode: str = "shopper", currency: str = "NOK", receipts_dir: Path | None = None,
                 housekeeping: Callable[[CheckoutServices], None] | None = None, sales_from_register: bool = False) -> None:
        super().__init__(open_camera)
        self._load_services = load_services
        self._housekeeping = housekeeping
        self.key_mode = key_mode
        self.currency = currency
        self.receipts_dir = receipts_dir
        self.language = "en"
        self.flow: CheckoutFlow | None = None
        self._chores: QTimer | None = None
        self._sales: QTimer | None = None
        self._sales_from_register = sales_from_register
        self._idle = True  # the window shows idle: a sale from the register may be taken
        self._shown: Screen | None = None
        self._last_amount: Money | None = None
        self._displayed = ""  # the basket on the customer display, as JSON ("" for none)

    # --- requests from the kiosk window (each runs on the worker thread) -------------------------
    @Slot()
    def load(self) -> None:
        """Open the store (the kiosk opens it here, after its first paint), the keys, engine,
        liveness models and bank client: slow, so done here."""
        try:
            services = self._load_services()
        except CannotStart as exc:
            log.error("the kiosk cannot start: %s", exc)
            self.cannot_start.emit()
            return
        except Exception as exc:  # noqa: BLE001 - whatever it is, the kiosk must say so and go on
            log.warning("face payment unavailable: %s", exc)
            self.ready.emit(str(exc) or type(exc).__name__)
            return
        from pos_app.flows.checkout import CheckoutFlow

        self.flow = CheckoutFlow(services)
        log.info("face payment available %.2f s after start (engine %s, liveness models verified)",
                 time.monotonic() - STARTED_AT, services.engine.name)
        self.start_timers()
        self._chores = QTimer(self)
        self._chores.setInterval(HOUSEKEEPING_MS)
        self._chores.timeout.connect(self._run_housekeeping)
        self._chores.start()
        self._run_housekeeping()
        if self._sales_from_register:
            self._sales = QTimer(self)
            self._sales.setInterval(SALE_POLL_MS)
            self._sales.timeout.connect(self._poll_sales)
            self._sales.start()
        self.ready.emit("")
        # Next on this thread, with the idle screen already up: a shopper's first tap waits at
        # most for this, never for models loading during their capture.
        QTimer.singleShot(0, self._warm_up)

    def _warm_up(self) -> None:
        if self.flow is None:
            return
        started = time.monotonic()
        try:
            self.flow.s.warm_up()
        except Exception as exc:  # noqa: BLE001 - the first payment then loads them itself
            log.warning("could not warm the face models up: %s", exc)
            return
        log.info("face models warm in %.2f s, %.2f s after start", time.monotonic() - started, time.monotonic() - STARTED_AT)

    @Slot(int)
    def start_sale(self, amount_minor: int) -> None:
        self.sale_from_register.emit(False)
        if (flow := self._flow()) is not None:
            self._guarded(lambda: flow.start(Money.of(amount_minor, self.currency)))

    @Slot()
    def pay_with_face(self) -> None:
        if self._flow() is not None:
            self._guarded(self._pay_with_face)

    @Slot(str)
    def claim_phone(self, phone: str) -> None:
        if (flow := self._flow()) is not None:
            self._guarded(lambda: self._after_claim(flow.claim_phone(phone)))

    @Slot()
    def retry(self) -> None:
        """After an error: a new attempt for the same amount."""
        if self._flow() is not None and self._last_amount is not None:
            self._guarded(self._start_again)

    @Slot()
    def another_way(self) -> None:
        self.close_camera()
        if self.flow is not None:
            self._guarded(self.flow.pay_another_way)

    @Slot()
    def cancel(self) -> None:
        self.close_camera()
        if self.flow is not None:
            self._guarded(self.flow.cancel)

    @Slot()
    def more_time(self) -> None:
        """The shopper asked for more time for the current challenge."""
        if self.flow is not None:
            self._guarded(self.flow.more_time)

    @Slot()
    def call_help(self) -> None:
        from pos_app.core.help_calls import call_help

        try:
            if self.flow is None:
                raise RuntimeError("the kiosk has no database connection")
            call_help(self.flow.s.db, self.flow.s.terminal_name)
            self.help_called.emit(True)
        except Exception:  # noqa: BLE001 - the shopper is told to ask at the register instead
            log.exception("could not call staff")
            self.help_called.emit(False)

    @Slot(str)
    def set_language(self, code: str) -> None:
        self.language = code

    @Slot(bool)
    def set_idle(self, idle: bool) -> None:
        """The window is back at idle (or has left it): only then may the next sale be taken."""
        self._idle = idle

    def before_shutdown(self) -> None:
        for timer in (self._chores, self._sales):
            if timer is not None:
                timer.stop()
                timer.setParent(None)
        self._chores = self._sales = None

    # --- frames ----------------------------------------------------------------------------------
    def on_frame(self, frame: np.ndarray, t: float, n: int) -> None:
        flow = self.flow
        assert flow is not None
        stage = flow.screen.stage
        if stage is Stage.CLAIM:  # how long it may take is the window's (an extendable time limit)
            if n % QR_EVERY == 0:
                from pos_app.vision.qr import read_pass_from_frame

                try:
                    found = read_pass_from_frame(frame)
                except InvalidInput:  # a code read only in part: keep looking
                    found = None
                if found is not None:
                    self._guarded(lambda: self._after_claim(flow.claim(found)))
        elif stage is Stage.CAPTURE:
            self._guarded(lambda: flow.feed(frame, t))
            if flow.screen.stage is Stage.VERIFYING:  # shown, and the camera closed, before the bank
                self._guarded(flow.decide)

    def on_frames_ended(self) -> None:
        flow = self.flow
        assert flow is not None
        frames = self._frames
        self._guarded(lambda: flow.frames_ended(frames))

    # --- inside ----------------------------------------------------------------------------------
    def _flow(self) -> CheckoutFlow | None:
        """The flow, or None after telling the window to say "try again" (it never loaded)."""
        if self.flow is None:
            self.screen_changed.emit(Screen(Stage.ERROR, message="try_again"))
        return self.flow

    def _guarded(self, step: Callable[[], Screen]) -> None:
        """Run one step of the flow; an unexpected failure becomes an error screen with the way
        out, never a stuck kiosk or a camera left on."""
        try:
            screen = step()
        except Exception:  # noqa: BLE001
            log.exception("checkout step failed")
            self.close_camera()
            screen = self._fail("try_again")
        if screen.amount is not None:
            self._last_amount = screen.amount
        if screen.stage not in (Stage.CLAIM, Stage.CAPTURE):
            self.close_camera()
        if screen != self._shown:  # capture yields a screen per frame; repaint only on change
            self._shown = screen
            self.screen_changed.emit(screen)
            if screen.stage is Stage.APPROVED:
                self._issue_receipt(screen)

    def _fail(self, message: str) -> Screen:
        assert self.flow is not None
        try:
            return self.flow.fail(message)
        except Exception:  # noqa: BLE001 - the database itself may be what failed
            log.exception("could not record the failed checkout")
            return Screen(Stage.ERROR, self._last_amount, message)

    def _start_again(self) -> Screen:
        assert self.flow is not None and self._last_amount is not None
        if self.flow.screen.stage is Stage.ERROR and self.flow.tx is not None:
            self.flow.start_again()  # the flow decides whether a new try is left, and draws other challenges
        else:
            self.flow.start(self._last_amount)
        return self._pay_with_face()

    def _pay_with_face(self) -> Screen:
        assert self.flow is not None
        screen = self.flow.pay_with_face()
        if screen.stage is Stage.CLAIM and self.key_mode == "shopper":
            self.open_camera()  # the pass is read by the same camera
        return screen

    def _after_claim(self, screen: Screen) -> Screen:
        if screen.stage is Stage.CAPTURE:
            self.open_camera()
        return screen

    def _issue_receipt(self, screen: Screen) -> None:
        from pos_app.core.slips import render_receipt, write_receipt
        from pos_app.ui.widgets import pil_to_image

        assert self.flow is not None
        try:
            receipt = self.flow.slip(screen)
            if self.receipts_dir is not None:
                write_receipt(receipt, self.receipts_dir, self.language)
            self.receipt_ready.emit(receipt, pil_to_image(render_receipt(receipt, self.language)))
        except Exception:  # noqa: BLE001 - the payment stands; staff can reprint from the admin screen
            log.exception("could not issue the receipt")

    @Slot()
    def _poll_sales(self) -> None:
        """Take the next sale when idle; drop the amount due if the cashier took the sale back."""
        flow = self.flow
        assert flow is not None
        try:
            news = flow.poll_register(idle=self._idle and self.source is None)
            if news.withdrawn:
                self._guarded(flow.withdrawn)
            elif (sale := news.sale) is not None:
                self._idle = False
                self._display(None)  # the amount-due screen shows the sale's own lines
                self.sale_from_register.emit(True)
                self._guarded(lambda: flow.take(sale))
            elif news.idle:
                self._display(news.display)
        except Exception:  # noqa: BLE001 - a busy or unreachable database: the next poll tries again
            log.exception("looking for a sale failed")

    def _display(self, basket: Basket | None) -> None:
        key = basket.to_json() if basket is not None else ""
        if key != self._displayed:
            self._displayed = key
            self.display_changed.emit(basket)

    @Slot()
    def _run_housekeeping(self) -> None:
        if self._housekeeping is None or self.flow is None or self.source is not None:
            return
        try:
            self._housekeeping(self.flow.s)
        except Exception:  # noqa: BLE001 - it is retried on the next round
            log.exception("housekeeping failed")
