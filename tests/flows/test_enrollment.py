"""The enrollment desk flow on real video, against the real bank and both databases."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from sqlalchemy import func, select

from liveness.active import Challenge
from pos_app.core import customers
from pos_app.core.config import Settings
from pos_app.core.db import Database
from pos_app.core.errors import PermissionDenied
from pos_app.core.models import Consent, Customer, FaceTemplate
from pos_app.core.operators import add_operator
from pos_app.core.terminals import ensure_terminal
from pos_app.core.vault import KeyFile
from pos_app.flows.enrollment import DeskScreen, EnrollmentFlow, EnrollmentServices, Note, Step
from pos_app.vision.matching import verify
from tests.bank_fixture import Bank


@pytest.fixture
def passive(passive_models):  # type: ignore[no-untyped-def]
    return passive_models


@pytest.fixture
def engine(face_engine):  # type: ignore[no-untyped-def]
    return face_engine


@pytest.fixture
def desk(db: Database, bank: Bank, passive, engine, tmp_path: Path) -> EnrollmentFlow:  # type: ignore[no-untyped-def]
    add_operator(db, username="desk", display_name="Desk", role="admin", secret="4821", actor="test")
    add_operator(db, username="kari", display_name="Kari", role="cashier", secret="4821", actor="test")
    services = EnrollmentServices(
        db=db,
        keys=KeyFile.create(tmp_path / "k.key"),
        engine=engine,
        passive=passive,
        bank=bank.client(),
        terminal_id=ensure_terminal(db, "desk-1", "desk"),
        terminal_name="desk-1",
        match_threshold=Settings().match_threshold,
        challenges=[Challenge.BLINK],
    )
    return EnrollmentFlow(services)


def video(path: Path, limit: int = 400) -> list[np.ndarray]:
    cap, frames = cv2.VideoCapture(str(path)), []
    while len(frames) < limit and (frame := cap.read()[1]) is not None:
        frames.append(frame)
    return frames


@pytest.fixture(scope="module")
def shopper(test_data: Path) -> list[np.ndarray]:
    return video(test_data / "liveness" / "bonafide" / "blink_1.mp4", 220)


def up_to_bank(flow: EnrollmentFlow, frames: list[np.ndarray]) -> None:
    flow.login("desk", "4821")
    flow.details("Ola Nordmann", "+47 912 34 567")
    assert flow.consent_text("nb").text.startswith("# FacePay: samtykke")
    flow.give_consent(True, "nb")
    for i, frame in enumerate(frames):
        if flow.feed(frame, i / 30).step is not Step.CAPTURE:
            break
    assert flow.screen.step is Step.BANK, flow.screen


def count(db: Database, table) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(table))


def test_a_full_enrollment_stores_everything_at_once_and_the_pass_works(desk: EnrollmentFlow, db: Database,
                                                                       bank: Bank, shopper) -> None:  # type: ignore[no-untyped-def]
    up_to_bank(desk, shopper[:200])
    assert count(db, Customer) == 0  # nothing stored yet
    account = bank.account(50_000)
    assert desk.link_bank(account).step is Step.TEST
    done = desk.test_verification(shopper[210])
    assert done.step is Step.DONE and desk.facepay_pass is not None
    with db.session() as s:
        consent = s.scalar(select(Consent))
        assert consent.language == "nb" and consent.operator_id is not None
    unlocked = customers.unlock_template(db, desk.s.keys, desk.customer_id, desk.facepay_pass)  # type: ignore[arg-type]
    engine = desk.s.engine
    frame = shopper[150]
    assert verify(engine.embed(frame, engine.detect(frame)[0]), unlocked.vector, Settings().match_threshold).accepted
    assert customers.payment_token(db, desk.s.keys, desk.customer_id)[1] == "•••• " + account[-4:]  # type: ignore[arg-type, index]


def test_no_consent_no_way_forward_and_nothing_stored(desk: EnrollmentFlow, db: Database) -> None:
    desk.login("desk", "4821")
    desk.details("Ola", None)
    assert desk.give_consent(False, "en").step is Step.CANCELLED
    assert count(db, Customer) == count(db, Consent) == 0


def test_a_cashier_cannot_enroll(desk: EnrollmentFlow) -> None:
    with pytest.raises(PermissionDenied, match="kari \\(cashier\\) may not enroll customer"):
        desk.login("kari", "4821")


def test_someone_else_at_the_test_verification_stores_nothing(desk: EnrollmentFlow, db: Database, bank: Bank,
                                                              shopper, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    up_to_bank(desk, shopper[:200])
    desk.link_bank(bank.account())
    other = video(test_data / "liveness" / "bonafide" / "blink_2.mp4", 1)[0]
    screen = desk.test_verification(other)
    assert (screen.step, screen.code) == (Step.TEST, Note.NO_MATCH) and screen.detail["similarity"] < 0.5
    # An empty picture is no answer yet: the desk keeps reading frames while the code says so.
    empty = desk.test_verification(other * 0)
    assert (empty.step, empty.code) == (Step.TEST, Note.NO_FACE)
    assert count(db, Customer) == count(db, FaceTemplate) == 0
    assert desk.cancel().step is Step.CANCELLED and count(db, Customer) == 0


def test_the_flow_says_codes_and_details_never_words(desk: EnrollmentFlow) -> None:
    """The desk phrases what the flow says (ui/desk_messages); before, the flow returned English
    sentences the desk matched and translated (issue 31)."""
    desk.login("desk", "4821")
    said = [desk.details(" ", None), desk.details("Ola", "12"), desk.reenroll("no-such-customer")]
    assert [(s.step, s.code) for s in said] == [
        (Step.DETAILS, Note.NAME_MISSING), (Step.DETAILS, Note.PHONE_INVALID), (Step.DETAILS, Note.NOT_ENROLLED)]
    assert "phone" in said[1].detail["reason"]
    assert desk.details("Ola", None).code == "" and desk.cancel().code is Note.CANCELLED
    assert not any(hasattr(s, "message") for s in said) and "message" not in DeskScreen.__dataclass_fields__
