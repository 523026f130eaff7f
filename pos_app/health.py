"""Health checks shared by `facepay doctor` and the admin Health screen: one line each, OK or FAIL
with a hint. A check reports; it never raises."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from typing import Callable

from pos_app.core.config import Settings, prepare_data_dir
from pos_app.core.db import Database
from pos_app.core.errors import FacePayError

CHECK_NAMES = ("config", "data dir", "disk", "database", "migrations", "models", "liveness", "opencv", "qt", "keys",
               "seller", "printer", "camera", "bank")
# Below this, a kiosk may fail to write its database or logs within days.
MIN_FREE_BYTES = 1 << 30


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    hint: str = ""

    def line(self) -> str:
        hint = f" -- {self.hint}" if self.hint and not self.ok else ""
        return f"{'OK' if self.ok else 'FAIL':<5} {self.name:<11} {self.detail}{hint}"


def _run(name: str, fn: Callable[[], str]) -> Check:
    try:
        return Check(name, True, fn())
    except FacePayError as exc:
        return Check(name, False, str(exc), exc.hint or "")
    except Exception as exc:  # noqa: BLE001 - a doctor reports, it does not crash
        return Check(name, False, f"{type(exc).__name__}: {exc}")


def check_database(settings: Settings) -> list[Check]:
    if not settings.db_url and not (settings.data_dir / "facepay.db").exists():
        # Looked at, never made: doctor on a fresh data folder creates nothing.
        missing = Check("database", False, f"no database yet at {settings.data_dir / 'facepay.db'}",
                        "facepay db upgrade makes it (the kiosk does on its first start)")
        return [missing, Check("migrations", False, "not checked: no database", "run: facepay db upgrade")]
    db = Database(settings.database_url)
    try:
        def reachable() -> str:
            db.check_reachable()
            return db.safe_url

        reach = _run("database", reachable)
        if not reach.ok:
            return [reach, Check("migrations", False, "not checked: no database", "fix the database first")]

        def schema() -> str:
            db.require_current_schema()
            return f"schema at {db.head_revision()} (current)"

        return [reach, _run("migrations", schema)]
    finally:
        db.dispose()


def check_models(settings: Settings) -> str:
    """Every shipped model as pinned, every file in the models folders registered, and what the
    chosen engine's licence allows."""
    from pos_app.vision.model_files import package_models_dir, unregistered_files, verify_shipped

    shipped = verify_shipped()
    problems = unregistered_files(package_models_dir())
    if settings.models_path.is_dir():
        problems += [f"{settings.models_path}/{p}" for p in unregistered_files(settings.models_path)]
    if problems:
        raise FacePayError(f"unregistered or altered model files: {'; '.join(problems)}",
                           hint="remove them: only the files in `facepay models list` may be loaded")
    licences = ", ".join(sorted({m.licence for m in shipped}))
    detail = f"{len(shipped)} shipped files as pinned ({licences}); `facepay models list` for each"
    if settings.engine == "insightface":
        from pos_app.vision.engine_registry import INSIGHTFACE_NOTICE
        from pos_app.vision.insightface_engine import check_pack

        folder = check_pack(settings.models_path, "buffalo_l")
        return f"{detail}; insightface: pack in {folder}. NOTE: {INSIGHTFACE_NOTICE}"
    return detail


def check_liveness_models(settings: Settings) -> str:
    from liveness.minifasnet import WeightsError
    from liveness.models import verified_files
    from pos_app.vision.model_files import package_models_dir

    folder = package_models_dir()
    try:
        files = verified_files(folder)
    except WeightsError as exc:
        raise FacePayError(str(exc), hint="reinstall FacePay: the liveness models ship inside the package") from None
    return f"MiniFASNet pair in {folder / 'minifasnet'}, {len(files)} files, SHA-256 as pinned"


def check_opencv(settings: Settings) -> str:
    import importlib.metadata

    try:
        importlib.metadata.distribution("opencv-python")
    except importlib.metadata.PackageNotFoundError:
        return f"headless build {importlib.metadata.version('opencv-python-headless')}"
    raise FacePayError(
        "the GUI build opencv-python is installed; its Qt plugins clash with the screens",
        hint="pip uninstall opencv-python && pip install --force-reinstall opencv-python-headless",
    )


# What Qt's X11 window plugin (xcb) links against, by Debian package: Qt's own message names only
# the first it misses. libxcb-cursor is loaded at run time, so ldd does not see it.
QT_SYSTEM_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xinerama.so.0": "libxcb-xinerama0", "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0", "libxcb-randr.so.0": "libxcb-randr0", "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1", "libfontconfig.so.1": "libfontconfig1", "libdbus-1.so.3": "libdbus-1-3",
}
QT_APT = " ".join(sorted(set(QT_SYSTEM_LIBS.values())))


def check_qt(settings: Settings) -> str:
    """Qt can load its window plugin: every system library it needs is on this machine."""
    import ctypes.util
    import importlib.util
    import subprocess
    from pathlib import Path

    spec = importlib.util.find_spec("PySide6")  # located, not imported: Qt stays in the ui package
    if spec is None or spec.origin is None:
        raise FacePayError("PySide6 is not installed", hint="reinstall FacePay")
    plugin = Path(spec.origin).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return "no X11 plugin in this build (a bundle for another platform)"
    try:
        out = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "not checked (no ldd on this machine)"
    missing = sorted({line.split()[0] for line in out.splitlines() if "not found" in line})
    if ctypes.util.find_library("xcb-cursor") is None:
        missing.append("libxcb-cursor.so.0")
    if missing:
        packages = sorted({QT_SYSTEM_LIBS.get(name, name) for name in missing})
        raise FacePayError(f"Qt cannot open its window plugin (xcb): missing {', '.join(missing)}",
                           hint=f"sudo apt install {' '.join(packages)}")
    return f"window plugin xcb loads ({plugin.name})"


def check_seller(settings: Settings) -> str:
    """What every legal receipt and the SAF-T file name: the seller, with a valid org. number."""
    from pos_app.l10n_no.seller import seller_from

    seller = seller_from(settings.company_name, settings.company_org_number, settings.company_address)
    return f"{seller.name}, {seller.vat_id}"


def check_printer(settings: Settings) -> str:
    """A register's receipt printer answers (a kiosk with none prints its receipts on screen)."""
    from pos_app.printing.escpos_printer import reach

    if not settings.receipt_printer:
        return "none set (a kiosk shows its receipt on screen; a register needs one: receipt_printer)"
    return reach(settings.receipt_printer)


def check_keys(settings: Settings) -> str:
    from pos_app.core.vault import KeyFile

    keys = KeyFile.load(settings.key_path)
    rotating = " (a key rotation is unfinished: run facepay keys rotate)" if len(keys.keks) > 1 else ""
    return f"{keys.path} (mode 0600, store key {keys.active}){rotating}"


def check_camera(settings: Settings) -> str:
    from pos_app.vision.camera import probe

    return probe(settings.camera)


def check_bank(settings: Settings) -> str:
    import httpx

    url = settings.bank_url.rstrip("/") + "/v1/health"
    try:
        resp = httpx.get(url, timeout=3.0)
    except httpx.HTTPError as exc:
        raise FacePayError(f"no answer from {url} ({type(exc).__name__})",
                           hint="check bank_url and that the bank service is running") from None
    if resp.status_code != 200:
        raise FacePayError(f"{url} answered HTTP {resp.status_code}", hint="the bank service is unhealthy")
    if not (settings.bank_terminal_id and settings.bank_terminal_key):
        raise FacePayError(f"{url} answers, but no terminal credentials are set: every payment would be refused",
                           hint="register this terminal (facepay bank terminal add NAME) and set bank_terminal_id "
                                "and bank_terminal_key")
    from payments.client import BankClient
    from payments.errors import BankError

    import uuid

    # A signed lookup proves the terminal id and key, not just that something listens. Its key is
    # new each run: two doctors in the same second (a watchdog, an installer's poll) would
    # otherwise sign the same request, and the bank rightly refuses the second as a replay.
    with BankClient(settings.bank_url, settings.bank_terminal_id, settings.bank_terminal_key, max_retries=0) as bank:
        try:
            bank.find_payment(f"facepay-doctor-probe-{uuid.uuid4().hex}")
        except BankError as exc:
            raise FacePayError(f"the bank refused terminal {settings.bank_terminal_id}: {exc}",
                               hint="check bank_terminal_id and bank_terminal_key") from None
    return f"{url} answered 200; terminal {settings.bank_terminal_id} accepted"


def check_data_dir(settings: Settings) -> str:
    from pos_app.core.config import loose_paths

    loose = loose_paths(settings)  # before anything is created or narrowed: report what is there
    if loose:
        raise FacePayError(f"others may read FacePay's data: {'; '.join(loose)}",
                           hint=f"chmod -R go-rwx {settings.data_dir} (FacePay also narrows it when it starts)")
    return f"{prepare_data_dir(settings, tighten_modes=False)} is writable (mode 0700)"


def check_disk(settings: Settings) -> str:
    usage = shutil.disk_usage(settings.data_dir)
    free_gb = usage.free / (1 << 30)
    if usage.free < MIN_FREE_BYTES:
        raise FacePayError(f"only {free_gb:.2f} GB free where {settings.data_dir} is",
                           hint="free some space: the database and logs need room to grow")
    return f"{free_gb:.1f} GB free of {usage.total / (1 << 30):.0f} GB"


def run_all(settings: Settings, config_source: str) -> list[Check]:
    checks = [Check("config", True, f"valid (file: {config_source}; engine {settings.engine})")]
    checks.append(_run("data dir", lambda: check_data_dir(settings)))
    checks.append(_run("disk", lambda: check_disk(settings)))
    checks += check_database(settings)
    checks.append(_run("models", lambda: check_models(settings)))
    checks.append(_run("liveness", lambda: check_liveness_models(settings)))
    checks.append(_run("opencv", lambda: check_opencv(settings)))
    checks.append(_run("qt", lambda: check_qt(settings)))
    checks.append(_run("keys", lambda: check_keys(settings)))
    checks.append(_run("seller", lambda: check_seller(settings)))
    checks.append(_run("printer", lambda: check_printer(settings)))
    checks.append(_run("camera", lambda: check_camera(settings)))
    checks.append(_run("bank", lambda: check_bank(settings)))
    return checks
