"""The model registry holds: every model file that ships or is loaded is registered, pinned and
licensed for commercial use; dlib's non-commercial 68-point model is gone for good."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.vision.model_files import (
    ALLOWED_LICENCES, REGISTRY, SHIPPED, home_of, package_models_dir, sha256_file, unregistered_files,
)

REPO = Path(__file__).resolve().parents[2]
MODEL_SUFFIXES = (".dat", ".tflite", ".pth", ".onnx", ".pkl", ".pb", ".bin")
FORBIDDEN = "shape_predictor_68_face_landmarks"


def test_every_shipped_model_is_present_pinned_and_of_its_registered_size() -> None:
    for model in SHIPPED:
        path = home_of(model) / model.filename
        assert path.is_file(), f"{model.filename} is registered as shipped but is not installed"
        assert sha256_file(path) == model.sha256, model.filename
        assert path.stat().st_size == model.size, model.filename
        # Each shipped model has its licence text in our package, beside it when it lives there.
        assert (package_models_dir() / model.subdir / "LICENSE").is_file(), f"no LICENSE for {model.filename}"
        # Only small files live in our repository; larger ones come from a package.
        assert model.package or model.size < 3 * 1024 * 1024, f"{model.filename} is too large to keep in the repository"


def test_no_file_in_the_package_models_folder_is_unregistered() -> None:
    assert unregistered_files(package_models_dir()) == []


def test_an_unregistered_or_altered_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "mediapipe").mkdir()
    (tmp_path / "mediapipe" / "face_landmark.tflite").write_bytes(b"not the pinned model")
    (tmp_path / "dlib").mkdir()
    (tmp_path / "dlib" / f"{FORBIDDEN}.dat").write_bytes(b"\0" * 64)
    (tmp_path / "dlib" / "LICENSE").write_text("text, not a model")
    problems = unregistered_files(tmp_path)
    assert problems == ["dlib/shape_predictor_68_face_landmarks.dat: not in the model registry",
                        "mediapipe/face_landmark.tflite: SHA-256 differs from the registry's pin"]


def test_every_default_model_is_licensed_for_commercial_use() -> None:
    for model in REGISTRY:
        if model.kind in ("shipped", "derived"):  # a derived file runs by default too: pinned, licensed
            assert model.licence in ALLOWED_LICENCES, f"{model.filename}: {model.licence}"
            assert model.sha256 and re.fullmatch(r"[0-9a-f]{64}", model.sha256)
            assert model.training_data and model.source and model.version and model.purpose
        else:
            # Optional files are never loaded by default; a non-commercial one says so.
            assert model.commercial_use is False and "non-commercial" in model.licence


def test_the_non_commercial_engine_is_optional_off_by_default_and_warns() -> None:
    from pos_app.core.config import Settings
    from pos_app.vision.engine import licence_warning

    assert Settings().engine == "sface" and licence_warning("sface") is None and licence_warning("dlib") is None
    warning = licence_warning("insightface")
    assert warning is not None and "non-commercial" in warning


def test_the_68_point_model_is_neither_registered_nor_named_in_runtime_code() -> None:
    assert all(FORBIDDEN not in m.filename for m in REGISTRY)
    offenders = [str(p.relative_to(REPO)) for folder in ("pos_app", "liveness", "payments", "installer", "resources")
                 for p in (REPO / folder).rglob("*") if p.is_file() and p.suffix in (".py", ".sh", ".spec", ".toml")
                 and FORBIDDEN in p.read_text(encoding="utf-8", errors="replace")]
    assert offenders == []
    assert not list(REPO.joinpath("resources").rglob(f"{FORBIDDEN}*"))


def test_every_model_file_named_in_runtime_code_is_registered() -> None:
    names = {m.filename for m in REGISTRY}
    pattern = re.compile(r"[\"']([\w.+-]+(?:" + "|".join(re.escape(s) for s in MODEL_SUFFIXES) + r"))[\"']")
    unknown = []
    for folder in ("pos_app", "liveness", "payments"):
        for path in (REPO / folder).rglob("*.py"):
            for name in pattern.findall(path.read_text(encoding="utf-8")):
                if name not in names:
                    unknown.append(f"{path.relative_to(REPO)}: {name}")
    assert unknown == []


# Run in a child process so that nothing loaded earlier in the test session hides a load: it
# records every model-like file Python opens (audit hook) and every file handed to dlib's C++
# loaders, while it detects, embeds and scores liveness on a real photo.
_PROBE = r"""
import json, sys
from pathlib import Path
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)) and str(args[0]).endswith(SUFFIXES):
        opened.append(str(args[0]))
sys.addaudithook(hook)
import dlib
for name in ("shape_predictor", "face_recognition_model_v1", "cnn_face_detection_model_v1"):
    real = getattr(dlib, name)
    setattr(dlib, name, lambda path, _real=real: (opened.append(str(path)), _real(path))[1])
from pos_app.assembly import passive_model
from pos_app.core.config import Settings
from pos_app.vision.engine import analyze, create_engine
from pos_app.vision.images import load_image
image = load_image(Path(sys.argv[1]))
for name in ("sface", "dlib"):  # the default engine, and the one a store may still choose
    result = analyze(create_engine(name), image)
    assert result.embedding is not None
box = result.face.box
passive_model(Settings()).live_score(image, (box.left, box.top, box.right, box.bottom))
print(json.dumps(sorted(set(opened))))
"""


def test_a_real_session_loads_only_registered_files_from_the_package(test_data: Path) -> None:
    photo = test_data / "faces" / "identities" / "obama" / "obama.jpg"
    code = f"SUFFIXES = {MODEL_SUFFIXES!r}\n" + _PROBE
    out = subprocess.run([sys.executable, "-c", code, str(photo)], capture_output=True, text=True, check=True,
                         cwd=REPO).stdout
    opened = [Path(p).resolve() for p in json.loads(out.strip().splitlines()[-1])]
    assert opened, "the probe saw no model load at all: it would pass blind"
    homes = {(home_of(m) / m.filename).resolve(): m for m in SHIPPED}
    for path in opened:
        model = homes.get(path)
        assert model is not None, f"{path} is not a registered model file in its registered home"
        assert sha256_file(path) == model.sha256
    assert {p.name for p in opened} == {m.filename for m in SHIPPED if m.runs}


def test_the_shipped_third_party_files_are_the_ones_upstream_published(test_data: Path) -> None:
    """An independent check of the pins: the shared data's copies and their SHA256SUMS."""
    sums = {}
    for listing in (test_data / "models" / "mediapipe" / "SHA256SUMS", test_data / "liveness" / "minifasnet" / "SHA256SUMS"):
        for line in listing.read_text().splitlines():
            digest, name = line.split()
            sums[name.lstrip("*")] = digest
    for model in SHIPPED:
        if model.subdir in ("mediapipe", "minifasnet") and not model.filename.endswith(".onnx"):
            assert sums[model.filename] == model.sha256, model.filename
    # The graphs are ours, built from those weights: tests/liveness/test_passive.py rebuilds them.


def test_models_list_prints_the_registry(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from pos_app.cli.main import main

    assert main(["--data-dir", str(tmp_path), "models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["filename"] for r in rows} == {m.filename for m in REGISTRY}
    for row in rows:
        assert {"purpose", "source", "version", "licence", "training_data", "sha256", "size", "commercial_use"} <= set(row)
        assert row["state"] == {"shipped": "ok", "derived": "made on first use", "optional": "not installed"}[row["kind"]]
    assert main(["--data-dir", str(tmp_path), "models", "list"]) == 0
    text = capsys.readouterr().out
    assert "NOT for commercial use" in text and "Apache-2.0" in text and "public-domain" in text


def test_doctor_fails_on_a_stray_model_in_the_models_folder(tmp_path: Path) -> None:
    from pos_app.core.config import Settings
    from pos_app.health import run_all

    settings = Settings(data_dir=tmp_path)
    stray = settings.models_path / "dlib" / f"{FORBIDDEN}.dat"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"\0" * 64)
    (models,) = [c for c in run_all(settings, "test") if c.name == "models"]
    assert not models.ok and FORBIDDEN in models.detail
    stray.unlink()
    (models,) = [c for c in run_all(settings, "test") if c.name == "models"]
    assert models.ok and "9 shipped files as pinned" in models.detail


def test_the_passive_models_are_pinned_once() -> None:
    """Before: the MiniFASNet SHA-256s were written twice, in liveness/models.py and here, with
    no test that they agreed (issue 31). Now the registry reads them from liveness/pins.py."""
    from liveness import models, pins
    from pos_app.vision import model_files

    assert models.WEIGHTS is pins.WEIGHTS and models.GRAPHS is pins.GRAPHS
    registered = {m.filename: m.sha256 for m in (model_files.MINIFASNET_V2, model_files.MINIFASNET_V1SE,
                                             model_files.MINIFASNET_V2_GRAPH, model_files.MINIFASNET_V1SE_GRAPH)}
    assert registered == {name: pin[0] for name, pin in {**pins.WEIGHTS, **pins.GRAPHS}.items()}
