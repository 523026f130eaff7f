"""The engines on real photos (MediaPipe detection and mesh; SFace's or dlib's descriptor): plain
data out, checked model files, lazy loading."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pos_app.vision.images import load_image
from pos_app.vision.matching import compare
from pos_app.vision.model_files import MEDIAPIPE_MESH, ModelFileError, package_models_dir, verified_bytes, verified_path
from pos_app.vision.types import Box, Face


def test_detection_returns_plain_data_with_a_3d_mesh(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    img = load_image(faces / "identities" / "biden" / "biden.jpg")
    (face,) = engine.detect(img)
    assert isinstance(face, Face) and isinstance(face.box, Box)
    assert isinstance(face.mesh, np.ndarray) and face.mesh.shape == (468, 3) and face.presence > 0.9
    assert 0 <= face.box.left < face.box.right <= img.shape[1]
    # The mesh lies on the face: both eyes inside the box, the right eye on the image's left.
    (rx, ry), (lx, ly) = face.eye_centers
    assert face.box.left < rx < lx < face.box.right and face.box.top < min(ry, ly) < face.box.bottom
    assert 60 < face.inter_ocular < 200


def test_embeddings_are_unit_128d_and_tell_people_apart(recogniser, faces: Path) -> None:  # type: ignore[no-untyped-def]
    def emb(rel: str) -> np.ndarray:
        img = load_image(faces / "identities" / rel)
        return recogniser.embed(img, recogniser.detect(img)[0])

    a, b, other = emb("obama/obama.jpg"), emb("obama/obama3.jpg"), emb("biden/biden.jpg")
    assert a.shape == (128,) and a.dtype == np.float32 and abs(np.linalg.norm(a) - 1) < 1e-5
    assert compare(a, b)[0] > compare(a, other)[0] + 0.05


def test_tracking_mode_finds_the_face_in_a_kiosk_frame(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.vision.bench import kiosk_frame

    frame = kiosk_frame(load_image(faces / "identities" / "rose_leslie" / "img2.jpg"))
    assert frame.shape == (480, 640, 3)
    assert len(engine.detect(frame, mode="track")) == 1


def test_a_damaged_model_file_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / MEDIAPIPE_MESH.subdir / MEDIAPIPE_MESH.filename
    bad.parent.mkdir()
    shutil.copyfile(package_models_dir() / MEDIAPIPE_MESH.subdir / MEDIAPIPE_MESH.filename, bad)
    with bad.open("r+b") as fh:
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelFileError, match="has SHA-256 .* expected"):
        verified_bytes(MEDIAPIPE_MESH, tmp_path)
    with pytest.raises(ModelFileError, match="has SHA-256 .* expected"):
        verified_path(MEDIAPIPE_MESH, tmp_path)


def test_a_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"is missing"):
        verified_path(MEDIAPIPE_MESH, tmp_path)
    with pytest.raises(ModelFileError, match=r"is missing"):
        verified_bytes(MEDIAPIPE_MESH, tmp_path)


@pytest.mark.parametrize("name, runtime", [("sface", "onnxruntime"), ("dlib", "dlib")])
def test_importing_the_engine_loads_no_model(name: str, runtime: str) -> None:
    code = (f"import sys; from pos_app.vision.engine import create_engine; e = create_engine({name!r}); "
            f"print({runtime!r} in sys.modules, 'ai_edge_litert' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False False"


def test_the_runtime_prints_nothing_on_stderr(faces: Path) -> None:
    """LiteRT announces its XNNPACK delegate on stderr; the CLI's one-line messages must not get it."""
    code = ("import sys; from pathlib import Path; from pos_app.vision.engine import create_engine; "
            "from pos_app.vision.images import load_image; e = create_engine('sface'); "
            "img = load_image(Path(sys.argv[1])); faces = e.detect(img); e.embed(img, faces[0]); print(len(faces))")
    done = subprocess.run([sys.executable, "-c", code, str(faces / "identities" / "biden" / "biden.jpg")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "1" and done.stderr == ""
