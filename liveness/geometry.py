"""Head pose, eye openness and planarity from 68 iBUG landmarks: plain geometry, no model files.

Shared by the quality gate (pos_app.vision.quality) and the liveness checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# A generic adult head in millimetres (nose tip at the origin, x to the subject's left, y up,
# z toward the camera), for the six iBUG points solvePnP needs.
_MODEL_POINTS = np.array([
    (0.0, 0.0, 0.0),          # 30 nose tip
    (0.0, -63.6, -12.5),      # 8 chin
    (-43.3, 32.7, -26.0),     # 36 outer corner of the subject's right eye
    (43.3, 32.7, -26.0),      # 45 outer corner of the subject's left eye
    (-28.9, -28.9, -24.1),    # 48 right mouth corner
    (28.9, -28.9, -24.1),     # 54 left mouth corner
], dtype=np.float64)
_IDX = [30, 8, 36, 45, 48, 54]


@dataclass(frozen=True)
class HeadPose:
    # Degrees. Yaw is negative when the nose moves to the image's right: the subject turning to
    # their own left, as an unmirrored camera sees it.
    yaw: float
    pitch: float  # degrees, + when the subject looks up
    roll: float   # degrees, + when the head tilts clockwise in the image


def head_pose(points68: np.ndarray, image_size: tuple[int, int]) -> HeadPose:
    import cv2

    h, w = image_size
    focal = float(max(h, w))
    camera = np.array([[focal, 0, w / 2], [0, focal, h / 2], [0, 0, 1]], dtype=np.float64)
    image_points = points68[_IDX].astype(np.float64)
    # The model's y is up, the image's down: flip the model so the two agree.
    model = _MODEL_POINTS * np.array([1.0, -1.0, -1.0])
    ok, rvec, _ = cv2.solvePnP(model, image_points, camera, np.zeros(4), flags=cv2.SOLVEPNP_ITERATIVE)
    if not ok:
        return HeadPose(90.0, 90.0, 90.0)
    rot, _ = cv2.Rodrigues(rvec)
    # Euler angles (y-x-z convention) of the rotation from model to camera.
    yaw = float(np.degrees(np.arcsin(np.clip(-rot[2, 0], -1.0, 1.0))))
    pitch = float(np.degrees(np.arctan2(rot[2, 1], rot[2, 2])))
    # Roll is steadier from the eye line than from the fit.
    right_eye, left_eye = points68[36:42].mean(axis=0), points68[42:48].mean(axis=0)
    roll = float(np.degrees(np.arctan2(left_eye[1] - right_eye[1], left_eye[0] - right_eye[0])))
    return HeadPose(yaw=yaw, pitch=pitch, roll=roll)


def eye_aspect_ratio(points68: np.ndarray) -> float:
    """Mean eye aspect ratio (Soukupová & Čech, 2016): ~0.3 open, below ~0.2 closed."""

    def ear(eye: np.ndarray) -> float:
        vertical = np.linalg.norm(eye[1] - eye[5]) + np.linalg.norm(eye[2] - eye[4])
        horizontal = np.linalg.norm(eye[0] - eye[3])
        return float(vertical / (2.0 * horizontal)) if horizontal > 0 else 0.0

    return (ear(points68[36:42]) + ear(points68[42:48])) / 2.0
