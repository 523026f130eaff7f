"""What a screen held up to the camera gives away, measured on the face and the ring around it.

Each cue is a number per frame, larger meaning "more like a screen"; a session keeps the median
of the frames it sampled. None of them alone decides: liveness.fusion weighs them with the passive
model, under thresholds from the config.

- moire: a display's pixel grid, resampled by the camera, leaves sharp isolated peaks in the face's
  spectrum. Skin, hair and blur give a smooth fall-off. The cue is the strongest high-frequency
  peak over the median of its band (log scale).
- flat_range: a screen filmed in a lit room cannot show black, and its gamma compresses the
  highlights. The cue is 1 - (p99 - p1) / 255 of the face's brightness.
- border: a phone or tablet edge is a pair of long straight lines either side of the face
  (or above and below it). The cue is 1 when such a pair is found, else 0.
- rigid_border: and that pair moves with the face, as a held screen's edges do: of the sampled
  moves of the face, the share in which the edges kept their offset from it. It only ever adds
  evidence: edges that stay while the face moves are no proof of a room, since a screen held
  still while the recorded face moves shows the same.
- glare: a glare spot on glass is near-white and flat. The cue is the share of the face's pixels
  that are saturated with little colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

CUES = ("moire", "flat_range", "border", "glare", "rigid_border")
MOVED = 0.03  # the face moved when its box's centre moved this share of its width between samples
MIN_MOVES = 3  # moves of the face needed before rigid_border says anything


def _crop(frame_bgr: np.ndarray, box: tuple[int, int, int, int], scale: float = 1.0) -> np.ndarray:
    left, top, right, bottom = box
    cx, cy = (left + right) / 2, (top + bottom) / 2
    hw, hh = (right - left) * scale / 2, (bottom - top) * scale / 2
    h, w = frame_bgr.shape[:2]
    x0, x1 = int(max(0, cx - hw)), int(min(w, cx + hw))
    y0, y1 = int(max(0, cy - hh)), int(min(h, cy + hh))
    return frame_bgr[y0:y1, x0:x1]


def moire(face_bgr: np.ndarray) -> float:
    import cv2

    gray = cv2.cvtColor(cv2.resize(face_bgr, (128, 128), interpolation=cv2.INTER_LINEAR), cv2.COLOR_BGR2GRAY)
    gray = gray.astype(np.float32) - float(gray.mean())
    window = np.outer(np.hanning(128), np.hanning(128)).astype(np.float32)
    spectrum = np.log1p(np.abs(np.fft.fftshift(np.fft.fft2(gray * window))))
    yy, xx = np.mgrid[-64:64, -64:64]
    radius = np.hypot(yy, xx)
    band = spectrum[(radius > 20) & (radius < 60)]
    return float(band.max() - np.median(band))


def flat_range(face_bgr: np.ndarray) -> float:
    import cv2

    gray = cv2.cvtColor(face_bgr, cv2.COLOR_BGR2GRAY)
    low, high = np.percentile(gray, (1, 99))
    return float(1.0 - (high - low) / 255.0)


def bracket(frame_bgr: np.ndarray, box: tuple[int, int, int, int]) -> tuple[float, float, float, float] | None:
    """The nearest long straight edges either side of the face, as (left, right, top, bottom)
    offsets from the face box in face widths (nan where a side has none), or None when no pair
    brackets the face (left and right, or above and below)."""
    import cv2

    left, top, right, bottom = box
    size = max(right - left, bottom - top)
    gray = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY)
    edges = cv2.Canny(cv2.GaussianBlur(gray, (5, 5), 0), 50, 150)
    # A screen held a little askew draws its edge as a staircase a pixel high; thickened, the
    # staircase stays one line for the line search instead of short pieces under the length asked.
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    lines = cv2.HoughLinesP(edges, 1, np.pi / 180, threshold=60, minLineLength=int(1.2 * size), maxLineGap=8)
    if lines is None:
        return None
    near = {"left": np.nan, "right": np.nan, "above": np.nan, "below": np.nan}
    for x1, y1, x2, y2 in lines.reshape(-1, 4):
        vertical = abs(x2 - x1) < abs(y2 - y1) * 0.25
        horizontal = abs(y2 - y1) < abs(x2 - x1) * 0.25
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        # The edge must span the face's extent, as a screen's edge does; a shelf or a door frame
        # seldom does on both sides at once.
        if vertical and min(y1, y2) <= bottom and max(y1, y2) >= top and (mx < left or mx > right):
            side, gap = ("left", left - mx) if mx < left else ("right", mx - right)
        elif horizontal and min(x1, x2) <= right and max(x1, x2) >= left and (my < top or my > bottom):
            side, gap = ("above", top - my) if my < top else ("below", my - bottom)
        else:
            continue
        gap /= size
        if np.isnan(near[side]) or gap < near[side]:
            near[side] = gap
    found = {k for k, v in near.items() if not np.isnan(v)}
    if not ({"left", "right"} <= found or {"above", "below"} <= found):
        return None
    return near["left"], near["right"], near["above"], near["below"]


def border(frame_bgr: np.ndarray, box: tuple[int, int, int, int]) -> float:
    """1.0 when two long straight edges bracket the face (left and right, or above and below)."""
    return 0.0 if bracket(frame_bgr, box) is None else 1.0


def glare(face_bgr: np.ndarray) -> float:
    import cv2

    hsv = cv2.cvtColor(face_bgr, cv2.COLOR_BGR2HSV)
    white = (hsv[:, :, 2] >= 245) & (hsv[:, :, 1] <= 40)
    return float(white.mean())


Edges = tuple[float, float, float, float]


def _measure(frame_bgr: np.ndarray, box: tuple[int, int, int, int]) -> tuple[dict[str, float], Edges | None]:
    """One frame's cues and its bracketing edges, from one edge search (the costliest step)."""
    face = _crop(frame_bgr, box)
    if face.size == 0 or min(face.shape[:2]) < 16:
        return {}, None
    edges = bracket(frame_bgr, box)
    cues = {"moire": moire(face), "flat_range": flat_range(face), "border": 0.0 if edges is None else 1.0,
            "glare": glare(face)}
    return cues, edges


def frame_cues(frame_bgr: np.ndarray, box: tuple[int, int, int, int]) -> dict[str, float]:
    return _measure(frame_bgr, box)[0]


def _followed(before: tuple[int, int, int, int], edges_before: Edges | None, after: tuple[int, int, int, int],
              edges_after: Edges | None) -> bool | None:
    """Between two samples in which the face moved, did the bracketing edges move with it (a
    screen's edges), or stay where they were (the room's)? Judged on each side whose axis the face
    moved along: an edge that follows keeps its offset from the face, one that stays changes it by
    the face's own move, so the nearer of the two wins. None when the face did not move enough."""
    width = max(1, before[2] - before[0])
    dx = ((after[0] + after[2]) - (before[0] + before[2])) / 2 / width
    dy = ((after[1] + after[3]) - (before[1] + before[3])) / 2 / width
    if max(abs(dx), abs(dy)) < MOVED:
        return None
    if edges_before is None or edges_after is None:
        return False
    verdicts = []
    for side, (a, b) in enumerate(zip(edges_before, edges_after)):
        move = abs(dx) if side < 2 else abs(dy)
        if move < MOVED or np.isnan(a) or np.isnan(b):
            continue
        verdicts.append(abs(b - a) < move / 2)
    return bool(verdicts) and all(verdicts)


@dataclass
class ScreenCues:
    """A session's cues: the median of every sampled frame's, and the share of moves in which the
    bracketing edges moved with the face."""

    samples: dict[str, list[float]] = field(default_factory=lambda: {c: [] for c in CUES if c != "rigid_border"})
    _last: tuple[tuple[int, int, int, int], Edges | None] | None = None
    _moves: list[bool] = field(default_factory=list)

    def add(self, frame_bgr: np.ndarray, box: tuple[int, int, int, int]) -> None:
        self.add_measured(*_measure(frame_bgr, box), box)

    def add_measured(self, cues: dict[str, float], edges: Edges | None, box: tuple[int, int, int, int]) -> None:
        """One sampled frame's cues and bracketing edges, already measured (the calibration
        replays measurements kept from real clips through this same aggregation)."""
        for name, value in cues.items():
            self.samples[name].append(value)
        if self._last is not None:
            previous_box, previous_edges = self._last
            followed = _followed(previous_box, previous_edges, box, edges)
            if followed is not None:
                self._moves.append(followed)
        self._last = (box, edges)

    def medians(self) -> dict[str, float]:
        out = {name: float(np.median(values)) for name, values in self.samples.items() if values}
        if len(self._moves) >= MIN_MOVES:
            out["rigid_border"] = float(np.mean(self._moves))
        return out
