"""`facepay liveness` on real images and videos."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pos_app.cli.main import main


@pytest.fixture
def models(tmp_path: Path, test_data: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def decide(capsys, *argv: str) -> tuple[int, dict]:  # type: ignore[no-untyped-def, type-arg]
    code = main(["liveness", *argv, "--json"])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(("name", "decision"), [("image_T1.jpg", "live"), ("image_F1.jpg", "spoof"), ("image_F2.jpg", "spoof")])
def test_the_silent_face_samples(models: Path, test_data: Path, capsys, name: str, decision: str) -> None:  # type: ignore[no-untyped-def]
    code, out = decide(capsys, str(test_data / "liveness" / "samples" / name))
    assert out["decision"] == decision and code == (0 if decision == "live" else 1)


def test_a_real_blinking_shopper_is_live(models: Path, test_data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = decide(capsys, str(test_data / "liveness" / "bonafide" / "blink_1.mp4"), "--challenge", "blink")
    assert code == 0 and out["decision"] == "live" and out["scores"]["challenges_done"] == 1


def test_a_photo_held_in_front_of_the_camera_fails(models: Path, test_data: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    # A recording of a printed photo: the same real attack image, frame after frame, for 7 s.
    frames = tmp_path / "photo-attack"
    frames.mkdir()
    for i in range(210):
        os.symlink(test_data / "liveness" / "samples" / "image_F2.jpg", frames / f"{i:04d}.jpg")
    code, out = decide(capsys, str(frames), "--challenge", "blink")
    assert code == 1 and out["decision"] == "spoof"
    assert any("photo or a screen" in r for r in out["reasons"])


def test_a_recording_needs_its_challenges_named(models: Path, test_data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["liveness", str(test_data / "liveness" / "bonafide" / "blink_2.mp4")]) == 2
    assert "--challenge" in capsys.readouterr().err


def test_a_damaged_install_without_the_models_says_so_in_one_line(tmp_path: Path, test_data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from pos_app.vision import model_files

    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(model_files, "package_models_dir", lambda: tmp_path / "stripped")
    assert main(["liveness", str(test_data / "liveness" / "samples" / "image_T1.jpg")]) == 1
    err = capsys.readouterr().err
    assert "is missing" in err and "reinstall FacePay" in err and len(err.strip().splitlines()) == 1


def test_the_verified_face_must_be_the_face_that_answered(models: Path, test_data: Path) -> None:
    import cv2

    from liveness.active import Challenge
    from liveness.fusion import Decision
    from liveness.models import load_passive
    from pos_app.flows.liveness_check import LivenessCheck
    from pos_app.vision.sface_engine import SFaceEngine

    engine = SFaceEngine()
    from pos_app.vision.model_files import package_models_dir

    check = LivenessCheck(engine, load_passive(package_models_dir()), [Challenge.BLINK])
    cap, n = cv2.VideoCapture(str(test_data / "liveness" / "bonafide" / "blink_1.mp4")), 0
    while not check.finished and (frame := cap.read()[1]) is not None:
        check.feed(frame, n / 30)
        n += 1
    assert len(check.embeddings) == 2 and check.result().live
    own = check.embeddings[-1]
    other_frame = cv2.VideoCapture(str(test_data / "liveness" / "bonafide" / "blink_2.mp4")).read()[1]
    other = engine.embed(other_frame, engine.detect(other_frame, mode="track")[0])
    assert check.result(own).live
    swapped = check.result(other)
    assert swapped.decision is Decision.RETRY and "not the face that answered" in swapped.reasons[0]
