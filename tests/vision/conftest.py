from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.vision.dlib_engine import DlibEngine
from pos_app.vision.sface_engine import SFaceEngine


@pytest.fixture(scope="session")
def engine() -> SFaceEngine:
    """The default engine, loaded once for the whole run."""
    eng = SFaceEngine()
    eng.warm_up()
    return eng


@pytest.fixture(scope="session")
def dlib_engine() -> DlibEngine:
    """dlib, the engine a store may still choose: loading its models takes a couple of seconds."""
    eng = DlibEngine()
    eng.warm_up()
    return eng


@pytest.fixture(params=["sface", "dlib"])
def recogniser(request, engine: SFaceEngine, dlib_engine: DlibEngine):  # type: ignore[no-untyped-def]
    """Each engine a store can run, for the tests every recogniser must pass."""
    return engine if request.param == "sface" else dlib_engine


@pytest.fixture(scope="session")
def faces(test_data: Path) -> Path:
    return test_data / "faces"
