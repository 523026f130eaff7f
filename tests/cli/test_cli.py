"""The `facepay` command as an operator uses it: exit codes, one-line errors, real databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import pytest

from pos_app.cli.main import main
from tests.bank_fixture import bank  # noqa: F401 - fixture


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str, str]:
    if stdin is not None:
        assert monkeypatch is not None
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def facepay(*argv: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "pos_app", *argv], capture_output=True, text=True,
                          input=stdin, env=full_env, timeout=120)


def test_first_run_upgrade_add_operator_list_and_verify(env: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "db", "upgrade")
    assert code == 0 and "upgraded from empty to" in out
    code, out, _ = run(capsys, "operator", "add", "ola", "--role", "manager", "--name", "Ola",
                       "--pin-stdin", stdin="4821\n", monkeypatch=monkeypatch)
    assert code == 0 and out.startswith("added manager ola")
    code, out, _ = run(capsys, "operator", "list", "--json")
    assert [(o["username"], o["role"], o["disabled"]) for o in json.loads(out)] == [("ola", "manager", False)]
    code, out, _ = run(capsys, "operator", "disable", "ola")
    assert code == 0
    code, out, _ = run(capsys, "operator", "list")
    assert "disabled" in out
    code, out, _ = run(capsys, "audit", "verify")
    # the upgrade journals the software version (13007) and the SAF-T key it made (13999), then
    # the two operator events
    assert code == 0 and out.startswith("audit chain OK: 4 events")


def test_commands_before_upgrade_say_what_to_run(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "operator", "list")
    assert code == 1 and "facepay db upgrade" in err and len(err.strip().splitlines()) == 1


def test_weak_pin_is_refused_and_nothing_is_saved(env: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run(capsys, "db", "upgrade")
    code, _, err = run(capsys, "operator", "add", "ola", "--role", "cashier", "--pin-stdin",
                       stdin="12\n", monkeypatch=monkeypatch)
    assert code == 2 and err.strip() == "facepay: a PIN must have 4 to 12 digits"
    assert "no operators yet" in run(capsys, "operator", "list")[1]


def test_tampered_audit_trail_fails_verification_naming_the_event(env: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    run(capsys, "db", "upgrade")
    for name in ("a1", "a2", "a3"):
        run(capsys, "operator", "add", name, "--role", "cashier", "--pin-stdin", stdin="4821\n", monkeypatch=monkeypatch)
    with sqlite3.connect(env / "facepay.db") as conn:  # the owner of the file drops the guard first
        conn.execute("DROP TRIGGER audit_events_no_update")
        conn.execute("""UPDATE audit_events SET after = '{"role":"admin","username":"a2"}' WHERE seq = 2""")
    code, out, err = run(capsys, "audit", "verify")
    assert code == 1 and err.startswith("audit chain BROKEN at event #2")


def test_audit_verify_on_postgresql(pg_url: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert run(capsys, "--db", pg_url, "db", "upgrade")[0] == 0
    run(capsys, "--db", pg_url, "operator", "add", "ola", "--role", "admin", "--pin-stdin",
        stdin="4821\n", monkeypatch=monkeypatch)
    code, out, _ = run(capsys, "--db", pg_url, "audit", "verify", "--json")
    assert code == 0 and json.loads(out)["events"] == 3  # the software version, the SAF-T key, the operator


def test_bad_config_is_one_line_and_exit_2_without_traceback(tmp_path: Path) -> None:
    proc = facepay("db", "upgrade", env={"FACEPAY_ENGINE": "foo", "FACEPAY_DATA_DIR": str(tmp_path)})
    assert proc.returncode == 2
    assert proc.stderr == "facepay: unknown engine 'foo'; choose sface, dlib, insightface\n"


def test_unreachable_database_is_one_line_and_non_zero(tmp_path: Path) -> None:
    proc = facepay("--db", "postgresql://postgres@127.0.0.1:1/none", "db", "upgrade")
    assert proc.returncode == 1
    assert proc.stderr.startswith("facepay: cannot reach the database at postgresql+psycopg://postgres@127.0.0.1:1/none")
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr


def test_unwritable_data_dir_is_one_line_and_non_zero(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    proc = facepay("db", "upgrade", env={"FACEPAY_DATA_DIR": str(tmp_path / "file" / "data")})
    assert proc.returncode == 2 and "is not writable" in proc.stderr and len(proc.stderr.splitlines()) == 1


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self.send_response(200 if self.path == "/v1/health" else 404)
        self.end_headers()
        self.wfile.write(b'{"status":"ok"}')

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    """A real HTTP server on loopback answering the bank's health route, for the doctor's probe."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_doctor_all_ok_with_video_camera_and_reachable_bank(env: Path, test_data: Path, bank, capsys,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    run(capsys, "db", "upgrade")
    run(capsys, "keys", "init")
    monkeypatch.setenv("FACEPAY_BANK_TERMINAL_ID", bank.terminal_id)
    monkeypatch.setenv("FACEPAY_BANK_TERMINAL_KEY", bank.key)
    from tests.register_fixture import SELLER

    for key, value in SELLER.items():
        monkeypatch.setenv(f"FACEPAY_{key.upper()}", value)
    video = test_data / "faces" / "video" / "short_hamilton_clip.mp4"
    code, out, _ = run(capsys, "--camera", str(video), "--bank-url", bank.url, "doctor")
    lines = out.splitlines()
    assert code == 0, out
    assert [line.split()[1] for line in lines] == ["config", "data", "disk", "database", "migrations", "models", "liveness",
                                                   "opencv", "qt", "keys", "seller", "printer", "camera", "bank"]
    assert all(line.startswith("OK") for line in lines)


def test_doctor_reaches_the_printer_names_the_seller_and_creates_nothing(env: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Before: an unreachable tcp://127.0.0.1:9 passed, the seller was not checked, and doctor
    on a fresh data folder made an empty database."""
    import json as json_

    monkeypatch.setenv("FACEPAY_RECEIPT_PRINTER", "tcp://127.0.0.1:9")
    code, out, _ = run(capsys, "doctor", "--json")
    checks = {c["check"]: c for c in json_.loads(out)}
    assert not checks["printer"]["ok"] and "cannot be reached" in checks["printer"]["detail"]
    assert not checks["seller"]["ok"] and "company_name" in checks["seller"]["detail"]
    assert not checks["database"]["ok"] and "no database yet" in checks["database"]["detail"]
    assert not (env / "facepay.db").exists() and code != 0


def test_doctor_warns_when_the_disk_is_nearly_full(env: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    monkeypatch.setattr(shutil, "disk_usage", lambda _: shutil._ntuple_diskusage(8 << 30, (8 << 30) - (200 << 20), 200 << 20))
    code, out, _ = run(capsys, "doctor", "--json")
    disk = next(c for c in json.loads(out) if c["check"] == "disk")
    assert code == 1 and not disk["ok"]
    assert disk["detail"].startswith("only 0.20 GB free") and "free some space" in disk["hint"]


def test_doctor_names_each_failure_with_a_hint(env: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--camera", str(tmp_path / "no-such.mp4"), "--bank-url", "http://127.0.0.1:1", "doctor", "--json")
    checks = {c["check"]: c for c in json.loads(out)}
    assert code == 1
    assert not checks["migrations"]["ok"] and "facepay db upgrade" in checks["migrations"]["hint"]
    assert not checks["camera"]["ok"] and "does not exist" in checks["camera"]["detail"]
    assert not checks["bank"]["ok"] and "no answer" in checks["bank"]["detail"]
    assert checks["models"]["ok"]
    assert not checks["keys"]["ok"] and checks["keys"]["hint"] == "create one with: facepay keys init"
    # Every model a fresh install needs ships inside the package: nothing to fetch first.
    assert checks["liveness"]["ok"] and "SHA-256 as pinned" in checks["liveness"]["detail"]


def test_doctor_names_the_missing_insightface_pack_and_its_licence(env: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--engine", "insightface", "doctor", "--json")
    models = next(c for c in json.loads(out) if c["check"] == "models")
    assert code == 1 and not models["ok"]
    assert "InsightFace pack buffalo_l is not installed" in models["detail"]
    assert "copy the .onnx files" in models["hint"]


def test_choosing_the_non_commercial_engine_prints_its_licence_warning(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    _, _, err = run(capsys, "--engine", "insightface", "models", "list")
    assert "facepay: warning: InsightFace pretrained models are licensed for non-commercial research only" in err
    _, _, err = run(capsys, "models", "list")
    assert "warning" not in err


def test_a_manager_unlocks_a_locked_operator_from_the_command_line(env: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.db import Database
    from pos_app.core.errors import AuthenticationFailed
    from pos_app.core.operators import authenticate

    run(capsys, "db", "upgrade")
    run(capsys, "operator", "add", "kari", "--role", "cashier", "--pin-stdin", stdin="4821\n", monkeypatch=monkeypatch)
    run(capsys, "operator", "add", "mona", "--role", "manager", "--pin-stdin", stdin="8642\n", monkeypatch=monkeypatch)
    db = Database(f"sqlite:///{env / 'facepay.db'}")
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "kari", "0000")
    code, _, err = run(capsys, "operator", "unlock", "kari", "--by", "kari", "--pin-stdin", stdin="4821\n",
                       monkeypatch=monkeypatch)
    assert code != 0 and "locked" in err  # a locked cashier cannot unlock herself
    code, out, _ = run(capsys, "operator", "unlock", "kari", "--by", "mona", "--pin-stdin", stdin="8642\n",
                       monkeypatch=monkeypatch)
    assert code == 0 and out.strip() == "operator kari is unlocked (by mona)"
    assert authenticate(db, "kari", "4821").username == "kari"


def test_doctor_fails_a_bank_that_answers_but_would_refuse_every_payment(env: Path, health_server: str, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--bank-url", health_server, "doctor", "--json")
    bank = next(c for c in json.loads(out) if c["check"] == "bank")
    assert code == 1 and not bank["ok"] and "no terminal credentials" in bank["detail"]
    assert "facepay bank terminal add" in bank["hint"]


def test_doctor_tells_a_machine_without_a_webcam_how_to_use_a_recording(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(capsys, "--camera", "7", "doctor", "--json")
    camera = next(c for c in json.loads(out) if c["check"] == "camera")
    assert not camera["ok"] and "point the camera at a recording" in camera["hint"]


def test_a_broken_video_gives_our_line_and_no_library_noise(env: Path, tmp_path: Path) -> None:
    """libav's own 'moov atom not found' used to print before the clean error (it writes to the
    process's stderr directly, so this runs a child process)."""
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "pos_app", "--data-dir", str(env), "liveness", str(empty),
                           "--challenge", "blink"], capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert done.stderr == f"facepay: cannot open the camera: video {empty} (check the path; a video file, a folder of images " \
                          "or a camera index will do)\n"


def test_help_says_what_a_newcomer_needs(capsys) -> None:  # type: ignore[no-untyped-def]
    for argv in (["enroll", "--help"], ["checkout", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
    text = " ".join(capsys.readouterr().out.split())
    assert "the customer's name" in text and "repeat --image for each, 3 or more" in text
    assert "print the result as JSON" in text
    assert "--camera CAMERA" in text and "needed with a recording" in text


def test_a_wrong_type_of_setting_is_said_in_plain_words(env: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACEPAY_RETENTION_MONTHS", "soon")
    code, _, err = run(capsys, "models", "list")
    assert code != 0 and "retention_months in the environment (FACEPAY_*) must be a whole number, got 'soon'" in err


HEAVY = ("numpy", "sqlalchemy", "PySide6", "onnxruntime", "onnx", "dlib", "cv2")


def _imported(*argv: str) -> set[str]:
    """Top-level packages `facepay ARGV` imports, from Python's own -X importtime trace."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pos_app", *argv], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    return {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines() if line.startswith("import time:")}


def test_help_loads_no_database_vision_or_screen_library() -> None:
    """`facepay --help` took 1 s, 5x importing Qt itself: it loaded SQLAlchemy, numpy and the ORM."""
    from pos_app.cli.main import build_parser

    assert not set(HEAVY) & _imported("--help")
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices  # type: ignore[attr-defined]
    assert {"kiosk", "enroll", "customers", "eval", "doctor", "db"} <= set(commands)
    for name in commands:
        assert not set(HEAVY) & _imported(name, "--help"), name


def test_after_models_prepare_the_face_engine_loads_without_onnx(env: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """The installer prepares SFace's graph (`facepay models prepare`), so a kiosk's start never
    imports onnx (1.3-1.8 s of its start); a first start did, before."""
    from pos_app.core.config import load_settings
    from pos_app.vision.model_files import SFACE_PREPARED, verified_path

    code, out, _ = run(capsys, "models", "prepare")
    models = load_settings().models_path
    assert code == 0 and str(verified_path(SFACE_PREPARED, models)) in out
    load = (f"from pathlib import Path; from pos_app.vision.sface_engine import SFaceEngine; "
            f"SFaceEngine(Path({str(models)!r})).warm_up()")
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", load], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}
    assert "onnxruntime" in imported and "onnx" not in imported


def test_the_kiosks_screens_load_without_numpy_the_database_or_the_camera() -> None:
    """The idle screen paints before the flow and its models load (on the session's worker, after
    the first paint): the window's modules import Qt only (issue 32; before, numpy, SQLAlchemy and
    the flow came with the first screen)."""
    load = "import pos_app.ui.app, pos_app.ui.kiosk_window, pos_app.ui.checkout_session, pos_app.speech.player"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", load], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-500:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in done.stderr.splitlines()
                if line.startswith("import time:")}
    assert "PySide6" in imported and not (set(HEAVY) - {"PySide6"}) & imported


def test_the_kiosk_paints_its_idle_screen_before_numpy_or_a_model_runtime_loads(tmp_path: Path) -> None:
    """What `facepay kiosk` imports before its idle screen is first shown: the settings check once
    pulled numpy and the face engine in through the licence warning (0.2 s of every start)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FACEPAY_DATA_DIR": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "cfg")}
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "pos_app", "kiosk", "--demo", "--windowed",
                           "--quit-after", "1"], capture_output=True, text=True, env=env, timeout=120)
    lines = done.stderr.splitlines()
    shown = next((n for n, line in enumerate(lines) if "KioskWindow shown" in line), None)
    assert done.returncode == 0 and shown is not None, done.stderr[-800:]
    before = {line.split("|")[-1].strip().split(".")[0] for line in lines[:shown] if line.startswith("import time:")}
    assert "PySide6" in before
    heavy = {"numpy", "cv2", "onnxruntime", "onnx", "dlib", "ai_edge_litert"} & before
    assert not heavy, heavy
