from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.vision.sface_engine import SFaceEngine


@pytest.fixture(scope="session")
def engine() -> SFaceEngine:
    """The default engine, loaded once for the whole run."""
    eng = SFaceEngine()
    eng.warm_up()
    return eng


@pytest.fixture(params=["sface", "dlib"])
def recogniser(request, engine: SFaceEngine, dlib_engine):  # type: ignore[no-untyped-def]
    """Each engine a store can run, for the tests every recogniser must pass."""
    return engine if request.param == "sface" else dlib_engine


@pytest.fixture(scope="session")
def faces(test_data: Path) -> Path:
    return test_data / "faces"
