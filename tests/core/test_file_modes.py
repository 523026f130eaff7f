"""What FacePay writes about a person is private (0600), and doctor refuses a data dir others can
read; the app narrows what it owns when it starts."""

from __future__ import annotations

import io
import json
import stat
import sys
from pathlib import Path

import pytest

from pos_app.cli.main import main


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    return tmp_path / "data"


def test_the_database_file_is_private_from_its_first_byte(data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0
    assert mode(data) == 0o700 and mode(data / "facepay.db") == 0o600
    assert all(mode(p) == 0o600 for p in data.glob("facepay.db*"))


def test_a_pass_and_an_export_are_written_0600(data: Path, tmp_path: Path, test_data: Path, capsys,  # type: ignore[no-untyped-def]
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    faces = test_data / "faces" / "identities" / "obama"
    card = tmp_path / "pass.pdf"
    card.write_bytes(b"an old, world-readable file in the way")
    card.chmod(0o644)
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    capsys.readouterr()
    assert main(["enroll", "--name", "Kari", "--consent-by", "desk", "--pin-stdin", "--pass-out", str(card), "--json",
                 *(x for f in ("obama.jpg", "obama3.jpg", "obama4.jpg") for x in ("--image", str(faces / f)))]) == 0
    customer = json.loads(capsys.readouterr().out)["customer_id"]
    assert mode(card) == 0o600 and card.read_bytes().startswith(b"%PDF")
    out = tmp_path / "export.json"
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["export", "--customer", customer, "--out", str(out), "--by", "desk", "--pin-stdin"]) == 0
    assert mode(out) == 0o600
    assert not list(tmp_path.glob(".*.part"))  # nothing half-written left behind


def test_doctor_fails_on_a_data_dir_others_can_read_and_the_app_narrows_it(data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0
    data.chmod(0o755)
    (data / "facepay.db").chmod(0o644)
    capsys.readouterr()
    main(["doctor", "--json"])
    check = next(c for c in json.loads(capsys.readouterr().out) if c["check"] == "data dir")
    assert not check["ok"] and "mode 0755" in check["detail"] and "mode 0644" in check["detail"]
    assert "chmod -R go-rwx" in check["hint"]
    assert mode(data) == 0o755  # doctor reports; it does not change things behind the operator's back
    assert main(["db", "upgrade"]) == 0  # any command that opens the data dir narrows what it owns
    assert mode(data) == 0o700 and mode(data / "facepay.db") == 0o600
    capsys.readouterr()
    main(["doctor", "--json"])
    check = next(c for c in json.loads(capsys.readouterr().out) if c["check"] == "data dir")
    assert check["ok"], check


def test_the_banks_database_and_its_side_files_are_private(tmp_path: Path) -> None:
    """bank.db-wal held accounts and tokens at 0644; an older, wider database is narrowed."""
    from payments.mock_bank import store

    path = tmp_path / "bank.db"
    engine = store.open_engine(f"sqlite:///{path}")
    store.add_terminal(engine, "kiosk-1")
    assert {p.name: mode(p) for p in tmp_path.glob("bank.db*")} == {
        n: 0o600 for n in ("bank.db", "bank.db-wal", "bank.db-shm")}
    engine.dispose()
    for p in tmp_path.glob("bank.db*"):
        p.chmod(0o644)
    store.open_engine(f"sqlite:///{path}").dispose()
    assert all(mode(p) == 0o600 for p in tmp_path.glob("bank.db*"))


def test_doctor_names_a_readable_file_inside_a_private_folder(data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0
    (data / "exports").mkdir(mode=0o700)
    leaked = data / "exports" / "customer-1.json"
    leaked.write_text("{}")
    leaked.chmod(0o644)
    capsys.readouterr()
    main(["doctor", "--json"])
    check = next(c for c in json.loads(capsys.readouterr().out) if c["check"] == "data dir")
    assert not check["ok"] and f"{leaked} is mode 0644" in check["detail"]



def test_the_log_is_private_from_its_first_byte_and_after_a_rotation(tmp_path: Path) -> None:
    """The installer's smoke test found logs/facepay.log at 0644 (doctor now looks inside logs/)."""
    import logging

    from pos_app import logs

    path = logs.configure(tmp_path)
    try:
        assert path is not None
        logging.getLogger("facepay.test").warning("a line")
        assert mode(path) == 0o600
        handler = next(h for h in logging.getLogger().handlers if isinstance(h, logs.PrivateRotatingFileHandler))
        handler.doRollover()
        logging.getLogger("facepay.test").warning("another line")
        assert all(mode(p) == 0o600 for p in path.parent.iterdir())
    finally:
        logs.configure(None)
