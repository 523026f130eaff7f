"""What the screen tests put in place of the camera and of the liveness decision.

Still photographs cannot pass the real liveness check, and must not: liveness has its own tests
on real video. Here the face detection and the embeddings are real (the real engine on real
photos); only the live/spoof decision is scripted, injected through SessionServices.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from liveness.active import ActiveStatus, Challenge, Phase
from liveness.fusion import Decision, LivenessResult
from pos_app.vision.camera import FolderSource


@dataclass
class ScriptedLiveness:
    engine: object
    decision: Decision = Decision.LIVE
    frames_needed: int = 3
    embeddings: list[np.ndarray] = field(default_factory=list)
    last_faces: list = field(default_factory=list)
    frames: int = 0
    extensions: int = 0
    flash_colour: str | None = None  # the screen-light check is the real check's, tested in tests/liveness
    fresh: tuple | None = None  # (face, embedding) of the latest frame, when it was embedded
    reasons: list[str] = field(default_factory=lambda: ["scripted: not live"])
    drawn: frozenset[Challenge] = frozenset({Challenge.BLINK, Challenge.TURN_LEFT})  # what a new try must avoid

    @property
    def status(self) -> ActiveStatus:
        done = min(self.frames, self.frames_needed)
        return ActiveStatus(Phase.CHALLENGE, Challenge.BLINK, done, self.frames_needed, Challenge.BLINK.value)

    @property
    def finished(self) -> bool:
        return self.frames >= self.frames_needed

    def feed(self, frame_bgr: np.ndarray, t: float) -> ActiveStatus:
        self.fresh = None
        faces = self.last_faces = self.engine.detect(frame_bgr, mode="track")  # type: ignore[attr-defined]
        if faces:
            self.frames += 1
            # Like the real check: the face is described when the session starts and when it ends.
            if self.frames in (1, self.frames_needed):
                face = max(faces, key=lambda f: f.box.area)
                self.embeddings.append(self.engine.embed(frame_bgr, face))  # type: ignore[attr-defined]
                self.fresh = (face, self.embeddings[-1])
        return self.status

    def extend(self) -> None:
        self.extensions += 1

    def result(self, verification_embedding: np.ndarray | None = None, match_threshold: float = 0.8) -> LivenessResult:
        return LivenessResult(self.decision, {}, [] if self.decision is Decision.LIVE else list(self.reasons))


class CountingCamera(FolderSource):
    """A folder of images as the camera, which also records when it was opened and closed."""

    opened = 0
    closed = 0

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        CountingCamera.opened += 1

    def close(self) -> None:
        CountingCamera.closed += 1
        super().close()


def camera_folder(folder: Path, images: list[Path]) -> Path:
    """The frames a scripted camera shows, in order (links, never copies of the shared data)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, image in enumerate(images):
        os.symlink(image.resolve(), folder / f"{i:04d}{image.suffix.lower()}")
    return folder
