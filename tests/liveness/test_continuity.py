"""Face continuity on real video, and on the cases a real clip does not show."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from liveness.continuity import Break, FaceTrack, same_person
from pos_app.core.config import Settings
from pos_app.vision.matching import same_person_threshold


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    from pos_app.vision.sface_engine import SFaceEngine

    return SFaceEngine()


def boxes_of(video: Path, engine, limit: int = 10_000) -> list[list[tuple[float, float, float, float]]]:  # type: ignore[no-untyped-def]
    cap, out = cv2.VideoCapture(str(video)), []
    while len(out) < limit:
        ok, frame = cap.read()
        if not ok:
            break
        out.append([(f.box.left, f.box.top, f.box.right, f.box.bottom) for f in engine.detect(frame, mode="track")])
    cap.release()
    return out


def test_one_person_blinking_stays_one_tracked_face(engine, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    track = FaceTrack()
    for boxes in boxes_of(test_data / "liveness" / "bonafide" / "blink_2.mp4", engine, limit=150):
        status = track.update(boxes)
    assert status.tracking and track.broken is None


def test_a_face_that_leaves_and_another_that_appears_break_the_session(engine, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    frames = boxes_of(test_data / "faces" / "video" / "short_hamilton_clip.mp4", engine)
    track = FaceTrack()
    broken_at = None
    for i, boxes in enumerate(frames):
        if track.update(boxes).broken and broken_at is None:
            broken_at = i
    # The first face is followed (through single-frame detection misses) until it leaves, ~frame 212.
    assert broken_at is not None and 200 <= broken_at <= 230
    assert track.broken in (Break.LEFT, Break.SWAPPED)


def test_a_jump_to_another_place_is_a_swap() -> None:
    track = FaceTrack()
    track.update([(100, 100, 200, 200)])
    track.update([(104, 100, 204, 200)])
    assert track.update([(400, 100, 500, 200)]).broken is Break.SWAPPED


def test_a_second_face_coming_close_breaks_and_a_small_one_far_behind_does_not() -> None:
    track = FaceTrack()
    track.update([(100, 100, 200, 200)])
    assert track.update([(102, 100, 202, 200), (400, 120, 430, 150)]).broken is None
    assert track.update([(102, 100, 202, 200), (300, 100, 380, 180)]).broken is Break.SECOND_FACE


def test_a_missed_frame_is_tolerated_leaving_is_not() -> None:
    track = FaceTrack()
    track.update([(100, 100, 200, 200)])
    for _ in range(3):
        track.update([])
    assert track.update([(103, 100, 203, 200)]).tracking
    for _ in range(11):
        status = track.update([])
    assert status.broken is Break.LEFT


def test_embeddings_of_the_session_must_be_one_person(engine, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    def embedding(video: str, index: int) -> np.ndarray:
        cap = cv2.VideoCapture(str(test_data / "liveness" / "bonafide" / video))
        for _ in range(index + 1):
            ok, frame = cap.read()
        cap.release()
        face = engine.detect(frame, mode="track")[0]
        return engine.embed(frame, face)

    threshold = same_person_threshold(engine.name, Settings().match_threshold)
    same = [embedding("blink_1.mp4", i) for i in (0, 60, 120)]
    assert same_person(same, threshold)
    assert not same_person(same + [embedding("blink_2.mp4", 0)], threshold)
