"""The enrollment desk, driven through its screen: operator sign-in, consent, guided capture on
real photos (scripted liveness), a bank link at the real mock bank, the test verification, the
pass; and the existing-customer tasks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos_app.core.models import Customer, FaceTemplate
from pos_app.core.operators import add_operator
from pos_app.flows.enrollment import EnrollmentServices, Step
from pos_app.ui.app import application
from pos_app.ui.desk_window import DeskWindow
from pos_app.ui.enrollment_session import EnrollmentSession
from pos_app.ui.i18n import Language
from pos_app.ui.qt import Qt
from pos_app.vision.qr import read_pass
from tests.ui.conftest import Store, keep_open, scripted_camera
from tests.ui.scripted import CountingCamera, ScriptedLiveness

LEFT = Qt.MouseButton.LeftButton


def open_desk(qtbot, store: Store, camera) -> DeskWindow:  # type: ignore[no-untyped-def]
    application()
    base = store.services()

    def services() -> EnrollmentServices:
        return EnrollmentServices(db=base.db, keys=base.keys, engine=base.engine, passive=base.passive,
                                  bank=base.bank, terminal_id=base.terminal_id, terminal_name="desk-1",
                                  match_threshold=base.match_threshold, liveness_factory=lambda s, e: ScriptedLiveness(e))

    window = DeskWindow(EnrollmentSession(services, camera, store.root / "exports"), Language("en"))
    keep_open(window)
    window.show()
    qtbot.waitUntil(lambda: window.unavailable != "starting", timeout=20_000)
    return window


def sign_in(qtbot, window: DeskWindow, user: str = "desk", pin: str = "4821") -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(window.login.user, user)
    qtbot.keyClicks(window.login.pin, pin)
    qtbot.mouseClick(window.login.go, LEFT)


def at(window: DeskWindow, step: Step):  # type: ignore[no-untyped-def]
    return lambda: window.step is step


def count(store: Store, model) -> int:  # type: ignore[no-untyped-def]
    with store.db.session() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.fixture
def obama_camera(store: Store, test_data: Path):  # type: ignore[no-untyped-def]
    photos = store.person(test_data, "obama")
    # The two frontal photos: the capture keeps only frames that pass the enrollment quality gate.
    return scripted_camera(store, [photos[0], photos[2]] * 14)


def test_a_customer_is_enrolled_end_to_end_and_their_pass_opens_their_template(qtbot, store: Store, obama_camera,  # type: ignore[no-untyped-def]
                                                                               tmp_path: Path) -> None:
    window = open_desk(qtbot, store, obama_camera)
    sign_in(qtbot, window)
    qtbot.waitUntil(at(window, Step.DETAILS), timeout=10_000)
    qtbot.keyClicks(window.details.name, "Barack Obama")
    qtbot.mouseClick(window.details.go, LEFT)
    qtbot.waitUntil(at(window, Step.CONSENT), timeout=10_000)
    # No way forward without the customer's own tick: the box starts empty and "I agree" is off.
    assert not window.consent.tick.isChecked() and not window.consent.agree.isEnabled()
    assert "FacePay" in window.consent.text.toPlainText()
    window.consent.tick.setChecked(True)
    qtbot.mouseClick(window.consent.agree, LEFT)
    qtbot.waitUntil(at(window, Step.BANK), timeout=60_000)
    assert CountingCamera.opened == CountingCamera.closed == 1  # capture over: camera off
    qtbot.keyClicks(window.bank.account, store.bank.account(10_000))
    qtbot.mouseClick(window.bank.go, LEFT)
    qtbot.waitUntil(at(window, Step.TEST), timeout=10_000)
    assert window.camera_on.isVisible()
    qtbot.mouseClick(window.capture.test_button, LEFT)
    qtbot.waitUntil(at(window, Step.DONE), timeout=60_000)
    qtbot.waitUntil(lambda: not window.card.card.pixmap().isNull(), timeout=10_000)
    assert not window.camera_on.isVisible() and count(store, FaceTemplate) == 1
    window.want_save_pass.emit(str(tmp_path / "pass.pdf"))
    qtbot.waitUntil(lambda: (tmp_path / "pass.pdf").exists(), timeout=10_000)
    card = read_pass(str(tmp_path / "pass.pdf"))
    from pos_app.core.customers import unlock_template

    assert unlock_template(store.db, store.keys, card.customer_id, card).display_name == "Barack Obama"
    qtbot.mouseClick(window.card.done, LEFT)
    qtbot.waitUntil(at(window, Step.DETAILS), timeout=10_000)
    assert window.card.card.pixmap().isNull() or window.pages.currentWidget() is window.details


def test_declining_consent_stores_nothing(qtbot, store: Store, obama_camera) -> None:  # type: ignore[no-untyped-def]
    window = open_desk(qtbot, store, obama_camera)
    sign_in(qtbot, window)
    qtbot.waitUntil(at(window, Step.DETAILS), timeout=10_000)
    qtbot.keyClicks(window.details.name, "Someone")
    qtbot.mouseClick(window.details.go, LEFT)
    qtbot.waitUntil(at(window, Step.CONSENT), timeout=10_000)
    qtbot.mouseClick(window.consent.decline, LEFT)
    qtbot.waitUntil(at(window, Step.DETAILS), timeout=10_000)
    assert "nothing was stored" in window.details.notice.text()
    assert count(store, Customer) == 0 and CountingCamera.opened == 0


def test_a_cashier_cannot_enroll_and_a_wrong_pin_says_so(qtbot, store: Store, obama_camera) -> None:  # type: ignore[no-untyped-def]
    add_operator(store.db, username="kari", display_name="Kari", role="cashier", secret="1357", actor="test")
    window = open_desk(qtbot, store, obama_camera)
    sign_in(qtbot, window, "kari", "1357")
    qtbot.waitUntil(lambda: window.login.message.text() != "", timeout=10_000)
    assert window.step is Step.LOGIN and "may not enroll" in window.login.message.text()
    window.login.user.clear()
    sign_in(qtbot, window, "desk", "0000")
    qtbot.waitUntil(lambda: "kari" not in window.login.message.text(), timeout=10_000)
    assert window.step is Step.LOGIN and window.login.pin.text() == ""


def test_existing_customers_are_found_exported_and_erased(qtbot, store: Store, test_data: Path, obama_camera) -> None:  # type: ignore[no-untyped-def]
    customer, _, _ = store.enroll(store.person(test_data, "obama")[:3], balance=1_000)
    window = open_desk(qtbot, store, obama_camera)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.details.table.rowCount() == 1, timeout=10_000)
    window.details.table.selectRow(0)
    qtbot.mouseClick(window.details.export_button, LEFT)
    export = store.root / "exports" / f"customer-{customer}.json"
    # The notice comes once the export's audit event is committed; the file alone appears a moment before.
    qtbot.waitUntil(lambda: "Exported" in window.details.notice.text(), timeout=10_000)
    data = json.loads(export.read_text())
    assert data["customer"]["id"] == customer and "ciphertext" not in export.read_text()
    from pos_app.core.audit import list_events

    with store.db.session() as s:  # the desk's export is audited as the back office's is (issue 31)
        assert [e.subject_id for e in list_events(s, action="customer.export")] == [customer]
    window.want_erase.emit(customer)  # the confirmation dialog is the only step skipped here
    qtbot.waitUntil(lambda: window.details.table.rowCount() == 0, timeout=10_000)
    assert "erased" in window.details.notice.text() and count(store, FaceTemplate) == 0


def test_a_lost_pass_is_replaced_by_re_enrolling(qtbot, store: Store, test_data: Path, obama_camera) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.customers import unlock_template
    from pos_app.core.errors import FacePayError

    customer, old_pass, _ = store.enroll(store.person(test_data, "obama")[:3], balance=1_000)
    window = open_desk(qtbot, store, obama_camera)
    sign_in(qtbot, window)
    qtbot.waitUntil(lambda: window.details.table.rowCount() == 1, timeout=10_000)
    window.details.table.selectRow(0)
    qtbot.mouseClick(window.details.reenroll_button, LEFT)
    qtbot.waitUntil(at(window, Step.TEST), timeout=60_000)  # consent and bank link stand: no steps for them
    qtbot.mouseClick(window.capture.test_button, LEFT)
    qtbot.waitUntil(at(window, Step.DONE), timeout=60_000)
    new_pass = window.session.flow.facepay_pass
    assert new_pass is not None and new_pass.customer_id == customer
    assert unlock_template(store.db, store.keys, customer, new_pass).customer_id == customer
    with pytest.raises(FacePayError):
        unlock_template(store.db, store.keys, customer, old_pass)
