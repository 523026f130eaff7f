"""`facepay speech`: the kiosk's words as audio files, and clear errors."""

from __future__ import annotations

from pathlib import Path

from pos_app.cli.main import main
from pos_app.speech.engine import Audio


def test_samples_writes_every_screen_in_both_languages(voice, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["speech", "samples", "--out", str(tmp_path / "s")]) == 0
    listed = (tmp_path / "s" / "list.txt").read_text(encoding="utf-8").splitlines()
    assert len(listed) == len(list((tmp_path / "s").glob("*.wav"))) > 50
    assert any("Å betale: 125 kroner og 50 øre." in line for line in listed)
    assert any("Amount due: 125 kroner and 50 øre." in line for line in listed)
    # What is said during the face check, each instruction alone, in both languages.
    for words in ("Blunk", "Blink", "Snu hodet sakte mot venstre", "Turn your head slowly to your right",
                  "vipp skjermen ned mot deg", "tilt the screen down towards you"):
        assert any(line.endswith(words) for line in listed), words
    first = Audio.from_wav((tmp_path / "s" / "001.wav").read_bytes())
    assert first.seconds > 3 and first.rms > 1000


def test_say_into_a_folder(voice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert main(["speech", "say", "Velkommen", "--out", str(tmp_path)]) == 0
    assert Audio.from_wav((tmp_path / "001.wav").read_bytes()).seconds > 0.3


def test_nothing_to_say_is_one_line_and_non_zero(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["speech", "say", "  "]) == 1
    assert capsys.readouterr().err.strip() == "facepay: nothing to say: give a text"


def test_an_unwritable_folder_is_one_line(voice, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["speech", "samples", "--out", str(blocker / "sub")]) == 1
    assert capsys.readouterr().err.startswith("facepay: cannot write to ")
