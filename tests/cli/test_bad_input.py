"""Bad input from a hostile or careless caller gets one plain line and a non-zero exit, never
"internal error", on both databases (issue 28's list)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from pos_app.cli.main import main
from pos_app.core.db import Database
from pos_app.core.terminals import ensure_terminal
from tests.register_fixture import SELLER

NOT_UTF8 = b"Kari \xff".decode("utf-8", "surrogateescape")  # as argv holds it on a non-UTF-8 terminal


@pytest.fixture
def env(tmp_path: Path, db_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FACEPAY_DB_URL", db_url)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    for key, value in SELLER.items():
        monkeypatch.setenv(f"FACEPAY_{key.upper()}", value)
    db = Database(db_url)
    db.upgrade()
    ensure_terminal(db, "kiosk-1", "kiosk")
    db.dispose()
    return tmp_path


def one_plain_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    return err


@pytest.mark.parametrize("order, words", [("x" * 200, "longer than 64"), (NOT_UTF8, "not valid UTF-8"),
                                           ("A\x1bpB", None)])
def test_an_order_reference_is_plain_text_the_bank_accepts(env: Path, capsys, order: str,  # type: ignore[no-untyped-def]
                                                           words: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    from pos_app.core.operators import add_operator

    db = Database(os.environ["FACEPAY_DB_URL"])
    add_operator(db, username="kari", display_name="Kari", role="cashier", secret="4821", actor="test")
    db.dispose()
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    code = main(["sale", "send", "--kiosk", "kiosk-1", "--amount", "100", "--order", order, "--by", "kari", "--pin-stdin"])
    err = one_plain_line(capsys)
    if words is None:  # control characters are dropped, the rest kept
        assert code == 0
        from pos_app.core.models import Transaction

        db = Database(os.environ["FACEPAY_DB_URL"])
        with db.session() as s:
            assert s.query(Transaction.order_ref).scalar() == "ApB"
        db.dispose()
    else:
        assert code != 0 and words in err


def test_an_export_period_beyond_one_year_or_reason_is_refused(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["saft", "export", "--from", "0001-01-01", "--to", "9999-12-31", "--out", str(env)]) != 0
    assert "one fiscal year" in one_plain_line(capsys)
    assert main(["saft", "export", "--from", "0001-01-01", "--to", "0001-12-31", "--out", str(env)]) != 0
    assert "before 2000" in one_plain_line(capsys)


def test_a_non_utf8_owner_name_at_the_bank_is_refused(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    bank_db = f"sqlite:///{env / 'bank.db'}"
    assert main(["bank", "account", "add", "--owner", NOT_UTF8, "--balance", "100", "--db", bank_db]) != 0
    assert "not valid UTF-8" in one_plain_line(capsys)


def test_a_config_file_that_is_not_utf8_is_named(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    config = env / "config.toml"
    config.write_bytes(b'company_name = "Butikk \xff"\n')
    assert main(["--config", str(config), "db", "current"]) != 0
    assert "is not UTF-8 text" in one_plain_line(capsys)


@pytest.mark.parametrize("value, words", [("Butikk\x1bp AS", "control character"), ("B" * 100_000, "longer than 70")])
def test_the_sellers_name_takes_no_printer_commands_and_no_novel(env: Path, capsys, monkeypatch,  # type: ignore[no-untyped-def]
                                                                 value: str, words: str) -> None:
    monkeypatch.setenv("FACEPAY_COMPANY_NAME", value)
    assert main(["register", "report", "x"]) != 0
    assert words in one_plain_line(capsys)


def test_a_headless_checkout_is_refused_while_the_screen_light_check_is_on(env: Path, capsys,  # type: ignore[no-untyped-def]
                                                                           monkeypatch, test_data: Path) -> None:
    video = test_data / "liveness" / "real" / "bonafide" / "sivakumar_kevin.mp4"
    monkeypatch.setenv("FACEPAY_LIVENESS_SCREEN_LIGHT", "on")
    assert main(["keys", "init"]) == 0
    code = main(["checkout", "--amount", "12550", "--camera", str(video), "--challenge", "blink",
                 "--pass", str(env / "no-pass.png")])
    err = one_plain_line(capsys)
    assert code != 0 and "refused here while liveness_screen_light is on" in err, err
