"""The engine registry is the one table every engine choice reads: the setting's choices, building
an engine, its templates' model id and label, its licence and files, its same-person threshold."""

from __future__ import annotations

import pytest

from pos_app.core.config import ENGINES as SETTING_CHOICES
from pos_app.core.errors import ConfigError
from pos_app.vision import model_files
from pos_app.vision.engine import create_engine, licence_warning
from pos_app.vision.engine_registry import ENGINES, engine_of_model, model_id_of, model_label
from pos_app.vision.matching import same_person_threshold


def test_the_setting_offers_exactly_the_registered_engines() -> None:
    assert tuple(ENGINES) == SETTING_CHOICES


def test_an_engine_a_shop_may_run_has_only_commercially_licensed_registered_files() -> None:
    for spec in ENGINES.values():
        assert spec.models and all(m in model_files.REGISTRY for m in spec.models), spec.name
        commercial = all(m.licence in model_files.ALLOWED_LICENCES for m in spec.models)
        # Either every file may be sold with, or the operator is told why not when choosing it.
        assert commercial == (spec.notice is None) == (licence_warning(spec.name) is None), spec.name


@pytest.mark.parametrize("name", ["sface", "dlib"])
def test_an_engine_is_built_from_its_entry_and_carries_its_model_id(name: str) -> None:
    engine = create_engine(name)  # nothing is loaded until first use
    assert engine.name == name and engine.model_id == model_id_of(name) == ENGINES[name].model_id
    assert engine_of_model(engine.model_id) == (name, "")
    assert model_label(engine.model_id) == ENGINES[name].label


def test_insightface_templates_name_their_pack() -> None:
    assert model_id_of("insightface", "buffalo_s") == "insightface-buffalo_s"
    assert engine_of_model("insightface-buffalo_s") == ("insightface", "buffalo_s")
    assert model_label("insightface-buffalo_s") == "InsightFace buffalo_s"
    assert engine_of_model("insightface-") is None and engine_of_model("arcface-x") is None
    assert model_label("") == "—" and model_label("arcface-x") == "arcface-x"


def test_an_unknown_engine_is_refused_by_name() -> None:
    with pytest.raises(ConfigError, match="unknown engine 'facenet'; choose sface, dlib, insightface"):
        create_engine("facenet")


def test_the_same_person_question_uses_the_registered_operating_point() -> None:
    assert same_person_threshold("dlib", 0.857) == ENGINES["dlib"].same_person == 0.80
    assert same_person_threshold("sface", 0.30) == 0.30  # never stricter than the payment threshold
