"""`facepay kiosk`, `facepay desk` and `facepay admin`: the Qt screens. Each starts with the embedded defaults when
nothing else is configured: the SQLite file (migrated on start), a key file made on first run, and
the local mock bank."""

from __future__ import annotations

import argparse
import dataclasses
from typing import TYPE_CHECKING

from pos_app.cli.context import settings_from
from pos_app.core.config import Settings, prepare_data_dir

if TYPE_CHECKING:  # SQLAlchemy loads when a screen opens the database, not for `--help`
    from pos_app.assembly import Started
    from pos_app.flows.checkout import CheckoutServices
    from pos_app.vision.camera import FrameSource


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


def configured(args: argparse.Namespace) -> Settings:
    """Settings from the command line, and its log."""
    from pos_app import logs

    settings = settings_from(args)
    logs.configure(prepare_data_dir(settings))
    return settings


def prepare(args: argparse.Namespace) -> Started:
    """Settings from the command line, its log, then the app started with the embedded defaults."""
    from pos_app.assembly import start

    return start(configured(args))


def cmd_kiosk(args: argparse.Namespace) -> int:
    from pos_app.assembly import Opening, bank_client, housekeeping, kiosk_services
    from pos_app.core.errors import CannotStart
    from pos_app.ui.app import run_kiosk

    settings = configured(args)
    opening = Opening(settings)  # the store opens on the worker, after the idle screen paints
    settings = opening.settings

    def load_services() -> CheckoutServices:
        return kiosk_services(settings, opening.db(), bank_client(settings))

    try:
        code = run_kiosk(load_services=load_services, open_camera=lambda: open_camera(settings.camera),
                         housekeeping=lambda services: housekeeping(settings, services),
                         language=settings.language, key_mode=settings.key_mode,
                         currency=settings.currency, receipts_dir=settings.data_dir / "receipts",
                         time_factor=settings.time_factor, demo=args.demo, windowed=args.windowed, quit_after=args.quit_after)
    finally:
        opening.stop()
    if opening.failed is not None:
        raise CannotStart(opening.failed)
    return code


def cmd_desk(args: argparse.Namespace) -> int:
    from pos_app.assembly import bank_client, session_services
    from pos_app.flows.enrollment import EnrollmentServices
    from pos_app.ui.app import run_desk

    started = prepare(args)
    settings, db = dataclasses.replace(started.settings, terminal_name=started.settings.desk_name), started.db

    def load_services() -> EnrollmentServices:
        return session_services(settings, db, bank_client(settings), kind="desk", cls=EnrollmentServices,  # type: ignore[return-value]  # cls=EnrollmentServices makes the services that class
                                on_screen=True, key_mode=settings.key_mode)

    try:
        return run_desk(load_services=load_services, open_camera=lambda: open_camera(settings.camera),
                        language=settings.language, exports_dir=settings.data_dir / "exports",
                        windowed=args.windowed, quit_after=args.quit_after)
    finally:
        started.stop()


def cmd_admin(args: argparse.Namespace) -> int:
    import os
    from pathlib import Path

    from pos_app.assembly import bank_client, journal_run
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
        started.stop()


def open_camera(spec: str) -> FrameSource:
    """The camera, opened on the session's worker thread when a shopper starts: OpenCV and numpy
    load there, after the first screen has painted."""
    from pos_app.vision.camera import open_source

    return open_source(spec)
