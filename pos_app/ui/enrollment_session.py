"""The enrollment flow, the camera and the desk's customer tasks on a worker thread. The desk
window sends requests as queued signals and shows the `DeskScreen`s that come back."""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

import numpy as np

from pos_app.core.errors import FacePayError
from pos_app.core.permissions import Permission
from pos_app.flows import customer_records, erasure
from pos_app.flows.enrollment import DeskScreen, EnrollmentFlow, EnrollmentServices, Note, Step
from pos_app.ui.camera_session import CameraSession
from pos_app.ui.qt import QImage, Signal, Slot
from pos_app.vision.camera import FrameSource

log = logging.getLogger(__name__)

TEST_FRAMES = 45  # frames the test verification may look at before asking the operator again
CAMERA_STEPS = (Step.CAPTURE, Step.TEST)


class EnrollmentSession(CameraSession):
    screen_changed = Signal(object)  # DeskScreen
    customers_found = Signal(object)  # list[CustomerRow]
    notice = Signal(str)  # the outcome of a customer task, in plain words
    pass_ready = Signal(QImage, str)  # the new pass as shown on screen, and the customer's name

    def __init__(self, load_services: Callable[[], EnrollmentServices], open_camera: Callable[[], FrameSource],
                 exports_dir: Path) -> None:
        super().__init__(open_camera)
        self._load_services = load_services
        self.exports_dir = exports_dir
        self.language = "en"
        self.flow: EnrollmentFlow | None = None
        self._test_frames = 0

    @Slot()
    def load(self) -> None:
        try:
            self.flow = EnrollmentFlow(self._load_services())
        except Exception as exc:  # noqa: BLE001 - the desk says why it cannot enroll
            log.warning("enrollment unavailable: %s", exc)
            self.ready.emit(str(exc) or type(exc).__name__)
            return
        self.start_timers()
        self.ready.emit("")

    # --- the enrollment, step by step ---------------------------------------------------------
    @Slot(str, str)
    def login(self, username: str, pin: str) -> None:
        self._step(lambda flow: flow.login(username, pin))

    @Slot(str, str)
    def details(self, name: str, phone: str) -> None:
        self._step(lambda flow: flow.details(name, phone or None))

    @Slot(bool)
    def consent(self, accepted: bool) -> None:
        self._step(lambda flow: flow.give_consent(accepted, self.language))

    @Slot(str)
    def link_bank(self, account: str) -> None:
        self._step(lambda flow: flow.link_bank(account))

    @Slot()
    def run_test(self) -> None:
        """Look at the next frames for the test verification (on_frame does the work)."""
        self._test_frames = TEST_FRAMES
        self._step(lambda flow: flow.screen)  # re-shows the test step, opening the camera if it is off

    @Slot(str)
    def reenroll(self, customer_id: str) -> None:
        self._step(lambda flow: flow.reenroll(customer_id))

    @Slot()
    def next_customer(self) -> None:
        self._step(lambda flow: flow.next_customer())

    @Slot()
    def cancel(self) -> None:
        self._step(lambda flow: flow.cancel())

    @Slot()
    def logout(self) -> None:
        if self.flow is not None:
            self.flow.cancel()
            self.flow.operator = None
        self._step(lambda flow: flow.next_customer())

    @Slot(str)
    def set_language(self, code: str) -> None:
        self.language = code

    # --- existing customers ----------------------------------------------------------------------
    @Slot(str)
    def search(self, text: str) -> None:
        if self._operator_can(Permission.VIEW_CUSTOMERS):
            self._found(text)

    @Slot(str)
    def export(self, customer_id: str) -> None:
        """Everything held about the customer, as JSON, for their access request (GDPR Art. 15)."""
        if not self._operator_can(Permission.EXPORT_CUSTOMER):
            return
        assert self.flow is not None and self.flow.operator is not None
        try:
            path = customer_records.export_to_file(self.flow.s.db, self.flow.operator, customer_id, self.exports_dir,
                                                   terminal=self.flow.s.terminal_name)
        except FacePayError as exc:
            self.notice.emit(f"Export failed: {exc}")
            return
        self.notice.emit(f"Exported to: {path}")

    @Slot(str)
    def erase(self, customer_id: str) -> None:
        """Consent withdrawn: the template and bank link are destroyed now (crypto-erasure)."""
        if not self._operator_can(Permission.ERASE_CUSTOMER):
            return
        flow = self.flow
        assert flow is not None and flow.operator is not None
        operator = flow.operator
        try:
            done = erasure.erase(flow.s.db, lambda: nullcontext(flow.s.bank), flow.s.keys, customer_id,
                                 actor=operator.username, terminal=flow.s.terminal_name, operator=operator)
        except FacePayError as exc:
            self.notice.emit(str(exc))
            return
        self.notice.emit(("Consent withdrawn: the face template is erased; the bank has not yet confirmed that the "
                         "bank link is revoked, and it is asked again until it does.") if done.revocation_pending
                         else "Consent withdrawn: the face template and bank link are erased.")
        self._found("")

    def _found(self, text: str) -> None:
        assert self.flow is not None and self.flow.operator is not None
        self.customers_found.emit(customer_records.find(self.flow.s.db, self.flow.operator, text,
                                                        current_model=self.flow.s.engine.model_id))

    @Slot(str)
    def save_pass(self, path: str) -> None:
        from pos_app.core.passes import write_pass

        if self.flow is None or self.flow.facepay_pass is None:
            return
        try:
            write_pass(self.flow.facepay_pass, self.flow.name, Path(path), self.language)
        except FacePayError as exc:
            self.notice.emit(str(exc))
            return
        self.notice.emit(f"Saved the pass to: {path}")

    # --- frames ----------------------------------------------------------------------------------
    def on_frame(self, frame: np.ndarray, t: float, n: int) -> None:
        flow = self.flow
        assert flow is not None
        step = flow.screen.step
        if step is Step.CAPTURE:
            self._step(lambda flow: flow.feed(frame, t))
        elif step is Step.TEST and self._test_frames > 0:
            self._test_frames -= 1
            screen = flow.test_verification(frame)
            looking = screen.step is Step.TEST and screen.code == Note.NO_FACE
            if not looking or self._test_frames == 0:
                self._test_frames = 0
                self._step(lambda _: screen)

    def on_frames_ended(self) -> None:
        self.close_camera()
        self._step(lambda flow: DeskScreen(flow.screen.step, Note.NO_PICTURE, detail=flow.screen.detail))

    # --- inside ----------------------------------------------------------------------------------
    def _operator_can(self, permission: Permission) -> bool:
        if self.flow is None:
            self.notice.emit("Enrollment is not available on this desk right now.")
            return False
        if self.flow.operator is None or not self.flow.operator.can(permission):
            self.notice.emit("You are not allowed to do that.")
            return False
        return True

    def _step(self, step: Callable[[EnrollmentFlow], DeskScreen]) -> None:
        """Run one step of the flow (given the flow) and show where it leads."""
        if self.flow is None:
            self.notice.emit("Enrollment is not available on this desk right now.")
            return
        try:
            screen = step(self.flow)
        except FacePayError as exc:  # a wrong PIN, a locked operator, a missing permission
            screen = DeskScreen(self.flow.screen.step, Note.REFUSED, detail={"reason": str(exc)})
        except Exception:  # noqa: BLE001 - never a stuck desk or a camera left on
            log.exception("enrollment step failed")
            self.flow.cancel()  # forgets the captures and template in memory
            screen = DeskScreen(Step.CANCELLED, Note.FAILED)
        if screen.step in CAMERA_STEPS:
            self.open_camera()
        else:
            self.close_camera()
        if screen.step is Step.DONE and self.flow.facepay_pass is not None:
            self._show_pass()
        self.screen_changed.emit(screen)

    def _show_pass(self) -> None:
        from pos_app.core.passes import render_pass
        from pos_app.ui.widgets import pil_to_image

        assert self.flow is not None and self.flow.facepay_pass is not None
        self.pass_ready.emit(pil_to_image(render_pass(self.flow.facepay_pass, self.flow.name, self.language)),
                             self.flow.name)
