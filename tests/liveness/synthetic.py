"""Synthetic landmark tracks: a real 3-D face mesh that turns and blinks, and the same face as a
flat or bent photo moved in front of the camera.

The 3-D face is MediaPipe's mesh of a real frontal photo from the shared test data, turned to
face the camera square and scaled to a 0.53-unit eye distance: a face the project measures
itself, so no third-party head model is needed."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from liveness.geometry import CHIN, FOREHEAD, LEFT_EYE_OUTER, RIGHT_EYE_OUTER, inter_ocular

FPS = 30.0
SIZE = (480, 640)  # height, width
FRONTAL_PHOTO = ("faces", "identities", "obama", "obama.jpg")
# Each eye's upper lid point over the lower lid point below it (MediaPipe mesh indices).
LIDS = ((246, 7), (161, 163), (160, 144), (159, 145), (158, 153), (157, 154), (173, 155),
        (466, 249), (388, 390), (387, 373), (386, 374), (385, 380), (384, 381), (398, 382))


def mesh_face(test_data: Path) -> np.ndarray:
    """468 x 3 (x right, y down, z toward the camera), centred, frontal, eye distance 0.53."""
    from pos_app.vision.images import load_image
    from pos_app.vision.mediapipe_face import MediaPipeFace, find_faces

    faces = find_faces(MediaPipeFace(), load_image(test_data.joinpath(*FRONTAL_PHOTO)))
    mesh = np.asarray(faces[0].mesh, dtype=np.float64).copy()
    mesh[:, 2] = -mesh[:, 2]  # the mesh's z grows away from the camera; ours toward it
    x = mesh[LEFT_EYE_OUTER] - mesh[RIGHT_EYE_OUTER]
    x /= np.linalg.norm(x)
    down = mesh[CHIN] - mesh[FOREHEAD]
    y = down - np.dot(down, x) * x
    y /= np.linalg.norm(y)
    z = np.array([0.0, 0.0, 1.0]) - np.dot([0.0, 0.0, 1.0], x) * x - np.dot([0.0, 0.0, 1.0], y) * y
    z /= np.linalg.norm(z)
    centred = mesh - mesh.mean(axis=0)
    frontal = centred @ np.stack([x, y, z], axis=1)  # coordinates in the face's own frame
    return frontal * (0.53 / inter_ocular(frontal))


def rotate(points: np.ndarray, yaw: float = 0.0, pitch: float = 0.0) -> np.ndarray:
    """Positive yaw moves the nose (and the subject's gaze) to the image's right."""
    a, b = np.radians(yaw), np.radians(pitch)
    ry = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    return (rx @ ry @ points.T).T


def project(points: np.ndarray, scale: float = 80.0, distance: float = 600.0, focal: float = 640.0,
            offset: tuple[float, float] = (0.0, 0.0), depth: np.ndarray | None = None) -> np.ndarray:
    """468 x 3 as the mesh model reports them: x, y in pixels, z in the same scale, smaller
    nearer the camera. ``depth`` (default: the points' own) is the 3-D shape the model sees: a
    photo of a face still reads as a face, so an attack's depth is the real head's."""
    p = points * scale
    d = p if depth is None else depth * scale
    z = distance - p[:, 2]
    return np.stack([focal * p[:, 0] / z + SIZE[1] / 2 + offset[0],
                     focal * p[:, 1] / z + SIZE[0] / 2 + offset[1],
                     -d[:, 2] * focal / distance], axis=1)


def close_eyes(points: np.ndarray, amount: float) -> np.ndarray:
    """Move each upper and lower lid point toward their midpoint: 0 open, 1 shut."""
    out = points.copy()
    for upper, lower in LIDS:
        mid = (out[upper] + out[lower]) / 2
        out[upper] = out[upper] + (mid - out[upper]) * amount
        out[lower] = out[lower] + (mid - out[lower]) * amount
    return out


def as_photo(face: np.ndarray, bend: float = 0.0) -> np.ndarray:
    """The frontal face printed flat (z = 0), or bent around a vertical axis by ``bend``."""
    flat = face.copy()
    flat[:, 2] = -bend * flat[:, 0] ** 2
    return flat


def track(face: np.ndarray, script: list[tuple[str, float]], *, rng: np.random.Generator, jitter: float = 0.6,
          blink_eyes: bool = True, depth_of: np.ndarray | None = None) -> list[tuple[float, np.ndarray]]:
    """Frames for a script of ("neutral", seconds), ("blink", seconds), ("yaw", degrees): each yaw
    step turns there over 0.5 s, holds 0.2 s and comes back over 0.5 s. Adds sway and pixel jitter."""
    frames: list[tuple[float, np.ndarray]] = []
    t = 0.0

    def emit(yaw: float, shut: float) -> None:
        nonlocal t
        sway = rng.normal(0, 0.6, 2)
        turn, nod = yaw + rng.normal(0, 0.7), rng.normal(0, 0.7)
        depth = None if depth_of is None else rotate(depth_of, turn, nod)
        pts = project(rotate(face, turn, nod), offset=(sway[0], sway[1]), depth=depth)
        if blink_eyes:
            pts = close_eyes(pts, shut)
        frames.append((t, pts + rng.normal(0, jitter, pts.shape)))
        t += 1 / FPS

    for kind, value in script:
        if kind == "neutral":
            for _ in range(int(value * FPS)):
                emit(0.0, 0.0)
        elif kind == "blink":
            n = int(value * FPS)
            for i in range(n):
                emit(0.0, float(np.sin(np.pi * (i + 1) / (n + 1))))
        else:
            ramp = np.linspace(0, value, int(0.5 * FPS))
            for y in list(ramp) + [value] * int(0.2 * FPS) + list(ramp[::-1]):
                emit(float(y), 0.0)
    return frames
