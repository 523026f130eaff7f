"""What the kiosk says, in both languages, and that the real voice renders it as audio a person
could hear: a WAV of plausible length that is not silence."""

from __future__ import annotations

import wave
from pathlib import Path

import numpy as np
import pytest

from liveness.active import PROMPTS
from pos_app.core.catalogue import translate
from pos_app.core.money import Money
from pos_app.flows.checkout import MESSAGES, Screen, Stage
from pos_app.speech import script, tones
from pos_app.speech.engine import Audio
from pos_app.speech.headset import jack_devices
from pos_app.speech.player import Speaker, WavFolder
from pos_app.vision.types import QualityReason

AMOUNT = Money("NOK", 12_550)
# Every screen the kiosk shows, with what it carries.
SCREENS = [Screen(Stage.IDLE), Screen(Stage.AMOUNT_DUE, AMOUNT), Screen(Stage.CLAIM, AMOUNT),
           Screen(Stage.CAPTURE, AMOUNT, prompt="calibrating"), Screen(Stage.VERIFYING, AMOUNT),
           Screen(Stage.APPROVED, AMOUNT, detail={"account": "**** 4321"}), Screen(Stage.ANOTHER_WAY, AMOUNT),
           Screen(Stage.CANCELLED)] + [
    Screen(stage, AMOUNT, key) for key in MESSAGES for stage in (Stage.DECLINED, Stage.ERROR, Stage.LOCKED)]


def is_speech(audio: Audio, text: str) -> None:
    # espeak-ng at 150 words a minute: roughly 0.04 to 0.15 s a character, and far from silent.
    assert 0.04 * len(text) < audio.seconds < 0.15 * len(text) + 1.0, (audio.seconds, len(text), text)
    assert audio.rms > 1000, audio.rms
    loud = np.abs(audio.samples.astype(np.int32)) > 3000
    assert loud.mean() > 0.05  # speech all through, not one click


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: f"{s.stage.value}-{s.message or s.prompt}")
def test_every_screen_has_its_words_in_both_languages(screen: Screen) -> None:
    said = {lang: script.screen_speech(screen, lang, buttons=["Pay another way"]) for lang in ("nb", "en")}
    assert all(said.values()) and said["nb"] != said["en"]
    if screen.amount is not None and screen.stage is Stage.AMOUNT_DUE:
        assert "125 kroner og 50 øre" in said["nb"] and "125 kroner and 50 øre" in said["en"]
    if screen.message:
        assert translate(MESSAGES[screen.message], "nb") in said["nb"]
    assert said["en"].endswith("Press Enter for: Pay another way.")


def test_the_choices_are_named_in_reading_order() -> None:
    said = script.screen_speech(Screen(Stage.AMOUNT_DUE, AMOUNT), "nb", buttons=["Betal med ansiktet", "Betal på en annen måte"])
    assert said == ("Å betale: 125 kroner og 50 øre. Valg: Betal med ansiktet eller Betal på en annen måte. "
                    "Piltastene flytter, Enter velger.")


@pytest.mark.parametrize("key", list(PROMPTS) + [r.value for r in QualityReason])
def test_every_capture_instruction_is_spoken_in_both_languages(key: str) -> None:
    words = {lang: script.capture_speech(Screen(Stage.CAPTURE, AMOUNT, prompt=key), lang) for lang in ("nb", "en")}
    assert all(words.values()) and words["nb"] != words["en"]


def test_amounts_are_said_as_words_not_symbols() -> None:
    assert script.spoken_amount(Money("NOK", 100), "nb") == "1 krone"
    assert script.spoken_amount(Money("NOK", 12_501), "en") == "125 kroner and 1 øre"
    assert script.spoken_amount(Money("EUR", 250), "en") == "2 euro and 50 cent"
    assert script.spoken_amount(Money("ISK", 900), "en") == "900 ISK"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_voice_renders_every_screen_as_audible_speech(voice, language: str) -> None:  # type: ignore[no-untyped-def]
    for screen in SCREENS[:8]:
        text = script.screen_speech(screen, language, buttons=["Pay another way"])
        is_speech(voice.render(text, language), text)


def test_a_text_that_looks_like_an_option_is_spoken_not_obeyed(voice) -> None:  # type: ignore[no-untyped-def]
    text = "--version -w /tmp/x.wav"
    is_speech(voice.render(text, "en"), text)
    assert not Path("/tmp/x.wav").exists()


def test_the_two_tones_differ_in_pitch_and_rhythm() -> None:
    confirm, warning = tones.confirm(), tones.warning()
    assert 0.2 < confirm.seconds < 0.6 and 0.5 < warning.seconds < 1.0
    assert confirm.rms > 3000 and warning.rms > 3000

    def pitch(audio: Audio) -> float:
        spectrum = np.abs(np.fft.rfft(audio.samples.astype(np.float64)))
        return float(np.fft.rfftfreq(len(audio.samples), 1 / audio.rate)[spectrum.argmax()])

    assert pitch(confirm) > 600 and abs(pitch(warning) - 520) < 10


def test_the_speaker_plays_in_order_and_a_new_screen_cuts_the_old_one_short(voice, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = WavFolder(tmp_path)
    speaker = Speaker(voice, out)
    speaker.say("Amount due: 125 kroner.", "en")
    speaker.tone("confirm")
    assert speaker.wait(30)
    speaker.close()
    assert [s.kind for s in speaker.said] == ["speech", "tone"]
    assert [p.name for p in out.files] == ["001.wav", "002.wav"]
    with wave.open(str(out.files[0])) as w:
        assert w.getnchannels() == 1 and w.getframerate() == 22050 and w.getnframes() > 22050
    lines = (tmp_path / "list.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith("speech: Amount due: 125 kroner.") and lines[1].endswith("tone: confirm")


def test_interrupting_drops_what_was_still_waiting(tmp_path: Path) -> None:
    class SlowVoice:
        def render(self, text: str, language: str) -> Audio:
            import time

            time.sleep(0.3)
            return tones.confirm()

    out = WavFolder(tmp_path)
    speaker = Speaker(SlowVoice(), out)  # type: ignore[arg-type]
    speaker.say("first", "en")
    speaker.say("second", "en", interrupt=False)
    speaker.say("third", "en")  # a new screen: "second" is no longer worth saying
    assert speaker.wait(10)
    speaker.close()
    played = (tmp_path / "list.txt").read_text(encoding="utf-8")
    assert "third" in played and "second" not in played


DEVICES = """I: Bus=0000 Vendor=0000 Product=0000 Version=0000
N: Name="HDA Intel PCH Headphone"
H: Handlers=event7
B: EV=21
B: SW=14

I: Bus=0019 Vendor=0000 Product=0001 Version=0000
N: Name="Power Button"
H: Handlers=kbd event2
B: EV=3
"""


def test_a_headphone_jack_is_found_among_the_input_devices() -> None:
    assert jack_devices(DEVICES) == ["event7"]  # SW=0x14: headphone (bit 2) and microphone (bit 4)
    assert jack_devices(DEVICES.replace("SW=14", "SW=10")) == []  # a microphone jack only
