"""The shipped threshold is the one the release's own evaluation chose for FMR <= 1e-4."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pos_app.core.config import Settings
from pos_app.vision.evaluation import release_evaluation

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("engine, most_refused", [("sface", 0.01), ("dlib", 0.03)])
def test_each_engines_default_threshold_is_its_release_evaluations_choice(engine: str, most_refused: float) -> None:
    release = release_evaluation(engine)
    assert release is not None
    assert getattr(Settings(), f"match_threshold_{engine}") == release.threshold
    assert release.impostor >= 3 / release.target_fmr  # enough impostor tries to show 1e-4 at all
    fmr, fnmr = release.rates_at(release.threshold)
    assert fmr <= release.target_fmr
    # FIDO's biometric bar is FRR <= 3 % at FAR <= 1:10,000; on this protocol the release meets it,
    # and SFace the 1 % issue 26 aimed for.
    assert fnmr <= most_refused
    # ... and it is the lowest such threshold in steps of 0.001: one step lower lets too many through.
    assert release.rates_at(round(release.threshold - 0.001, 3))[0] > release.target_fmr


def test_the_default_engine_was_chosen_on_the_kiosks_protocol() -> None:
    """One capture's frames fused, never two independent photos (kinder than any kiosk)."""
    release = release_evaluation(Settings().engine)
    assert release is not None and Settings().engine == "sface"
    assert "the kiosk's" in release.protocol and "3 best frames of one capture" in release.protocol


@pytest.mark.parametrize("engine", ["sface", "dlib"])
def test_the_histograms_give_the_figures_recorded_beside_them(engine: str) -> None:
    data = json.loads((REPO / "resources" / "evaluation" / f"{engine}.json").read_text())
    release = release_evaluation(engine)
    assert release is not None
    at = data["at_threshold"]
    assert (release.genuine, release.impostor) == (at["genuine"], at["impostor"])
    fmr, fnmr = release.rates_at(release.threshold)
    assert np.isclose(fmr, at["fmr"]) and np.isclose(fnmr, at["fnmr"])


def test_an_engine_without_a_release_evaluation_has_none() -> None:
    assert release_evaluation("insightface") is None
