"""The quality gate: every reason a capture cannot be used, each with a code the UI explains."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np

from liveness.geometry import eye_aspect_ratio, head_pose
from pos_app.vision.hints import INSTRUCTIONS, instruction  # noqa: F401 - read from here too
from pos_app.vision.types import Face, Quality, QualityReason

Purpose = Literal["verify", "enroll"]
R = QualityReason


@dataclass(frozen=True)
class QualityPolicy:
    # Measured on lfw_dev with the probe scaled down (benchmarks/capture_conditions.py): FNMR at
    # FMR 1e-3 is 6.7 % at 24 px, 8.2 % at 17 px, 10.4 % at 12 px and 21 % at 10 px. Verification
    # refuses below 20 px, above the 17 px where it still holds, since a webcam's far face is
    # blurrier than a downscaled photo. Enrolment, made once for years of payments at a desk
    # where a step closer costs nothing, keeps near ISO/IEC 39794-5's >= 60 px for photos.
    min_inter_ocular_verify: float = 20.0
    min_inter_ocular_enroll: float = 55.0
    # A second face whose eye distance is this share of the shopper's is "someone close behind".
    another_face_ratio: float = 0.6
    # Variance of the Laplacian on the face resized to 128 px wide: sharp portraits read >= 78,
    # the same faces under a 2-px Gaussian blur read ~45.
    min_sharpness: float = 60.0
    # Darkened in linear light with a webcam's read noise (same benchmark): FNMR at FMR 1e-3 is
    # 6.6 % at a face grey of 83, 7.6 % at 60 and 9.2 % at 44; 55 keeps what still holds.
    min_brightness: float = 55.0
    max_brightness: float = 210.0
    max_yaw: float = 25.0
    max_pitch: float = 25.0
    max_roll: float = 20.0
    # Measured on the mesh: closed eyes in the bona fide blink videos read 0.11-0.13, open eyes in
    # the shared portraits 0.17-0.35 (a smile narrows them) and in video 0.26-0.32.
    min_eye_openness: float = 0.14
    # How far (share of face width) the face box may stick out of the frame.
    edge_tolerance: float = 0.02
    # A face whose centre is below this share of the picture's height is "low" (see FACE_LOW).
    low_face_centre: float = 0.6


DEFAULT_POLICY = QualityPolicy()


def face_crop_gray(image_bgr: np.ndarray, face: Face, width: int = 128) -> np.ndarray:
    import cv2

    h, w = image_bgr.shape[:2]
    b = face.box
    crop = image_bgr[max(0, b.top):min(h, b.bottom), max(0, b.left):min(w, b.right)]
    if crop.size == 0:
        return np.zeros((width, width), np.uint8)
    gray = cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    return cv2.resize(gray, (width, max(1, round(width * gray.shape[0] / gray.shape[1]))),
                      interpolation=cv2.INTER_AREA)


def measure(image_bgr: np.ndarray, face: Face) -> dict[str, float]:
    import cv2

    h, w = image_bgr.shape[:2]
    pts = face.points()
    gray = face_crop_gray(image_bgr, face)
    pose = head_pose(face.mesh)
    b = face.box
    outside = max(0, -b.left, -b.top, b.right - w, b.bottom - h)
    out_points = int(np.sum((pts[:, 0] < 0) | (pts[:, 1] < 0) | (pts[:, 0] >= w) | (pts[:, 1] >= h)))
    return {
        "inter_ocular_px": face.inter_ocular,
        "sharpness": float(cv2.Laplacian(gray, cv2.CV_64F).var()),
        "brightness": float(gray.mean()),
        "yaw": pose.yaw,
        "pitch": pose.pitch,
        "roll": pose.roll,
        "eye_openness": eye_aspect_ratio(face.mesh),
        "outside_share": outside / max(1, b.width),
        "below_share": max(0, b.bottom - h) / max(1, b.height),
        "centre_y": (b.top + b.bottom) / 2 / max(1, h),
        "landmarks_outside": float(out_points),
    }


def assess(
    image_bgr: np.ndarray, faces: Sequence[Face], purpose: Purpose = "verify",
    policy: QualityPolicy = DEFAULT_POLICY,
) -> tuple[Face | None, Quality]:
    """Pick the shopper's face (the largest) and list everything wrong with it, worst first."""
    if not faces:
        return None, Quality((R.NO_FACE,))
    face = max(faces, key=lambda f: f.inter_ocular)
    m = measure(image_bgr, face)
    reasons: list[QualityReason] = []
    if m["outside_share"] > policy.edge_tolerance or m["landmarks_outside"] > 0:
        reasons.append(R.CUT_OFF)
    others = [f for f in faces if f is not face]
    if others:
        m["another_face_ratio"] = max(f.inter_ocular for f in others) / max(face.inter_ocular, 1e-6)
        if m["another_face_ratio"] >= policy.another_face_ratio:
            reasons.append(R.ANOTHER_FACE)
    min_iod = policy.min_inter_ocular_enroll if purpose == "enroll" else policy.min_inter_ocular_verify
    if m["inter_ocular_px"] < min_iod:
        reasons.append(R.TOO_SMALL)
    if abs(m["yaw"]) > policy.max_yaw or abs(m["pitch"]) > policy.max_pitch:
        reasons.append(R.HEAD_TURNED)
    if abs(m["roll"]) > policy.max_roll:
        reasons.append(R.HEAD_TILTED)
    if m["brightness"] < policy.min_brightness:
        reasons.append(R.TOO_DARK)
    elif m["brightness"] > policy.max_brightness:
        reasons.append(R.TOO_BRIGHT)
    if m["sharpness"] < policy.min_sharpness:
        reasons.append(R.TOO_BLURRY)
    if purpose == "enroll" and m["eye_openness"] < policy.min_eye_openness:
        reasons.append(R.EYES_CLOSED)
    return face, Quality(tuple(_seated(reasons, m, policy)), m)


def _seated(reasons: list[QualityReason], m: dict[str, float], policy: QualityPolicy) -> list[QualityReason]:
    """A face low in the picture that runs off its bottom, or tips back to look up at the camera,
    is a shopper sitting lower than the camera: "move to the middle" or "look straight" cannot be
    done from a wheelchair, "tilt the screen down" can. (A low face that is whole and frontal is
    fine as it is.)"""
    if m["centre_y"] < policy.low_face_centre:
        return reasons
    cut_below = R.CUT_OFF in reasons and m["below_share"] > 0
    looking_up = R.HEAD_TURNED in reasons and abs(m["yaw"]) <= policy.max_yaw
    if not (cut_below or looking_up):
        return reasons
    drop = {R.CUT_OFF} if cut_below else set()
    if looking_up:
        drop.add(R.HEAD_TURNED)
    return [R.FACE_LOW] + [r for r in reasons if r not in drop]


def quality_weight(metrics: dict[str, float]) -> float:
    """A good capture's weight in a fused probe: bigger, sharper and more frontal faces count more.
    (0.05..1; saturates at an inter-ocular distance of 60 px and a sharpness of 150.)"""
    size = min(1.0, metrics.get("inter_ocular_px", 0.0) / 60.0)
    sharp = min(1.0, metrics.get("sharpness", 0.0) / 150.0)
    frontal = max(0.0, float(np.cos(np.radians(metrics.get("yaw", 0.0))) * np.cos(np.radians(metrics.get("pitch", 0.0)))))
    return max(0.05, size * sharp * frontal)


