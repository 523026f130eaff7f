"""The checkout flow's own rules, on both databases: cancel and "another way" leave nothing
charged or pending, and a kiosk locked by liveness failures offers only the other way."""

from __future__ import annotations

from pathlib import Path

import pytest

from payments.client import BankClient
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.liveness_log import record_failure
from pos_app.core.money import Money
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import get_transaction
from pos_app.core.vault import KeyFile
from pos_app.flows.checkout import CheckoutFlow, CheckoutServices, Stage


@pytest.fixture
def flow(db: Database, tmp_path: Path) -> CheckoutFlow:
    from pos_app.vision.sface_engine import SFaceEngine

    services = CheckoutServices(
        db=db, keys=KeyFile.create(tmp_path / "k.key"), engine=SFaceEngine(), passive=None,  # type: ignore[arg-type]
        bank=BankClient("http://127.0.0.1:9", "t", "k"), terminal_id=ensure_terminal(db, "kiosk-1", "kiosk"),
        terminal_name="kiosk-1", match_threshold=0.8)
    return CheckoutFlow(services)


def test_pay_another_way_is_always_there_and_cancels_the_face_payment(flow: CheckoutFlow, db: Database) -> None:
    assert flow.start(Money.of(9900)).stage is Stage.AMOUNT_DUE
    assert flow.pay_with_face().stage is Stage.CLAIM
    screen = flow.pay_another_way()
    assert screen.stage is Stage.ANOTHER_WAY and screen.amount == Money.of(9900)
    assert get_transaction(db, flow.tx.id).state is TxState.CANCELLED  # type: ignore[union-attr]


def test_cancel_at_the_amount_screen(flow: CheckoutFlow, db: Database) -> None:
    flow.start(Money.of(100))
    assert flow.cancel().stage is Stage.CANCELLED
    assert get_transaction(db, flow.tx.id).state is TxState.CANCELLED  # type: ignore[union-attr]


def test_a_kiosk_with_five_recent_liveness_failures_offers_only_another_way(flow: CheckoutFlow, db: Database) -> None:
    for _ in range(5):
        record_failure(db, terminal="kiosk-1", customer_id=None, decision="spoof", reasons=["photo"])
    flow.start(Money.of(100))
    screen = flow.pay_with_face()
    assert screen.stage is Stage.LOCKED and screen.text("en").startswith("Face payment is paused")
    assert 0 < screen.detail["seconds"] <= 600
    assert flow.pay_another_way().stage is Stage.ANOTHER_WAY


def test_steps_out_of_order_are_refused(flow: CheckoutFlow) -> None:
    with pytest.raises(InvalidInput, match="the checkout is at idle"):
        flow.pay_with_face()


def test_a_pass_for_no_customer_is_a_plain_error(flow: CheckoutFlow, db: Database) -> None:
    from pos_app.core.passes import FacePayPass

    flow.start(Money.of(100))
    flow.pay_with_face()
    screen = flow.claim(FacePayPass("0b8f6f8e-3c1d-4c8e-9a51-3b1f5e2f7a10", bytes(16)))
    assert screen.stage is Stage.ERROR and screen.text("nb") == "Dette FacePay-passet kan ikke brukes."
    assert get_transaction(db, flow.tx.id).state is TxState.CANCELLED  # type: ignore[union-attr]


def test_a_sale_ended_before_any_pass_tells_the_register_so(flow: CheckoutFlow, db: Database) -> None:
    """Before: the register showed a bare "Cancelled" when the kiosk never saw a pass."""
    from pos_app.core.sales import sale_status

    flow.start(Money.of(100))
    flow.pay_with_face()
    tx_id = flow.tx.id  # type: ignore[union-attr]
    flow.cancel()
    assert sale_status(db, tx_id).text == "no pass was shown at the kiosk"


def test_a_kiosk_that_lost_its_signing_key_refuses_before_any_money_moves(flow: CheckoutFlow, db: Database,
                                                                           tmp_path: Path) -> None:
    """The receipt is issued with the bank's approval, in one transaction: without the key, the
    shopper would be charged and then shown an error. So face payment is refused at its start."""
    from pos_app.l10n_no import signing

    signing.attach(db, tmp_path / "saft.pem", create=True)  # the register set signing up ...
    assert signing.can_issue(db)
    db.signer = None  # ... and this machine has no key file
    (tmp_path / "saft.pem").rename(tmp_path / "on-another-pc.pem")
    flow.start(Money.of(100))
    screen = flow.pay_with_face()
    assert screen.stage is Stage.ERROR and screen.text("en").startswith("This kiosk cannot issue receipts")
    assert get_transaction(db, flow.tx.id).state is TxState.CANCELLED  # type: ignore[union-attr]


def test_a_kiosk_started_before_its_register_made_the_key_finds_it(db_url: str, tmp_path: Path) -> None:
    """A kiosk and a register on one PC, the kiosk started first: the register made the SAF-T key
    afterwards. Before: the kiosk refused every face payment ("cannot issue receipts") until it
    was restarted (seen in CI, the register and kiosk test)."""
    from pos_app.l10n_no import signing

    kiosk, register = Database(db_url), Database(db_url)
    kiosk.upgrade()
    assert signing.attach(kiosk, tmp_path / "saft.pem") is None and signing.can_issue(kiosk)
    signing.attach(register, tmp_path / "saft.pem", create=True)
    assert signing.can_issue(kiosk) and kiosk.signer is not None
    kiosk.dispose()
    register.dispose()


def test_the_payment_slip_is_the_flows_and_stands_when_the_database_cannot_give_the_sale(flow: CheckoutFlow) -> None:
    """The slip is decided once, here (the kiosk's screen built it itself before): the sale's own
    slip when the database has it, else a plain one, because an approved payment stands."""
    from pos_app.flows.checkout import Screen

    lost = Screen(Stage.APPROVED, Money.of(4990), detail={"transaction": "no-such-sale", "account": "•••• 1234"})
    slip = flow.slip(lost)
    assert (slip.transaction_id, slip.amount, slip.account_hint, slip.terminal) == (
        "no-such-sale", Money.of(4990), "•••• 1234", "kiosk-1")
    assert slip.items == () and slip.legal_number == ""
    with pytest.raises(InvalidInput, match="has no receipt"):
        flow.slip(Screen(Stage.DECLINED, Money.of(4990)))


def test_when_the_pictures_stop_the_flow_says_whose_fault_it_is(flow: CheckoutFlow, db: Database) -> None:
    """One rule for the kiosk's camera timer and `facepay checkout`'s loop (each had its own)."""
    flow.start(Money.of(2500))
    assert flow.pay_with_face().stage is Stage.CLAIM
    screen = flow.frames_ended(0)  # not one picture: the camera's fault, recorded as such
    assert (screen.stage, screen.message) == (Stage.ERROR, "camera_failed")
    assert get_transaction(db, flow.tx.id).decline_code == "camera"  # type: ignore[union-attr]
    flow.start(Money.of(2500))
    flow.pay_with_face()
    screen = flow.frames_ended(40)  # the camera went away while the pass was being shown
    assert (screen.stage, screen.message) == (Stage.ERROR, "try_again")
