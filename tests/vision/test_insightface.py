"""The InsightFace engine. Its model pack cannot be shipped or downloaded here: without it, the
engine must say so plainly, and only the tests that need the pack skip."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from pos_app.cli.main import main
from pos_app.vision.engine import analyze, create_engine
from pos_app.vision.images import load_image
from pos_app.vision.model_files import ModelFileError


def test_missing_pack_is_a_clear_error_naming_where_it_belongs(tmp_path: Path, faces: Path) -> None:
    engine = create_engine("insightface", models_dir=str(tmp_path))
    with pytest.raises(ModelFileError, match=f"pack buffalo_l is not installed in {tmp_path}/insightface/buffalo_l") as err:
        analyze(engine, load_image(faces / "identities" / "obama" / "obama.jpg"))
    assert "copy the .onnx files" in (err.value.hint or "")


def test_eval_with_missing_pack_is_one_line(tmp_path: Path, faces: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FACEPAY_MODELS_DIR", str(tmp_path))
    code = main(["--engine", "insightface", "eval", "--pairs", str(faces / "pairs.csv"),
                 "--images", str(faces / "identities")])
    warning, err = capsys.readouterr().err.strip().splitlines()
    assert warning.startswith("facepay: warning: InsightFace pretrained models are licensed for non-commercial")
    assert code == 1 and err.startswith("facepay: InsightFace pack buffalo_l is not installed")


@pytest.fixture(scope="module")
def pack_models_dir() -> Path:
    root = os.environ.get("FACEPAY_TEST_INSIGHTFACE_DIR")
    if not root or not (Path(root) / "insightface" / "buffalo_l").is_dir():
        pytest.skip("InsightFace pack buffalo_l not available: set FACEPAY_TEST_INSIGHTFACE_DIR to a models "
                    "dir holding insightface/buffalo_l (it cannot be downloaded on this machine)")
    return Path(root)


def test_pack_engine_gives_the_mesh_and_unit_512d_embeddings(pack_models_dir: Path, faces: Path) -> None:
    engine = create_engine("insightface", models_dir=str(pack_models_dir))
    a = analyze(engine, load_image(faces / "identities" / "obama" / "obama.jpg"), require_quality=False)
    assert a.face is not None and a.face.mesh.shape == (468, 3)
    assert a.embedding is not None and a.embedding.shape == (512,)
    assert abs(float(np.linalg.norm(a.embedding)) - 1) < 1e-5
    # Only the recognition model: never the pack's detector, landmark or gender/age models.
    assert set(engine._load().models) == {"recognition"}  # type: ignore[attr-defined]
