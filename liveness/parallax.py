"""3-D consistency: how far landmark motion is from what a flat surface could produce.

Any motion of a plane (a photo or a screen moved, tilted or turned) maps its points by one
homography. A turning head does not: the nose tip moves against the face's contour (parallax).
The residual of the best homography, relative to the eye distance, separates the two; bending a
photo adds a little, a real turn adds much more (figures in docs/liveness.md).
"""

from __future__ import annotations

import numpy as np

from liveness.geometry import RIGID, inter_ocular

# The mesh's rigid points (contour, nose ridge and tip, cheekbones, eye corners): well spread in
# depth, so a turn moves the nose against the contour. Lids, lips and jaw move on their own.
POINTS = list(RIGID)


def planar_residual(reference: np.ndarray, current: np.ndarray) -> float:
    """RMS distance (in eye distances) between ``current`` and the best homography of ``reference``
    (two meshes, 468 x 2 or x 3; only x and y count: a camera sees no depth)."""
    import cv2

    src = np.asarray(reference, dtype=np.float64)[POINTS, :2]
    dst = np.asarray(current, dtype=np.float64)[POINTS, :2]
    h, _ = cv2.findHomography(src, dst, 0)  # least squares over all points: no outlier rejection
    if h is None:
        return 0.0
    mapped = cv2.perspectiveTransform(src.reshape(-1, 1, 2), h).reshape(-1, 2)
    iod = inter_ocular(np.asarray(current, dtype=np.float64))
    return float(np.sqrt(np.mean(np.sum((mapped - dst) ** 2, axis=1))) / max(iod, 1e-6))
