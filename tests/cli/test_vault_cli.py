"""Enrollment and verification from the command line, on real camera frames, leaving nothing
biometric on disk but the encrypted templates."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import cv2
import pytest

from pos_app.cli.main import main
from pos_app.vision.camera import open_source
from tests.biometric_scan import scan_tree


def frames(video: Path, indices: list[int], out: Path, prefix: str) -> list[Path]:
    source, paths, i = open_source(str(video)), [], 0
    try:
        while (frame := source.read()) is not None and i <= max(indices):
            if i in indices:
                path = out / f"{prefix}-{i}.png"
                cv2.imwrite(str(path), frame)
                paths.append(path)
            i += 1
    finally:
        source.close()
    return paths


@pytest.fixture(scope="module")
def shots(test_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Path]]:
    """Frames of two different real men: the first enrolls, the second is the impostor."""
    out = tmp_path_factory.mktemp("frames")
    bona = test_data / "liveness" / "bonafide"
    return {"enroll": frames(bona / "blink_1.mp4", [0, 60, 120], out, "a"),
            "again": frames(bona / "blink_1.mp4", [200], out, "a"),
            "other": frames(bona / "blink_2.mp4", [0], out, "b")}


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(data))
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    capsys.readouterr()
    return data


def cli(capsys, monkeypatch, *argv: str, pin: bool = False) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    if pin:
        monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def enroll_args(shots: dict[str, list[Path]], pass_out: Path) -> list[str]:
    args = ["enroll", "--name", "Ola Nordmann", "--consent-by", "desk", "--pin-stdin", "--pass-out", str(pass_out), "--json"]
    for p in shots["enroll"]:
        args += ["--image", str(p)]
    return args


def test_enroll_then_verify_with_the_pass(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pass_png = tmp_path / "pass.png"
    code, out, err = cli(capsys, monkeypatch, *enroll_args(shots, pass_png), pin=True)
    assert code == 0, err
    customer = json.loads(out)["customer_id"]
    code, out, _ = cli(capsys, monkeypatch, "verify", "--pass", str(pass_png), "--image", str(shots["again"][0]), "--json")
    result = json.loads(out)
    assert code == 0 and result["accepted"] and result["customer_id"] == customer and result["similarity"] > 0.8


def test_the_right_pass_with_another_persons_face_is_refused(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pass_pdf = tmp_path / "pass.pdf"
    assert cli(capsys, monkeypatch, *enroll_args(shots, pass_pdf), pin=True)[0] == 0
    code, out, _ = cli(capsys, monkeypatch, "verify", "--pass", str(pass_pdf), "--image", str(shots["other"][0]))
    assert code == 1 and out.startswith("REFUSED")


def test_after_erase_the_pass_opens_nothing(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pass_png = tmp_path / "pass.png"
    customer = json.loads(cli(capsys, monkeypatch, *enroll_args(shots, pass_png), pin=True)[1])["customer_id"]
    # The erasure is the desk's, signed by an operator with the right (as on the screens).
    monkeypatch.setattr(sys, "stdin", io.StringIO("0000\n"))
    assert main(["erase", "--customer", customer, "--by", "desk", "--pin-stdin"]) != 0
    assert "wrong" in capsys.readouterr().err.lower()
    code, out, _ = cli(capsys, monkeypatch, "erase", "--customer", customer, "--by", "desk", "--pin-stdin", pin=True)
    assert code == 0 and "1 template(s) crypto-erased" in out
    code, _, err = cli(capsys, monkeypatch, "verify", "--pass", str(pass_png), "--image", str(shots["again"][0]))
    assert code == 1 and "withdrawn their consent" in err


def test_a_refused_enrollment_writes_no_pass_and_no_customer(
    store: Path, shots, test_data: Path, tmp_path: Path, capsys, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    pass_png = tmp_path / "pass.png"
    args = enroll_args(shots, pass_png) + ["--image", str(test_data / "faces" / "scenes" / "obama_partial_face.jpg")]
    code, _, err = cli(capsys, monkeypatch, *args, pin=True)
    assert code == 2 and "obama_partial_face.jpg is not good enough to enroll: move to the middle" in err
    assert list(tmp_path.glob("*pass*")) == []
    assert "no_customer" not in err
    code, out, _ = cli(capsys, monkeypatch, "retention", "run", "--json")
    assert json.loads(out)["erased"] == []


def test_enrollment_needs_the_operators_pin(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO("0000\n"))
    code = main(enroll_args(shots, tmp_path / "pass.png"))
    assert code == 1 and "wrong username or PIN" in capsys.readouterr().err
    assert not (tmp_path / "pass.png").exists()


def test_store_key_mode_verifies_by_customer_id(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACEPAY_KEY_MODE", "store")
    args = [a for a in enroll_args(shots, tmp_path / "x.png") if a not in ("--pass-out", str(tmp_path / "x.png"))]
    code, out, err = cli(capsys, monkeypatch, *args, "--phone", "+47 912 34 567", pin=True)
    assert code == 0, err
    customer = json.loads(out)["customer_id"]
    code, out, _ = cli(capsys, monkeypatch, "verify", "--customer", customer, "--image", str(shots["again"][0]))
    assert code == 0 and out.startswith("ACCEPTED")
    code, out, _ = cli(capsys, monkeypatch, "keys", "rotate")
    assert code == 0 and "re-wrapped 1 store-key template" in out
    assert cli(capsys, monkeypatch, "verify", "--customer", customer, "--image", str(shots["again"][0]))[0] == 0


def test_customer_claim_needs_store_mode(store: Path, shots, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli(capsys, monkeypatch, "verify", "--customer", "x", "--image", str(shots["again"][0]))
    assert code == 2 and "only in store-key mode" in err


def test_nothing_biometric_is_left_on_disk(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pass_png = tmp_path / "pass.png"
    assert cli(capsys, monkeypatch, *enroll_args(shots, pass_png), pin=True)[0] == 0
    assert cli(capsys, monkeypatch, "verify", "--pass", str(pass_png), "--image", str(shots["again"][0]))[0] == 0
    assert cli(capsys, monkeypatch, "verify", "--pass", str(pass_png), "--image", str(shots["other"][0]))[0] == 1
    files = sorted(p.name for p in store.rglob("*") if p.is_file())
    assert "facepay.db" in files
    assert scan_tree(store) == []
    # The scanner is not blind: a stray frame or plaintext template in the data dir is caught.
    (store / "leak.bin").write_bytes(pass_png.read_bytes())
    assert any("PNG image signature" in f for f in scan_tree(store))


def test_export_writes_json_for_an_access_request(store: Path, shots, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    customer = json.loads(cli(capsys, monkeypatch, *enroll_args(shots, tmp_path / "p.png"), pin=True)[1])["customer_id"]
    out = tmp_path / "export.json"
    assert cli(capsys, monkeypatch, "export", "--customer", customer, "--out", str(out), "--by", "desk", "--pin-stdin",
               pin=True)[0] == 0
    data = json.loads(out.read_text())
    assert data["customer"]["id"] == customer and data["face_templates"][0]["model_id"] == "sface-2021dec"
    assert cli(capsys, monkeypatch, "export", "--customer", "nobody", "--by", "desk", "--pin-stdin", pin=True)[0] == 1


def test_the_desk_turns_face_payment_back_on_after_paced_failures(store: Path, shots, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    from pos_app.core.db import Database
    from pos_app.core.liveness_log import DAILY_FAILURE_LIMIT, customer_face_blocked, record_failure

    code, out, _ = cli(capsys, monkeypatch, *enroll_args(shots, tmp_path / "pass.png"), pin=True)
    customer = json.loads(out)["customer_id"]
    db = Database(f"sqlite:///{store / 'facepay.db'}")
    for _ in range(DAILY_FAILURE_LIMIT):
        record_failure(db, terminal="kiosk-1", customer_id=customer, decision="mismatch", reasons=["no match"])
    assert customer_face_blocked(db, customer)
    code, out, _ = cli(capsys, monkeypatch, "face-payment", "enable", "--customer", customer, "--by", "desk",
                       "--pin-stdin", pin=True)
    assert code == 0 and out.strip() == f"customer {customer}: face payment is on again"
    assert not customer_face_blocked(db, customer)
    code, _, err = cli(capsys, monkeypatch, "face-payment", "enable", "--customer", "nobody", "--by", "desk",
                       "--pin-stdin", pin=True)
    assert code != 0 and err.startswith("facepay: no customer nobody")
    # A kiosk paused by failures from several customers is lifted the same way, and audited.
    from pos_app.core.liveness_log import kiosk_locked_for

    for i in range(5):
        record_failure(db, terminal="kiosk-1", customer_id=f"someone-{i}", decision="spoof", reasons=["photo"])
    assert kiosk_locked_for(db, "kiosk-1") > 0
    code, out, _ = cli(capsys, monkeypatch, "face-payment", "enable", "--kiosk", "kiosk-1", "--by", "desk",
                       "--pin-stdin", pin=True)
    assert code == 0 and out.strip() == "kiosk kiosk-1: face payment is on again"
    assert kiosk_locked_for(db, "kiosk-1") == 0


def test_a_pass_into_a_missing_folder_is_one_clear_line_before_anything(store: Path, shots, tmp_path: Path, capsys,  # type: ignore[no-untyped-def]
                                                                       monkeypatch) -> None:
    target = tmp_path / "no-such-folder" / "pass.png"
    code, _, err = cli(capsys, monkeypatch, *enroll_args(shots, target), pin=True)
    assert code == 2 and err.strip() == (f"facepay: cannot write the pass to {target}: "
                                         f"the folder {target.parent} does not exist")
    assert ".tmp" not in err and ".part" not in err
