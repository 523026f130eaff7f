"""A liveness check over a stream of frames: tracking, continuity, the active challenge and the
passive model, fused into one decision. Used by `facepay liveness` and by the checkout flow."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from liveness.active import ActiveConfig, ActiveSession, ActiveStatus, Challenge, Phase
from liveness.continuity import FaceTrack
from liveness.fusion import LivenessConfig, LivenessResult, fuse
from liveness.minifasnet import PassiveModel
from pos_app.vision.engine import FaceEngine

PASSIVE_EVERY = 3  # the passive pair costs ~12 ms: every third frame is plenty for a median


@dataclass
class LivenessCheck:
    engine: FaceEngine
    passive: PassiveModel
    challenges: list[Challenge] | None = None  # None: a random pair; []: passive only
    config: LivenessConfig = field(default_factory=LivenessConfig)
    active_config: ActiveConfig = field(default_factory=ActiveConfig)

    def __post_init__(self) -> None:
        self.track = FaceTrack()
        if self.challenges is None:
            self.session: ActiveSession | None = ActiveSession.random(config=self.active_config)
        else:
            self.session = ActiveSession(list(self.challenges), self.active_config) if self.challenges else None
        self.passive_scores: list[float] = []
        self.frames = 0
        self.status: ActiveStatus | None = self.session.status() if self.session else None

    @property
    def finished(self) -> bool:
        broken = self.track.broken is not None
        if self.session is None:
            return broken or len(self.passive_scores) >= 2 * self.config.passive_min_frames
        return broken or self.session.phase in (Phase.PASSED, Phase.FAILED)

    def feed(self, frame_bgr: np.ndarray, t: float) -> ActiveStatus | None:
        """One frame and its time in seconds; returns the challenge status for the UI's prompt."""
        faces = self.engine.detect(frame_bgr, mode="track")
        tracked = self.track.update([(f.box.left, f.box.top, f.box.right, f.box.bottom) for f in faces])
        if not tracked.tracking or not faces:
            return self.status
        face = max(faces, key=lambda f: f.box.area)
        if self.frames % PASSIVE_EVERY == 0:
            b = face.box
            self.passive_scores.append(self.passive.live_score(frame_bgr, (b.left, b.top, b.right, b.bottom))[0])
        self.frames += 1
        if self.session is not None and face.landmarks68:
            self.status = self.session.update(t, face.points68(), frame_bgr.shape[:2])
        return self.status

    def result(self) -> LivenessResult:
        if self.session is None:  # passive only: one still image is enough evidence for that signal
            config = LivenessConfig(self.config.passive_threshold, min(self.config.passive_min_frames, max(1, self.frames)),
                                    require_active=False)
            return fuse(self.passive_scores, None, self.track.broken, config)
        return fuse(self.passive_scores, self.session.status(), self.track.broken, self.config)
