"""The application, built from its settings in one place: the database (migrated, journaled and
with its signer), the key file, the embedded bank, the bank client, the face engine (and every
engine a stored template may need), the verified passive liveness models, what a face session
needs, and the housekeeping a kiosk runs. Every command, screen and benchmark builds through here,
so they cannot drift apart (issue 31).

Light to import (no SQLAlchemy, numpy or Qt): the command line's context reads it for `--help`.
"""

from __future__ import annotations

import subprocess
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pos_app.core.config import Settings, prepare_data_dir
from pos_app.core.errors import FacePayError, InvalidInput

if TYPE_CHECKING:
    from pos_app.core.db import Database
    from pos_app.core.vault import KeyFile
    from pos_app.flows.checkout import CheckoutServices
    from pos_app.flows.services import SessionServices


def open_database(settings: Settings, *, require_schema: bool = True) -> Database:
    """The store's database, reachable; with ``require_schema``, at the code's schema, this
    version journaled on it, and receipts signed as they are issued."""
    from pos_app.core.db import Database

    if not settings.db_url:  # the embedded SQLite file lives in the data dir
        prepare_data_dir(settings)
    db = Database(settings.database_url)
    db.check_reachable()
    if require_schema:
        db.require_current_schema()
        journal_software(db, settings)
        attach_signer(db, settings)
    return db


def attach_signer(db: Database, settings: Settings, *, create: bool = False) -> None:
    """Receipts this process issues are signed as they are issued (l10n_no/signing);
    ``create``: setting up, so a database that never had a signing key gets one."""
    from pos_app.l10n_no import signing

    signing.attach(db, settings.saft_key_path, terminal=settings.register_name, create=create)


def journal_software(db: Database, settings: Settings) -> None:
    """A version that first runs on this database is a software change (13007), whichever command
    or screen runs first after an install, an upgrade or a rollback."""
    from pos_app import __version__
    from pos_app.l10n_no.journal import record_software

    record_software(db, __version__, terminal=settings.register_name)


def key_file(settings: Settings) -> KeyFile:
    """The store's key file, checked as it loads."""
    from pos_app.core.vault import KeyFile

    return KeyFile.load(settings.key_path)


def key_file_if_made(settings: Settings) -> KeyFile | None:
    """The key file, or None when none was made yet (a store may reconcile before it enrolls)."""
    return key_file(settings) if settings.key_path.exists() else None


def journal_run(db: Database, terminal: str, action: str) -> None:
    """The register and the kiosk journal their start and stop (13001, 13002); no setting skips it."""
    from pos_app import __version__
    from pos_app.l10n_no import journal

    journal.journal(db, action, actor="system", terminal=terminal, version=__version__)


@dataclass
class Started:
    settings: Settings
    db: Database
    bank_process: subprocess.Popen[bytes] | None

    def stop(self) -> None:
        """Stop what the start began (the embedded bank); the database closes with the process."""
        from pos_app.embedded_bank import stop

        stop(self.bank_process)


def open_store(settings: Settings) -> Database:
    """The store's database with the embedded defaults filled in: the SQLite file migrated (a shared
    database is not ours to migrate), journaled and with its signer, and the key file made on first run."""
    from pos_app.core.vault import KeyFile

    db = open_database(settings, require_schema=bool(settings.db_url))
    if not settings.db_url:
        db.upgrade_if_needed()
        journal_software(db, settings)
        attach_signer(db, settings, create=True)
        if not settings.key_path.exists():
            KeyFile.create(settings.key_path)
    return db


def start(settings: Settings) -> Started:
    """A screen's start with the embedded defaults: the store opened (`open_store`), and the local
    mock bank started when no bank is configured. The caller stops it (``Started.stop``)."""
    from pos_app.embedded_bank import with_embedded_bank

    db = open_store(settings)
    settings, bank_process = with_embedded_bank(settings)
    return Started(settings, db, bank_process)


class Opening:
    """The kiosk's start in two steps, so its idle screen paints before the store's half second of
    SQLAlchemy imports and first queries (issue 32). What can be refused at once is refused before
    any window: the settings, and the embedded bank's port and credentials (the bank starts then,
    so it answers sooner). The store opens on the screen's worker once the idle screen has painted
    (`db`, which journals the start, 13001, before anything else of the run). If it cannot open, the
    screen closes and the command fails with that error (`failed`), as when it opened first."""

    def __init__(self, settings: Settings) -> None:
        from pos_app.embedded_bank import with_embedded_bank

        self.settings, self._bank_process = with_embedded_bank(settings)
        self._lock = threading.Lock()
        self._db: Database | None = None
        self.failed: FacePayError | None = None

    def db(self) -> Database:
        """The store, opened on the first call (on the worker); CannotStart if it cannot be."""
        from pos_app.core.errors import CannotStart, StorageError

        with self._lock:
            if self.failed is not None:
                raise CannotStart(self.failed)
            if self._db is None:
                try:
                    db = open_store(self.settings)
                    journal_run(db, self.settings.terminal_name, "app.start")
                except FacePayError as exc:
                    self.failed = exc
                    raise CannotStart(exc) from exc
                except Exception as exc:  # noqa: BLE001 - a driver's own error still gets one line, not a traceback
                    self.failed = StorageError(f"the store could not be opened: {type(exc).__name__}: {exc}")
                    raise CannotStart(self.failed) from exc
                self._db = db
            return self._db

    def stop(self) -> None:
        """Journal the stop (13002) if the start was journaled, then stop the embedded bank."""
        from pos_app.embedded_bank import stop

        with self._lock:
            db = self._db
        try:
            if db is not None:
                journal_run(db, self.settings.terminal_name, "app.stop")
        finally:
            stop(self._bank_process)


def kiosk_services(settings: Settings, db: Database, bank: object) -> CheckoutServices:
    """What the kiosk's face sessions need. With no camera, face payment is off (said plainly; the
    other way works). A recording (a demo on a video) answers the one challenge it shows, a blink,
    at its own times: it is asked for nothing it cannot answer, and gets no random prompt pauses."""
    from liveness.active import Challenge
    from pos_app.flows.checkout import CheckoutServices
    from pos_app.vision.camera import camera_missing, is_recording

    if problem := camera_missing(settings.camera):
        raise InvalidInput(problem)
    if is_recording(settings.camera):
        return session_services(settings, db, bank, kind="kiosk", cls=CheckoutServices,
                                on_screen=False, challenges=[Challenge.BLINK])
    return session_services(settings, db, bank, kind="kiosk", cls=CheckoutServices, on_screen=True)


def housekeeping(settings: Settings, services: SessionServices) -> None:
    """The kiosk's timer and `facepay reconcile` tidy the same way (flows/housekeeping)."""
    from pos_app.flows.housekeeping import tidy

    tidy(services.db, services.bank, lambda: services.keys, terminal_id=services.terminal_id,
         terminal=settings.terminal_name, retention_months=settings.retention_months)


def refuse_unlit(settings: Settings, *, on_screen: bool) -> None:
    """The store asked for the screen-light check on every face payment: a path that cannot light
    a face (no screen, or a recording that cannot answer the light) charges nobody, and says why."""
    from pos_app.vision.camera import is_recording

    if settings.liveness_screen_light != "on" or (on_screen and not is_recording(settings.camera)):
        return
    where = "a recording cannot answer the screen's light" if is_recording(settings.camera) \
        else "only the kiosk's own screen can light the face"
    raise InvalidInput(f"face payment is refused here while liveness_screen_light is on: {where}",
                       hint="pay at the kiosk, or turn liveness_screen_light off for a demo")


def _seller_lines(settings: Settings) -> tuple[str, ...]:
    from pos_app.l10n_no.seller import seller_from

    try:
        seller = seller_from(settings.company_name, settings.company_org_number, settings.company_address)
    except FacePayError:
        return ()  # not set up yet: the register refuses legal receipts and says why
    return (seller.name, seller.vat_id, seller.address)


def session_services(settings: Settings, db: Database, bank: Any, *, kind: str,
                     cls: type[SessionServices] | None = None, on_screen: bool = False,
                     **extra: Any) -> SessionServices:
    """Load the key file, the face engine and the verified liveness models; register this terminal.
    Slow (model files): the Qt screens call it on their worker thread. `on_screen`: a person
    answers the challenge on a screen, who gets the other kind of challenge after a timeout, the
    store's longer times (settings.time_factor), and each prompt after a random pause (a recording
    answers at fixed times, so recorded input gets none). The screen-light check runs only on a
    kiosk's own screen, where a store turned it on: a recording cannot answer the display's light."""
    from liveness.active import ActiveConfig, Challenge
    from liveness.flash import FlashConfig
    from pos_app.core.terminals import ensure_terminal
    from pos_app.flows.services import SessionServices
    from pos_app.vision.engine import Engines

    cls = cls or SessionServices
    if kind == "kiosk":
        refuse_unlit(settings, on_screen=on_screen)
    engine = face_engine(settings)
    return cls(
        db=db, keys=key_file(settings), bank=bank, passive=passive_model(settings),
        engine=engine, engines=Engines(engine, settings.match_thresholds, models_dir=str(settings.models_path)),
        terminal_id=ensure_terminal(db, settings.terminal_name, kind), terminal_name=settings.terminal_name,
        match_threshold=settings.match_threshold,
        liveness=settings.liveness_config(),
        active=ActiveConfig(timeout_seconds=settings.liveness_timeout_seconds * (settings.time_factor if on_screen else 1.0),
                            offer_other_after_timeout=on_screen,
                            pool=tuple(Challenge(name) for name in settings.challenge_pool),
                            count=settings.liveness_challenge_count,
                            onset_delay_seconds=(0.25, settings.liveness_onset_max_seconds) if on_screen else (0.0, 0.0)),
        flash=FlashConfig() if on_screen and kind == "kiosk" and settings.liveness_screen_light == "on" else None,
        seller=_seller_lines(settings),
        **extra)


def bank_client(settings: Settings) -> Any:
    """This terminal's client of the bank's API (payments.client.BankClient)."""
    from payments.client import BankClient

    if not settings.bank_terminal_id or not settings.bank_terminal_key:
        raise InvalidInput("no bank terminal configured",
                           hint="set bank_terminal_id and bank_terminal_key (facepay bank terminal add prints them)")
    return BankClient(settings.bank_url, settings.bank_terminal_id, settings.bank_terminal_key)


def face_engine(settings: Settings) -> Any:
    """The store's face engine (settings.engine), its model files verified as it loads them."""
    from pos_app.vision.engine import create_engine

    return create_engine(settings.engine, models_dir=str(settings.models_path))


def face_engines(settings: Settings) -> Any:
    """The store's engine, and any other a stored template was made by, each with its threshold."""
    from pos_app.vision.engine import Engines

    return Engines(face_engine(settings), settings.match_thresholds, models_dir=str(settings.models_path))


def passive_model(settings: Settings) -> Any:
    """The verified passive liveness models (they ship inside the package), or one line saying why not."""
    from liveness.minifasnet import WeightsError
    from liveness.models import load_passive
    from pos_app.vision.model_files import package_models_dir

    try:
        return load_passive(package_models_dir())
    except WeightsError as exc:
        raise FacePayError(str(exc), hint="reinstall FacePay: the liveness models ship inside the package") from None
