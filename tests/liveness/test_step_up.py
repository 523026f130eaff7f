"""The step-up: weak evidence asks, inside the same session, for one more turn of random side, whose
3-D parallax a screen or a photo cannot give; and a new try draws other challenges."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from liveness.active import ActiveConfig, ActiveSession, Challenge, Phase
from liveness.fusion import Decision, LivenessConfig
from pos_app.flows.liveness_check import LivenessCheck
from pos_app.vision.types import Box, Face
from tests.liveness.synthetic import as_photo, mesh_face, track
from tests.liveness.test_active import SCRIPT, run, script_for

C = Challenge


@pytest.fixture(scope="module")
def face(test_data: Path) -> np.ndarray:
    return mesh_face(test_data)


def passed_session(face: np.ndarray, seed: int, **config) -> tuple[ActiveSession, float]:  # type: ignore[no-untyped-def]
    session = ActiveSession([C.BLINK, C.TURN_LEFT], ActiveConfig(**config), random.Random(seed))
    frames = track(face, script_for(session.sequence), rng=np.random.default_rng(seed))
    assert run(session, frames).phase is Phase.PASSED
    return session, frames[-1][0]


def later(frames: list[tuple[float, np.ndarray]], start: float) -> list[tuple[float, np.ndarray]]:
    return [(start + 1 / 30 + t, pts) for t, pts in frames]


@pytest.mark.parametrize("seed", range(6))
def test_a_live_head_answers_the_step_up_turn(face: np.ndarray, seed: int) -> None:
    session, end = passed_session(face, seed)
    asked = session.step_up()
    status = session.status()
    assert asked in (C.TURN_LEFT, C.TURN_RIGHT) and status.total == 3 and status.step_up
    assert status.prompt == "step_up"  # "one more step: look straight at the camera" first
    answer = track(face, [("neutral", 0.4)] + SCRIPT[asked] + [("neutral", 1.0)], rng=np.random.default_rng(seed))
    assert run(session, later(answer, end)).phase is Phase.PASSED and session.stepped_up


def test_both_sides_are_drawn() -> None:
    sides = set()
    for seed in range(40):
        session = ActiveSession([C.BLINK], rng=random.Random(seed))
        session.phase = Phase.PASSED
        sides.add(session.step_up())
    assert sides == {C.TURN_LEFT, C.TURN_RIGHT}


def test_a_photo_turned_for_the_step_up_fails_as_flat(face: np.ndarray) -> None:
    session, end = passed_session(face, 1)
    asked = session.step_up()
    photo = as_photo(face, 0.0)
    turn = 40.0 if asked is C.TURN_LEFT else -40.0
    answer = track(photo, [("neutral", 0.4), ("yaw", turn), ("neutral", 1.0)], rng=np.random.default_rng(1),
                   blink_eyes=False, depth_of=face)
    status = run(session, later(answer, end))
    assert status.phase is Phase.FAILED and "flat picture" in status.reason


def test_the_wrong_side_fails_and_no_blink_stands_in_for_the_step_up(face: np.ndarray) -> None:
    session, end = passed_session(face, 2)
    asked = session.step_up()
    wrong = SCRIPT[C.TURN_RIGHT if asked is C.TURN_LEFT else C.TURN_LEFT]
    answer = track(face, [("neutral", 0.4)] + wrong + [("neutral", 1.0)], rng=np.random.default_rng(2))
    assert "wrong way" in run(session, later(answer, end)).reason
    # A shopper who does not turn: the kiosk's "other challenge" (a blink) is not offered for it.
    session, end = passed_session(face, 3, offer_other_after_timeout=True)
    session.step_up()
    still = track(face, [("neutral", 8.0)], rng=np.random.default_rng(3))
    status = run(session, later(still, end))
    assert status.phase is Phase.FAILED and "timed out" in status.reason and not status.other_offered


def test_a_session_steps_up_once_and_only_after_its_challenges() -> None:
    session = ActiveSession([C.BLINK])
    with pytest.raises(ValueError):
        session.step_up()  # still calibrating
    session.phase = Phase.PASSED
    session.step_up()
    session.phase = Phase.PASSED
    with pytest.raises(ValueError):
        session.step_up()


def test_a_new_try_draws_other_challenges() -> None:
    for seed in range(50):
        first = ActiveSession.random(rng=random.Random(seed))
        again = ActiveSession.random(rng=random.Random(seed), avoid=frozenset(first.sequence))
        assert set(again.sequence) != set(first.sequence)
        assert set(again.sequence) & {C.TURN_LEFT, C.TURN_RIGHT}  # still a turn in every draw


class Scripted:
    """An engine that finds the next synthetic mesh in each 'frame' (the frame is its index)."""

    name = "sface"

    def __init__(self, frames: list[tuple[float, np.ndarray]]) -> None:
        self.meshes = [pts for _, pts in frames]

    def detect(self, frame: np.ndarray, *, mode: str = "photo") -> list[Face]:
        mesh = self.meshes[int(frame[0, 0, 0])]
        x0, y0 = mesh[:, 0].min(), mesh[:, 1].min()
        x1, y1 = mesh[:, 0].max(), mesh[:, 1].max()
        return [Face(Box(int(x0), int(y0), int(x1), int(y1)), mesh)]

    def embed(self, frame: np.ndarray, face: Face) -> np.ndarray:
        return np.ones(128) / np.sqrt(128)


class Passive:
    def __init__(self, score: float) -> None:
        self.score = score

    def live_score(self, frame: np.ndarray, box: tuple[int, int, int, int]) -> tuple[float, list[float]]:
        return self.score, []


def run_check(face: np.ndarray, passive_score: float, seed: int) -> LivenessCheck:
    """A whole session through LivenessCheck: the challenges, then (if asked) the step-up turn,
    answered by the synthetic head."""
    challenges = [C.BLINK, C.TURN_LEFT]
    frames = track(face, script_for(challenges), rng=np.random.default_rng(seed))
    engine = Scripted(frames)
    check = LivenessCheck(engine, Passive(passive_score), challenges,  # type: ignore[arg-type]
                          LivenessConfig(passive_threshold=0.5, passive_step_up=0.91, screen=None))
    for i, (t, _) in enumerate(frames):
        check.feed(np.full((2, 2, 3), i, np.int32), t)
        if check.finished:
            break
    if check.stepped_up:
        asked = check.session.sequence[-1]  # type: ignore[union-attr]
        answer = later(track(face, [("neutral", 0.4)] + SCRIPT[asked] + [("neutral", 1.0)],
                             rng=np.random.default_rng(seed)), frames[-1][0])
        engine.meshes += [pts for _, pts in answer]
        for i, (t, _) in enumerate(answer, start=len(frames)):
            check.feed(np.full((2, 2, 3), i, np.int32), t)
            if check.finished:
                break
    return check


def test_an_unsure_passive_score_asks_for_the_step_up_and_the_answered_turn_makes_it_live(face: np.ndarray) -> None:
    unsure = run_check(face, 0.7, seed=4)
    result = unsure.result()
    assert unsure.stepped_up and result.live and result.scores["step_up"] == 1.0
    assert result.scores["challenges_total"] == 3.0
    sure = run_check(face, 0.99, seed=4)
    assert not sure.stepped_up and sure.result().live
    refused = run_check(face, 0.2, seed=4)  # strong evidence: no step-up, refused
    assert not refused.stepped_up and refused.result().decision is Decision.SPOOF
