"""The dlib engine on real photos: plain data out, checked model files, lazy loading."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from pos_app.vision.images import load_image
from pos_app.vision.matching import compare
from pos_app.vision.model_files import DLIB_LANDMARKS_5, ModelFileError, dlib_models_dir, verified_path
from pos_app.vision.types import Box, Face


def test_detection_returns_plain_data_with_5_and_68_points(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    img = load_image(faces / "identities" / "biden" / "biden.jpg")
    (face,) = engine.detect(img)
    assert isinstance(face, Face) and isinstance(face.box, Box)
    assert len(face.landmarks5) == 5 and len(face.landmarks68) == 68
    assert all(type(v) is float for p in face.landmarks68 for v in p)
    assert 0 <= face.box.left < face.box.right <= img.shape[1]


def test_embeddings_are_unit_128d_and_tell_people_apart(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    def emb(rel: str) -> np.ndarray:
        img = load_image(faces / "identities" / rel)
        return engine.embed(img, engine.detect(img)[0])

    a, b, other = emb("obama/obama.jpg"), emb("obama/obama3.jpg"), emb("biden/biden.jpg")
    assert a.shape == (128,) and a.dtype == np.float32 and abs(np.linalg.norm(a) - 1) < 1e-5
    assert compare(a, b)[0] > compare(a, other)[0] + 0.05


def test_tracking_mode_finds_the_face_in_a_kiosk_frame(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.vision.bench import kiosk_frame

    frame = kiosk_frame(load_image(faces / "identities" / "rose_leslie" / "img2.jpg"))
    assert frame.shape == (480, 640, 3)
    assert len(engine.detect(frame, mode="track")) == 1


def test_a_damaged_model_file_is_refused(tmp_path: Path) -> None:
    src = dlib_models_dir() / DLIB_LANDMARKS_5.filename
    bad = tmp_path / DLIB_LANDMARKS_5.filename
    shutil.copyfile(src, bad)
    with bad.open("r+b") as fh:
        fh.seek(1000)
        byte = fh.read(1)
        fh.seek(1000)
        fh.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(ModelFileError, match="has SHA-256 .* expected"):
        verified_path(DLIB_LANDMARKS_5, tmp_path)


def test_a_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=r"is missing"):
        verified_path(DLIB_LANDMARKS_5, tmp_path)


def test_importing_the_engine_loads_no_model() -> None:
    code = ("import sys; from pos_app.vision.engine import create_engine; e = create_engine('dlib'); "
            "print('dlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
