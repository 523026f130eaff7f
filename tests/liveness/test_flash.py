"""The screen-light challenge's signal processing (liveness.flash), on synthetic frames made from a
real face photo: lit by the kiosk's display, the face follows the colours a moment later; a
screen held up to the camera shows its own light and does not."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from liveness.flash import COLOURS, FlashChallenge, FlashConfig, random_sequence

FPS = 30.0
BOX = (40, 30, 200, 210)  # the face's box in the frames below


@pytest.fixture(scope="module")
def albedo(test_data: Path) -> np.ndarray:
    """A real face's colours (0..1), cropped to a 240 x 240 frame, the face filling the box."""
    import cv2

    from pos_app.vision.images import load_image

    photo = load_image(test_data / "faces" / "identities" / "obama" / "obama.jpg")
    return cv2.resize(photo[100:460, 340:660], (240, 240)).astype(np.float64) / 255.0


def session(challenge: FlashChallenge, albedo: np.ndarray, *, lit_by, seed: int = 0, lag: float = 0.066,
            strength: float = 0.25) -> FlashChallenge:
    """Runs the challenge over frames at 30 fps. `lit_by(t, shown)` is the colour (BGR, 0..1) of
    the light on the face at time t, given what the display showed at that time."""
    rng = np.random.default_rng(seed)
    ambient = np.array([0.85, 0.9, 1.0])  # a shop's warm-white light, in BGR
    t, shown = 10.0, None
    history: list[tuple[float, str | None]] = []
    for _ in range(int((challenge.seconds + 0.5) * FPS)):
        history.append((t, shown))
        # The face shows what the display showed `lag` seconds ago (display and camera latency).
        past = [s for when, s in history if when <= t - lag]
        light = ambient + strength * lit_by(t, past[-1] if past else None)
        exposure = 0.75 + 0.02 * np.sin(t)  # the camera's auto exposure wanders a little
        frame = np.clip(albedo * light * exposure * 255 + rng.normal(0, 2.0, albedo.shape), 0, 255).astype(np.uint8)
        shown = challenge.feed(t, frame, BOX)
        if challenge.done:
            break
        t += 1 / FPS
    return challenge


def display(_t: float, shown: str | None) -> np.ndarray:
    """A real face: the display's light reaches it."""
    return np.array(COLOURS[shown]) / 255.0 if shown else np.zeros(3)


def test_a_face_lit_by_the_display_follows_the_sequence(albedo: np.ndarray) -> None:
    for seed in range(20):
        challenge = session(FlashChallenge.random(rng=random.Random(seed)), albedo, lit_by=display, seed=seed)
        result = challenge.result()
        assert result.passed, (seed, result)
        assert result.correlation > 0.9


def test_a_dim_display_in_a_bright_room_is_not_taken_for_light(albedo: np.ndarray) -> None:
    # A display too weak for the room: the face barely changes, so the check cannot pass (and says why).
    challenge = session(FlashChallenge.random(rng=random.Random(1)), albedo, lit_by=display, strength=0.005)
    assert not challenge.result().passed
    assert challenge.result().reason == "the face did not take on the screen's light"


def test_a_screen_held_up_shows_its_own_light_and_fails(albedo: np.ndarray) -> None:
    # A replay's face is lit by the recording's own scene: its colour drifts, but not with the kiosk's display.
    def recording(t: float, _shown: str | None) -> np.ndarray:
        return np.array([0.3 + 0.3 * np.sin(2.1 * t), 0.3 + 0.3 * np.sin(1.3 * t + 1), 0.3 + 0.3 * np.sin(0.7 * t + 2)])

    for seed in range(10):
        result = session(FlashChallenge.random(rng=random.Random(seed)), albedo, lit_by=recording, seed=seed).result()
        assert not result.passed, (seed, result)


def test_an_attacker_guessing_the_colours_almost_never_passes(albedo: np.ndarray) -> None:
    # The attacker's screen flashes its own random sequence with the kiosk's timing: right only by chance.
    passed = 0
    trials = 200
    for seed in range(trials):
        guess = FlashChallenge.random(rng=random.Random(10_000 + seed))

        def attacker(t: float, _shown: str | None, guess: FlashChallenge = guess) -> np.ndarray:
            colour = guess.colour_at(t)
            return np.array(COLOURS[colour]) / 255.0 if colour else np.zeros(3)

        kiosk = FlashChallenge.random(rng=random.Random(seed))
        guess.start = 10.0  # the attacker knows when the sequence starts, the worst case
        passed += session(kiosk, albedo, lit_by=attacker, seed=seed).result().passed
    assert passed / trials < 0.03, passed


def test_a_response_that_comes_too_late_fails(albedo: np.ndarray) -> None:
    # Someone watching the kiosk and switching a lamp by hand answers a step late: 0.3 s behind.
    challenge = session(FlashChallenge.random(rng=random.Random(3)), albedo, lit_by=display, lag=0.3)
    assert not challenge.result().passed


def test_a_sequence_holds_every_colour_and_never_repeats_one_in_a_row() -> None:
    for seed in range(300):
        sequence = random_sequence(6, random.Random(seed))
        assert set(sequence) == set(COLOURS)
        assert all(a != b for a, b in zip(sequence, sequence[1:]))
    assert len({tuple(random_sequence(8)) for _ in range(50)}) > 40  # the system RNG: no fixed order


def test_no_face_in_view_is_too_few_frames_not_a_pass() -> None:
    challenge = FlashChallenge.random()
    t = 0.0
    while not challenge.done:
        challenge.feed(t, None, None)
        t += 1 / FPS
    assert not challenge.result().passed
    assert "too few frames" in challenge.result().reason


@pytest.mark.parametrize(("settings", "words"), [
    ({"steps": 2}, "3 to 20"), ({"step_seconds": 2.0}, "to 1 s"),
    ({"step_seconds": 0.15}, "3 flashes a second"),  # WCAG 2.3.1: a seizure risk
    ({"settle_seconds": 0.3}, "shorter than a step"),
])
def test_a_config_that_cannot_work_or_could_harm_is_refused(settings: dict, words: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(ValueError, match=words):
        FlashConfig(**settings)


@pytest.mark.parametrize("reflects", [True, False])
def test_the_check_after_the_challenge_on_a_real_video(test_data: Path, reflects: bool) -> None:
    """The real pipeline (pos_app.flows.liveness_check) on the real blink video: after the blink,
    the check asks the display for colours; frames that take on the colour asked for (a face lit
    by the kiosk) pass, the same frames untouched (a screen's own light) are refused as a screen."""
    import cv2

    from liveness.active import Challenge
    from liveness.fusion import Decision
    from liveness.models import load_passive
    from pos_app.flows.liveness_check import LivenessCheck
    from pos_app.vision.sface_engine import SFaceEngine
    from pos_app.vision.model_files import package_models_dir

    check = LivenessCheck(SFaceEngine(), load_passive(package_models_dir()), [Challenge.BLINK], flash=FlashConfig())
    cap, n, asked = cv2.VideoCapture(str(test_data / "liveness" / "bonafide" / "blink_1.mp4")), 0, []
    shown: str | None = None
    while not check.finished and (frame := cap.read()[1]) is not None:
        if reflects and shown is not None:  # the colour the display showed since the last frame
            light = 1.0 + 0.35 * np.array(COLOURS[shown]) / 255.0
            frame = np.clip(frame.astype(np.float64) * light / light.max() * 1.1, 0, 255).astype(np.uint8)
        check.feed(frame, n / 30)
        if shown is None and check.flash_colour is not None:
            sampled = len(check.passive_scores)
        shown = check.flash_colour
        asked.append(shown)
        n += 1
    assert check.finished and check.flash_check is not None and check.flash_check.done
    # Frames lit by the display's colours feed the screen-light check alone, not the passive model.
    assert len(check.passive_scores) == sampled
    assert len({c for c in asked if c}) == 3  # the display was asked for every colour
    result = check.result()
    if reflects:
        assert result.live, result
        assert result.scores["flash_correlation"] > 0.8
    else:
        # The video's own colour drifts by 0.0005 (chromaticity, RMS): a tenth of what counts as light.
        assert result.decision is Decision.RETRY
        assert result.reasons == ["the face did not take on the screen's light"]


def test_a_face_that_changes_colour_but_not_with_the_screen_is_a_spoof() -> None:
    from liveness.active import ActiveStatus, Phase
    from liveness.flash import FlashResult
    from liveness.fusion import Decision, fuse

    passed = ActiveStatus(Phase.PASSED, None, 2, 2, "")
    wrong = FlashResult(False, 0.1, 0.02, "the face's colour did not follow the screen's", attack=True)
    assert fuse([0.95] * 5, passed, flash=wrong).decision is Decision.SPOOF
    dim = FlashResult(False, 0.5, 0.001, "the face did not take on the screen's light")
    assert fuse([0.95] * 5, passed, flash=dim).decision is Decision.RETRY
    assert fuse([0.95] * 5, passed, flash=FlashResult(True, 0.95, 0.02)).decision is Decision.LIVE
