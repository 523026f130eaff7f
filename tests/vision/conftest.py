from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.vision.dlib_engine import DlibEngine


@pytest.fixture(scope="session")
def engine() -> DlibEngine:
    """One loaded dlib engine for the whole run: loading its models takes a couple of seconds."""
    eng = DlibEngine()
    eng.warm_up()
    return eng


@pytest.fixture(scope="session")
def faces(test_data: Path) -> Path:
    return test_data / "faces"
