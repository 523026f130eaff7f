"""Every face engine in one table: how it is built, the model id its templates carry, what people
call it, its licence and model files, and its same-person threshold. The setting's choices
(``core.config.ENGINES``), building an engine, the licence warning, the template labels and the
benchmark's floor engine all read this table; nothing else names an engine.

The payment threshold is not here: it is the store's setting (``match_threshold_<engine>``), its
default set by the release evaluation (resources/evaluation, docs/vision.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from pos_app.core.config import ENGINES as SETTING_CHOICES
from pos_app.vision import model_files as mf

if TYPE_CHECKING:
    from pos_app.vision.engine import FaceEngine


@dataclass(frozen=True)
class EngineSpec:
    name: str  # the value of the `engine` setting
    label: str  # what an operator reads beside a template
    model_id: str  # what its templates carry; InsightFace's adds the pack: "insightface-buffalo_l"
    build: Callable[[str | None, str], FaceEngine]  # (models folder, InsightFace pack) -> engine, loaded lazily
    models: tuple[mf.ModelFile, ...]  # its descriptor's files in the model registry
    licence: str
    # Whether a shop may run it: every shipped engine is; an optional one tells the operator why not.
    notice: str | None
    # "Is this the same person as a moment ago?" (a template's captures agreeing, the face that
    # answered a challenge being the face that paid), at the engine's ordinary operating point, not
    # the payment threshold. dlib: FMR 0.35 % on lfw_dev's single pairs, impostors <= 0.77 on the
    # shared pairs; SFace: FMR 0.39 %, FNMR 1.7 % (docs/vision.md).
    same_person: float
    floor: str | None  # the engine the benchmark measures beside it (the one before it)


def _sface(models_dir: str | None, pack: str) -> FaceEngine:
    from pathlib import Path

    from pos_app.vision.sface_engine import SFaceEngine

    return SFaceEngine(Path(models_dir) if models_dir else None)


def _dlib(models_dir: str | None, pack: str) -> FaceEngine:
    from pos_app.vision.dlib_engine import DlibEngine

    return DlibEngine()


def _insightface(models_dir: str | None, pack: str) -> FaceEngine:
    from pos_app.vision.insightface_engine import InsightFaceEngine

    return InsightFaceEngine(models_dir=models_dir, pack=pack)


INSIGHTFACE_NOTICE = ("InsightFace pretrained models are licensed for non-commercial research only; "
                      "a store needs a commercial licence from InsightFace before using this engine")

ENGINES: dict[str, EngineSpec] = {spec.name: spec for spec in (
    EngineSpec("sface", "SFace", "sface-2021dec", _sface, (mf.SFACE, mf.SFACE_PREPARED), mf.SFACE.licence, None,
               0.42, "dlib"),
    EngineSpec("dlib", "dlib", "dlib-resnet-v1", _dlib, (mf.DLIB_LANDMARKS_5, mf.DLIB_RESNET), mf.DLIB_RESNET.licence,
               None, 0.80, "sface"),
    EngineSpec("insightface", "InsightFace", "insightface-", _insightface, mf.INSIGHTFACE_RECOGNITION,
               mf.INSIGHTFACE_RECOGNITION[0].licence, INSIGHTFACE_NOTICE, 0.43, None),
)}
# The setting lives in core, which cannot import vision: the two lists must be the same.
assert tuple(ENGINES) == SETTING_CHOICES, "core.config.ENGINES and the engine registry disagree"


def spec(name: str) -> EngineSpec:
    from pos_app.core.errors import ConfigError

    found = ENGINES.get(name)
    if found is None:
        raise ConfigError(f"unknown engine {name!r}; choose {', '.join(ENGINES)}")
    return found


def licence_warning(name: str) -> str | None:
    """What an operator must be told when choosing this engine, or None. Here, not in `engine`,
    so that checking the settings at start loads no numpy."""
    found = ENGINES.get(name)
    return found.notice if found else None


def model_id_of(engine: str, insightface_pack: str = "buffalo_l") -> str:
    """The model id an engine's templates carry, without building the engine."""
    made = spec(engine).model_id
    return made + insightface_pack if made.endswith("-") else made


def engine_of_model(model_id: str) -> tuple[str, str] | None:
    """(engine name, InsightFace pack or "") that makes templates with this model id, or None."""
    for s in ENGINES.values():
        if not s.model_id.endswith("-") and model_id == s.model_id:
            return s.name, ""
        if s.model_id.endswith("-") and model_id.startswith(s.model_id) and len(model_id) > len(s.model_id):
            return s.name, model_id.removeprefix(s.model_id)  # the pack
    return None


def model_label(model_id: str) -> str:
    found = engine_of_model(model_id)
    if found is None:
        return model_id or "—"
    name, pack = found
    return f"{ENGINES[name].label} {pack}" if pack else ENGINES[name].label
