"""The passive anti-spoofing pair (MiniFASNetV2 + V1SE), converted by our own code, on real images."""

from __future__ import annotations

import shutil
from pathlib import Path

import cv2
import numpy as np
import pytest

from liveness.minifasnet import WeightsError, crop
from liveness.models import load_passive, verified_files
from pos_app.vision.model_files import package_models_dir


@pytest.fixture(scope="module")
def models_dir() -> Path:
    return package_models_dir()


@pytest.fixture(scope="module")
def passive(models_dir: Path):  # type: ignore[no-untyped-def]
    return load_passive(models_dir)


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    from pos_app.vision.sface_engine import SFaceEngine

    return SFaceEngine()


def score(passive, engine, image: np.ndarray) -> float:  # type: ignore[no-untyped-def]
    b = engine.detect(image, mode="photo")[0].box
    return passive.live_score(image, (b.left, b.top, b.right, b.bottom))[0]


@pytest.mark.parametrize(("name", "live"), [("image_T1.jpg", True), ("image_F1.jpg", False), ("image_F2.jpg", False)])
def test_the_silent_face_samples_are_classified_right(passive, engine, test_data: Path, name: str, live: bool) -> None:  # type: ignore[no-untyped-def]
    from pos_app.vision.images import load_image

    s = score(passive, engine, load_image(test_data / "liveness" / "samples" / name))
    assert (s > 0.5) is live, s


@pytest.mark.parametrize("video", ["blink_1.mp4", "blink_2.mp4"])
def test_real_bona_fide_video_is_live_on_every_sampled_frame(passive, engine, test_data: Path, video: str) -> None:  # type: ignore[no-untyped-def]
    cap, scores, i = cv2.VideoCapture(str(test_data / "liveness" / "bonafide" / video)), [], 0
    while (frame := cap.read()[1]) is not None:
        if i % 15 == 0 and (faces := engine.detect(frame, mode="track")):
            b = faces[0].box
            scores.append(passive.live_score(frame, (b.left, b.top, b.right, b.bottom))[0])
        i += 1
    assert len(scores) >= 10 and min(scores) > 0.5


def test_every_frame_of_the_hamilton_clip_is_processed(passive, engine, test_data: Path) -> None:  # type: ignore[no-untyped-def]
    cap, done = cv2.VideoCapture(str(test_data / "faces" / "video" / "short_hamilton_clip.mp4")), 0
    while (frame := cap.read()[1]) is not None:
        for face in engine.detect(frame, mode="track"):
            s, probs = passive.live_score(frame, (face.box.left, face.box.top, face.box.right, face.box.bottom))
            assert 0.0 <= s <= 1.0 and abs(float(probs.sum()) - 1.0) < 1e-4
            done += 1
    assert done > 50


def test_the_crop_stays_inside_the_frame_at_the_edges() -> None:
    frame = np.arange(480 * 640 * 3, dtype=np.uint8).reshape(480, 640, 3)
    for box in [(0, 0, 100, 100), (560, 400, 640, 480), (300, 200, 340, 240)]:
        for scale in (2.7, 4.0):
            assert crop(frame, box, scale).shape == (80, 80, 3)


def test_a_weight_file_that_is_not_the_pinned_one_is_refused(models_dir: Path, tmp_path: Path) -> None:
    shutil.copytree(models_dir / "minifasnet", tmp_path / "minifasnet")
    weights = tmp_path / "minifasnet" / "2.7_80x80_MiniFASNetV2.pth"
    weights.chmod(0o644)
    with weights.open("r+b") as fh:
        fh.seek(5000)
        fh.write(b"\x00\x01")
    with pytest.raises(WeightsError, match="not the pinned 2.7_80x80_MiniFASNetV2.pth"):
        verified_files(tmp_path)
    graph = tmp_path / "minifasnet" / "2.7_80x80_MiniFASNetV2.onnx"  # what runs
    graph.chmod(0o644)
    with graph.open("r+b") as fh:
        fh.seek(5000)
        fh.write(b"\x00\x01")
    with pytest.raises(WeightsError, match="not the pinned 2.7_80x80_MiniFASNetV2.onnx"):
        load_passive(tmp_path)
    with pytest.raises(WeightsError, match="is missing"):
        verified_files(tmp_path / "elsewhere")


def test_each_shipped_graph_is_exactly_what_its_upstream_weights_build(models_dir: Path) -> None:
    """The graphs are built once (scripts/build_models.py), not in every process: each must be
    byte for byte what the pinned .pth gives, or it is not the upstream model."""
    from liveness.minifasnet import read_state_dict, to_onnx
    from liveness.models import GRAPHS, verified_weights

    for graph, (_, _, weights) in GRAPHS.items():
        built = to_onnx(read_state_dict(verified_weights(models_dir / "minifasnet" / weights)))
        assert built == (models_dir / "minifasnet" / graph).read_bytes(), graph


def test_loading_the_passive_pair_imports_no_onnx(models_dir: Path) -> None:
    """`import onnx` cost 1.3-1.8 s of every start (ml_dtypes); the graphs now come built."""
    import subprocess
    import sys

    code = ("import sys; from pathlib import Path; from liveness.models import load_passive; "
            "load_passive(Path(sys.argv[1])); print('onnx' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(models_dir)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
