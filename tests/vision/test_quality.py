"""Each quality reason is raised by a real image that has that problem, and not by a good one."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from pos_app.vision.camera import open_source
from pos_app.vision.engine import analyze
from pos_app.vision.images import load_image
from pos_app.vision.types import QualityReason as R


def reasons(engine, image: np.ndarray, purpose: str = "verify") -> set[R]:  # type: ignore[no-untyped-def]
    return set(analyze(engine, image, purpose=purpose, embed=False).quality.reasons)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def portrait(faces: Path) -> np.ndarray:
    return load_image(faces / "identities" / "obama" / "obama.jpg")


def test_a_good_frontal_portrait_passes_for_enrollment(engine, portrait) -> None:  # type: ignore[no-untyped-def]
    assert reasons(engine, portrait, "enroll") == set()


def test_no_face(engine, portrait) -> None:  # type: ignore[no-untyped-def]
    jacket = portrait[800:, :]  # the lower part of the same photo: shirt and jacket, no face
    assert reasons(engine, jacket) == {R.NO_FACE}


def test_another_face_almost_as_large(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    assert R.ANOTHER_FACE in reasons(engine, load_image(faces / "scenes" / "two_people.jpg"))
    assert R.ANOTHER_FACE in reasons(engine, load_image(faces / "scenes" / "obama_and_biden.jpg"))


def half(image: np.ndarray) -> np.ndarray:
    return cv2.resize(image, (image.shape[1] // 2, image.shape[0] // 2), interpolation=cv2.INTER_AREA)


def test_face_too_small(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    small = load_image(faces / "scenes" / "obama-240p.jpg")  # eyes ~23 px apart
    # Verification holds up to ~17 px (benchmarks/capture_conditions.py): 23 px may pay, but an
    # enrolment, made once at a desk for years of payments, asks for more.
    assert R.TOO_SMALL not in reasons(engine, small)
    assert R.TOO_SMALL in reasons(engine, small, "enroll")
    assert R.TOO_SMALL in reasons(engine, half(small))  # ~11 px: where accuracy collapses
    assert R.TOO_SMALL not in reasons(engine, load_image(faces / "scenes" / "obama-720p.jpg"), "enroll")


def test_a_face_below_the_minimum_size_is_told_it_is_too_far_away(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.vision.quality import instruction

    analysis = analyze(engine, half(load_image(faces / "scenes" / "obama-240p.jpg")), embed=False)
    assert analysis.quality.reasons[0] is R.TOO_SMALL
    assert instruction(R.TOO_SMALL, "en") == "Too far away: come closer"
    assert instruction(R.TOO_SMALL, "nb") == "For langt unna: kom nærmere"


# Every hard scene gives the reasons a person would name, never a crash: one face found per
# visible person (the child at the edge of the Obama-and-Biden photo included).
SCENES = {
    "32bit.png": (1, set()),
    "kit_with_rose.jpg": (2, {R.ANOTHER_FACE}),
    "two_people.jpg": (2, {R.ANOTHER_FACE}),
    "obama_and_biden.jpg": (3, {R.ANOTHER_FACE}),
    "obama_partial_face.jpg": (1, {R.CUT_OFF}),
    "obama_partial_face2.jpg": (1, {R.CUT_OFF}),
    "obama-240p.jpg": (1, set()),  # small, but within what verification was measured to hold
    "obama-480p.jpg": (1, set()),
    "obama-720p.jpg": (1, set()),
    "obama-1080p.jpg": (1, set()),
}


@pytest.mark.parametrize("name", sorted(SCENES))
def test_hard_scenes_give_clear_reasons(engine, faces: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    count, expected = SCENES[name]
    analysis = analyze(engine, load_image(faces / "scenes" / name), embed=False)
    assert len(analysis.faces) == count
    assert expected <= set(analysis.quality.reasons)
    if not expected:
        assert analysis.quality.ok, analysis.quality.reasons


def test_a_second_face_in_a_kiosk_frame_is_detected(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.vision.bench import kiosk_frame

    frame = kiosk_frame(load_image(faces / "scenes" / "two_people.jpg"))
    assert len(engine.detect(frame, mode="track")) == 2


def test_too_blurry(engine, portrait) -> None:  # type: ignore[no-untyped-def]
    assert R.TOO_BLURRY in reasons(engine, cv2.GaussianBlur(portrait, (0, 0), 3))


@pytest.mark.parametrize(("gain", "reason"), [(0.25, R.TOO_DARK), (2.0, R.TOO_BRIGHT)])
def test_too_dark_or_too_bright(engine, portrait, gain: float, reason: R) -> None:  # type: ignore[no-untyped-def]
    lit = np.clip(portrait.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    assert reason in reasons(engine, lit)


def test_head_tilted(engine, portrait) -> None:  # type: ignore[no-untyped-def]
    h, w = portrait.shape[:2]
    tilted = cv2.warpAffine(portrait, cv2.getRotationMatrix2D((w / 2, h / 2), 35, 1.0), (w, h))
    assert R.HEAD_TILTED in reasons(engine, tilted)


def video_frame(path: Path, index: int) -> np.ndarray:
    cap = cv2.VideoCapture(str(path))
    cap.set(cv2.CAP_PROP_POS_FRAMES, index)
    ok, frame = cap.read()
    cap.release()
    assert ok, f"{path} has no frame {index}"
    return frame


def test_head_turned(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    # A real head turned away (the mesh reads ~29 degrees of yaw) in the Hamilton clip, and the
    # same person facing the camera a second earlier. A portrait turned ~16 degrees still passes.
    clip = faces / "video" / "short_hamilton_clip.mp4"
    assert R.HEAD_TURNED in reasons(engine, video_frame(clip, 135))
    assert R.HEAD_TURNED not in reasons(engine, video_frame(clip, 95))
    assert R.HEAD_TURNED not in reasons(engine, load_image(faces / "identities" / "obama" / "obama2.jpg"))


def test_face_cut_off_by_the_frame(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    assert R.CUT_OFF in reasons(engine, load_image(faces / "scenes" / "obama_partial_face.jpg"))
    assert R.CUT_OFF in reasons(engine, load_image(faces / "scenes" / "obama_partial_face2.jpg"))


def test_eyes_closed_during_a_real_blink_blocks_enrollment_only(engine, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    source = open_source(str(test_data / "liveness" / "bonafide" / "blink_1.mp4"))
    flagged, frames = [], 0
    try:
        while frames < 60 and (frame := source.read()) is not None:
            frames += 1
            found = reasons(engine, frame, "enroll")
            flagged.append(R.EYES_CLOSED in found)
            if R.EYES_CLOSED in found:
                assert R.EYES_CLOSED not in reasons(engine, frame, "verify")
    finally:
        source.close()
    # The man blinks within the first seconds; most frames are open-eyed.
    assert any(flagged) and sum(flagged) < frames / 3
    assert not flagged[0]


def test_every_frame_of_a_real_video_is_processed(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    source = open_source(str(faces / "video" / "short_hamilton_clip.mp4"))
    seen = with_face = 0
    try:
        while (frame := source.read()) is not None:
            seen += 1
            a = analyze(engine, frame, mode="track", embed=False)
            with_face += a.face is not None
    finally:
        source.close()
    assert seen > 0 and with_face > seen / 2


def seated(image: np.ndarray, engine, cut: float) -> np.ndarray:  # type: ignore[no-untyped-def]
    """The same photo as a camera at standing height sees a seated shopper: the face low in the
    frame, its lower `cut` share below the bottom edge (negative: a margin below the chin)."""
    box = analyze(engine, image, purpose="verify", embed=False).face.box  # type: ignore[union-attr]
    h = image.shape[0]
    shift = int(h - box.bottom + cut * box.height)
    frame = np.full_like(image, 40)
    frame[shift:] = image[:h - shift]
    return frame


@pytest.mark.parametrize("person", ["obama/obama.jpg", "biden/biden.jpg"])
def test_a_seated_shopper_low_in_the_picture_is_told_to_tilt_the_screen(engine, faces: Path, person: str) -> None:  # type: ignore[no-untyped-def]
    from pos_app.speech.script import instruction

    photo = load_image(faces / "identities" / person)
    # Chin below the edge: not "move to the middle", which a wheelchair user cannot do.
    for cut in (0.1, 0.25):
        found = analyze(engine, seated(photo, engine, cut), purpose="verify", embed=False).quality.reasons
        assert found[0] is R.FACE_LOW and R.CUT_OFF not in found, (cut, found)
    assert instruction(R.FACE_LOW, "en").endswith("tilt the screen down towards you")
    # Low but whole and frontal: good enough to verify as it is, so no hint at all.
    assert reasons(engine, seated(photo, engine, -0.1)) == set()
