"""End-to-end checkout (issue 7's list, without the screen): real video frames, the real mock
bank in its own process, a real database, the real liveness pipeline."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from pos_app.cli.main import main
from tests.bank_fixture import Bank, free_port
from tests.cli.test_vault_cli import enroll_args, shots  # noqa: F401 - frames of two real men


@pytest.fixture
def kiosk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank: Bank, test_data: Path, capsys) -> Path:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    for key, value in {"DATA_DIR": str(data), "BANK_URL": bank.url, "BANK_TERMINAL_ID": bank.terminal_id,
                       "BANK_TERMINAL_KEY": bank.key, "LANGUAGE": "en"}.items():
        monkeypatch.setenv(f"FACEPAY_{key}", value)
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    capsys.readouterr()
    return tmp_path


def enroll(shots, kiosk: Path, account: str, monkeypatch, capsys) -> Path:  # type: ignore[no-untyped-def]  # noqa: F811
    card = kiosk / "pass.png"
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(enroll_args(shots, card) + ["--bank-account", account]) == 0
    capsys.readouterr()
    return card


def checkout(capsys, camera: Path, card: Path, amount: int = 12550) -> tuple[int, dict]:  # type: ignore[no-untyped-def, type-arg]
    code = main(["--camera", str(camera), "checkout", "--amount", str(amount), "--pass", str(card),
                 "--challenge", "blink", "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_enrolled_shopper_is_approved_and_charged_once(kiosk: Path, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                            monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    account = bank.account(100_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    code, out = checkout(capsys, test_data / "liveness" / "bonafide" / "blink_1.mp4", card)
    assert code == 0 and out["outcome"] == "approved" and out["state"] == "approved"
    assert out["account"] == "•••• " + account[-4:]
    assert bank.balance(account) == 100_000 - 12550


def test_no_frame_of_a_payment_is_embedded_twice(kiosk: Path, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                 monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """The liveness check and the best-frames probe both describe frames during the capture; when
    they chose the same frame it was embedded twice, and the preview stood still for ~90 ms."""
    import hashlib

    from pos_app.vision.sface_engine import SFaceEngine

    card = enroll(shots, kiosk, bank.account(100_000), monkeypatch, capsys)
    embedded: list[str] = []
    real = SFaceEngine.embed

    def counted(self, frame, face):  # type: ignore[no-untyped-def]
        embedded.append(hashlib.blake2b(frame.tobytes() + repr(face.box).encode(), digest_size=16).hexdigest())
        return real(self, frame, face)

    monkeypatch.setattr(SFaceEngine, "embed", counted)
    code, out = checkout(capsys, test_data / "liveness" / "bonafide" / "blink_1.mp4", card)
    assert code == 0 and out["outcome"] == "approved"
    assert len(embedded) >= 3 and len(set(embedded)) == len(embedded)


def test_another_persons_face_with_the_enrolled_pass_is_refused(kiosk: Path, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                                monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    account = bank.account(100_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    code, out = checkout(capsys, test_data / "liveness" / "bonafide" / "blink_2.mp4", card)
    assert code == 1 and out["outcome"] == "error" and out["message"].startswith("We could not confirm that it is you")
    assert out["state"] == "failed" and bank.balance(account) == 100_000


def test_an_account_without_funds_is_declined_in_plain_words(kiosk: Path, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                             monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    account = bank.account(1_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    code, out = checkout(capsys, test_data / "liveness" / "bonafide" / "blink_1.mp4", card)
    assert code == 1 and out["outcome"] == "declined"
    assert out["message"] == "There is not enough money in the account." and bank.balance(account) == 1_000


def test_a_bank_outage_is_a_clear_error_and_no_charge(kiosk: Path, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                      monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    account = bank.account(100_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    monkeypatch.setenv("FACEPAY_BANK_URL", f"http://127.0.0.1:{free_port()}")
    code, out = checkout(capsys, test_data / "liveness" / "bonafide" / "blink_1.mp4", card)
    assert code == 1 and out["outcome"] == "error" and out["message"].startswith("The bank did not answer")
    assert out["state"] == "unknown" and bank.balance(account) == 100_000
    # Once the bank is back, reconcile settles it without charging: the bank never saw it.
    monkeypatch.setenv("FACEPAY_BANK_URL", bank.url)


def test_a_recorded_photo_fails_liveness_and_charges_nothing(kiosk: Path, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                             tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    account = bank.account(100_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    frames = tmp_path / "photo"
    frames.mkdir()
    for i in range(210):
        os.symlink(test_data / "liveness" / "samples" / "image_F2.jpg", frames / f"{i:04d}.jpg")
    code, out = checkout(capsys, frames, card)
    assert code == 1 and out["outcome"] == "error" and "live person" in out["message"]
    assert bank.balance(account) == 100_000


def test_a_pass_with_many_failed_tries_today_is_stopped_before_the_camera(kiosk: Path, bank: Bank, shots,  # noqa: F811
                                                                         test_data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.config import load_settings
    from pos_app.core.db import Database
    from pos_app.core.liveness_log import DAILY_FAILURE_LIMIT, record_failure
    from pos_app.vision.qr import read_pass

    account = bank.account(100_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    customer = read_pass(str(card)).customer_id
    db = Database(load_settings().database_url)
    for i in range(DAILY_FAILURE_LIMIT):
        record_failure(db, terminal=f"kiosk-{i % 3 + 2}", customer_id=customer, decision="mismatch", reasons=["no match"])
    # The back-off (tests/core/test_liveness_log.py) would pause these too; the day's stop is what
    # the shopper is told, since only the desk lifts it.
    code, out = checkout(capsys, test_data / "liveness" / "bonafide" / "blink_1.mp4", card)
    assert code != 0 and out["outcome"] == "locked" and bank.balance(account) == 100_000
    assert "service desk" in out["message"]


@pytest.mark.parametrize("camera", ["missing.mp4", "empty.mp4", "notes.txt"])
def test_a_camera_that_fails_ends_the_sale_as_the_cameras_fault(kiosk: Path, bank: Bank, shots, tmp_path: Path,  # noqa: F811
                                                               camera: str, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Never left 'verifying', never recorded as the shopper choosing another way."""
    from pos_app.core.config import load_settings
    from pos_app.core.db import Database
    from pos_app.core.transactions import get_transaction

    account = bank.account(100_000)
    card = enroll(shots, kiosk, account, monkeypatch, capsys)
    (tmp_path / "empty.mp4").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a video\n")
    code, out = checkout(capsys, tmp_path / camera, card)
    assert code == 1 and out["outcome"] == "error" and out["message"].startswith("The camera is not working")
    tx = get_transaction(Database(load_settings().database_url), out["transaction"])
    assert tx.state.value == "failed" and tx.decline_code == "camera"
    assert bank.balance(account) == 100_000


def test_housekeeping_closes_a_sale_a_crash_left_verifying(kiosk: Path, bank: Bank) -> None:  # noqa: F811
    from datetime import datetime, timedelta, timezone

    from pos_app.core.config import load_settings
    from pos_app.core.db import Database
    from pos_app.core.money import Money
    from pos_app.core.states import TxState
    from pos_app.core.terminals import ensure_terminal
    from pos_app.core.transactions import advance, create_transaction, get_transaction
    from pos_app.flows.charging import close_abandoned

    db = Database(load_settings().database_url)
    kiosk_id, other = ensure_terminal(db, "kiosk-1", "kiosk"), ensure_terminal(db, "kiosk-2", "kiosk")
    mine = create_transaction(db, terminal_id=kiosk_id, amount=Money.of(500)).id
    advance(db, mine, TxState.VERIFYING)  # ... and the kiosk crashed
    theirs = create_transaction(db, terminal_id=other, amount=Money.of(500)).id
    advance(db, theirs, TxState.VERIFYING)
    assert close_abandoned(db, terminal_id=kiosk_id) == []  # too recent: a shopper may be at it
    later = lambda: datetime.now(timezone.utc) + timedelta(minutes=16)  # noqa: E731
    closed = close_abandoned(db, terminal_id=kiosk_id, now=later)
    assert [t.id for t in closed] == [mine] and closed[0].state is TxState.FAILED
    assert closed[0].decline_code == "abandoned" and get_transaction(db, theirs).state is TxState.VERIFYING


def test_a_recording_without_challenges_is_refused_before_anything_starts(kiosk: Path, bank: Bank, shots,  # noqa: F811
                                                                         test_data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    card = enroll(shots, kiosk, bank.account(100_000), monkeypatch, capsys)
    video = test_data / "liveness" / "bonafide" / "blink_1.mp4"
    code = main(["checkout", "--camera", str(video), "--amount", "500", "--pass", str(card)])  # flags after the command
    err = capsys.readouterr().err
    assert code == 2 and "cannot answer a random challenge" in err and "--challenge" in err


@pytest.mark.parametrize("language", ["en", "nb"])
def test_the_outcome_and_its_reason_print_on_their_lines_in_one_language(kiosk: Path, bank: Bank, shots,  # noqa: F811
                                                                        test_data: Path, language: str,
                                                                        monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    card = enroll(shots, kiosk, bank.account(100_000), monkeypatch, capsys)
    video = test_data / "liveness" / "bonafide" / "blink_2.mp4"  # a blink video cannot answer a turn
    code = main(["checkout", "--camera", str(video), "--amount", "12345", "--pass", str(card),
                 "--challenge", "turn_left", "--language", language])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    if language == "en":
        assert lines[0].startswith("ERROR: NOK 123.45 (") and "timed out waiting for: turn_left" in lines[1]
        assert not any(w in " ".join(lines) for w in ("Det ", "årsak", "kr "))
    else:
        assert lines[0].startswith("FEIL: 123,45\u00a0kr (") and lines[1] == "  årsak: ventet for lenge på: turn_left"
        assert not any(w in " ".join(lines) for w in ("ERROR", "reason", "timed out"))
