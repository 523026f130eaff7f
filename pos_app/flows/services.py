"""What a face session (a checkout or an enrollment) needs from the rest of the application."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from liveness.active import ActiveConfig, Challenge
from liveness.flash import FlashConfig
from liveness.fusion import LivenessConfig
from liveness.minifasnet import PassiveModel
from payments.client import BankClient
from pos_app.core.db import Database
from pos_app.core.vault import KeyFile
from pos_app.flows.liveness_check import LivenessCheck
from pos_app.vision.engine import Engines, FaceEngine, UnknownModel


@dataclass
class SessionServices:
    db: Database
    keys: KeyFile
    engine: FaceEngine
    passive: PassiveModel
    bank: BankClient
    terminal_id: str
    terminal_name: str
    match_threshold: float
    liveness: LivenessConfig = field(default_factory=LivenessConfig)
    active: ActiveConfig = field(default_factory=ActiveConfig)
    # None: a random pair of challenges per session (a live camera). Set only for recorded input.
    challenges: list[Challenge] | None = None
    # The screen-light check (settings.liveness_screen_light): None unless a store turned it on.
    flash: FlashConfig | None = None
    # The seller's lines a shopper's receipt carries (name, org. number MVA, address).
    seller: tuple[str, ...] = ()
    # How a session's liveness check is made. Flow and UI tests inject a scripted checker here
    # (liveness has its own tests); no setting or flag of the product reaches this.
    liveness_factory: Callable[[SessionServices, FaceEngine], LivenessCheck] | None = None
    # The engines older templates were made by (a store that changed engines); None: only `engine`.
    engines: Engines | None = None

    def warm_up(self) -> None:
        """Load and run every model once (detector, mesh, descriptor, the passive pair), so the
        first shopper after a start does not wait for them on the first capture frames."""
        import numpy as np

        frame = np.full((480, 640, 3), 127, np.uint8)
        self.engine.warm_up()
        self.engine.detect(frame, mode="track")
        if self.passive is not None:
            self.passive.live_score(frame, (220.0, 140.0, 420.0, 340.0))

    def verifier_for(self, model_id: str) -> tuple[FaceEngine, float]:
        """The engine and threshold a template of `model_id` is verified with: never another
        model's, whose embeddings live in a different space."""
        if model_id == self.engine.model_id:
            return self.engine, self.match_threshold
        if self.engines is None:
            raise UnknownModel(f"this template was made by {model_id}, this kiosk runs {self.engine.model_id}",
                               hint="re-enrol the customer at the desk")
        return self.engines.for_model(model_id)

    def new_liveness_check(self, avoid: frozenset[Challenge] | None = None,
                           engine: FaceEngine | None = None) -> LivenessCheck:
        """`avoid`: the challenges the shopper's last try drew; a random draw then takes others.
        `engine`: the one the session verifies with (the challenge's faces are compared with the
        verified ones, so they must be described by the same model)."""
        if self.liveness_factory is not None:
            return self.liveness_factory(self, engine or self.engine)
        # A recording answers fixed challenges and cannot answer a step-up turn it does not know of:
        # only a live camera (random draws) asks for one; a recording gets "one more turn was needed".
        return LivenessCheck(engine or self.engine, self.passive, self.challenges, self.liveness, self.active,
                             self.flash, step_up=self.challenges is None, avoid=avoid)
