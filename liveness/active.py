"""The randomized active challenge: the shopper blinks or turns on request, in a random order.

Fed one frame's face mesh (468 points) at a time (with its timestamp), it says what to ask for next. Blinks
and turns are measured against the shopper's own neutral face, taken in the first frames: an
absolute eye-openness threshold fails people with glasses or narrow eyes, an absolute yaw fails
a camera mounted off-centre. Turns must also show 3-D parallax (liveness.parallax): a photo or a
screen that is turned moves like a plane, a head does not.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Sequence

import numpy as np

from liveness.cues import PROMPTS, TURNS, Challenge, policy_problem  # noqa: F401 - read from here too
from liveness.geometry import eye_aspect_ratio, head_pose
from liveness.parallax import planar_residual


class Phase(StrEnum):
    CALIBRATING = "calibrating"  # learning the neutral face: "look at the camera"
    WAITING = "waiting"          # a random pause before the next prompt appears
    CHALLENGE = "challenge"      # asking for sequence[index]
    NEUTRAL = "neutral"          # waiting for the face to come back to neutral
    PASSED = "passed"
    FAILED = "failed"




@dataclass(frozen=True)
class ActiveConfig:
    calibration_frames: int = 5
    timeout_seconds: float = 6.0
    # A blink: eye openness below this share of the shopper's own, then back above reopen_ratio.
    blink_ratio: float = 0.76
    reopen_ratio: float = 0.88
    max_blink_seconds: float = 0.8
    turn_degrees: float = 18.0
    neutral_degrees: float = 8.0
    neutral_frames: int = 3
    # Landmark motion a plane cannot explain, as a share of the eye distance (see parallax.py).
    # Measured on the mesh (synthetic turns of a real face's mesh, 20 seeds each): a head turned
    # 25-40 degrees leaves 0.10-0.16; a photo turned 50 degrees 0.03 flat, up to 0.17 bent hard.
    # It must also clear noise_factor times the shopper's own still-frame noise.
    min_parallax: float = 0.08
    # Parallax above the noise floor per degree of (reported) turn, median over the turning
    # frames: a head gives 0.0047-0.0060; a photo 0.0004 flat, 0.0022 bent hard (0.6), 0.0032
    # bent into a half cylinder (1.0).
    min_parallax_per_degree: float = 0.0035
    # A shopper who cannot blink, or cannot turn their head, is offered the other kind once when a
    # challenge times out (a blink for a turn, a turn of random side for a blink): still random, so
    # still unknown to a recording; the timeout then starts again.
    offer_other_after_timeout: bool = False
    # The kinds drawn from and how many per session; see policy_problem() for what is refused.
    pool: tuple[Challenge, ...] = (Challenge.BLINK, Challenge.TURN_LEFT, Challenge.TURN_RIGHT)
    count: int = 2
    # Each prompt appears after a random pause drawn from this range (seconds): a recording cannot
    # know when to answer, and a head that turns before it is asked fails. (0, 0): no pause, for
    # recordings whose answers are at fixed times.
    onset_delay_seconds: tuple[float, float] = (0.0, 0.0)

    def __post_init__(self) -> None:
        low, high = self.onset_delay_seconds
        if not 0.0 <= low <= high <= 5.0:
            raise ValueError(f"onset delay {self.onset_delay_seconds} must be 0 <= low <= high <= 5 seconds")
        problem = policy_problem(self.pool, self.count)
        if problem:
            raise ValueError(problem)




@dataclass(frozen=True)
class ActiveStatus:
    phase: Phase
    challenge: Challenge | None
    done: int
    total: int
    prompt: str  # a key of PROMPTS
    reason: str = ""
    parallax: float = 0.0
    seconds_left: float | None = None  # of the current challenge, or of the wait for neutral
    other_offered: bool = False  # the current challenge replaced one that timed out
    step_up: bool = False  # the current step is the turn that weak evidence asked for


@dataclass
class ActiveSession:
    """One shopper's challenge. Create a new one for every payment or enrollment attempt."""

    sequence: list[Challenge]
    config: ActiveConfig = field(default_factory=ActiveConfig)

    rng: random.Random = field(default_factory=random.SystemRandom)  # unpredictable: a replay cannot know

    @classmethod
    def random(cls, count: int | None = None, config: ActiveConfig | None = None,
               rng: random.Random | None = None, pool: Sequence[Challenge] | None = None,
               avoid: frozenset[Challenge] | None = None) -> ActiveSession:
        """A session of `count` distinct challenges drawn from `pool` (by default the config's),
        refused when the draw could hold none that a recording cannot answer. `avoid`: a set the
        draw must differ from (the shopper's last try), where the pool allows another."""
        config = config or ActiveConfig()
        pool, count = tuple(config.pool if pool is None else pool), config.count if count is None else count
        problem = policy_problem(pool, count)
        if problem:
            raise ValueError(problem)
        chooser = rng or random.SystemRandom()
        draw = chooser.sample(list(pool), count)
        if avoid is not None and len(set(pool)) > count:  # with more kinds than drawn, another set exists
            while frozenset(draw) == avoid:
                draw = chooser.sample(list(pool), count)
        return cls(draw, config, chooser)

    def __post_init__(self) -> None:
        self.phase = Phase.CALIBRATING
        self.index = 0
        self._calib: list[tuple[float, float, np.ndarray]] = []
        self._base_ear = self._base_yaw = 0.0
        self._base_points: np.ndarray | None = None
        self._started = 0.0
        self._closed_at: float | None = None
        self._neutral_count = 0
        self._best_parallax = 0.0
        self._turn_reached = False
        self._per_degree: list[float] = []
        self._noise = 0.0
        self.max_parallax = 0.0
        self.reason = ""
        self._allowed = self.config.timeout_seconds
        self._now = 0.0
        self._other_offered = False
        self.extensions = 0
        self._onset = 0.0
        self._closed_at_onset = False
        self.stepped_up_at: int | None = None  # index of the turn added by step_up(), if any

    def status(self) -> ActiveStatus:
        current = self.sequence[self.index] if self.phase in (Phase.CHALLENGE, Phase.NEUTRAL) else None
        stepping = self.stepped_up_at is not None and self.index == self.stepped_up_at and self.phase not in (
            Phase.PASSED, Phase.FAILED)
        waiting = "step_up" if stepping else "neutral" if self.index else "calibrating"  # no prompt before its time
        prompt = {Phase.CALIBRATING: "calibrating", Phase.NEUTRAL: "step_up" if stepping else "neutral",
                  Phase.WAITING: waiting}.get(self.phase, current or "")
        timed = self.phase in (Phase.CHALLENGE, Phase.NEUTRAL)
        left = max(0.0, self._allowed - (self._now - self._started)) if timed else None
        return ActiveStatus(self.phase, current, self.index, len(self.sequence), str(prompt), self.reason,
                            self.max_parallax, left, self._other_offered and self.phase is Phase.CHALLENGE, stepping)

    def step_up(self) -> Challenge:
        """Weak evidence asks for more: after the challenges passed, one more turn, its side drawn
        at random, after the face comes back to the front and a random pause (as every prompt).
        A turn, because its 3-D parallax is what a screen or a photo cannot give. Once a session."""
        if self.phase is not Phase.PASSED or self.stepped_up_at is not None:
            raise ValueError("a step-up follows passed challenges, once a session")
        challenge = self.rng.choice(list(TURNS))
        self.stepped_up_at = len(self.sequence)
        self.sequence.append(challenge)
        self._other_offered = False
        self.phase, self._started, self._neutral_count = Phase.NEUTRAL, self._now, 0
        self._allowed = self.config.timeout_seconds
        return challenge

    @property
    def stepped_up(self) -> bool:
        """A step-up turn was asked for and answered."""
        return self.stepped_up_at is not None and self.phase is Phase.PASSED

    def extend(self) -> None:
        """More time (the shopper asked for it): the current step's full time limit again, from now."""
        if self.phase in (Phase.CHALLENGE, Phase.NEUTRAL):
            self._allowed = (self._now - self._started) + self.config.timeout_seconds
            self.extensions += 1

    def _fail(self, reason: str) -> ActiveStatus:
        self.phase, self.reason = Phase.FAILED, reason
        return self.status()

    def update(self, t: float, mesh: np.ndarray) -> ActiveStatus:
        """Feed one frame: its time in seconds and the face's mesh (468 x 3, image pixels)."""
        if self.phase in (Phase.PASSED, Phase.FAILED):
            return self.status()
        self._now = t
        pts = np.asarray(mesh, dtype=np.float64)
        ear, yaw = eye_aspect_ratio(pts), head_pose(pts).yaw
        if self.phase is Phase.CALIBRATING:
            self._calib.append((ear, yaw, pts))
            if len(self._calib) >= self.config.calibration_frames:
                self._base_ear = float(np.median([c[0] for c in self._calib]))
                self._base_yaw = float(np.median([c[1] for c in self._calib]))
                self._base_points = np.median(np.stack([c[2] for c in self._calib]), axis=0)
                # How much a face that is not turning "moves" out of plane: landmark noise alone.
                self._noise = float(np.median([planar_residual(self._base_points, c[2]) for c in self._calib]))
                self._wait(t)
            return self.status()
        turned = yaw - self._base_yaw
        if self.phase is Phase.WAITING:
            if abs(turned) > self.config.turn_degrees / 2:
                # A live shopper does not know which way until asked; a replayed clip does not wait.
                return self._fail("turned before the prompt")
            if t >= self._onset:
                self._begin(t)
                self._closed_at_onset = ear < self.config.blink_ratio * self._base_ear
            return self.status()
        if t - self._started > self._allowed:
            # A blink cannot stand in for the step-up's turn: only a turn answers what it asks.
            if (self.phase is Phase.CHALLENGE and self.config.offer_other_after_timeout and not self._other_offered
                    and self.index != self.stepped_up_at):
                self._offer_other(t)
                return self.status()
            what = "come back to neutral" if self.phase is Phase.NEUTRAL else str(self.sequence[self.index])
            return self._fail(f"timed out waiting for: {what}")
        if self.phase is Phase.NEUTRAL:
            # Facing forward with eyes not closed; eye openness jitters too much to ask for more.
            neutral = abs(turned) < self.config.neutral_degrees and ear > self.config.blink_ratio * self._base_ear
            self._neutral_count = self._neutral_count + 1 if neutral else 0
            if self._neutral_count >= self.config.neutral_frames:
                self._wait(t)
            return self.status()
        challenge = self.sequence[self.index]
        if challenge is Challenge.BLINK:
            if self._blinked(t, ear):
                self._next(t)
        else:
            # Yaw falls as the nose moves to the image's right, i.e. as the shopper turns to their left.
            wanted = -turned if challenge is Challenge.TURN_LEFT else turned
            assert self._base_points is not None
            if abs(turned) > self.config.turn_degrees / 2:
                residual = planar_residual(self._base_points, pts)
                self._best_parallax = max(self._best_parallax, residual)
                self._per_degree.append((residual - self._noise) / abs(turned))
            if -wanted > self.config.turn_degrees:
                return self._fail(f"turned the wrong way for: {challenge}")
            if wanted > self.config.turn_degrees:
                self._turn_reached = True
            depth = float(np.median(self._per_degree)) if len(self._per_degree) >= 3 else 0.0
            if (self._turn_reached and depth >= self.config.min_parallax_per_degree
                    and self._best_parallax >= self.config.min_parallax):
                self.max_parallax = max(self.max_parallax, depth)
                self._next(t)
            elif self._turn_reached and wanted < self.config.turn_degrees / 2:
                # Turned far enough and back, and never moved like a 3-D head.
                return self._fail("the face turned like a flat picture (no depth)")
        return self.status()

    def _blinked(self, t: float, ear: float) -> bool:
        if self._closed_at_onset:  # a blink under way when the prompt appeared began before it
            self._closed_at_onset = ear < self.config.reopen_ratio * self._base_ear
            return False
        if ear < self.config.blink_ratio * self._base_ear:
            if self._closed_at is None:
                self._closed_at = t
        elif self._closed_at is not None and ear > self.config.reopen_ratio * self._base_ear:
            closed_for, self._closed_at = t - self._closed_at, None
            return closed_for <= self.config.max_blink_seconds  # longer is eyes shut, not a blink
        return False

    def _offer_other(self, t: float) -> None:
        timed_out = self.sequence[self.index]
        turns = [Challenge.TURN_LEFT, Challenge.TURN_RIGHT]
        self.sequence[self.index] = self.rng.choice(turns) if timed_out is Challenge.BLINK else Challenge.BLINK
        self._other_offered = True
        self._wait(t)

    def _wait(self, t: float) -> None:
        """The pause before the next prompt, of random length (none when the config has none)."""
        low, high = self.config.onset_delay_seconds
        if high <= 0.0:
            self._begin(t)
        else:
            self.phase, self._onset = Phase.WAITING, t + self.rng.uniform(low, high)

    def _begin(self, t: float) -> None:
        self._allowed = self.config.timeout_seconds
        self.phase, self._started, self._closed_at, self._neutral_count = Phase.CHALLENGE, t, None, 0
        self._best_parallax, self._turn_reached, self._per_degree = 0.0, False, []

    def _next(self, t: float) -> None:
        self.index += 1
        if self.index >= len(self.sequence):
            self.phase = Phase.PASSED
        else:
            self.phase, self._started, self._neutral_count = Phase.NEUTRAL, t, 0
            self._allowed = self.config.timeout_seconds
