"""`facepay kiosk`, `facepay desk` and `facepay admin`: the Qt screens. Each starts with the embedded defaults when
nothing else is configured: the SQLite file (migrated on start), a key file made on first run, and
the local mock bank."""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pos_app.cli.context import attach_signer, journal_software, open_database, settings_from
from pos_app.core.config import Settings, prepare_data_dir

if TYPE_CHECKING:  # SQLAlchemy loads when a screen opens the database, not for `--help`
    from pos_app.core.db import Database
    from pos_app.flows.checkout import CheckoutServices


def register(sub: argparse._SubParsersAction) -> None:
    kiosk = sub.add_parser("kiosk", help="the checkout kiosk (full screen, touch)")
    kiosk.add_argument("--demo", action="store_true",
                       help="the shopper types a basket total on the kiosk (no register needed)")
    _common(kiosk)
    kiosk.set_defaults(handler=cmd_kiosk)
    desk = sub.add_parser("desk", help="the enrollment desk (operator sign-in, consent, capture, bank link, pass)")
    _common(desk)
    desk.set_defaults(handler=cmd_desk)
    admin = sub.add_parser("admin", help="the register and back office (sales, shifts, refunds, customers, audit)")
    _common(admin)
    admin.set_defaults(handler=cmd_admin)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--windowed", action="store_true", help="a normal window instead of full screen")
    p.add_argument("--quit-after", type=float, metavar="SECONDS", help=argparse.SUPPRESS)


@dataclass
class Started:
    settings: Settings
    db: Database
    bank_process: subprocess.Popen[bytes] | None


def prepare(args: argparse.Namespace) -> Started:
    """Settings with the embedded defaults filled in, the database, and any bank process started."""
    from pos_app.cli.embedded_bank import with_embedded_bank
    from pos_app.core.vault import KeyFile

    from pos_app import logs

    settings = settings_from(args)
    logs.configure(prepare_data_dir(settings))
    db = open_database(settings, require_schema=bool(settings.db_url))
    if not settings.db_url:  # the embedded SQLite file is ours to migrate; a shared database is not
        db.upgrade_if_needed()
        journal_software(db, settings)
        attach_signer(db, settings, create=True)
        if not settings.key_path.exists():
            KeyFile.create(settings.key_path)
    settings, bank_process = with_embedded_bank(settings)
    return Started(settings, db, bank_process)


def journal_run(db, terminal: str, action: str) -> None:
    """The register and the kiosk journal their start and stop (13001, 13002); no setting skips it."""
    from pos_app import __version__
    from pos_app.l10n_no import journal

    journal.journal(db, action, actor="system", terminal=terminal, version=__version__)


def kiosk_services(settings: Settings, db: Database, bank: object) -> CheckoutServices:
    """What the kiosk's face sessions need. With no camera, face payment is off (said plainly; the
    other way works). A recording (a demo on a video) answers the one challenge it shows, a blink,
    at its own times: it is asked for nothing it cannot answer, and gets no random prompt pauses."""
    from liveness.active import Challenge
    from pos_app.assembly import session_services
    from pos_app.core.errors import InvalidInput
    from pos_app.flows.checkout import CheckoutServices
    from pos_app.vision.camera import camera_missing, is_recording

    if problem := camera_missing(settings.camera):
        raise InvalidInput(problem)
    if is_recording(settings.camera):
        return session_services(settings, db, bank, kind="kiosk", cls=CheckoutServices,
                                on_screen=False, challenges=[Challenge.BLINK])
    return session_services(settings, db, bank, kind="kiosk", cls=CheckoutServices, on_screen=True)


def cmd_kiosk(args: argparse.Namespace) -> int:
    from pos_app.assembly import bank_client
    from pos_app.cli.embedded_bank import stop
    from pos_app.flows.housekeeping import tidy
    from pos_app.ui.app import run_kiosk
    from pos_app.vision.camera import open_source

    started = prepare(args)
    settings, db = started.settings, started.db

    def load_services() -> CheckoutServices:
        return kiosk_services(settings, db, bank_client(settings))

    def housekeeping(services: CheckoutServices) -> None:
        tidy(services.db, services.bank, lambda: services.keys, terminal_id=services.terminal_id,
             terminal=settings.terminal_name, retention_months=settings.retention_months)

    journal_run(db, settings.terminal_name, "app.start")
    try:
        return run_kiosk(load_services=load_services, open_camera=lambda: open_source(settings.camera),
                         housekeeping=housekeeping, language=settings.language, key_mode=settings.key_mode,
                         currency=settings.currency, receipts_dir=settings.data_dir / "receipts",
                         time_factor=settings.time_factor, demo=args.demo, windowed=args.windowed, quit_after=args.quit_after)
    finally:
        journal_run(db, settings.terminal_name, "app.stop")
        stop(started.bank_process)


def cmd_desk(args: argparse.Namespace) -> int:
    from pos_app.assembly import bank_client
    from pos_app.cli.embedded_bank import stop
    from pos_app.assembly import session_services
    from pos_app.flows.enrollment import EnrollmentServices
    from pos_app.ui.app import run_desk
    from pos_app.vision.camera import open_source

    started = prepare(args)
    settings, db = dataclasses.replace(started.settings, terminal_name=started.settings.desk_name), started.db

    def load_services() -> EnrollmentServices:
        return session_services(settings, db, bank_client(settings), kind="desk", cls=EnrollmentServices,  # type: ignore[return-value]  # cls=EnrollmentServices makes the services that class
                                on_screen=True, key_mode=settings.key_mode)

    try:
        return run_desk(load_services=load_services, open_camera=lambda: open_source(settings.camera),
                        language=settings.language, exports_dir=settings.data_dir / "exports",
                        windowed=args.windowed, quit_after=args.quit_after)
    finally:
        stop(started.bank_process)


def cmd_admin(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from pos_app.assembly import bank_client
    from pos_app.cli.embedded_bank import stop
    from pos_app.core.config import default_config_path
    from pos_app.flows.store_admin import AdminServices
    from pos_app.ui.app import run_admin

    started = prepare(args)
    settings, db = started.settings, started.db
    config_path = Path(args.config or os.environ.get("FACEPAY_CONFIG") or default_config_path())
    journal_run(db, settings.register_name, "app.start")
    try:
        return run_admin(
            load_services=lambda: AdminServices.open(db, settings, config_path, lambda: bank_client(settings)),
            language=settings.language,
            idle_lock_seconds=round(settings.admin_idle_lock_seconds * settings.time_factor),
            windowed=args.windowed,
            quit_after=args.quit_after,
        )
    finally:
        journal_run(db, settings.register_name, "app.stop")  # 13002, as the kiosk does
        stop(started.bank_process)
