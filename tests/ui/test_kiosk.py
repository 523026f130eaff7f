"""The checkout kiosk, driven through its screen: real bank, real database, real engine on real
photos, a scripted camera (the pass, then a face) and a scripted liveness decision."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pos_app.flows.checkout import CheckoutServices
from pos_app.ui.app import application
from pos_app.ui.checkout_session import CheckoutSession
from pos_app.ui.i18n import Language
from pos_app.ui.kiosk_window import KioskWindow
from pos_app.ui.qt import Qt
from tests.ui.conftest import Store, keep_open, pass_image, scripted_camera, unused_bank_url
from tests.ui.scripted import CountingCamera, ScriptedLiveness


def open_kiosk(qtbot, store: Store, camera: Callable[[], object], *, services: Callable[[], CheckoutServices] | None = None,  # type: ignore[no-untyped-def]
               key_mode: str = "shopper", language: str = "en", time_factor: float = 100.0,
               register: bool = False, speaker: object = None, headset: object = None) -> KioskWindow:
    application()
    session = CheckoutSession(services or store.services, camera, key_mode=key_mode,  # type: ignore[arg-type]
                              receipts_dir=store.root / "receipts", sales_from_register=register)
    window = KioskWindow(session, Language(language), demo=not register, key_mode=key_mode, time_factor=time_factor,
                         speaker=speaker, headset=headset)  # type: ignore[arg-type]
    keep_open(window)
    window.show()
    qtbot.waitUntil(lambda: window.unavailable != "starting", timeout=20_000)
    return window


def start_sale(qtbot, window: KioskWindow, amount: str = "125,50") -> None:  # type: ignore[no-untyped-def]
    window.idle.amount.setText(amount)
    qtbot.mouseClick(window.idle.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.amount, timeout=10_000)


def pay_with_face(qtbot, window: KioskWindow, amount: str = "125,50") -> None:  # type: ignore[no-untyped-def]
    start_sale(qtbot, window, amount)
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result and window.result.headline.text() != "",
                    timeout=60_000)


@pytest.fixture
def shopper(store: Store, test_data: Path):  # type: ignore[no-untyped-def]
    """Obama enrolled from three photos; his fourth photo is the face at the kiosk."""
    obama = store.person(test_data, "obama")
    customer, card, account = store.enroll(obama[:3], balance=100_000)
    return customer, pass_image(store, card), account, obama[3]


def test_the_enrolled_shopper_pays_and_gets_a_receipt(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    _, card, account, face = shopper
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 4), time_factor=0.3)
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment approved", window.result.message.text()
    assert window.result.amount.text() == "NOK 125.50"
    assert account[-4:] in window.result.message.text()
    assert store.bank.balance(account) == 100_000 - 12_550
    qtbot.waitUntil(lambda: not window.result.qr.pixmap().isNull(), timeout=10_000)
    assert len(list((store.root / "receipts").glob("receipt-*.pdf"))) == 1
    # The camera was on only for the session, and nothing of the shopper stays once it returns to idle.
    assert CountingCamera.opened == CountingCamera.closed == 1 and not window.camera_on.isVisible()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.idle, timeout=10_000)
    assert window.result.message.text() == "" and window.result.qr.pixmap().isNull()
    assert not window.capture.camera.has_image and not window.claim.camera.has_image


def test_another_persons_face_with_the_enrolled_pass_is_refused(qtbot, store: Store, shopper, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    _, card, account, _ = shopper
    biden = store.person(test_data, "biden")
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + biden * 2))
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment not completed"
    assert window.result.message.text() == "We could not confirm that it is you. Please pay another way."
    assert window.result.other.isVisible() and store.bank.balance(account) == 100_000


def test_a_store_that_changed_engines_keeps_its_dlib_shoppers_paying(qtbot, store: Store, test_data: Path,  # type: ignore[no-untyped-def]
                                                                     dlib_engine) -> None:
    """Obama enrolled when the store ran dlib; Kit after it moved to SFace. Each template is
    compared only with a probe of its own model, and the desk's list says who should re-enrol."""
    from dataclasses import replace

    from pos_app.core.config import Settings
    from pos_app.core.customers import find_customers
    from pos_app.vision.engine import Engines

    sface = store.engine
    store.engine = dlib_engine
    obama = store.person(test_data, "obama")
    old, old_card, old_account = store.enroll(obama[:3], balance=100_000)
    store.engine = sface
    kit = store.person(test_data, "kit_harington")
    new, new_card, new_account = store.enroll(kit, balance=100_000)
    assert old_card is not None and new_card is not None
    rows = {r.id: r for r in find_customers(store.db, current_model=sface.model_id)}  # type: ignore[attr-defined]
    assert (rows[old].model_id, rows[old].on_old_model) == ("dlib-resnet-v1", True)
    assert (rows[new].model_id, rows[new].on_old_model) == ("sface-2021dec", False)

    both = lambda: replace(store.services(), engines=Engines(sface, Settings().match_thresholds))  # type: ignore[arg-type]  # noqa: E731
    for card, account, face in ((old_card, old_account, obama[3]), (new_card, new_account, kit[1])):
        window = open_kiosk(qtbot, store, scripted_camera(store, [pass_image(store, card)] + [face] * 4),
                            services=both, time_factor=0.3)
        pay_with_face(qtbot, window)
        assert window.result.headline.accessibleName() == "Payment approved", window.result.message.text()
        assert store.bank.balance(account) == 100_000 - 12_550
        window.shut_down()
    # Someone else's face with the old pass is still refused: the dlib threshold holds for dlib.
    window = open_kiosk(
        qtbot, store, scripted_camera(store, [pass_image(store, old_card)] + store.person(test_data, "biden") * 2), services=both
    )
    pay_with_face(qtbot, window)
    assert window.result.message.text() == "We could not confirm that it is you. Please pay another way."
    window.shut_down()
    # A kiosk that cannot run the old model says so in plain words, and charges nothing.
    window = open_kiosk(qtbot, store, scripted_camera(store, [pass_image(store, old_card)] + [obama[3]] * 4))
    pay_with_face(qtbot, window)
    assert window.result.message.text().startswith("Your FacePay enrolment needs renewing at the service desk")
    assert store.bank.balance(old_account) == 100_000 - 12_550


def test_a_face_too_dark_to_verify_asks_for_light_and_counts_no_failed_try(qtbot, store: Store, shopper,  # type: ignore[no-untyped-def]
                                                                            tmp_path: Path) -> None:
    import cv2

    from pos_app.core.liveness_log import face_payment_locked_for

    customer, card, account, face = shopper
    dark = tmp_path / "dark.png"  # the shopper's face in a dim corner: found, but below the gate
    cv2.imwrite(str(dark), (cv2.imread(str(face)) * 0.2).astype("uint8"))
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [dark] * 4))
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment not completed"
    assert window.result.message.text().startswith("We could not see your face clearly enough. Face the light")
    assert store.bank.balance(account) == 100_000
    # Bad light is no attack: it neither pauses face payment nor counts towards the shopper's limit.
    assert face_payment_locked_for(store.db, terminal="kiosk-1", customer_id=customer) == 0
    with store.db.session() as s:
        from sqlalchemy import func, select

        from pos_app.core.models import AuditEvent

        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "liveness.failed")) == 0


def test_a_photo_of_the_pass_holder_held_up_between_live_frames_is_refused(qtbot, store: Store, shopper,  # type: ignore[no-untyped-def]
                                                                          test_data: Path) -> None:
    # The kiosk fuses its best frames into one probe. A rogue shopper with a stolen pass answers
    # the challenge live (first and last frames) and holds the owner's photo up in between: the
    # mean of both faces could pass for the owner, so every fused frame must be the face that
    # answered the challenge.
    import cv2

    _, card, account, owner_photo = shopper
    # The attacker stands back a little, so the photo's frames are the kiosk's best ones.
    attacker = store.root / "attacker.png"
    image = cv2.imread(str(store.person(test_data, "biden")[0]))
    cv2.imwrite(str(attacker), cv2.resize(image, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA))
    frames = [attacker] + [owner_photo] * 14 + [attacker]
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + frames),
                        services=lambda: store.services(liveness=lambda s, e: ScriptedLiveness(e, frames_needed=16)))
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment not completed"
    assert window.result.message.text() == "That did not work. Try again, or pay another way."
    assert store.bank.balance(account) == 100_000


def test_an_account_without_funds_is_declined_in_plain_words(qtbot, store: Store, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    obama = store.person(test_data, "obama")
    _, card, account = store.enroll(obama[:3], balance=1_000)
    window = open_kiosk(qtbot, store, scripted_camera(store, [pass_image(store, card)] + [obama[3]] * 4))
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment declined"
    assert window.result.message.text() == "There is not enough money in the account."
    assert store.bank.balance(account) == 1_000


def test_a_bank_outage_is_a_clear_error_and_no_charge_and_no_second_try(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    _, card, account, face = shopper
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 4),
                        services=lambda: store.services(bank_url=unused_bank_url()))
    pay_with_face(qtbot, window)
    assert window.result.headline.accessibleName() == "Payment not completed"
    assert window.result.message.text().startswith("The bank did not answer")
    # The outcome is unknown until staff reconcile, so a second face payment is not offered.
    assert not window.result.retry_button.isVisible() and window.result.other.isVisible()
    assert store.bank.balance(account) == 100_000


def test_the_camera_is_on_only_inside_a_session(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    _, card, _, face = shopper
    window = open_kiosk(qtbot, store, scripted_camera(store, [face] * 200))
    start_sale(qtbot, window)
    assert CountingCamera.opened == 0 and not window.camera_on.isVisible()
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    # The camera sign and the claim page arrive by two signals: under load one may land first.
    qtbot.waitUntil(lambda: window.camera_on.isVisible() and window.pages.currentWidget() is window.claim,
                    timeout=10_000)
    assert CountingCamera.opened == 1
    qtbot.waitUntil(lambda: window.claim.camera.has_image, timeout=10_000)
    qtbot.mouseClick(window.claim.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.idle and not window.camera_on.isVisible(),
                    timeout=10_000)
    assert CountingCamera.closed == 1 and not window.claim.camera.has_image


def test_pay_another_way_is_always_offered_even_without_face_payment(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    def broken() -> CheckoutServices:
        raise RuntimeError("liveness model missing")

    window = open_kiosk(qtbot, store, lambda: None, services=broken)  # type: ignore[arg-type, return-value]
    window.idle.amount.setText("10")
    qtbot.mouseClick(window.idle.go, Qt.MouseButton.LeftButton)
    # Without services there is no sale to show: the kiosk says what to do instead of hanging.
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result, timeout=10_000)
    assert window.result.headline.accessibleName() == "Payment not completed"
    assert window.amount.note.text().startswith("Face payment is not available")
    assert not window.amount.face.isEnabled() and window.amount.other.isEnabled()


def test_the_screens_switch_between_norwegian_and_english(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    window = open_kiosk(qtbot, store, lambda: None, language="nb")  # type: ignore[arg-type, return-value]
    assert window.amount.face.text() == "Betal med ansiktet" and window.idle.go.text() == "Fortsett"
    switch = [b for b in window.findChildren(type(window.idle.go)) if b.text() == "English"][0]
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton)
    assert window.amount.face.text() == "Pay with face" and window.idle.title.text() == "Welcome to FacePay"
    assert window.amount.other.text() == "Pay another way"


def test_store_key_mode_claims_by_phone_number(qtbot, store: Store, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    obama = store.person(test_data, "obama")
    _, _, account = store.enroll(obama[:3], balance=50_000, phone="+47 912 34 567", key_mode="store")
    window = open_kiosk(qtbot, store, scripted_camera(store, [obama[3]] * 4), key_mode="store")
    start_sale(qtbot, window, "99")
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.claim, timeout=10_000)
    assert not window.camera_on.isVisible()  # no camera needed to type a number
    qtbot.keyClicks(window.claim.number, "91234567")
    qtbot.mouseClick(window.claim.go, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result and window.result.headline.text() != "",
                    timeout=60_000)
    assert window.result.headline.accessibleName() == "Payment approved", window.result.message.text()
    assert store.bank.balance(account) == 50_000 - 9_900


def test_cancel_during_capture_returns_to_idle_and_charges_nothing(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    _, card, account, face = shopper
    endless = lambda s, e: ScriptedLiveness(e, frames_needed=10_000)  # noqa: E731 - never finishes by itself
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 300),
                        services=lambda: store.services(liveness=endless))
    start_sale(qtbot, window)
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.capture and window.capture.camera.has_image,
                    timeout=20_000)
    qtbot.keyClick(window, Qt.Key.Key_Escape)  # the keyboard works as well as the Cancel button
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.idle and not window.camera_on.isVisible(),
                    timeout=10_000)
    assert CountingCamera.opened == CountingCamera.closed == 1 and not window.capture.camera.has_image
    assert store.bank.balance(account) == 100_000


def test_repeated_liveness_failures_pause_face_payment_but_not_the_other_way(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.liveness_log import record_failure

    _, card, _, face = shopper
    for _ in range(5):
        record_failure(store.db, terminal="kiosk-1", customer_id=None, decision="spoof", reasons=["test"])
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 4))
    start_sale(qtbot, window)
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result, timeout=10_000)
    assert window.result.headline.accessibleName() == "Face payment is paused"
    assert window.result.other.isVisible() and not window.result.retry_button.isVisible()
    assert CountingCamera.opened == 0


def test_a_sale_from_the_register_appears_and_its_outcome_goes_back(qtbot, store: Store, shopper) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.money import Money
    from pos_app.core.sales import cancel_sale, sale_status, send_sale

    _, card, account, face = shopper
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + [face] * 4), register=True, time_factor=0.1)
    assert "cashier will send" in window.idle.body.text()
    taken_back = send_sale(store.db, kiosk="kiosk-1", amount=Money.of(5_000), actor="kari")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.amount, timeout=10_000)
    assert window.amount.amount.text() == "NOK 50.00"
    cancel_sale(store.db, taken_back.id, actor="kari")  # the cashier takes it back: the kiosk lets go
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.idle, timeout=10_000)
    sale = send_sale(store.db, kiosk="kiosk-1", amount=Money.of(7_500), actor="kari")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.amount, timeout=10_000)
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sale_status(store.db, sale.id).final, timeout=60_000)
    assert sale_status(store.db, sale.id).text == "approved" and store.bank.balance(account) == 100_000 - 7_500


def test_a_failed_register_sale_is_not_retried_on_the_kiosk(qtbot, store: Store, shopper, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.money import Money
    from pos_app.core.sales import sale_status, send_sale

    _, card, _, _ = shopper
    window = open_kiosk(qtbot, store, scripted_camera(store, [card] + store.person(test_data, "biden") * 2), register=True)
    sale = send_sale(store.db, kiosk="kiosk-1", amount=Money.of(7_500), actor="kari")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.amount, timeout=10_000)
    qtbot.mouseClick(window.amount.face, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result and window.result.headline.text() != "",
                    timeout=60_000)
    # The register follows this sale: it shows "not completed", and the cashier sends it again.
    assert sale_status(store.db, sale.id).text == "not completed"
    assert not window.result.retry_button.isVisible() and window.result.other.isVisible()


def test_a_failed_face_check_says_why_offers_one_new_try_with_other_challenges_then_only_another_way(  # type: ignore[no-untyped-def]
        qtbot, store: Store, shopper) -> None:
    from liveness.active import Challenge
    from liveness.fusion import Decision

    _, card, account, face = shopper
    services = store.services()
    asked_to_avoid: list[object] = []

    def new_check(avoid=None, engine=None):  # type: ignore[no-untyped-def]
        asked_to_avoid.append(avoid)
        return ScriptedLiveness(services.engine, decision=Decision.RETRY, reasons=["timed out waiting for: blink"])

    services.new_liveness_check = new_check  # type: ignore[method-assign]
    window = open_kiosk(qtbot, store, scripted_camera(store, ([card] + [face] * 4) * 2), services=lambda: services)
    pay_with_face(qtbot, window)
    assert window.result.message.text().startswith("We did not see the movement we asked for in time.")
    assert window.result.retry_button.isVisible() and window.result.other.isVisible()
    qtbot.mouseClick(window.result.retry_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(asked_to_avoid) == 2, timeout=20_000)
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.result and "did not work this time"
                    in window.result.message.text(), timeout=60_000)
    # The new try drew other challenges than the first (the first drew blink and a left turn).
    assert asked_to_avoid == [None, frozenset({Challenge.BLINK, Challenge.TURN_LEFT})]
    # After the new try: no third, only another way; nothing was charged.
    assert not window.result.retry_button.isVisible() and window.result.other.isVisible()
    assert store.bank.balance(account) == 100_000


def test_a_failure_without_a_try_again_button_never_says_try_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before: the failure screen said "Try again, or pay another way" and showed only "Pay another way"."""
    from pos_app.core.money import Money
    from pos_app.flows.checkout import Screen, Stage
    from pos_app.ui.kiosk_result import ResultScreen

    page = ResultScreen()
    qtbot.addWidget(page)
    page.show()
    screen = Screen(Stage.ERROR, Money("NOK", 12_550), "try_again")
    page.show_screen(screen, "en", retry=False)  # a register's sale: no new try at the kiosk
    assert not page.retry_button.isVisible() and "Try again" not in page.message.text()
    assert page.other.isVisible()
    page.show_screen(screen, "en", retry=True)
    assert page.retry_button.isVisible() and page.message.text().startswith("That did not work. Try again")


def test_an_amount_too_large_says_so_and_follows_the_language(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Before: an amount over the limit said "write an amount over zero", and after switching to
    English the message stayed in Norwegian."""
    from pos_app.ui.i18n import Language
    from pos_app.ui.kiosk_idle import IdleScreen

    page = IdleScreen(demo=True, currency="NOK")
    qtbot.addWidget(page)
    language = Language("en")
    page.amount.setText("99999999")
    page._submit()
    assert page.error.text() == "That is more than a payment here can be. Pay at the register."
    language.set("nb")
    page.retranslate()
    assert page.error.text() == "Det er mer enn en betaling her kan være. Betal i kassen."
    page.amount.setText("0")
    page._submit()
    language.set("en")
    page.retranslate()
    assert page.error.text() == "Type an amount above zero, like 125,50."


def test_the_kiosk_warms_its_models_while_the_idle_screen_waits(qtbot, store: Store) -> None:  # type: ignore[no-untyped-def]
    """Before: the first shopper after a start waited on the first capture frames while LiteRT
    and the descriptor loaded (the preview froze for half a second)."""
    from dataclasses import replace

    from pos_app.vision.sface_engine import SFaceEngine

    cold = SFaceEngine()
    window = open_kiosk(qtbot, store, scripted_camera(store, []), services=lambda: replace(store.services(), engine=cold))
    assert window.pages.currentWidget() is window.idle
    qtbot.waitUntil(lambda: cold._session is not None and cold._faces._mesh is not None, timeout=20_000)
