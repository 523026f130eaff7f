"""The kiosk's probe: the session's best frames, fused, on real video."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pos_app.core.config import Settings
from pos_app.vision.matching import build_template, fuse_embeddings, same_person_threshold, verify
from pos_app.vision.probe import BestFrames
from pos_app.vision.quality import assess, quality_weight

SHIPPED = Settings().match_threshold  # the default engine's (SFace, the `engine` fixture)


def frames(video: Path, every: int = 2, limit: int = 90) -> list[np.ndarray]:
    import cv2

    capture = cv2.VideoCapture(str(video))
    out: list[np.ndarray] = []
    i = 0
    while len(out) < limit:
        ok, frame = capture.read()
        if not ok:
            break
        if i % every == 0:
            out.append(frame)
        i += 1
    capture.release()
    return out


@pytest.fixture(scope="module")
def blink(test_data: Path) -> list[np.ndarray]:
    return frames(test_data / "liveness" / "bonafide" / "blink_1.mp4")


def offer_all(best: BestFrames, engine, video: list[np.ndarray]) -> list[float]:  # type: ignore[no-untyped-def]
    weights = []
    for i, frame in enumerate(video):
        face, quality = assess(frame, engine.detect(frame, mode="track"), "verify")
        best.offer(i, frame, face, quality)
        if face is not None and quality.ok:
            weights.append(quality_weight(quality.metrics))
    return weights


def test_the_best_frames_are_kept_apart_in_time_and_closed_eyes_are_never_kept(engine, blink) -> None:  # type: ignore[no-untyped-def]
    best = BestFrames(keep=3, min_gap=6)
    offer_all(best, engine, blink)
    kept = sorted(c.index for c in best._kept)
    assert len(kept) == 3
    assert all(b - a >= 6 for a, b in zip(kept, kept[1:]))
    for c in best._kept:
        face, quality = assess(c.frame, [c.face], "verify")
        assert quality.ok and quality.metrics["eye_openness"] >= best.policy.min_eye_openness


def test_a_frame_is_copied_so_a_camera_reusing_its_buffer_cannot_change_it(engine, blink) -> None:  # type: ignore[no-untyped-def]
    best = BestFrames(keep=1)
    frame = blink[0].copy()
    face, quality = assess(frame, engine.detect(frame, mode="track"), "verify")
    assert best.offer(0, frame, face, quality)
    frame[:] = 0  # the camera writes the next picture into the same buffer
    assert best._kept[0].frame.any()


def test_the_fused_probe_verifies_its_owner_and_not_another_person(engine, blink, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    enrol = [engine.embed(f, engine.detect(f, mode="track")[0]) for f in blink[:30:10]]
    template = build_template(enrol, same_person_threshold(engine.name, SHIPPED))
    best = BestFrames()
    offer_all(best, engine, blink[45:])
    probe = best.probe(engine)
    assert probe is not None and verify(probe, template, SHIPPED).accepted
    other = BestFrames()
    offer_all(other, engine, frames(test_data / "liveness" / "bonafide" / "blink_2.mp4", limit=40))
    stranger = other.probe(engine)
    assert stranger is not None and not verify(stranger, template, SHIPPED).accepted


def test_no_good_frame_gives_no_probe(engine, blink) -> None:  # type: ignore[no-untyped-def]
    # The same shopper in a dim corner: the face is found, but every frame is below the gate.
    dim = [(frame * 0.15).astype(np.uint8) for frame in blink[:30]]
    assert engine.detect(dim[0], mode="track")
    best = BestFrames()
    offer_all(best, engine, dim)
    assert len(best) == 0 and best.probe(engine) is None


def test_fusion_weighs_each_capture_and_refuses_nonsense() -> None:
    a, b = np.eye(4)[0], np.eye(4)[1]
    fused = fuse_embeddings([a, b], [3.0, 1.0])
    assert np.isclose(np.linalg.norm(fused), 1.0) and fused[0] == pytest.approx(3 * fused[1])
    with pytest.raises(ValueError):
        fuse_embeddings([a, b], [1.0, 0.0])
    with pytest.raises(ValueError):
        fuse_embeddings([])


class Counting:
    """An engine that counts its embeddings (the real one does the work)."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.engine, self.calls = engine, 0
        self.name, self.model_id = engine.name, engine.model_id

    def embed(self, frame, face):  # type: ignore[no-untyped-def]
        self.calls += 1
        return self.engine.embed(frame, face)


def test_frames_kept_during_capture_are_described_then_not_at_the_decision(engine, blink, dlib_engine) -> None:  # type: ignore[no-untyped-def]
    """The shopper waits on the "verifying" screen for whatever the decision still has to embed."""
    counting = Counting(engine)
    best = BestFrames()
    for i, frame in enumerate(blink[45:]):
        face, quality = assess(frame, engine.detect(frame, mode="track"), "verify")
        best.offer(i, frame, face, quality, engine=counting)  # type: ignore[arg-type]
    during = counting.calls
    assert during >= len(best) == 3
    probe, each = best.describe(counting)  # type: ignore[arg-type]
    assert counting.calls == during and probe is not None
    plain = BestFrames()
    offer_all(plain, engine, blink[45:])
    assert np.allclose(probe, plain.probe(engine), atol=1e-5)  # the same probe as described at the end
    # A template of another model is verified with that model's embeddings, never these.
    other, _ = best.describe(dlib_engine)
    assert other is not None and float(other @ probe) < 0.9
