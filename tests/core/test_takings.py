"""Shifts and X/Z reports on both databases: every total equals the sum of the transactions it
covers, face payments are counted apart from cash and card, and the cash count shows its variance."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pos_app.cli.main import main
from pos_app.core.db import Database
from pos_app.core.errors import IllegalTransition, InvalidInput
from pos_app.core.money import Money
from pos_app.core.operators import add_operator
from pos_app.core.takings import PAID, build_report
from pos_app.core.shifts import close_shift, open_shift, record_payment
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction, get_transaction

S = TxState


@pytest.fixture
def day(db: Database) -> dict:  # type: ignore[type-arg]
    """One register day: a shift with cash and card sales, and face payments in every outcome."""
    kari = add_operator(db, username="kari", display_name="Kari", role="cashier", secret="1357", actor="test")
    register = ensure_terminal(db, "register-1", "register")
    kiosk = ensure_terminal(db, "kiosk-1", "kiosk")
    shift = open_shift(db, kari, terminal_id=register, terminal="register-1", opening_float=Money.of(100_000))
    _, change = record_payment(db, kari, shift_id=shift.id, terminal_id=register, terminal="register-1",
                               amount=Money.of(24_950), method="cash", tendered=Money.of(30_000))
    record_payment(db, kari, shift_id=shift.id, terminal_id=register, terminal="register-1",
                   amount=Money.of(1_000), method="cash", tendered=Money.of(1_000))
    record_payment(db, kari, shift_id=shift.id, terminal_id=register, terminal="register-1",
                   amount=Money.of(9_900), method="card")

    def face(amount: int, *path: TxState) -> str:
        tx = create_transaction(db, terminal_id=kiosk, amount=Money.of(amount))
        for step in path:
            advance(db, tx.id, step, **({"captured_minor": amount} if step is S.APPROVED else {}))
        return tx.id

    face(12_550, S.VERIFYING, S.AUTHORIZING, S.APPROVED)
    partly = face(20_000, S.VERIFYING, S.AUTHORIZING, S.APPROVED)
    advance(db, partly, S.PARTIALLY_REFUNDED, refunded_minor=5_000)
    face(3_000, S.VERIFYING, S.AUTHORIZING, S.DECLINED)
    face(4_000, S.CANCELLED)
    face(7_000, S.VERIFYING, S.AUTHORIZING, S.APPROVED)
    return {"kari": kari, "shift": shift, "change": change}


def test_cash_gives_change_and_a_face_payment_never_skips_verification(db: Database, day: dict) -> None:  # type: ignore[type-arg]
    assert day["change"] == Money.of(5_050)
    kiosk = ensure_terminal(db, "kiosk-1", "kiosk")
    tx = create_transaction(db, terminal_id=kiosk, amount=Money.of(100))
    with pytest.raises(IllegalTransition):
        advance(db, tx.id, S.APPROVED, captured_minor=100)
    with pytest.raises(InvalidInput, match="must cover"):
        record_payment(db, day["kari"], shift_id=day["shift"].id, terminal_id=day["shift"].terminal_id,
                       terminal="register-1", amount=Money.of(500), method="cash", tendered=Money.of(200))


def test_the_x_report_equals_the_sum_of_its_transactions(db: Database, day: dict) -> None:  # type: ignore[type-arg]
    report = build_report(db, "x", date.today())
    listed = [get_transaction(db, i) for i in report.transaction_ids]
    assert len(listed) == 8  # three at the register, five at the kiosk
    for method in ("face", "cash", "card"):
        paid = [t for t in listed if t.method == method and t.state in PAID]
        assert report.methods[method].count == len(paid)
        assert report.methods[method].sales_minor == sum(t.captured_minor for t in paid)
        assert report.methods[method].refunds_minor == sum(t.refunded_minor for t in paid)
    assert report.methods["face"].net_minor == 12_550 + 20_000 - 5_000 + 7_000
    assert report.methods["cash"].net_minor == 25_950 and report.methods["card"].net_minor == 9_900
    assert report.net_minor == 34_550 + 25_950 + 9_900
    assert (report.declined, report.not_completed) == (1, 1)


def test_closing_a_shift_counts_the_drawer_and_the_z_report_shows_the_variance(db: Database, day: dict) -> None:  # type: ignore[type-arg]
    count = {100_000: 1, 20_000: 1, 5_000: 1, 500: 1, 100: 4}  # 1259 kr counted
    closed = close_shift(db, day["kari"], shift_id=day["shift"].id, terminal="register-1", count=count)
    assert closed.expected_cash == 100_000 + 24_950 + 1_000
    assert closed.counted_cash == 125_900 and closed.variance == -50
    z = build_report(db, "z", date.today())
    assert [s.variance for s in z.shifts] == [-50]
    assert "variance -NOK 0.50" in "\n".join(z.lines())
    with pytest.raises(InvalidInput, match="not open"):
        close_shift(db, day["kari"], shift_id=day["shift"].id, terminal="register-1", count=count)


def test_shift_rules(db: Database, day: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput, match="already open"):
        open_shift(db, day["kari"], terminal_id=day["shift"].terminal_id, terminal="register-1",
                   opening_float=Money.of(0))
    with pytest.raises(InvalidInput, match="count notes and coins"):
        close_shift(db, day["kari"], shift_id=day["shift"].id, terminal="register-1", count={300: 1})
    close_shift(db, day["kari"], shift_id=day["shift"].id, terminal="register-1", count={})
    with pytest.raises(InvalidInput, match="open one first"):
        record_payment(db, day["kari"], shift_id=day["shift"].id, terminal_id=day["shift"].terminal_id,
                       terminal="register-1", amount=Money.of(100), method="card")


def seller(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from tests.register_fixture import SELLER

    for key, value in SELLER.items():
        monkeypatch.setenv(f"FACEPAY_{key.upper()}", value)


def test_report_cli_prints_json_and_writes_a_pdf(db_url: str, day: dict, tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def, type-arg]
    seller(monkeypatch)
    monkeypatch.setenv("FACEPAY_DB_URL", db_url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    assert main(["report", "x", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["face_net_minor"] == 34_550 and out["other_net_minor"] == 25_950 + 9_900
    assert main(["report", "z", "--pdf", str(tmp_path / "z.pdf")]) == 0
    assert (tmp_path / "z.pdf").read_bytes().startswith(b"%PDF")
    assert main(["report", "x", "--date", "26.11.2026"]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_a_z_report_anchors_the_audit_chain_and_prints_the_anchor(db_url: str, day: dict, tmp_path: Path,  # type: ignore[no-untyped-def, type-arg]
                                                                  monkeypatch, capsys) -> None:
    """`facepay report z` takes the register's legal Z (the one way): one per day, anchored in its
    own transaction, and the anchor it prints is the one `audit verify` names."""
    seller(monkeypatch)
    monkeypatch.setenv("FACEPAY_DB_URL", db_url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    assert main(["keys", "init"]) == 0
    capsys.readouterr()
    assert main(["report", "z", "--json"]) == 0
    z = json.loads(capsys.readouterr().out)
    assert len(z["audit_head"]) == 64 and z["audit_anchor"].startswith("#1 at event ")
    assert main(["register", "report", "z"]) == 2  # the same Z, taken again another way: refused
    assert "one Z report per register per day" in capsys.readouterr().err
    assert main(["audit", "verify", "--json"]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert verified["ok"] and verified["anchors_checked"] and verified["anchors"] == 1
    assert verified["last_anchor"] == z["audit_anchor"]  # what the paper shows


def test_a_report_uses_one_money_format_per_language(db_url: str, day: dict, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def, type-arg]
                                                     capsys) -> None:
    seller(monkeypatch)
    monkeypatch.setenv("FACEPAY_DB_URL", db_url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    assert main(["report", "x", "--language", "nb"]) == 0
    nb = capsys.readouterr().out
    assert "Netto omsetning: " in nb and "\u00a0kr" in nb and "NOK" not in nb and "Net takings" not in nb
    assert main(["report", "x", "--language", "en"]) == 0
    en = capsys.readouterr().out
    assert "Net takings: NOK " in en and "\u00a0kr" not in en and "Netto" not in en
