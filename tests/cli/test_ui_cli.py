"""`facepay kiosk` and `facepay desk` as a user starts them: the README's quick start, offscreen."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.embedded_bank import answers
from tests.bank_fixture import free_port

ROOT = Path(__file__).resolve().parents[2]


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "FACEPAY_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
                   "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.run([sys.executable, "-m", "pos_app", *args], env=environment, capture_output=True, text=True,
                          timeout=120)


def test_the_readme_quick_start_starts_the_kiosk() -> None:
    first = re.findall(r"```sh\n(.+?)\n```", (ROOT / "README.md").read_text(encoding="utf-8"))[0]
    assert first.endswith("facepay kiosk --demo") and "pip install -q ." in first


def test_the_kiosk_starts_on_the_embedded_defaults_and_stops_its_bank(tmp_path: Path, test_data: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    video = test_data / "liveness" / "bonafide" / "blink_1.mp4"  # this machine may have no webcam
    done = run(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "4", FACEPAY_BANK_URL=url,
               FACEPAY_CAMERA=str(video))
    assert done.returncode == 0, done.stderr
    assert "KioskWindow shown" in done.stderr
    data = tmp_path / "data"
    assert (data / "facepay.db").is_file() and (data / "keys" / "facepay.key").is_file()
    credentials = data / "embedded-bank.json"
    assert set(json.loads(credentials.read_text())) == {"terminal_id", "key"}
    assert stat.S_IMODE(credentials.stat().st_mode) == 0o600
    assert "mock bank listening" in (data / "logs" / "embedded-bank.log").read_text()
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in (data / "logs").iterdir()} == {
        "embedded-bank.log": 0o600, "facepay.log": 0o600}
    assert not answers(url)  # the bank the kiosk started went with it
    # After the one install command, every model is in place: face payment is available at once.
    assert "face payment available" in done.stderr and "face payment unavailable" not in done.stderr


def test_the_desk_starts_and_a_remote_bank_without_credentials_is_refused(tmp_path: Path) -> None:
    done = run(tmp_path, "desk", "--windowed", "--quit-after", "1", FACEPAY_BANK_URL=f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 0 and "DeskWindow shown" in done.stderr
    done = run(tmp_path, "kiosk", "--quit-after", "1", FACEPAY_BANK_URL="https://bank.example.com")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("facepay: no bank terminal configured for https://bank.example.com")


def test_the_kiosk_paints_its_idle_screen_before_it_imports_the_database_layer(tmp_path: Path) -> None:
    """Issue 32: SQLAlchemy and the store's first queries were half of the kiosk's start; the
    session's worker opens the store after the first paint, so the shop sees the kiosk sooner."""
    url = f"http://127.0.0.1:{free_port()}"
    assert run(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "1", FACEPAY_BANK_URL=url).returncode == 0
    done = run(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "1", FACEPAY_BANK_URL=url,
               PYTHONPROFILEIMPORTTIME="1")  # every import, in order, on stderr beside the log
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stderr.splitlines()
    shown = next(i for i, line in enumerate(lines) if "KioskWindow shown" in line)
    database = next(i for i, line in enumerate(lines) if re.search(r"\|\s+sqlalchemy\b", line))
    assert shown < database


def test_a_kiosk_whose_database_cannot_open_closes_says_why_and_takes_its_bank_along(tmp_path: Path) -> None:
    """The kiosk opens its store after its idle screen has painted (issue 32): a store that cannot
    open still ends the command with its one line and exit code, as when it opened first."""
    url = f"http://127.0.0.1:{free_port()}"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "facepay.db").write_bytes(b"not a database, " * 512)
    done = run(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "60", FACEPAY_BANK_URL=url)
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith("facepay: cannot reach the database at sqlite:") and "file is not a database" in lines[-1]
    shown = next(i for i, line in enumerate(lines) if "KioskWindow shown" in line)
    assert shown < next(i for i, line in enumerate(lines) if "the kiosk cannot start" in line)
    assert "Traceback" not in done.stderr
    assert not answers(url)


def test_the_register_journals_its_start_and_its_stop(tmp_path: Path) -> None:
    """Before: `facepay admin` journaled 13001 but never 13002."""
    done = run(tmp_path, "admin", "--windowed", "--quit-after", "1", FACEPAY_BANK_URL=f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 0, done.stderr
    journal = run(tmp_path, "register", "journal", "--json")
    codes = [e["code"] for e in json.loads(journal.stdout)]
    assert codes[-2:] == ["13001", "13002"]


def start(tmp_path: Path, *args: str, **env: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "FACEPAY_DATA_DIR": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg"),
                   "QT_QPA_PLATFORM": "offscreen", **env}
    return subprocess.Popen([sys.executable, "-m", "pos_app", *args], env=environment, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(condition, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("command", [["kiosk", "--demo"], ["desk"], ["admin"]])
def test_each_screen_stops_on_sigterm_and_ctrl_c_journals_it_and_takes_its_bank_along(tmp_path: Path,
                                                                                       command: list[str]) -> None:
    """Before: the kiosk ignored SIGTERM and Ctrl+C, and its bank outlived it on port 8765."""
    import signal

    for signum in (signal.SIGTERM, signal.SIGINT):
        url = f"http://127.0.0.1:{free_port()}"
        kiosk = start(tmp_path, *command, "--windowed", FACEPAY_BANK_URL=url)
        assert wait_for(lambda: answers(url)), kiosk.stderr.read() if kiosk.poll() is not None else "no bank"
        assert wait_for(lambda: "facepay.log" in {p.name for p in (tmp_path / "data" / "logs").glob("*.log")})
        kiosk.send_signal(signum)
        assert kiosk.wait(timeout=20) == 0
        assert wait_for(lambda: not answers(url), 10)
    if command[0] != "desk":  # the desk is no point of sale: it journals no start or stop
        journal = run(tmp_path, "register", "journal", "--all", "--json")
        codes = [e["code"] for e in json.loads(journal.stdout)]
        assert codes.count("13001") == codes.count("13002") == 2


def test_the_demo_bank_dies_with_a_kiosk_killed_outright(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    kiosk = start(tmp_path, "kiosk", "--demo", "--windowed", FACEPAY_BANK_URL=url)
    assert wait_for(lambda: answers(url))
    kiosk.kill()  # kill -9: no finally runs
    kiosk.wait(timeout=10)
    assert wait_for(lambda: not answers(url), 10)


def test_a_demo_refuses_a_port_another_program_holds_and_names_it(tmp_path: Path) -> None:
    import socket

    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        done = run(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "1",
                   FACEPAY_BANK_URL=f"http://127.0.0.1:{port}")
    finally:
        holder.close()
    assert done.returncode == 2
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith(f"facepay: port {port} is held by another program (pid {os.getpid()}: ")


def test_a_kiosk_without_a_camera_turns_face_payment_off_and_says_why(tmp_path: Path) -> None:
    """Before: with no camera the kiosk still offered "Pay with face", then failed with a generic
    message and a "Try again" that could not help, and wrote a traceback to the log."""
    done = run(tmp_path, "kiosk", "--demo", "--windowed", "--quit-after", "3",
               FACEPAY_BANK_URL=f"http://127.0.0.1:{free_port()}", FACEPAY_CAMERA="7")
    assert done.returncode == 0, done.stderr
    assert "face payment unavailable: no camera is connected (/dev/video7 does not exist)" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_kiosk_on_a_recording_asks_only_for_the_blink_it_shows(tmp_path: Path, test_data: Path) -> None:
    """Before: a recording at the kiosk was asked for a random turn that a blink-only video
    cannot answer, so a demo on the shared videos never reached APPROVED."""
    from liveness.active import Challenge
    from pos_app.assembly import kiosk_services
    from pos_app.core.config import Settings
    from pos_app.core.db import Database
    from pos_app.core.vault import KeyFile

    settings = Settings(data_dir=tmp_path, camera=str(test_data / "liveness" / "bonafide" / "blink_1.mp4"))
    KeyFile.create(settings.key_path)
    db = Database(settings.database_url)
    db.upgrade()
    services = kiosk_services(settings, db, None)
    assert services.challenges == [Challenge.BLINK]
    assert services.active.onset_delay_seconds == (0.0, 0.0)  # the video blinks at its own time
    db.dispose()
