"""The default engine: MediaPipe's detector and mesh find the face, dlib's public-domain ResNet
describes it, aligned as dlib intends on the 5 points of dlib's public-domain predictor.

Why dlib's 5 points and not the mesh's: on 1,200 lfw_dev photos (547 genuine, 5,459 impostor
pairs), FNMR at FMR 1e-3 was 7.9 % with them and 9.3 % with the mesh's nearest points
(docs/vision.md)."""

from __future__ import annotations

import threading
from typing import Any
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np

from pos_app.vision.mediapipe_face import MediaPipeFace, find_faces
from pos_app.vision.model_files import DLIB_LANDMARKS_5, DLIB_RESNET, verified_path
from pos_app.vision.types import Face

Mode = Literal["track", "photo"]


class DlibEngine:
    name = "dlib"
    model_id = "dlib-resnet-v1"
    embedding_size = 128

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._resnet: Any = None  # dlib's model, once loaded (dlib ships no type information)
        self._faces = MediaPipeFace()
        # Every dlib call runs on this one plain thread. dlib's models are not safe to share
        # between threads, and called straight from a Qt worker thread (one running an event
        # loop) dlib's DNN waits forever on its second descriptor (dlib-bin 20.0.1, PySide6
        # 6.11); on a thread of its own it does not.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlib")

    def _load(self) -> None:
        # Lazily, on first use: importing this module must stay cheap for the UI's start-up.
        with self._lock:
            if self._resnet is None:
                import dlib

                self._dlib = dlib
                self._sp5 = dlib.shape_predictor(str(verified_path(DLIB_LANDMARKS_5)))
                self._resnet = dlib.face_recognition_model_v1(str(verified_path(DLIB_RESNET)))

    def warm_up(self) -> None:
        self._faces.warm_up()
        self._thread.submit(self._load).result()

    def detect(self, image_bgr: np.ndarray, *, mode: Mode = "photo") -> list[Face]:
        return find_faces(self._faces, image_bgr, mode=mode)

    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray:
        """A unit-length 128-d descriptor of the face, aligned on dlib's 5 points within its box:
        the mean of the face's and its mirror image's descriptors. On lfw_dev the mirror cut FNMR
        at FMR 1e-4 from 29.6 % to 25.8 % for one ResNet pass more (~60 ms); the vector stays in
        the same space, so templates made without it still verify (docs/vision.md)."""
        plain, mirrored = self._thread.submit(self._embed, image_bgr, face, ("plain", "flip")).result()
        vec = plain + mirrored
        return vec / np.linalg.norm(vec)

    def embed_views(self, image_bgr: np.ndarray, face: Face, views: tuple[str, ...]) -> list[np.ndarray]:
        """Descriptors of several views of one aligned face: "plain", "flip" (mirrored) or
        "jitter" (dlib's 10 random crops, scales and mirrors, averaged). One alignment for all."""
        return self._thread.submit(self._embed, image_bgr, face, views).result()

    def _embed(self, image_bgr: np.ndarray, face: Face, views: tuple[str, ...]) -> list[np.ndarray]:
        self._load()
        dlib = self._dlib
        rgb = np.ascontiguousarray(image_bgr[:, :, ::-1])
        b = face.box
        shape = self._sp5(rgb, dlib.rectangle(b.left, b.top, b.right, b.bottom))
        chip = dlib.get_face_chip(rgb, shape, size=150, padding=0.25)
        out = []
        for view in views:
            if view == "plain":
                vec = self._resnet.compute_face_descriptor(chip)
            elif view == "flip":
                vec = self._resnet.compute_face_descriptor(np.ascontiguousarray(chip[:, ::-1]))
            elif view == "jitter":
                vec = self._resnet.compute_face_descriptor(chip, num_jitters=10)
            else:
                raise ValueError(f"unknown view {view!r}")
            v = np.asarray(vec, dtype=np.float32)
            out.append(v / np.linalg.norm(v))
        return out
