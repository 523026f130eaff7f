"""Face detection and 3-D landmarks with MediaPipe's Apache-2.0 models, run by LiteRT.

BlazeFace short-range finds faces (a box and 6 key points); Face Mesh then gives 468 landmarks
(x, y in image pixels, z in the same scale, smaller = nearer the camera) from a 192 x 192 crop
turned so the eyes are level, as MediaPipe's own graph does. Why LiteRT (``ai-edge-litert``):
it is the runtime these files are made for, so no converted graph needs proving equal to the
original; the ``mediapipe`` package itself would bring the GUI OpenCV build that clashes with Qt.

The models are read as bytes, checked against their pinned SHA-256 and handed to the
interpreter from memory: the bytes that run are the bytes that were checked.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from pos_app.vision.model_files import MEDIAPIPE_DETECTOR, MEDIAPIPE_MESH, verified_bytes
from pos_app.vision.types import Box, Face

DETECTOR_SIZE = 128
MESH_SIZE = 192
MIN_DETECTION_SCORE = 0.5
NMS_IOU = 0.3
MIN_PRESENCE = 0.5
# MediaPipe's ROI: the detection box grown 1.5x, square, turned to level the eyes.
ROI_SCALE = 1.5
# Photo mode also looks at overlapping tiles of this share of the short side: the short-range
# detector sees the whole frame at 128 px and misses faces under ~1/7 of it (a group photo).
TILE_SHARE = 0.6
CONTAINED = 0.6


@dataclass(frozen=True)
class Detection:
    box: tuple[float, float, float, float]  # left, top, right, bottom in image pixels
    score: float
    keypoints: np.ndarray  # 6 x 2: subject's right eye, left eye, nose tip, mouth, right ear, left ear


def _anchors() -> np.ndarray:
    """The short-range model's 896 SSD anchor centres: 2 per cell on a 16x16 grid (stride 8),
    then 6 per cell on an 8x8 grid (three stride-16 layers merged); fixed unit size."""
    centres = []
    for grid, per_cell in ((16, 2), (8, 6)):
        for y in range(grid):
            for x in range(grid):
                centres.extend([((x + 0.5) / grid, (y + 0.5) / grid)] * per_cell)
    return np.asarray(centres, dtype=np.float32)


def _iou(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    ix = np.clip(np.minimum(a[2], b[:, 2]) - np.maximum(a[0], b[:, 0]), 0, None)
    iy = np.clip(np.minimum(a[3], b[:, 3]) - np.maximum(a[1], b[:, 1]), 0, None)
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[:, 2] - b[:, 0]) * (b[:, 3] - b[:, 1]) - inter
    return np.where(union > 0, inter / np.maximum(union, 1e-9), 0.0)


def weighted_nms(boxes: np.ndarray, scores: np.ndarray, keypoints: np.ndarray,
                 iou: float = NMS_IOU) -> list[tuple[np.ndarray, float, np.ndarray]]:
    """MediaPipe's 'weighted' suppression: overlapping candidates are averaged by score, which
    steadies the box from frame to frame better than keeping only the best one."""
    order = np.argsort(-scores)
    remaining = order
    out = []
    while remaining.size:
        best = remaining[0]
        overlap = _iou(boxes[best], boxes[remaining])
        group = remaining[overlap > iou]
        weights = scores[group][:, None]
        box = (boxes[group] * weights).sum(0) / weights.sum()
        kps = (keypoints[group] * weights[:, :, None]).sum(0) / weights.sum()
        out.append((box, float(scores[best]), kps))
        remaining = remaining[overlap <= iou]
    return out


@contextlib.contextmanager
def _native_stderr_silenced() -> Iterator[None]:
    """LiteRT's C++ prints "INFO: Created TensorFlow Lite XNNPACK delegate" on stderr whatever the
    log settings, which would break the CLI's one-line messages. XNNPACK itself is worth ~5 ms a
    frame, so it stays; only file descriptor 2 is pointed at /dev/null while the interpreters are
    built, once per process."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class MediaPipeFace:
    """BlazeFace + Face Mesh. One interpreter each, used under a lock (they are not thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._detector = None
        self._mesh = None
        self._anchors = _anchors()

    def _load(self) -> None:
        if self._detector is not None:
            return
        from ai_edge_litert.interpreter import Interpreter

        def interpreter(content: bytes) -> Interpreter:
            it = Interpreter(model_content=content, num_threads=1)
            it.allocate_tensors()
            return it

        mesh_bytes, detector_bytes = verified_bytes(MEDIAPIPE_MESH), verified_bytes(MEDIAPIPE_DETECTOR)
        with _native_stderr_silenced():
            self._mesh = interpreter(mesh_bytes)
            self._detector = interpreter(detector_bytes)

    def warm_up(self) -> None:
        with self._lock:
            self._load()

    @staticmethod
    def _run(it, x: np.ndarray) -> list[np.ndarray]:
        it.set_tensor(it.get_input_details()[0]["index"], x)
        it.invoke()
        return [it.get_tensor(d["index"]) for d in it.get_output_details()]

    def detect(self, image_bgr: np.ndarray, region: tuple[int, int, int, int] | None = None) -> list[Detection]:
        """Faces in the image (or in one square-ish ``region`` of it: left, top, right, bottom)."""
        import cv2

        h, w = image_bgr.shape[:2]
        x0, y0, x1, y1 = region or (0, 0, w, h)
        crop = image_bgr[y0:y1, x0:x1]
        ch, cw = crop.shape[:2]
        side = max(ch, cw)
        # Letterbox into a square so faces keep their shape, then scale to the model's input.
        scale = DETECTOR_SIZE / side
        resized = cv2.resize(crop, (max(1, round(cw * scale)), max(1, round(ch * scale))),
                             interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
        canvas = np.zeros((DETECTOR_SIZE, DETECTOR_SIZE, 3), np.float32)
        # Colour order swapped on the small image only: on a whole frame it costs more than the model.
        canvas[:resized.shape[0], :resized.shape[1]] = resized[:, :, ::-1]
        x = (canvas / 127.5 - 1.0)[None]
        with self._lock:
            self._load()
            outputs = self._run(self._detector, x)
        by_width = {o.shape[-1]: o for o in outputs}
        raw, logits = by_width[16][0], by_width[1][0, :, 0]
        scores = 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))
        keep = scores >= MIN_DETECTION_SCORE
        if not keep.any():
            return []
        raw, scores, anchors = raw[keep], scores[keep], self._anchors[keep]
        centre = raw[:, 0:2] / DETECTOR_SIZE + anchors
        size = raw[:, 2:4] / DETECTOR_SIZE
        boxes = np.concatenate([centre - size / 2, centre + size / 2], axis=1)
        kps = raw[:, 4:16].reshape(-1, 6, 2) / DETECTOR_SIZE + anchors[:, None, :]
        found = []
        for box, score, points in weighted_nms(boxes, scores, kps):
            # Back from the model's unit square to image pixels.
            box_px = box * side + np.array([x0, y0, x0, y0])
            points_px = points * side + np.array([x0, y0])
            found.append(Detection(tuple(float(v) for v in box_px), score, points_px))  # type: ignore[arg-type]  # four floats, as Detection's box is
        return found

    def roi(self, det: Detection) -> tuple[np.ndarray, float, float]:
        """The mesh crop for a detection: its centre, side and angle (radians) to level the eyes."""
        left, top, right, bottom = det.box
        right_eye, left_eye = det.keypoints[0], det.keypoints[1]
        angle = float(np.arctan2(left_eye[1] - right_eye[1], left_eye[0] - right_eye[0]))
        centre = np.array([(left + right) / 2, (top + bottom) / 2])
        side = max(right - left, bottom - top) * ROI_SCALE
        return centre, side, angle

    def mesh(self, image_bgr: np.ndarray, centre: np.ndarray, side: float, angle: float) -> tuple[np.ndarray, float]:
        """468 x 3 landmarks in image pixels and the model's face-presence score (0-1)."""
        import cv2

        # Affine map from the image to the 192 x 192 crop: rotate about the centre by -angle.
        s = MESH_SIZE / side
        c, si = np.cos(-angle) * s, np.sin(-angle) * s
        m = np.array([[c, -si, 0.0], [si, c, 0.0]])
        m[:, 2] = MESH_SIZE / 2 - m[:, :2] @ centre
        crop = cv2.warpAffine(image_bgr, m, (MESH_SIZE, MESH_SIZE), flags=cv2.INTER_LINEAR,
                              borderMode=cv2.BORDER_CONSTANT)
        x = (cv2.cvtColor(crop, cv2.COLOR_BGR2RGB).astype(np.float32) / 255.0)[None]
        with self._lock:
            self._load()
            outputs = self._run(self._mesh, x)
        by_size = {o.size: o for o in outputs}
        pts = by_size[1404].reshape(468, 3).astype(np.float64)
        presence = float(1.0 / (1.0 + np.exp(-float(by_size[1].ravel()[0]))))
        inverse = cv2.invertAffineTransform(m)
        xy = pts[:, :2] @ inverse[:, :2].T + inverse[:, 2]
        z = pts[:, 2] / s
        return np.column_stack([xy, z]), presence


def _tiles(h: int, w: int) -> list[tuple[int, int, int, int]]:
    side = max(1, round(min(h, w) * TILE_SHARE))
    step = max(1, side // 2)

    def starts(length: int) -> list[int]:
        return sorted({*range(0, max(1, length - side + 1), step), max(0, length - side)})

    return [(x, y, min(w, x + side), min(h, y + side)) for y in starts(h) for x in starts(w)]


def _touches_tile_edge(box: tuple[float, float, float, float], tile: tuple[int, int, int, int],
                       h: int, w: int) -> bool:
    """A face cut by a tile's inner edge is seen again whole by the full frame or another tile."""
    left, top, right, bottom = box
    x0, y0, x1, y1 = tile
    return ((left <= x0 + 1 and x0 > 0) or (top <= y0 + 1 and y0 > 0)
            or (right >= x1 - 1 and x1 < w) or (bottom >= y1 - 1 and y1 < h))


def _overlap_of_smaller(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return ix * iy / smaller if smaller > 0 else 0.0


def find_faces(model: MediaPipeFace, image_bgr: np.ndarray, *, mode: str = "photo") -> list[Face]:
    """Every face with its mesh, largest first. ``track``: one pass over the whole frame (a
    shopper at a kiosk fills much of it); ``photo``: also overlapping tiles, for small faces."""
    h, w = image_bgr.shape[:2]
    found = model.detect(image_bgr)
    if mode == "photo" and max(h, w) > 2 * DETECTOR_SIZE:
        for tile in _tiles(h, w):
            found += [d for d in model.detect(image_bgr, tile) if not _touches_tile_edge(d.box, tile, h, w)]
    # One face seen at several scales: keep the best-scored detection of each. A coarse pass can
    # box a face loosely (twice its size, IoU under 0.3 with the sharp box), so a box mostly
    # inside a better one is the same face too.
    kept: list[Detection] = []
    for det in sorted(found, key=lambda d: -d.score):
        if all(_iou(np.asarray(det.box), np.asarray([k.box]))[0] <= NMS_IOU
               and _overlap_of_smaller(det.box, k.box) <= CONTAINED for k in kept):
            kept.append(det)
    faces = []
    for det in kept:
        mesh, presence = model.mesh(image_bgr, *model.roi(det))
        if presence < MIN_PRESENCE:
            continue
        # The face's box from its mesh: tighter and steadier than the detector's.
        left, top = mesh[:, 0].min(), mesh[:, 1].min()
        right, bottom = mesh[:, 0].max(), mesh[:, 1].max()
        faces.append(Face(Box(round(left), round(top), round(right), round(bottom), det.score), mesh, presence))
    faces.sort(key=lambda f: f.box.area, reverse=True)
    return faces
