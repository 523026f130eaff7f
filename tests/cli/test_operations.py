"""What keeps a kiosk running for months: systemd's readiness and watchdog, logs without secrets,
a support bundle, schema rollback and backup, and the erase-everything step of an uninstall."""

from __future__ import annotations

import json
import logging
import socket
import zipfile
from pathlib import Path

import pytest

from pos_app import logs
from pos_app.cli.main import main
from pos_app.core.db import SCHEMA_HEAD
from tests.bank_fixture import free_port
from tests.cli.test_ui_cli import run as run_app


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_the_kiosk_tells_systemd_it_is_ready_and_keeps_feeding_the_watchdog(tmp_path: Path) -> None:
    import threading

    address = str(tmp_path / "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(address)
    listener.settimeout(1.0)
    messages: list[str] = []
    stop = threading.Event()

    def listen() -> None:  # as systemd does: read each notification as it comes
        while not stop.is_set():
            try:
                messages.append(listener.recv(256).decode())
            except TimeoutError:
                continue

    reader = threading.Thread(target=listen)
    reader.start()
    try:
        done = run_app(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "3",
                       FACEPAY_BANK_URL=f"http://127.0.0.1:{free_port()}", NOTIFY_SOCKET=address,
                       WATCHDOG_USEC="400000")
    finally:
        stop.set()
        reader.join()
        listener.close()
    assert done.returncode == 0, done.stderr
    assert messages[0] == "READY=1"
    # Pinged every 0.2 s from the UI thread for about three seconds.
    assert messages.count("WATCHDOG=1") >= 8, messages


def test_a_full_notify_queue_never_blocks_the_kiosk(tmp_path: Path) -> None:
    address = str(tmp_path / "unread.sock")
    unread = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    unread.bind(address)
    done = run_app(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "2",
                   FACEPAY_BANK_URL=f"http://127.0.0.1:{free_port()}", NOTIFY_SOCKET=address, WATCHDOG_USEC="20000")
    unread.close()
    assert done.returncode == 0 and "KioskWindow shown" in done.stderr


def test_logs_mask_secrets_and_are_json_lines(tmp_path: Path) -> None:
    path = logs.configure(tmp_path)
    assert path is not None
    log = logging.getLogger("pos_app.test")
    log.info("scanned FACEPAY:1:3f6c2a9e-51d4-4c55-9a57-2b1f0c7d8e11:q83vEjRWeJq83vEjRWeJq83vEjRWeJ")
    log.warning("config has bank_terminal_key=tk_Zk9v0gQx1yPz7hWc8nRt5uLm and pin=4821")
    log.info("db postgresql://pos:hunter2@db.local/shop")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = path.read_text()
    for secret in ("q83vEjRW", "tk_Zk9v0gQx", "4821", "hunter2"):
        assert secret not in text
    entries = [json.loads(line) for line in text.splitlines()]
    assert entries[0]["message"] == "scanned FACEPAY:1:<pass>"
    assert entries[1]["level"] == "WARNING" and entries[1]["message"].endswith("pin=<hidden>")
    logs.configure(None)  # back to stderr only for the rest of the tests


def test_doctor_writes_a_support_bundle_without_secrets(env: Path, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACEPAY_BANK_TERMINAL_KEY", "tk_Zk9v0gQx1yPz7hWc8nRt5uLm")
    monkeypatch.setenv("FACEPAY_DB_URL", f"sqlite:///{env / 'facepay.db'}")
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    logs.configure(env)
    logging.getLogger("pos_app.test").info("started with pin=1234")
    for handler in logging.getLogger().handlers:
        handler.flush()
    out = tmp_path / "support.zip"
    code = main(["doctor", "--skip", "camera,bank", "--support-bundle", str(out), "--json"])
    printed = json.loads(capsys.readouterr().out)
    logs.configure(None)
    assert code == 1  # no liveness models or key file here: the bundle is for exactly such a day
    assert "camera" not in {c["check"] for c in printed} and "bank" not in {c["check"] for c in printed}
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["README.txt", "config.json", "doctor.json", "facepay.log", "versions.json"]
        everything = "".join(z.read(name).decode() for name in z.namelist())
        config = json.loads(z.read("config.json"))
        assert json.loads(z.read("versions.json"))["facepay"] == "0.1.0"
    assert config["bank_terminal_key"] == "<set>" and "tk_Zk9v0gQx" not in everything
    assert "started with pin=<hidden>" in everything and "1234" not in everything


def test_doctor_refuses_an_unknown_check_to_skip(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["doctor", "--skip", "camra"]) == 2
    assert "unknown check(s) camra" in capsys.readouterr().err


def test_a_schema_upgrade_can_be_rolled_back_and_the_file_backed_up(env: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert main(["db", "current"]) == 0 and capsys.readouterr().out.strip() == SCHEMA_HEAD
    assert main(["db", "backup", str(tmp_path / "backup.db")]) == 0
    assert main(["db", "downgrade", "0001"]) == 0
    assert main(["db", "current"]) == 0 and capsys.readouterr().out.splitlines()[-1] == "0001"
    assert main(["db", "upgrade"]) == 0
    from pos_app.core.db import Database

    copy = Database(f"sqlite:///{tmp_path / 'backup.db'}")
    assert copy.current_revision() == SCHEMA_HEAD
    copy.dispose()
    assert main(["db", "downgrade", "0999"]) == 1
    assert "cannot go back to schema '0999'" in capsys.readouterr().err


def test_erase_all_needs_the_word_and_then_leaves_nothing_to_decrypt(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.db import Database
    from pos_app.core.models import Customer, FaceTemplate

    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    db = Database(f"sqlite:///{env / 'facepay.db'}")
    with db.session() as s:
        s.add(Customer(id="c-1", display_name="Ann"))
        s.add(FaceTemplate(customer_id="c-1", model_id="m", ciphertext=b"x" * 40, wrapped_key=b"k" * 40,
                           key_wrap="shopper"))
    assert main(["erase-all"]) == 2
    assert "pass --confirm ERASE" in capsys.readouterr().err
    assert main(["erase-all", "--confirm", "ERASE"]) == 0
    assert capsys.readouterr().out.startswith("erased 1 customer(s), 1 template(s) crypto-erased; key file destroyed")
    with db.session() as s:
        assert s.query(FaceTemplate).count() == 0 and s.get(Customer, "c-1").status == "erased"
    assert not (env / "keys" / "facepay.key").exists()
    db.dispose()


def test_a_downgrade_never_drops_the_cash_registers_records(db_url: str, tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before: `facepay db downgrade 0003` exited 0 on PostgreSQL and dropped every receipt,
    signature and Z report; `db upgrade` then restarted at receipt number 1."""
    from pos_app.core.db import Database
    from tests.register_fixture import groceries, open_till

    monkeypatch.setenv("FACEPAY_DB_URL", db_url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    db = Database(db_url)
    db.upgrade()
    till = open_till(db, tmp_path)
    till.sell(groceries())
    capsys.readouterr()
    assert main(["db", "downgrade", "0003"]) != 0
    err = capsys.readouterr().err
    assert "would delete records that must be kept" in err and "1 receipts" in err
    assert db.current_revision() == SCHEMA_HEAD
    with db.session() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT count(*) FROM legal_receipts")).scalar() == 1
    # Nor may a later step drop the signing keys' public halves, which old receipts are checked with.
    assert main(["db", "downgrade", "0005"]) != 0
    assert "signing key versions that signed receipts" in capsys.readouterr().err
    assert db.current_revision() == SCHEMA_HEAD
    db.dispose()
