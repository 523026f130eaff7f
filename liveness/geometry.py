"""Head pose, eye openness and the points a face keeps rigid, from MediaPipe's 468-point mesh.

Plain geometry on arrays (468 x 3: x, y in image pixels, z in the same scale, smaller = nearer
the camera); no model files. Shared by the quality gate (pos_app.vision.quality) and liveness.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MESH_POINTS = 468
# The subject's right eye is on the image's left for an unmirrored camera.
RIGHT_EYE_OUTER, RIGHT_EYE_INNER, LEFT_EYE_INNER, LEFT_EYE_OUTER = 33, 133, 362, 263
NOSE_TIP, SUBNASALE, CHIN, FOREHEAD = 1, 2, 152, 10
MOUTH_RIGHT, MOUTH_LEFT = 61, 291
# Eye aspect ratio points, in the order p1..p6 of Soukupová & Čech: corner, two upper lid points,
# the other corner, two lower lid points (p2 over p6, p3 over p5).
RIGHT_EYE_EAR = (33, 160, 158, 133, 153, 144)
LEFT_EYE_EAR = (362, 385, 387, 263, 373, 380)
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378, 400, 377,
             152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54, 103, 67, 109)
# Points that move rigidly with the skull and lie well spread in depth: the contour, the nose
# ridge and tip, the cheekbones and the eye corners. Lids, lips and jaw move on their own.
NOSE = (1, 4, 5, 6, 168, 197, 195, 2, 98, 327)
CHEEKS = (50, 280, 116, 345, 123, 352)
RIGID = tuple(sorted(set(FACE_OVAL) - {152, 148, 176, 149, 150, 377, 400, 378, 379, 365}
                     | set(NOSE) | set(CHEEKS) | {33, 133, 362, 263}))
# The pitch the forehead-to-chin line reads on a face looking straight at the camera (degrees,
# median over the 15 shared photos: -5.3): subtracted so that "straight" reads about 0.
PITCH_OFFSET = -5.0


@dataclass(frozen=True)
class HeadPose:
    # Degrees. Yaw is negative when the nose moves to the image's right: the subject turning to
    # their own left, as an unmirrored camera sees it.
    yaw: float
    pitch: float  # + when the subject looks up
    roll: float   # + when the head tilts clockwise in the image


def eye_centers(mesh: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(subject's right eye, subject's left eye): the midpoints of each eye's corners, in 2-D."""
    m = np.asarray(mesh, dtype=np.float64)
    return (m[RIGHT_EYE_OUTER, :2] + m[RIGHT_EYE_INNER, :2]) / 2, (m[LEFT_EYE_OUTER, :2] + m[LEFT_EYE_INNER, :2]) / 2


def inter_ocular(mesh: np.ndarray) -> float:
    right, left = eye_centers(mesh)
    return float(np.linalg.norm(left - right))


def head_pose(mesh: np.ndarray) -> HeadPose:
    """Rotation of the face's own frame, built from the mesh's 3-D points: x along the eye line,
    y from forehead to chin made square to it, the face's forward direction their cross product."""
    m = np.asarray(mesh, dtype=np.float64)
    across = m[LEFT_EYE_OUTER] - m[RIGHT_EYE_OUTER]
    down = m[CHIN] - m[FOREHEAD]
    x = across / max(np.linalg.norm(across), 1e-9)
    down = down - np.dot(down, x) * x
    y = down / max(np.linalg.norm(down), 1e-9)
    forward = -np.cross(x, y)  # toward the camera: image z grows away from it
    yaw = float(np.degrees(np.arctan2(-forward[0], -forward[2])))
    pitch = float(np.degrees(np.arctan2(-forward[1], -forward[2]))) - PITCH_OFFSET
    right, left = eye_centers(m)
    roll = float(np.degrees(np.arctan2(left[1] - right[1], left[0] - right[0])))
    return HeadPose(yaw=yaw, pitch=pitch, roll=roll)


def _ear(m: np.ndarray, idx: tuple[int, ...]) -> float:
    p = m[list(idx), :2]
    vertical = np.linalg.norm(p[1] - p[5]) + np.linalg.norm(p[2] - p[4])
    horizontal = np.linalg.norm(p[0] - p[3])
    return float(vertical / (2.0 * horizontal)) if horizontal > 0 else 0.0


def eye_aspect_ratio(mesh: np.ndarray) -> float:
    """Mean eye aspect ratio over both eyes from the mesh's lid points: ~0.28 open, ~0.15 shut."""
    m = np.asarray(mesh, dtype=np.float64)
    return (_ear(m, RIGHT_EYE_EAR) + _ear(m, LEFT_EYE_EAR)) / 2.0
