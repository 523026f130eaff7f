"""The bank commands and a bank-linked enrollment, against a real `facepay bank serve`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from pos_app.cli.main import main
from tests.cli.test_vault_cli import enroll_args, shots  # noqa: F401 - the frames fixture
from tests.bank_fixture import Bank


@pytest.fixture
def pos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bank: Bank, capsys) -> Path:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(data))
    monkeypatch.setenv("FACEPAY_BANK_URL", bank.url)
    monkeypatch.setenv("FACEPAY_BANK_TERMINAL_ID", bank.terminal_id)
    monkeypatch.setenv("FACEPAY_BANK_TERMINAL_KEY", bank.key)
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    capsys.readouterr()
    return data


def test_account_and_terminal_provisioning(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    db = f"sqlite:///{tmp_path / 'bank.db'}"
    assert main(["bank", "account", "add", "--owner", "Kari", "--balance", "25000", "--db", db, "--json"]) == 0
    account = json.loads(capsys.readouterr().out)
    assert len(account["account_number"]) == 11 and account["balance"] == 25000
    assert main(["bank", "terminal", "add", "kiosk-9", "--db", db, "--json"]) == 0
    terminal = json.loads(capsys.readouterr().out)
    assert terminal["terminal_id"].startswith("term_") and terminal["key"].startswith("tk_")
    assert main(["bank", "account", "add", "--owner", "X", "--balance", "-1", "--db", db]) == 2


def test_enrollment_links_a_bank_account_and_stores_only_its_token(pos: Path, bank: Bank, shots, tmp_path: Path,  # noqa: F811
                                                                   capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    account = bank.account(50_000)
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(enroll_args(shots, tmp_path / "pass.png") + ["--bank-account", account]) == 0
    customer = json.loads(capsys.readouterr().out)["customer_id"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["export", "--customer", customer, "--by", "desk", "--pin-stdin"]) == 0
    links = json.loads(capsys.readouterr().out)["bank_links"]
    assert [link["account"] for link in links] == ["•••• " + account[-4:]]
    db_bytes = b"".join(p.read_bytes() for p in pos.glob("facepay.db*"))
    assert account.encode() not in db_bytes  # the account number itself is never stored
    # Nor the bank's token in the clear: it is sealed with the key file's token key.
    from sqlalchemy import create_engine, text

    with create_engine(bank.db_url).connect() as conn:
        token = conn.execute(text("SELECT token FROM bank_tokens WHERE account_number = :a"), {"a": account}).scalar()
    assert token and token.encode() not in db_bytes
    from pos_app.core import customers
    from pos_app.core.db import Database
    from pos_app.core.vault import KeyFile

    keys = KeyFile.load(pos / "keys" / "facepay.key")
    assert customers.payment_token(Database(f"sqlite:///{pos / 'facepay.db'}"), keys, customer)[0] == token


def test_an_unknown_bank_account_enrolls_nobody(pos: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    code = main(enroll_args(shots, tmp_path / "pass.png") + ["--bank-account", "12345678901"])
    assert code == 2 and "would not link account 12345678901: no such account" in capsys.readouterr().err
    assert not (tmp_path / "pass.png").exists()


def test_doctor_proves_the_terminal_credentials(pos: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    main(["doctor", "--json"])
    bank_check = next(c for c in json.loads(capsys.readouterr().out) if c["check"] == "bank")
    assert bank_check["ok"] and "accepted" in bank_check["detail"]
    monkeypatch.setenv("FACEPAY_BANK_TERMINAL_KEY", "tk_wrong")
    main(["doctor", "--json"])
    bank_check = next(c for c in json.loads(capsys.readouterr().out) if c["check"] == "bank")
    assert not bank_check["ok"] and "refused terminal" in bank_check["detail"]


def test_doctor_runs_back_to_back_are_not_replays(pos: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # The installer polls doctor until the bank answers, then runs it once more: several runs fall
    # in the same second, and each must sign a request of its own.
    for _ in range(4):
        main(["doctor", "--json", "--skip", "camera,models,liveness"])
        bank_check = next(c for c in json.loads(capsys.readouterr().out) if c["check"] == "bank")
        assert bank_check["ok"], bank_check["detail"]


def test_reconcile_settles_a_charge_whose_answer_was_lost(pos: Path, bank: Bank, capsys) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.db import Database
    from pos_app.core.money import Money
    from pos_app.core.states import TxState
    from pos_app.core.terminals import ensure_terminal
    from pos_app.core.transactions import advance, create_transaction
    from pos_app.flows.charging import charge

    db = Database(f"sqlite:///{pos / 'facepay.db'}")
    tx = create_transaction(db, terminal_id=ensure_terminal(db, "kiosk-1", "kiosk"), amount=Money.of(6064))
    advance(db, tx.id, TxState.VERIFYING)
    token = bank.token(bank.account(test=True))
    assert charge(db, bank.client(max_retries=0), tx.id, token).state is TxState.UNKNOWN  # commit, then drop
    assert main(["reconcile", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["settled"] == [{"id": tx.id, "state": "approved"}]
