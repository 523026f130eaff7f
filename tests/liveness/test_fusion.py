"""Fusing the signals into live / spoof / retry, and the failure rate limit."""

from __future__ import annotations

from liveness.active import ActiveStatus, Challenge, Phase
from liveness.continuity import Break
from liveness.fusion import Decision, RateLimit, fuse

PASSED = ActiveStatus(Phase.PASSED, None, 2, 2, "", "", 0.004)


def test_all_signals_good_is_live() -> None:
    result = fuse([0.99, 0.97, 1.0, 0.95], PASSED)
    assert result.live and result.reasons == [] and result.scores["passive_live"] == 0.98


def test_the_passive_model_seeing_a_photo_is_a_spoof_even_if_the_challenge_passed() -> None:
    result = fuse([0.2, 0.1, 0.3], PASSED)
    assert result.decision is Decision.SPOOF and "photo or a screen" in result.reasons[0]


def test_a_flat_turn_is_a_spoof_and_a_timeout_a_retry() -> None:
    flat = ActiveStatus(Phase.FAILED, Challenge.TURN_LEFT, 0, 2, "", "the face turned like a flat picture (no depth)")
    slow = ActiveStatus(Phase.FAILED, Challenge.BLINK, 0, 2, "", "timed out waiting for: blink")
    assert fuse([0.95] * 5, flat).decision is Decision.SPOOF
    assert fuse([0.95] * 5, slow).decision is Decision.RETRY


def test_a_lost_face_or_too_few_frames_is_a_retry_with_a_reason() -> None:
    lost = fuse([0.95] * 5, PASSED, Break.SECOND_FACE)
    assert lost.decision is Decision.RETRY and "someone else" in lost.reasons[0]
    assert fuse([0.9], PASSED).decision is Decision.RETRY


def test_five_failures_in_three_minutes_lock_for_ten_minutes() -> None:
    limit = RateLimit()
    failures = [0.0, 30.0, 60.0, 90.0]
    assert limit.locked_for(failures, 100.0) == 0.0
    failures.append(120.0)
    assert limit.locked_for(failures, 121.0) == 599.0
    assert limit.locked_for(failures, 720.0) == 0.0
    assert limit.locked_for([0.0, 60.0, 120.0, 180.0, 241.0], 242.0) == 0.0  # spread over more than 3 minutes


def test_a_passive_score_in_the_middle_band_asks_for_one_more_turn_and_never_refuses() -> None:
    from liveness.fusion import Evidence, LivenessConfig, weigh

    config = LivenessConfig(passive_threshold=0.5, passive_step_up=0.91)
    assert weigh([0.62] * 5, {}, config).evidence is Evidence.STEP_UP  # the lowest real face measured
    assert weigh([0.95] * 5, {}, config).evidence is Evidence.PASS
    assert weigh([0.3] * 5, {}, config).evidence is Evidence.REFUSE  # sure: strong evidence
    unanswered = fuse([0.62] * 5, PASSED, config=config)
    assert unanswered.decision is Decision.RETRY and unanswered.step_up
    assert "one more turn" in unanswered.reasons[-1]
    assert fuse([0.62] * 5, PASSED, config=config, stepped_up=True).live
    # A turn that moved like a flat picture during the step-up is strong evidence: refused.
    flat = ActiveStatus(Phase.FAILED, Challenge.TURN_RIGHT, 2, 3, "", "the face turned like a flat picture (no depth)")
    assert fuse([0.62] * 5, flat, config=config, stepped_up=True).decision is Decision.SPOOF


def test_every_screen_cue_a_store_may_set_is_a_line_of_the_fusion() -> None:
    """The settings check reads the cue names from liveness.cues (no numpy at start); the fusion's
    lines must be exactly those names, or a store's setting would be refused or ignored."""
    from dataclasses import fields

    from liveness.cues import SCREEN_CUES
    from liveness.fusion import ScreenThresholds

    assert sorted(SCREEN_CUES) == sorted(f.name for f in fields(ScreenThresholds))
