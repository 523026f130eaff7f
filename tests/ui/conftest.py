"""Screen tests run offscreen with pytest-qt, on a real SQLite file, the real mock bank process,
the real face engine on real photos, and a scripted camera (see scripted.py)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from payments.client import BankClient  # noqa: E402
from pos_app.core import customers  # noqa: E402
from pos_app.core.consent import load_consent  # noqa: E402
from pos_app.core.db import Database  # noqa: E402
from pos_app.core.operators import add_operator, authenticate  # noqa: E402
from pos_app.core.passes import FacePayPass, write_pass  # noqa: E402
from pos_app.core.terminals import ensure_terminal  # noqa: E402
from pos_app.core.vault import KeyFile  # noqa: E402
from pos_app.flows.checkout import CheckoutServices  # noqa: E402
from tests.bank_fixture import Bank, free_port  # noqa: E402
from tests.ui.scripted import CountingCamera, ScriptedLiveness, camera_folder  # noqa: E402


@dataclass
class Store:
    root: Path
    db: Database
    keys: KeyFile
    bank: Bank
    engine: object
    passive: object

    @property
    def threshold(self) -> float:
        """The shipped threshold of the store's engine."""
        from pos_app.core.config import Settings

        return float(getattr(Settings(), f"match_threshold_{self.engine.name}"))  # type: ignore[attr-defined]

    def person(self, test_data: Path, name: str) -> list[Path]:
        return sorted((test_data / "faces" / "identities" / name).iterdir())

    def enroll(self, images: list[Path], *, balance: int, phone: str | None = None,
               key_mode: str = "shopper") -> tuple[str, FacePayPass | None, str]:
        """A customer enrolled from real photos with a linked account; returns id, pass, account."""
        from pos_app.vision.engine import analyze
        from pos_app.vision.images import load_image
        from pos_app.vision.matching import build_template

        vectors = [analyze(self.engine, load_image(p), purpose="enroll", require_quality=False).embedding  # type: ignore[arg-type]
                   for p in images]
        account = self.bank.account(balance)
        with self.bank.client() as client:
            token = client.link_account(account, owner_name="Test", idempotency_key=os.urandom(8).hex())
        operator = authenticate(self.db, "desk", "4821", terminal="desk-1")
        enrolled = customers.enroll(
            self.db, self.keys, name="Test Shopper", phone=phone, template=build_template(vectors, self.threshold),
            model_id=self.engine.model_id, key_mode=key_mode, consent=load_consent("en"),  # type: ignore[attr-defined]
            operator=operator, terminal_id=ensure_terminal(self.db, "desk-1", "desk"), terminal_name="desk-1",
            bank_token=token)
        return enrolled.customer_id, enrolled.facepay_pass, account

    def services(self, bank_url: str | None = None, liveness: Callable[..., object] | None = None) -> CheckoutServices:
        return CheckoutServices(
            db=self.db, keys=self.keys, engine=self.engine, passive=self.passive,  # type: ignore[arg-type]
            bank=BankClient(bank_url or self.bank.url, self.bank.terminal_id, self.bank.key, max_retries=1),
            terminal_id=ensure_terminal(self.db, "kiosk-1", "kiosk"), terminal_name="kiosk-1", match_threshold=self.threshold,
            liveness_factory=liveness or (lambda s, e: ScriptedLiveness(e)))  # type: ignore[arg-type, return-value]


@pytest.fixture
def store(tmp_path: Path, bank: Bank, face_engine, passive_models) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    db = Database(f"sqlite:///{tmp_path / 'facepay.db'}")
    db.upgrade()
    add_operator(db, username="desk", display_name="Desk", role="admin", secret="4821", actor="test")
    CountingCamera.opened = CountingCamera.closed = 0
    yield Store(tmp_path, db, KeyFile.create(tmp_path / "keys" / "facepay.key"), bank, face_engine, passive_models)
    db.dispose()


def pass_image(store: Store, card: FacePayPass) -> Path:
    return write_pass(card, "Test Shopper", store.root / "pass.png")


def scripted_camera(store: Store, images: list[Path]) -> Callable[[], CountingCamera]:
    folder = camera_folder(store.root / f"camera-{len(list(store.root.glob('camera-*')))}", images)
    return lambda: CountingCamera(folder)


def unused_bank_url() -> str:
    return f"http://127.0.0.1:{free_port()}"


_windows: list = []


def keep_open(window) -> None:  # type: ignore[no-untyped-def]
    """pytest-qt holds windows weakly; these are held until their worker thread has stopped."""
    _windows.append(window)


def close_windows() -> None:
    """Shut the windows and their worker threads down: before a test's database is disposed, or
    a job still in a session on a worker thread meets a connection pool being torn down."""
    while _windows:
        window = _windows.pop()
        window.shut_down()
        window.close()


@pytest.fixture(autouse=True)
def _close_windows() -> Iterator[None]:
    """Python's cycle collector runs only here, once the windows are shut and Qt has handled the
    deletions they posted. Left to run at any moment, it sometimes freed the wrapper of a widget
    a closed window had already deleted, and the test process died (PySide6 6.11, a segfault in
    "Garbage-collecting" seen since before issue 14). The screens themselves create windows once."""
    import gc

    gc.disable()
    try:
        yield
        close_windows()
        from pos_app.ui.qt import QApplication, QtCore

        if QApplication.instance() is not None:
            QApplication.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete.value)
            QApplication.processEvents()
        gc.collect()
    finally:
        gc.enable()
