"""One decision from all the signals: live, spoof, or retry, with scores and plain reasons.

"spoof" is kept for evidence of an attack (the passive model sees a photo or a screen, a face that
turned like a flat picture); what a real shopper can cause (a timeout, a face lost from view, too
few frames) is "retry". Both count as failed sessions for the rate limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Sequence

import numpy as np

from liveness.active import ActiveStatus, Phase
from liveness.continuity import Break
from liveness.flash import FlashResult


class Decision(StrEnum):
    LIVE = "live"
    SPOOF = "spoof"
    RETRY = "retry"


@dataclass(frozen=True)
class ScreenThresholds:
    """A session whose median cue (liveness.screen) reaches one of these looks like a screen.
    Set from the replay set's tuning renderings and the bona fide videos (docs/liveness.md): the
    largest bona fide window medians were moire 3.61, flat_range 0.27, glare 0.023, border 0.
    rigid_border: the share of the face's moves in which the bracketing edges moved with it."""

    moire: float = 3.9
    flat_range: float = 0.34
    glare: float = 0.04
    border: float = 0.5
    rigid_border: float = 0.5


SCREEN_CUES = ("moire", "flat_range", "border", "glare", "rigid_border")


@dataclass(frozen=True)
class LivenessConfig:
    passive_threshold: float = 0.5  # median live score over the session's sampled frames
    passive_min_frames: int = 3
    require_active: bool = True
    # None: the screen cues are not used (the passive model stands alone).
    screen: ScreenThresholds | None = field(default_factory=ScreenThresholds)


@dataclass(frozen=True)
class LivenessResult:
    decision: Decision
    scores: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def live(self) -> bool:
        return self.decision is Decision.LIVE


REASONS = {
    "passive": "the camera sees a photo or a screen, not a face",
    "flat": "the face turned like a flat picture",
    Break.LEFT: "the face left the camera's view",
    Break.SWAPPED: "a different face appeared",
    Break.SECOND_FACE: "someone else came close to the camera",
    "frames": "not enough clear frames of the face",
    "screen": "the camera sees a screen: {cues}",
}


def fuse(passive_scores: Sequence[float], active: ActiveStatus | None = None, broken: Break | None = None,
         config: LivenessConfig = LivenessConfig(), screen_cues: dict[str, float] | None = None,
         flash: FlashResult | None = None) -> LivenessResult:
    """`screen_cues`: the session's median cues (liveness.screen.ScreenCues.medians()); `flash`:
    the screen-light check's result, where a store has turned it on."""
    scores: dict[str, float] = {"passive_frames": float(len(passive_scores))}
    reasons: list[str] = []
    spoof = retry = False
    if config.screen is not None and screen_cues:
        for name, value in screen_cues.items():
            scores[f"screen_{name}"] = round(value, 4)
        # Edges that stay while the face moves are no evidence of a room: a screen held still
        # while the recorded face moves shows the same, so a border found is never set aside.
        # Edges that move with the face are evidence of a screen, even where the border was
        # found in fewer than half the frames.
        over = [f"{name} {value:.3f} >= {getattr(config.screen, name)}" for name, value in screen_cues.items()
                if name in SCREEN_CUES and value >= getattr(config.screen, name)]
        if over:
            spoof = True
            reasons.append(REASONS["screen"].format(cues=", ".join(over)))
    if len(passive_scores) >= config.passive_min_frames:
        median = float(np.median(passive_scores))
        scores["passive_live"] = round(median, 4)
        if median < config.passive_threshold:
            spoof = True
            reasons.append(REASONS["passive"])
    else:
        retry = True
        reasons.append(REASONS["frames"])
    if broken is not None:
        retry = True
        reasons.append(REASONS[broken])
    if active is not None:
        scores["challenges_done"] = float(active.done)
        scores["challenges_total"] = float(active.total)
        scores["parallax_per_degree"] = round(active.parallax, 5)
        if active.phase is Phase.FAILED:
            if "flat picture" in active.reason:
                spoof = True
                reasons.append(REASONS["flat"])
            else:
                retry = True
                reasons.append(active.reason)
        elif active.phase is not Phase.PASSED:
            retry = True
            reasons.append(f"the challenge was not finished ({active.done} of {active.total})")
    elif config.require_active:
        retry = True
        reasons.append("no challenge was answered")
    if flash is not None:
        scores["flash_correlation"] = round(flash.correlation, 4)
        scores["flash_amplitude"] = round(flash.amplitude, 5)
        if not flash.passed:
            reasons.append(flash.reason)
            # A face that changed colour, but not with the screen, is evidence of an attack; a face
            # that did not visibly change (looked away, a dim display) is something a shopper can cause.
            if flash.attack:
                spoof = True
            else:
                retry = True
    decision = Decision.SPOOF if spoof else Decision.RETRY if retry else Decision.LIVE
    return LivenessResult(decision, scores, reasons)


@dataclass(frozen=True)
class RateLimit:
    """After max_failures failed sessions within window seconds (on one terminal, or for one
    claimed customer), face payment is locked there for lockout seconds."""

    max_failures: int = 5
    window: float = 180.0
    lockout: float = 600.0

    def locked_for(self, failure_times: Sequence[float], now: float) -> float:
        """Seconds of lock left (0 when face payment may be offered), from the failures' times."""
        times = sorted(t for t in failure_times if t <= now)
        for i in range(len(times) - self.max_failures + 1):
            first, last = times[i], times[i + self.max_failures - 1]
            if last - first <= self.window and now < last + self.lockout:
                return last + self.lockout - now
        return 0.0
