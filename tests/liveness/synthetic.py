"""Synthetic landmark tracks: a 3-D mean face (InsightFace's meanshape_68) that turns and blinks,
and the same face as a flat or bent photo moved in front of the camera."""

from __future__ import annotations

import importlib.util
import pickle
from pathlib import Path

import numpy as np

FPS = 30.0
SIZE = (480, 640)  # height, width


def mean_face() -> np.ndarray | None:
    """68 x 3 (x right, y down, z toward the camera), from the insightface package's data files."""
    spec = importlib.util.find_spec("insightface")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "objects" / "meanshape_68.pkl"
    with path.open("rb") as fh:
        return np.asarray(pickle.load(fh), dtype=np.float64)


def rotate(points: np.ndarray, yaw: float = 0.0, pitch: float = 0.0) -> np.ndarray:
    """Positive yaw moves the nose (and the subject's gaze) to the image's right."""
    a, b = np.radians(yaw), np.radians(pitch)
    ry = np.array([[np.cos(a), 0, np.sin(a)], [0, 1, 0], [-np.sin(a), 0, np.cos(a)]])
    rx = np.array([[1, 0, 0], [0, np.cos(b), -np.sin(b)], [0, np.sin(b), np.cos(b)]])
    return (rx @ ry @ points.T).T


def project(points: np.ndarray, scale: float = 80.0, distance: float = 600.0, focal: float = 640.0,
            offset: tuple[float, float] = (0.0, 0.0)) -> np.ndarray:
    p = points * scale
    depth = distance - p[:, 2]
    return np.stack([focal * p[:, 0] / depth + SIZE[1] / 2 + offset[0],
                     focal * p[:, 1] / depth + SIZE[0] / 2 + offset[1]], axis=1)


def close_eyes(points: np.ndarray, amount: float) -> np.ndarray:
    """Move the eyelid points toward each eye's midline: 0 open, 1 shut."""
    out = points.copy()
    for upper, lower in (((37, 38), (41, 40)), ((43, 44), (47, 46))):
        for u, l in zip(upper, lower):
            mid = (out[u] + out[l]) / 2
            out[u] = out[u] + (mid - out[u]) * amount
            out[l] = out[l] + (mid - out[l]) * amount
    return out


def as_photo(face: np.ndarray, bend: float = 0.0) -> np.ndarray:
    """The frontal face printed flat (z = 0), or bent around a vertical axis by ``bend``."""
    flat = face.copy()
    flat[:, 2] = -bend * flat[:, 0] ** 2
    return flat


def track(face: np.ndarray, script: list[tuple[str, float]], *, rng: np.random.Generator, jitter: float = 0.6,
          blink_eyes: bool = True) -> list[tuple[float, np.ndarray]]:
    """Frames for a script of ("neutral", seconds), ("blink", seconds), ("yaw", degrees): each yaw
    step turns there over 0.5 s, holds 0.2 s and comes back over 0.5 s. Adds sway and pixel jitter."""
    frames: list[tuple[float, np.ndarray]] = []
    t = 0.0

    def emit(yaw: float, shut: float) -> None:
        nonlocal t
        sway = rng.normal(0, 0.6, 2)
        pts = project(rotate(face, yaw + rng.normal(0, 0.7), rng.normal(0, 0.7)), offset=(sway[0], sway[1]))
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
