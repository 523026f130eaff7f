"""3-D consistency: how far landmark motion is from what a flat surface could produce.

Any motion of a plane (a photo or a screen moved, tilted or turned) maps its points by one
homography. A turning head does not: the nose tip moves against the face's contour (parallax).
The residual of the best homography, relative to the eye distance, separates the two; bending a
photo adds a little, a real turn adds much more (figures in docs/liveness.md).
"""

from __future__ import annotations

import numpy as np

# Contour, nose and eye corners: rigid, well spread in depth. Mouth and eyelids move on their own.
POINTS = list(range(0, 17)) + list(range(27, 36)) + [36, 39, 42, 45]


def planar_residual(reference: np.ndarray, current: np.ndarray) -> float:
    """RMS distance (in eye distances) between ``current`` and the best homography of ``reference``."""
    import cv2

    src = np.asarray(reference, dtype=np.float64)[POINTS]
    dst = np.asarray(current, dtype=np.float64)[POINTS]
    h, _ = cv2.findHomography(src, dst, 0)  # least squares over all points: no outlier rejection
    if h is None:
        return 0.0
    mapped = cv2.perspectiveTransform(src.reshape(-1, 1, 2), h).reshape(-1, 2)
    eyes = np.asarray(current, dtype=np.float64)
    iod = float(np.linalg.norm(eyes[36:42].mean(axis=0) - eyes[42:48].mean(axis=0)))
    return float(np.sqrt(np.mean(np.sum((mapped - dst) ** 2, axis=1))) / max(iod, 1e-6))
