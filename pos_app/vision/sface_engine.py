"""The default engine: MediaPipe's detector and mesh find the face, SFace (OpenCV Zoo, Apache-2.0)
describes it, aligned on the 5 points SFace was trained with, taken from the mesh.

Why SFace over dlib's ResNet: on held-out faces it refuses far fewer people at the same false
match rate, and costs about a quarter as much per embedding (docs/vision.md, before and after).

The file is OpenCV Zoo's block-quantised graph (int8bq). It is verified as pinned, then prepared
once at load time: its weights are listed as graph inputs too, which onnxruntime will not run
("required inputs are missing") and which stops it folding constants; and its DequantizeLinear
nodes would run on every call. Folding them into float32 weights (38.7 MB in memory) changes the
output by under 2e-6 and makes a call about twice as fast (tests/vision/test_sface.py).

The fold needs the `onnx` package, whose import costs 1.3-1.8 s. It is deterministic, so its
result is registered and pinned like any model (SFACE_PREPARED) and kept in the models folder: a
start loads that file when it matches its pin, and folds again (and keeps the result) otherwise.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Literal

import numpy as np

from liveness.geometry import LEFT_EYE_INNER, LEFT_EYE_OUTER, MOUTH_LEFT, MOUTH_RIGHT, NOSE_TIP, RIGHT_EYE_INNER, RIGHT_EYE_OUTER
from pos_app.core.errors import FacePayError
from pos_app.vision.mediapipe_face import MediaPipeFace, find_faces
from pos_app.vision.model_files import SFACE, SFACE_PREPARED, ModelFileError, sha256_bytes, verified_bytes
from pos_app.vision.types import Face

log = logging.getLogger(__name__)
Mode = Literal["track", "photo"]
CROP = 112
# OpenCV's FaceRecognizerSF::alignCrop template for a 112 x 112 crop, in YuNet's order: the
# image-left eye (the subject's right), the image-right eye, nose tip, image-left and image-right
# mouth corner.
TEMPLATE = np.array([[38.2946, 51.6963], [73.5318, 51.5014], [56.0252, 71.7366],
                     [41.5493, 92.3655], [70.7299, 92.2041]], dtype=np.float64)
# Below this spread of the 5 points (pixels, root mean square about their centre) there is no
# face to align: the quality gate refuses such faces first, with its own words.
MIN_SPREAD = 4.0


class UnalignableFace(FacePayError):
    pass


def sface_points(face: Face) -> np.ndarray:
    """The 5 points in the template's order; eye centres from each eye's two corners."""
    m = face.points()
    return np.array([
        (m[RIGHT_EYE_OUTER] + m[RIGHT_EYE_INNER]) / 2, (m[LEFT_EYE_OUTER] + m[LEFT_EYE_INNER]) / 2,
        m[NOSE_TIP], m[MOUTH_RIGHT], m[MOUTH_LEFT],
    ], dtype=np.float64)[:, :2]


def similarity_transform(src: np.ndarray, dst: np.ndarray = TEMPLATE) -> np.ndarray:
    """The 2 x 3 rotation, uniform scale and shift taking src nearest to dst in least squares
    (Umeyama 1991), as OpenCV's alignCrop estimates it."""
    src, dst = np.asarray(src, np.float64), np.asarray(dst, np.float64)
    if not np.all(np.isfinite(src)):
        raise UnalignableFace("the face's landmarks could not be found")
    mu_s, mu_d = src.mean(axis=0), dst.mean(axis=0)
    s, d = src - mu_s, dst - mu_d
    spread = float(np.sqrt((s ** 2).sum(axis=1).mean()))
    if spread < MIN_SPREAD:
        raise UnalignableFace("the face is too small or too hidden to describe")
    cov = d.T @ s / len(src)
    u, sig, vt = np.linalg.svd(cov)
    sign = np.ones(2)
    if np.linalg.det(u) * np.linalg.det(vt) < 0:
        sign[-1] = -1.0
    rot = u @ np.diag(sign) @ vt
    scale = float((sig * sign).sum() / (s ** 2).sum() * len(src))
    shift = mu_d - scale * rot @ mu_s
    return np.hstack([scale * rot, shift[:, None]])


def align(image_bgr: np.ndarray, points: np.ndarray) -> np.ndarray:
    """SFace's 112 x 112 BGR crop of the face with these 5 points."""
    import cv2

    return cv2.warpAffine(image_bgr, similarity_transform(points), (CROP, CROP), flags=cv2.INTER_LINEAR)


def prepared_graph(data: bytes) -> bytes:
    """The int8bq graph as onnxruntime runs it well: weights no longer graph inputs, every
    constant DequantizeLinear replaced by its float32 result."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load_from_string(data)
    graph = model.graph
    weights = {w.name: w for w in graph.initializer}
    read = {name for node in graph.node for name in node.input}
    inputs = [i for i in graph.input if i.name in read and i.name not in weights]
    del graph.input[:]
    graph.input.extend(inputs)
    kept = []
    for node in graph.node:
        if node.op_type == "DequantizeLinear" and all(n in weights for n in node.input):
            graph.initializer.append(numpy_helper.from_array(_dequantize(node, weights), node.output[0]))
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)
    read = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    live = [w for w in graph.initializer if w.name in read]
    del graph.initializer[:]
    graph.initializer.extend(live)
    return bytes(model.SerializeToString())


def _dequantize(node, weights) -> np.ndarray:
    """(q - zero point) x scale, per tensor, per axis, or per block of `block_size` along it."""
    from onnx import numpy_helper

    q = numpy_helper.to_array(weights[node.input[0]]).astype(np.float32)
    scale = numpy_helper.to_array(weights[node.input[1]]).astype(np.float32)
    zero = (numpy_helper.to_array(weights[node.input[2]]).astype(np.float32) if len(node.input) > 2
            else np.zeros_like(scale))
    attrs = {a.name: a.i for a in node.attribute}
    if scale.size == 1:
        return ((q - zero.reshape(())) * scale.reshape(())).astype(np.float32)
    axis = attrs.get("axis", 1) % q.ndim
    block = attrs.get("block_size", 0)
    if block:
        index = np.arange(q.shape[axis]) // block
        scale, zero = np.take(scale, index, axis=axis), np.take(zero, index, axis=axis)
    else:
        shape = [1] * q.ndim
        shape[axis] = -1
        scale, zero = scale.reshape(shape), zero.reshape(shape)
    return ((q - zero) * scale).astype(np.float32)


class SFaceEngine:
    name = "sface"
    model_id = "sface-2021dec"
    embedding_size = 128

    def __init__(self, models_dir: Path | None = None) -> None:
        """`models_dir`: where the prepared graph is kept (None: prepared in memory at each load)."""
        self.models_dir = models_dir
        self._lock = threading.Lock()
        self._session = None
        self._faces = MediaPipeFace()

    def _graph(self) -> bytes:
        """The prepared graph: the kept copy when it matches its pin, else folded now from the
        verified published file (and kept, when the fold gives the pinned bytes)."""
        if self.models_dir is not None:
            try:
                return verified_bytes(SFACE_PREPARED, self.models_dir)
            except ModelFileError:
                pass  # not made yet, or altered: made again below
        graph = prepared_graph(verified_bytes(SFACE))
        if sha256_bytes(graph) != SFACE_PREPARED.sha256:
            # Another onnx version may serialise differently: run it (it comes from the verified
            # file), but keep nothing that would not match the pin at the next start.
            log.warning("the prepared SFace graph differs from its pin; it is prepared in memory at each start")
        elif self.models_dir is not None:
            from pos_app.core.files import write_private_bytes

            target = self.models_dir / SFACE_PREPARED.subdir / SFACE_PREPARED.filename
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_private_bytes(target, graph)
            except OSError as exc:
                log.warning("could not keep the prepared SFace graph in %s: %s", target.parent, exc)
        return graph

    def prepare(self) -> bool:
        """Make and keep the prepared graph now (`facepay models prepare`, run by the installer),
        so that no start of the kiosk imports onnx. True when a pinned copy is kept."""
        if self.models_dir is None:
            return False
        self._graph()
        try:
            verified_bytes(SFACE_PREPARED, self.models_dir)
        except ModelFileError:
            return False
        return True

    def _load(self):
        # Lazily, on first use: importing this module must stay cheap for the UI's start-up.
        with self._lock:
            if self._session is None:
                import onnxruntime as ort

                options = ort.SessionOptions()
                # One thread: on a two-core kiosk the camera and liveness need the other.
                options.intra_op_num_threads = 1
                options.inter_op_num_threads = 1
                options.log_severity_level = 3
                self._session = ort.InferenceSession(self._graph(), options, providers=["CPUExecutionProvider"])
            return self._session

    def warm_up(self) -> None:
        self._faces.warm_up()
        session = self._load()
        session.run(None, {"data": np.zeros((1, 3, CROP, CROP), np.float32)})

    def detect(self, image_bgr: np.ndarray, *, mode: Mode = "photo") -> list[Face]:
        return find_faces(self._faces, image_bgr, mode=mode)

    def embed(self, image_bgr: np.ndarray, face: Face) -> np.ndarray:
        """A unit-length 128-d descriptor of the face."""
        return self.embed_views(image_bgr, face, ("plain",))[0]

    def embed_views(self, image_bgr: np.ndarray, face: Face, views: tuple[str, ...]) -> list[np.ndarray]:
        """Descriptors of several views of one aligned face: "plain" or "flip" (mirrored)."""
        crop = align(image_bgr, sface_points(face))
        batch = []
        for view in views:
            if view not in ("plain", "flip"):
                raise ValueError(f"unknown view {view!r}")
            batch.append(crop if view == "plain" else crop[:, ::-1])
        # The graph takes RGB, 0..255, channels first, and normalises inside (as OpenCV feeds it).
        blob = np.ascontiguousarray(np.stack(batch)[..., ::-1].transpose(0, 3, 1, 2), dtype=np.float32)
        session = self._load()
        out = [session.run(None, {"data": blob[i:i + 1]})[0].ravel() for i in range(len(batch))]
        return [v / np.linalg.norm(v) for v in out]
