"""A liveness check over a stream of frames: tracking, continuity, the active challenge and the
passive model, fused into one decision. Used by `facepay liveness` and by the checkout flow."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from liveness.active import ActiveConfig, ActiveSession, ActiveStatus, Challenge, Phase
from liveness.continuity import FaceTrack, same_person
from liveness.flash import FlashChallenge, FlashConfig
from liveness.fusion import Decision, Evidence, LivenessConfig, LivenessResult, fuse, weigh
from liveness.minifasnet import PassiveModel
from liveness.screen import ScreenCues
from pos_app.vision.engine import FaceEngine
from pos_app.vision.engine_registry import ENGINES
from pos_app.vision.types import Face

PASSIVE_EVERY = 3  # the passive pair costs ~12 ms: every third frame is plenty for a median
# A passive-only check (no challenge) looks as long as a kiosk's capture does, not at its first
# frames: the first half second of a replay (a phone's bezel, a finger) is not all of it.
PASSIVE_ONLY_SECONDS = 4.0


@dataclass
class LivenessCheck:
    engine: FaceEngine
    passive: PassiveModel
    challenges: list[Challenge] | None = None  # None: a random pair; []: passive only
    config: LivenessConfig = field(default_factory=LivenessConfig)
    active_config: ActiveConfig = field(default_factory=ActiveConfig)
    # The screen-light check after the challenges (a store setting, off by default): only on a
    # live kiosk screen, whose display the shopper's face reflects.
    flash: FlashConfig | None = None
    # Weak evidence (liveness.fusion.weigh) asks for one more turn in the same session. Off only
    # where nobody can answer one (a recording whose challenges are fixed).
    step_up: bool = True
    # The challenges of the shopper's last try: a random draw differs from them (a new try).
    avoid: frozenset[Challenge] | None = None

    def __post_init__(self) -> None:
        self.flash_check = FlashChallenge.random(self.flash) if self.flash is not None else None
        self.flash_colour: str | None = None  # what the display must show now, while the check runs
        self.track = FaceTrack()
        if self.challenges is None:
            self.session: ActiveSession | None = ActiveSession.random(config=self.active_config, avoid=self.avoid)
        else:
            self.session = ActiveSession(list(self.challenges), self.active_config) if self.challenges else None
        self.passive_scores: list[float] = []
        self.screen = ScreenCues()  # sampled with the passive model, every PASSIVE_EVERY frames
        self.last_faces: list = []  # the latest frame's detections, for callers' quality hints
        # Embeddings of the tracked face at the start and after each challenge: the face that paid
        # must be the face that answered (see result()). Each costs one embedding (~110 ms).
        self.embeddings: list[np.ndarray] = []
        # (face, embedding) when the latest frame was embedded: the best-frames probe may keep the
        # same frame and must not embed it a second time (both at once held the preview 90 ms).
        self.fresh: tuple[Face, np.ndarray] | None = None
        self._sampled_at = -1
        self.frames = 0
        self._first_t: float | None = None
        self._last_t = 0.0
        self.status: ActiveStatus | None = self.session.status() if self.session else None
        # What was drawn, before any step-up or stand-in: what a new try must differ from.
        self.drawn: frozenset[Challenge] | None = frozenset(self.session.sequence) if self.session else None

    @property
    def finished(self) -> bool:
        broken = self.track.broken is not None
        if self.session is None:
            seen = self._last_t - (self._first_t if self._first_t is not None else self._last_t)
            return broken or (len(self.passive_scores) >= self.config.passive_min_frames and seen >= PASSIVE_ONLY_SECONDS)
        if self.flashing:
            return broken or self.flash_check.done  # type: ignore[union-attr]  # set whenever the screen-light check is on, which this branch checked
        return broken or self.session.phase in (Phase.PASSED, Phase.FAILED)

    @property
    def flashing(self) -> bool:
        """The challenges are answered and the screen-light check has the display."""
        return self.flash_check is not None and self.session is not None and self.session.phase is Phase.PASSED

    def feed(self, frame_bgr: np.ndarray, t: float) -> ActiveStatus | None:
        """One frame and its time in seconds; returns the challenge status for the UI's prompt."""
        self._first_t = t if self._first_t is None else self._first_t
        self._last_t = t
        self.fresh = None
        faces = self.last_faces = self.engine.detect(frame_bgr, mode="track")
        tracked = self.track.update([(f.box.left, f.box.top, f.box.right, f.box.bottom) for f in faces])
        if not tracked.tracking or not faces:
            return self.status
        face = max(faces, key=lambda f: f.box.area)
        if self.flashing:
            # The display's colours light these frames: they feed the screen-light check alone,
            # never the passive model or the screen cues, which were measured under the shop's light.
            b = face.box
            self.flash_colour = self.flash_check.feed(t, frame_bgr, (b.left, b.top, b.right, b.bottom))  # type: ignore[union-attr]  # set whenever the screen-light check is on, which this branch checked
            return self.status
        if self.frames % PASSIVE_EVERY == 0:
            b = face.box
            self.passive_scores.append(self.passive.live_score(frame_bgr, (b.left, b.top, b.right, b.bottom))[0])
            if self.config.screen is not None:
                self.screen.add(frame_bgr, (b.left, b.top, b.right, b.bottom))
        self.frames += 1
        if self.session is not None:
            self.status = self.session.update(t, face.mesh)
            if self.status.phase is Phase.PASSED and self._wants_step_up():
                self.session.step_up()
                self.status = self.session.status()
        done = self.status.done if self.status else 0
        if done != self._sampled_at:
            self.embeddings.append(self.engine.embed(frame_bgr, face))
            self.fresh = (face, self.embeddings[-1])
            self._sampled_at = done
        return self.status

    def _wants_step_up(self) -> bool:
        """The challenges passed but the passive model and the screen cues are unsure: ask once for
        one more turn rather than refuse (only strong evidence refuses)."""
        if not self.step_up or self.session is None or self.session.stepped_up_at is not None:
            return False
        cues = self.screen.medians() if self.config.screen is not None else None
        return weigh(self.passive_scores, cues, self.config).evidence is Evidence.STEP_UP

    @property
    def stepped_up(self) -> bool:
        return self.session is not None and self.session.stepped_up_at is not None

    def extend(self) -> None:
        """More time for the current challenge (the shopper asked for it)."""
        if self.session is not None:
            self.session.extend()
            self.status = self.session.status()

    def result(self, verification_embedding: np.ndarray | None = None, match_threshold: float | None = None) -> LivenessResult:
        """The decision. Given the embedding that verification used, it must be of the same person
        as the faces seen during the challenge, or the session is retried. `match_threshold`: the
        same-person similarity; by default the engine's own (each engine has its own scale)."""
        if match_threshold is None:
            known = ENGINES.get(self.engine.name)
            match_threshold = known.same_person if known else 0.8
        if self.session is None:  # passive only: one still image is enough evidence for that signal
            config = LivenessConfig(self.config.passive_threshold, self.config.passive_step_up,
                                    min(self.config.passive_min_frames, max(1, self.frames)),
                                    require_active=False, screen=self.config.screen)
            result = fuse(self.passive_scores, None, self.track.broken, config, self.screen.medians())
        else:
            flash = self.flash_check.result() if self.flash_check is not None else None
            result = fuse(self.passive_scores, self.session.status(), self.track.broken, self.config,
                          self.screen.medians(), flash, stepped_up=self.session.stepped_up)
        seen = self.embeddings + ([verification_embedding] if verification_embedding is not None else [])
        if result.live and len(seen) >= 2 and not same_person(seen, match_threshold):
            return LivenessResult(Decision.RETRY, result.scores,
                                  ["the face that was verified is not the face that answered the challenge"])
        return result
