"""Shared fixtures: the shared test data folder, and real databases (SQLite file and PostgreSQL).

Without the test data or PostgreSQL, the tests that need them skip with the reason; under CI
(CI=true) a missing one fails instead, so a green CI run always means they ran.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Iterator

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
pytest_plugins = ["tests.bank_fixture", "tests.register_fixture"]
PG_ADMIN_URL = os.environ.get("FACEPAY_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")

# Settings from the developer's own machine must not leak into tests.
for _key in [k for k in os.environ if k.startswith("FACEPAY_") and not k.startswith("FACEPAY_TEST")]:
    del os.environ[_key]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"{reason} (under CI this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the platform config file somewhere empty so a real ~/.config/facepay is never read."""
    home = tmp_path_factory.mktemp("config")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))


@pytest.fixture(autouse=True)
def _logging_handlers_stay_with_their_test() -> Iterator[None]:
    """A command run in-process sets up logging (pos_app.logs.configure): a handler on pytest's
    captured stderr and one on the test's own log file. Left on the root logger, a later test's
    background thread wrote to that closed stream ("Logging error" in CI's output) and the file
    stayed open. Each test's handlers go with it."""
    import logging

    root = logging.getLogger()
    before = list(root.handlers)
    yield
    for handler in [h for h in root.handlers if h not in before]:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture(scope="session")
def test_data() -> Path:
    root = Path(os.environ.get("FACEPAY_TEST_DATA", REPO_ROOT.parent / "shared" / "data"))
    if not (root / "faces" / "pairs.csv").is_file():
        missing(f"shared test data not found at {root} (set FACEPAY_TEST_DATA)")
    return root


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    import psycopg

    try:
        psycopg.connect(PG_ADMIN_URL.replace("postgresql+psycopg", "postgresql"), connect_timeout=3).close()
    except psycopg.Error as exc:
        missing(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {str(exc).strip().splitlines()[0]}")
    return PG_ADMIN_URL


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"facepay_test_{uuid.uuid4().hex[:12]}"
    admin = pg_admin_url.replace("postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield make_url(admin).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database URL of each kind; storage tests run once on each."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'facepay.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def db(db_url: str):  # type: ignore[no-untyped-def]
    """A migrated database of each kind."""
    from pos_app.core.db import Database

    database = Database(db_url)
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture(scope="session")
def face_engine():  # type: ignore[no-untyped-def]
    """The default engine (SFace) with its real models, shared by the flow and screen tests."""
    from pos_app.vision.sface_engine import SFaceEngine

    return SFaceEngine()


@pytest.fixture(scope="session")
def dlib_engine():  # type: ignore[no-untyped-def]
    """dlib, the engine a store may still choose (loaded once: its models take a couple of
    seconds), for the tests that compare engines or run a store that has both."""
    from pos_app.vision.dlib_engine import DlibEngine

    eng = DlibEngine()
    eng.warm_up()
    return eng


@pytest.fixture(scope="session")
def passive_models():  # type: ignore[no-untyped-def]
    """The MiniFASNet pair as it ships in the package, through its pinned checksums."""
    from liveness.models import load_passive
    from pos_app.vision.model_files import package_models_dir

    return load_passive(package_models_dir())


@pytest.fixture(scope="session")
def voice():  # type: ignore[no-untyped-def]
    """The kiosk's offline voice (espeak-ng, a Debian package the installer and CI install)."""
    from pos_app.speech.engine import Espeak, SpeechUnavailable

    try:
        return Espeak()
    except SpeechUnavailable as exc:
        missing(str(exc))
