"""SFace as FacePay runs it: the pinned OpenCV Zoo file, prepared so onnxruntime runs it (and runs it
fast) without changing what it says; aligned exactly as OpenCV aligns for it; and faces it cannot
describe refused in plain words."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from pos_app.vision.engine import analyze, create_engine
from pos_app.vision.images import load_image
from pos_app.vision.model_files import SFACE, ModelFileError, home_of, verified_bytes
from pos_app.vision.sface_engine import CROP, UnalignableFace, align, prepared_graph, sface_points, similarity_transform


@pytest.fixture(scope="module")
def crops(engine, faces: Path) -> list[np.ndarray]:  # type: ignore[no-untyped-def]
    out = []
    for rel in ("obama/obama.jpg", "biden/biden.jpg", "rose_leslie/img1.jpg"):
        img = load_image(faces / "identities" / rel)
        out.append(align(img, sface_points(engine.detect(img)[0])))
    return out


def _blob(crop: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(crop[None, :, :, ::-1].transpose(0, 3, 1, 2), dtype=np.float32)


def test_the_file_as_published_does_not_run_and_the_prepared_graph_says_the_same(crops) -> None:  # type: ignore[no-untyped-def]
    import onnx
    import onnxruntime as ort

    raw = verified_bytes(SFACE)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    with pytest.raises(Exception, match="(?i)required inputs|missing"):
        ort.InferenceSession(raw, options, providers=["CPUExecutionProvider"]).run(None, {"data": _blob(crops[0])})
    # The published graph with only its unread inputs dropped is the reference the fold must keep.
    model = onnx.load_from_string(raw)
    read = {n for node in model.graph.node for n in node.input}
    kept = [i for i in model.graph.input if i.name in read]
    del model.graph.input[:]
    model.graph.input.extend(kept)
    reference = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    prepared_bytes = prepared_graph(raw)
    prepared = ort.InferenceSession(prepared_bytes, options, providers=["CPUExecutionProvider"])
    assert not any(n.op_type == "DequantizeLinear" for n in onnx.load_from_string(prepared_bytes).graph.node)
    assert [i.name for i in prepared.get_inputs()] == ["data"]
    for crop in crops:
        a = reference.run(None, {"data": _blob(crop)})[0]
        b = prepared.run(None, {"data": _blob(crop)})[0]
        assert np.abs(a - b).max() < 2e-5


def test_alignment_and_descriptor_match_opencvs_own_face_recognizer(engine, faces: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """OpenCV's FaceRecognizerSF (alignCrop + feature) is how SFace was published to be used."""
    import cv2

    graph = tmp_path / "sface.onnx"
    graph.write_bytes(prepared_graph(verified_bytes(SFACE)))
    opencv = cv2.FaceRecognizerSF.create(str(graph), "")
    for rel in ("obama/obama3.jpg", "kit_harington/john1.jpeg"):
        img = load_image(faces / "identities" / rel)
        face = engine.detect(img)[0]
        points = sface_points(face)
        theirs = opencv.alignCrop(img, np.array([0, 0, 1, 1, *points.ravel(), 1], np.float32))
        ours = align(img, points)
        assert ours.shape == theirs.shape == (CROP, CROP, 3)
        assert np.abs(ours.astype(int) - theirs.astype(int)).max() <= 1
        feature = opencv.feature(theirs).ravel()
        assert float(engine.embed(img, face) @ (feature / np.linalg.norm(feature))) > 0.9999


def test_the_eyes_land_where_sface_was_trained_to_see_them(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    img = load_image(faces / "identities" / "biden" / "biden.jpg")
    points = sface_points(engine.detect(img)[0])
    m = similarity_transform(points)
    placed = points @ m[:, :2].T + m[:, 2]
    # Each point within a few pixels of the template, the image-left eye left of the other.
    assert np.abs(placed[:2] - [[38.29, 51.70], [73.53, 51.50]]).max() < 4
    assert placed[0, 0] < placed[1, 0] and placed[3, 0] < placed[4, 0]


def test_a_face_too_small_to_describe_gets_the_quality_gates_reason(engine, faces: Path) -> None:  # type: ignore[no-untyped-def]
    import cv2

    img = load_image(faces / "identities" / "obama" / "obama.jpg")
    tiny = cv2.resize(img, (20, 20 * img.shape[0] // img.shape[1]), interpolation=cv2.INTER_AREA)
    canvas = np.full((480, 640, 3), 128, np.uint8)
    canvas[200:200 + tiny.shape[0], 300:320] = tiny
    result = analyze(engine, canvas)
    assert result.embedding is None and not result.quality.ok and result.quality.reasons
    with pytest.raises(UnalignableFace, match="too small"):
        similarity_transform(np.full((5, 2), 10.0) + np.random.default_rng(0).normal(0, 0.5, (5, 2)))
    with pytest.raises(UnalignableFace, match="landmarks"):
        similarity_transform(np.full((5, 2), np.nan))


def test_a_damaged_sface_file_is_refused_by_name(tmp_path: Path) -> None:
    bad = tmp_path / SFACE.subdir / SFACE.filename
    bad.parent.mkdir()
    shutil.copyfile(home_of(SFACE) / SFACE.filename, bad)
    with bad.open("r+b") as fh:
        fh.seek(5000)
        byte = fh.read(1)
        fh.seek(5000)
        fh.write(bytes([byte[0] ^ 0x01]))
    with pytest.raises(ModelFileError, match=f"{SFACE.filename}.*has SHA-256 .* expected"):
        verified_bytes(SFACE, tmp_path)


def test_sface_is_the_default_and_tells_the_shared_people_apart(faces: Path) -> None:
    from pos_app.core.config import Settings
    from pos_app.vision.matching import build_template, verify

    assert Settings().engine == "sface"
    engine = create_engine(Settings().engine)
    threshold = Settings().match_threshold

    def emb(rel: str) -> np.ndarray:
        a = analyze(engine, load_image(faces / "identities" / rel), require_quality=False)
        assert a.embedding is not None
        return a.embedding

    template = build_template([emb("obama/obama.jpg"), emb("obama/obama2.jpg"), emb("obama/obama3.jpg")], threshold)
    assert verify(emb("obama/obama4.jpg"), template, threshold).accepted
    for other in ("biden/biden.jpg", "kit_harington/john1.jpeg", "rose_leslie/img1.jpg", "alex_lacamoire/img1.jpg"):
        assert not verify(emb(other), template, threshold).accepted, other


@pytest.mark.parametrize("name", ["sface", "dlib"])
def test_a_templates_model_id_leads_back_to_the_engine_that_makes_it(name: str) -> None:
    from pos_app.vision.engine_registry import engine_of_model, model_id_of

    engine = create_engine(name)
    assert model_id_of(name) == engine.model_id and engine_of_model(engine.model_id) == (name, "")


_LOAD = ("import sys; from pathlib import Path; from pos_app.vision.engine import create_engine; "
         "from pos_app.vision.images import load_image; e = create_engine('sface', models_dir=sys.argv[1]); "
         "img = load_image(Path(sys.argv[2])); e.embed(img, e.detect(img)[0]); print('onnx' in sys.modules)")


def test_the_prepared_graph_is_kept_pinned_and_later_starts_import_no_onnx(faces: Path, tmp_path: Path) -> None:
    """`import onnx` cost 1.3-1.8 s of every start; the fold it is needed for gives pinned bytes."""
    import subprocess
    import sys

    from pos_app.vision.model_files import SFACE_PREPARED, sha256_file, unregistered_files

    def start() -> bool:
        done = subprocess.run([sys.executable, "-c", _LOAD, str(tmp_path), str(faces / "identities" / "biden" / "biden.jpg")],
                              capture_output=True, text=True, check=True)
        return done.stdout.strip() == "True"

    kept = tmp_path / SFACE_PREPARED.subdir / SFACE_PREPARED.filename
    assert start() is True  # the first start folds, and keeps the result
    assert sha256_file(kept) == SFACE_PREPARED.sha256 and (kept.stat().st_mode & 0o777) == 0o600
    assert unregistered_files(tmp_path) == []  # doctor knows the kept file
    assert start() is False  # later starts load it, verified, without onnx
    from tests.biometric_scan import scan_tree

    assert scan_tree(tmp_path) == []  # the pinned weights are no shopper's data ...
    with kept.open("r+b") as fh:  # someone alters it: it is not run, but made again
        fh.seek(1_000_000)
        fh.write(b"\x00" * 16)
    assert scan_tree(tmp_path) != []  # ... an altered file could be: the scan reports it
    assert start() is True and sha256_file(kept) == SFACE_PREPARED.sha256
