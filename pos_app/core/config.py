"""One typed settings object: defaults, then a TOML file, then FACEPAY_* variables, then CLI flags.

In the TOML file each setting sits in its section (``SECTIONS``: ``[bank] url`` is ``bank_url``);
a top-level key with the field's own name is read too (files written before the sections). Its
environment variable is ``FACEPAY_`` + the field's name in upper case (``db_url`` -> ``FACEPAY_DB_URL``).
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Mapping

import platformdirs

from pos_app.core.errors import ConfigError
from pos_app.core.money import MINOR_UNIT_DIGITS

APP_NAME = "facepay"
ENGINES = ("sface", "dlib", "insightface")
LANGUAGES = ("nb", "en")
KEY_MODES = ("shopper", "store")
ENV_PREFIX = "FACEPAY_"
# FACEPAY_* variables that are not settings: the config file's path, the traceback switch an
# error message itself suggests, and what `facepay bank serve` hands its workers.
NOT_SETTINGS = frozenset({"FACEPAY_CONFIG", "FACEPAY_DEBUG", "FACEPAY_BANK_DB_URL", "FACEPAY_BANK_SLOW_SECONDS"})


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


@dataclass(frozen=True)
class Settings:
    data_dir: Path = field(default_factory=default_data_dir)
    # Empty means the embedded default: a SQLite file in data_dir.
    db_url: str = ""
    engine: str = "sface"
    # Similarity thresholds in [0, 1], one per engine; how each was chosen: docs/vision.md.
    match_threshold_sface: float = 0.472
    match_threshold_dlib: float = 0.857
    match_threshold_insightface: float = 0.43
    # Where downloaded or copied model packs live; empty means data_dir/models.
    models_dir: str = ""
    # An OpenCV device index ("0"), a video file or a folder of images.
    camera: str = "0"
    bank_url: str = "http://127.0.0.1:8765"
    # This terminal's identity and signing key at the bank (`facepay bank terminal add` prints them).
    bank_terminal_id: str = ""
    bank_terminal_key: str = ""
    terminal_name: str = "kiosk-1"
    # The enrollment desk's own terminal name (a desk PC may also run a kiosk).
    desk_name: str = "desk-1"
    currency: str = "NOK"
    language: str = "nb"
    # "shopper": templates open only with the shopper's pass (default, EDPB Opinion 11/2024).
    # "store": opt-in; the deployment key opens them, allowing phone claims and 1:N search.
    key_mode: str = "shopper"
    # The deployment key file (pepper and store keys); empty means data_dir/keys/facepay.key.
    key_file: str = ""
    # Templates of customers inactive this long are erased by `facepay retention run`.
    retention_months: int = 12
    # A cashier may void or refund up to this much alone (minor units); above it, a manager's PIN.
    cashier_refund_limit_minor: int = 20000
    # What a cashier may give back alone in one shift, over all sales (then a manager's PIN).
    cashier_shift_refund_limit_minor: int = 50000
    # The cashier's register (a terminal of its own; it sends sales to the kiosks).
    register_name: str = "register-1"
    # The admin screens lock themselves after this long without a touch.
    admin_idle_lock_seconds: int = 120
    # The fewest digits an operator's PIN may have (4 to 12); 6 or more is better for a store.
    pin_min_digits: int = 4
    # Liveness: the passive model's median live score under which it refuses (strong evidence), the
    # top of its middle band (weak evidence: one more turn is asked for, never a refusal), and each
    # challenge's time limit. Both lines were chosen on real clips (docs/liveness.md).
    liveness_passive_threshold: float = 0.5
    liveness_passive_step_up: float = 0.91
    liveness_timeout_seconds: float = 6.0
    # The challenges a kiosk draws from, and how many per payment: refused when a draw could hold
    # none a recording cannot answer (liveness.active.policy_problem).
    liveness_challenges: str = "blink,turn_left,turn_right"
    liveness_challenge_count: int = 2
    # Where a screen cue asks for one more turn (liveness.fusion.ScreenThresholds): name=value
    # pairs, any left out keep their default; "off" drops a cue. A cue never refuses on its own.
    liveness_screen_thresholds: str = ""
    # Each prompt on a live camera appears after a random pause of 0.25 s up to this (0.5 to 5).
    liveness_onset_max_seconds: float = 1.5
    # The kiosk's screen flashes a random colour sequence that the shopper's face must reflect
    # (liveness.flash): "off" (default) or "on". Off until a field trial has measured it
    # (docs/liveness.md); it adds 2 s to each payment.
    liveness_screen_light: str = "off"
    # The register warns that a kiosk's camera or light needs a look when the kiosk refused more
    # than this share of today's face checks (once it has had 10).
    liveness_alert_share: float = 0.3
    # Every time limit of the kiosk and the admin screens (challenge, pass, result, screen lock)
    # multiplied by this: a store whose shoppers need longer sets 1.5 or 2 (up to 5).
    time_factor: float = 1.0
    # The seller every legal receipt names (l10n_no/seller): the organisation number must
    # pass the mod-11 check; "MVA" follows it on the receipt.
    company_name: str = ""
    company_org_number: str = ""
    company_address: str = ""
    # The register's ESC/POS receipt printer: "" (none), tcp://HOST[:PORT], usb://VID:PID (hex),
    # or file:/dev/usb/lp0. A cash drawer on the printer's kick port: "printer" or "none".
    receipt_printer: str = ""
    cash_drawer: str = "none"
    # The largest discount a cashier gives alone, in per cent of what it is taken off; above it a
    # manager types their PIN at the register.
    cashier_discount_limit_percent: int = 10
    # Which in-store barcode prefixes (EAN-13 starting 20-29) a scale prints a weight in grams
    # under; the others carry a price in øre (l10n_no/gtin). Comma-separated.
    scale_weight_prefixes: str = "23"
    # The SAF-T signing key (RSA-1024, PEM) and its version; empty means data_dir/keys/saft-signing.pem.
    saft_key_file: str = ""

    @property
    def database_url(self) -> str:
        return self.db_url or f"sqlite:///{self.data_dir / 'facepay.db'}"

    @property
    def weight_prefixes(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in self.scale_weight_prefixes.split(",") if p.strip())

    @property
    def models_path(self) -> Path:
        return Path(self.models_dir) if self.models_dir else self.data_dir / "models"

    @property
    def saft_key_path(self) -> Path:
        return Path(self.saft_key_file) if self.saft_key_file else self.key_path.parent / "saft-signing.pem"

    @property
    def key_path(self) -> Path:
        return Path(self.key_file) if self.key_file else self.data_dir / "keys" / "facepay.key"

    @property
    def screen_thresholds(self) -> dict[str, float | None]:
        """liveness_screen_thresholds as numbers (None: the cue is off); a ConfigError names what is wrong."""
        from liveness.cues import SCREEN_CUES

        out: dict[str, float | None] = {}
        for pair in filter(None, (p.strip() for p in self.liveness_screen_thresholds.split(","))):
            name, _, value = pair.partition("=")
            name = name.strip()
            if name not in SCREEN_CUES:
                raise ConfigError(f"liveness_screen_thresholds names {name!r}; choose from {', '.join(SCREEN_CUES)}")
            if value.strip().lower() == "off":
                out[name] = None
                continue
            try:
                number = float(value)
            except ValueError:
                raise ConfigError(f"liveness_screen_thresholds: {name} must be a number, got {value.strip()!r}") from None
            if not 0.0 < number <= 10.0:
                raise ConfigError(f"liveness_screen_thresholds: {name} is {number}; it must be above 0 and at most 10")
            out[name] = number
        return out

    def liveness_config(self):  # liveness.fusion.LivenessConfig, imported lazily
        """The passive model's and the screen cues' lines, as every face session uses them."""
        from liveness.fusion import LivenessConfig, ScreenThresholds

        return LivenessConfig(passive_threshold=self.liveness_passive_threshold,
                              passive_step_up=self.liveness_passive_step_up,
                              screen=ScreenThresholds(**self.screen_thresholds))

    @property
    def challenge_pool(self) -> tuple[str, ...]:
        return tuple(name.strip() for name in self.liveness_challenges.split(",") if name.strip())

    @property
    def match_threshold(self) -> float:
        return float(getattr(self, f"match_threshold_{self.engine}"))

    @property
    def match_thresholds(self) -> dict[str, float]:
        """Every engine's threshold: a template is verified at the threshold of the engine that made it."""
        return {name: float(getattr(self, f"match_threshold_{name}")) for name in ENGINES}

    def replace(self, **changes: Any) -> Settings:
        return validate(dataclasses.replace(self, **changes))

    def redacted(self) -> dict[str, str]:
        """Settings as text with secrets (a database password) hidden, for doctor and support."""
        out = {f.name: str(getattr(self, f.name)) for f in fields(self)}
        out["db_url"] = _hide_password(self.database_url)
        out["bank_terminal_key"] = "<set>" if self.bank_terminal_key else ""
        return out


def _hide_password(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is reported by validate(); never echo it raw here
        return "<invalid url>"


def _coerce(name: str, kind: type, value: Any, source: str) -> Any:
    """Turn a TOML/env/flag value into the field's type, or say plainly what is wrong."""
    try:
        if kind is Path:
            return Path(os.path.expanduser(str(value)))
        if kind is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if kind is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(value)
        if isinstance(value, (dict, list)):
            raise ValueError
        return str(value)
    except (TypeError, ValueError):
        kind_words = {"int": "whole number", "float": "number", "bool": "true or false", "str": "text"}
        raise ConfigError(f"{name} in {source} must be a {kind_words.get(kind.__name__, kind.__name__)}, "
                          f"got {value!r}") from None


_FIELD_TYPES: dict[str, type] = {
    "data_dir": Path,
    "db_url": str,
    "engine": str,
    "match_threshold_sface": float,
    "match_threshold_dlib": float,
    "match_threshold_insightface": float,
    "models_dir": str,
    "camera": str,
    "bank_url": str,
    "bank_terminal_id": str,
    "bank_terminal_key": str,
    "terminal_name": str,
    "desk_name": str,
    "currency": str,
    "language": str,
    "key_mode": str,
    "key_file": str,
    "retention_months": int,
    "cashier_refund_limit_minor": int,
    "cashier_shift_refund_limit_minor": int,
    "register_name": str,
    "admin_idle_lock_seconds": int,
    "pin_min_digits": int,
    "liveness_passive_threshold": float,
    "liveness_passive_step_up": float,
    "liveness_timeout_seconds": float,
    "time_factor": float,
    "liveness_challenges": str,
    "liveness_challenge_count": int,
    "liveness_onset_max_seconds": float,
    "liveness_screen_thresholds": str,
    "liveness_screen_light": str,
    "liveness_alert_share": float,
    "company_name": str,
    "company_org_number": str,
    "company_address": str,
    "receipt_printer": str,
    "cash_drawer": str,
    "saft_key_file": str,
    "scale_weight_prefixes": str,
    "cashier_discount_limit_percent": int,
}


# Where each setting sits in config.toml: seven sections, one per concern. In a section a key drops
# the section's prefix ([bank] url is bank_url). The flat names stay everywhere else (Settings'
# fields, FACEPAY_* variables, command-line flags), and a file written before the sections, with
# every key at the top, is read as before.
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {  # section: (prefix, its settings)
    "store": ("", ("data_dir", "db_url", "terminal_name", "desk_name", "register_name", "currency", "language",
                   "time_factor")),
    "face": ("", ("engine", "match_threshold_sface", "match_threshold_dlib", "match_threshold_insightface",
                  "models_dir", "camera")),
    "liveness": ("liveness_", ("liveness_passive_threshold", "liveness_passive_step_up", "liveness_timeout_seconds",
                               "liveness_challenges", "liveness_challenge_count", "liveness_screen_thresholds",
                               "liveness_onset_max_seconds", "liveness_screen_light", "liveness_alert_share")),
    "privacy": ("", ("key_mode", "key_file", "retention_months")),
    "bank": ("bank_", ("bank_url", "bank_terminal_id", "bank_terminal_key")),
    "staff": ("", ("cashier_refund_limit_minor", "cashier_shift_refund_limit_minor", "cashier_discount_limit_percent",
                   "admin_idle_lock_seconds", "pin_min_digits")),
    "register": ("", ("company_name", "company_org_number", "company_address", "receipt_printer", "cash_drawer",
                      "scale_weight_prefixes", "saft_key_file")),
}
SECTION_OF = {name: section for section, (_, names) in SECTIONS.items() for name in names}


def flatten(document: Mapping[str, Any], source: str) -> dict[str, Any]:
    """A config file's settings by their flat names, from sections or (an older file) the top."""
    flat: dict[str, Any] = {}
    for key, value in document.items():
        if key in SECTIONS and isinstance(value, dict):
            prefix, names = SECTIONS[key]
            for inner, inner_value in value.items():
                name = prefix + inner
                if name not in names:
                    known = ", ".join(n.removeprefix(prefix) for n in names)
                    raise ConfigError(f"unknown setting {inner!r} in [{key}] of {source}; [{key}] holds: {known}")
                _put(flat, name, inner_value, source)
        else:
            _put(flat, key, value, source)
    return flat


def _put(flat: dict[str, Any], name: str, value: Any, source: str) -> None:
    if name in flat:
        raise ConfigError(f"{name} is set twice in {source} (at the top and in [{SECTION_OF.get(name, '?')}]); keep one")
    flat[name] = value


def sectioned_toml(values: Mapping[str, Any]) -> str:
    """Settings (flat names) as config.toml text, each in its section."""
    out = ["# FacePay settings; written by FacePay (the admin screens, the installer), safe to edit by hand.\n"]
    for section, (prefix, names) in SECTIONS.items():
        present = [n for n in names if n in values]
        if present:
            out.append(f"\n[{section}]\n")
            out += [f"{n.removeprefix(prefix)} = {_toml_value(values[n])}\n" for n in present]
    return "".join(out)


def _apply(values: dict[str, Any], overrides: Mapping[str, Any], source: str) -> None:
    for name, raw in overrides.items():
        if name not in _FIELD_TYPES:
            known = ", ".join(sorted(_FIELD_TYPES))
            raise ConfigError(f"unknown setting {name!r} in {source}; known settings: {known}")
        values[name] = _coerce(name, _FIELD_TYPES[name], raw, source)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {path} is not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc.strerror}") from None


def load_settings(
    config_path: Path | None = None,
    env: Mapping[str, str] | None = None,
    flags: Mapping[str, Any] | None = None,
) -> Settings:
    """Build validated settings. ``config_path`` given explicitly (or by FACEPAY_CONFIG) must exist."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {}
    explicit = config_path or (Path(env["FACEPAY_CONFIG"]) if env.get("FACEPAY_CONFIG") else None)
    path = explicit or default_config_path()
    if path.exists():
        _apply(values, flatten(read_toml(path), str(path)), str(path))
    elif explicit is not None:
        raise ConfigError(f"config file {path} does not exist")
    env_values = {
        key[len(ENV_PREFIX):].lower(): val
        for key, val in env.items()
        if key.startswith(ENV_PREFIX) and key not in NOT_SETTINGS and not key.startswith("FACEPAY_TEST")
    }
    _apply(values, env_values, "the environment (FACEPAY_*)")
    _apply(values, {k: v for k, v in (flags or {}).items() if v is not None}, "the command line")
    return validate(Settings(**values))


def _loopback(url: str) -> bool:
    """Whether the URL's host is this machine (127.0.0.0/8, ::1 or localhost)."""
    import ipaddress
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def validate(settings: Settings) -> Settings:
    _validate_register(settings)
    if settings.engine not in ENGINES:
        raise ConfigError(f"unknown engine {settings.engine!r}; choose {', '.join(ENGINES)}")
    for engine in ENGINES:
        name = f"match_threshold_{engine}"
        value = getattr(settings, name)
        if not 0.0 < value < 1.0:
            raise ConfigError(f"{name} is {value}; it must be a similarity between 0 and 1 (exclusive)")
    if settings.key_mode not in KEY_MODES:
        raise ConfigError(f"unknown key_mode {settings.key_mode!r}; choose {' or '.join(KEY_MODES)}")
    if not 1 <= settings.retention_months <= 120:
        raise ConfigError(f"retention_months is {settings.retention_months}; it must be 1 to 120")
    if not 0 <= settings.cashier_shift_refund_limit_minor <= 100_000_000:
        raise ConfigError(f"cashier_shift_refund_limit_minor is {settings.cashier_shift_refund_limit_minor}; "
                          "it must be 0 to 100000000 (minor units)")
    if not 0 <= settings.cashier_refund_limit_minor <= 100_000_000:
        raise ConfigError(f"cashier_refund_limit_minor is {settings.cashier_refund_limit_minor}; "
                          "it must be 0 or more (minor units, e.g. 20000 for 200 kr)")
    if not 4 <= settings.pin_min_digits <= 12:
        raise ConfigError(f"pin_min_digits is {settings.pin_min_digits}; it must be 4 to 12")
    if not 15 <= settings.admin_idle_lock_seconds <= 3600:
        raise ConfigError(f"admin_idle_lock_seconds is {settings.admin_idle_lock_seconds}; it must be 15 to 3600")
    for name in ("terminal_name", "desk_name", "register_name"):
        value = getattr(settings, name)
        if not value.strip() or len(value) > 64:
            raise ConfigError(f"{name} {value!r} must be 1-64 characters")
    if not 0.0 < settings.liveness_passive_threshold < 1.0:
        raise ConfigError(f"liveness_passive_threshold is {settings.liveness_passive_threshold}; it must be between 0 and 1")
    if not settings.liveness_passive_threshold <= settings.liveness_passive_step_up < 1.0:
        raise ConfigError(f"liveness_passive_step_up is {settings.liveness_passive_step_up}; it must be at least "
                          f"liveness_passive_threshold ({settings.liveness_passive_threshold}) and below 1")
    _check_challenges(settings)
    settings.screen_thresholds  # noqa: B018 - parsed here so a bad value is refused at load
    if not 0.05 <= settings.liveness_alert_share <= 1.0:
        raise ConfigError(f"liveness_alert_share is {settings.liveness_alert_share}; it must be 0.05 to 1 "
                          "(0.3: warn when more than 3 in 10 face checks are refused)")
    if settings.liveness_screen_light not in ("off", "on"):
        raise ConfigError(f"liveness_screen_light is {settings.liveness_screen_light!r}; it must be off or on")
    if not 0.5 <= settings.liveness_onset_max_seconds <= 5.0:
        raise ConfigError(f"liveness_onset_max_seconds is {settings.liveness_onset_max_seconds}; it must be 0.5 to 5")
    if not 1.0 <= settings.time_factor <= 5.0:
        raise ConfigError(f"time_factor is {settings.time_factor}; it must be 1 to 5 (1 = standard times)")
    if not 2.0 <= settings.liveness_timeout_seconds <= 30.0:
        raise ConfigError(f"liveness_timeout_seconds is {settings.liveness_timeout_seconds}; it must be 2 to 30")
    if settings.language not in LANGUAGES:
        raise ConfigError(f"unknown language {settings.language!r}; choose {' or '.join(LANGUAGES)}")
    if settings.currency not in MINOR_UNIT_DIGITS:
        raise ConfigError(
            f"unknown currency {settings.currency!r}; choose one of {', '.join(sorted(MINOR_UNIT_DIGITS))}"
        )
    if not settings.bank_url.startswith(("http://", "https://")):
        raise ConfigError(f"bank_url {settings.bank_url!r} must start with http:// or https://")
    if settings.bank_url.startswith("http://") and not _loopback(settings.bank_url):
        raise ConfigError(f"bank_url {settings.bank_url!r} is plain HTTP to another machine; use https:// "
                          "(plain http:// is for a bank on this machine only)")
    if settings.db_url:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            backend = make_url(settings.db_url).get_backend_name()
        except ArgumentError:
            raise ConfigError(f"db_url {_hide_password(settings.db_url)!r} is not a database URL") from None
        if backend not in ("sqlite", "postgresql"):
            raise ConfigError(f"database {backend!r} is not supported; use sqlite or postgresql")
    return settings


def owned_paths(settings: Settings) -> list[Path]:
    """What FacePay keeps in the data dir that no one else may read: the folder itself, the
    embedded database and its journal files, the keys, logs, exports and receipts."""
    d = settings.data_dir
    return [d, *(d / f"{db}{x}" for db in ("facepay.db", "bank.db") for x in ("", "-wal", "-shm")),
            d / "keys", d / "logs", d / "exports", d / "receipts", d / "reports",
            d / "embedded-bank.json"]


# Folders whose every file names a person or a sale: the data dir itself (databases, the
# register's basket draft), exports, receipts, Z reports, logs, keys.
_PRIVATE_FOLDERS = ("", "exports", "receipts", "reports", "logs", "keys")


def loose_paths(settings: Settings, *, most: int = 10) -> list[str]:
    """What others may read: FacePay's own paths, then the files in its private folders."""
    from pos_app.core.files import loose

    found = [f"{p} is {mode}" for p in owned_paths(settings) if (mode := loose(p))]
    for folder in _PRIVATE_FOLDERS:
        try:
            files = sorted((settings.data_dir / folder).iterdir())
        except OSError:
            continue
        found += [f"{p} is {mode}" for p in files if p.is_file() and (mode := loose(p)) and f"{p} is {mode}" not in found]
    return found[:most]


def prepare_data_dir(settings: Settings, *, tighten_modes: bool = True) -> Path:
    """Create the data dir (mode 0700: it holds encrypted templates) and prove it is writable.
    Narrows what FacePay owns there if it was left readable by others (an old install, a copy)."""
    from pos_app.core.files import tighten

    path = settings.data_dir
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
        if tighten_modes:
            for owned in owned_paths(settings):
                tighten(owned)
        probe = path / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise ConfigError(
            f"data dir {path} is not writable: {exc.strerror or exc}",
            hint="set data_dir in the config file or FACEPAY_DATA_DIR to a folder you can write",
        ) from None
    return path


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    # A JSON string is a valid TOML basic string (same escapes, \\uXXXX included).
    return json.dumps(str(value), ensure_ascii=False)


def save_settings(path: Path, changes: Mapping[str, Any]) -> Settings:
    """Merge ``changes`` into the TOML file at ``path`` after validating the result as a whole.

    The file is replaced atomically (mode 0600: it may hold the bank terminal key), so a bad value
    or a crash leaves the previous file as it was.
    """
    merged = flatten(read_toml(path), str(path)) if path.exists() else {}
    _apply(merged, changes, "the settings screen")
    values: dict[str, Any] = {}
    _apply(values, merged, str(path))
    settings = validate(Settings(**values))
    text = sectioned_toml(merged)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        partial.replace(path)
    except OSError as exc:
        raise ConfigError(f"cannot write the config file {path}: {exc.strerror or exc}") from None
    return settings


def _check_challenges(settings: Settings) -> None:
    from liveness.cues import Challenge, policy_problem

    names = settings.challenge_pool
    unknown = [n for n in names if n not in Challenge._value2member_map_]
    if unknown:
        raise ConfigError(f"liveness_challenges names {', '.join(map(repr, unknown))}; "
                          f"choose from {', '.join(c.value for c in Challenge)}")
    problem = policy_problem([Challenge(n) for n in names], settings.liveness_challenge_count)
    if problem:
        raise ConfigError(f"liveness_challenges {settings.liveness_challenges!r} with liveness_challenge_count "
                          f"{settings.liveness_challenge_count} is refused: {problem}")


# The seller's details as a receipt prints them; SAF-T allows 70 characters for a name.
SELLER_TEXT = {"company_name": 70, "company_address": 200, "terminal_name": 64, "desk_name": 64, "register_name": 64}


def _text_problem(value: str, most: int) -> str:
    """Why ``value`` cannot go on a receipt or into XML as it is; "" when it can. A control
    character (ESC opens the drawer on many printers) is refused, not silently dropped."""
    import unicodedata

    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "is not valid UTF-8 text"
    if len(value) > most:
        return f"is longer than {most} characters"
    if any(unicodedata.category(c) == "Cc" or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
           for c in value):
        return "contains a control character"
    return ""


def _validate_register(settings: Settings) -> None:
    from pos_app.core import fiscal

    if settings.company_org_number and (problem := fiscal.rules().seller_problem(settings.company_org_number)):
        raise ConfigError(f"company_org_number: {problem}")
    for name, most in SELLER_TEXT.items():
        if problem := _text_problem(getattr(settings, name), most):
            raise ConfigError(f"{name} {problem}: it is printed on every receipt and written into SAF-T")
    if settings.cash_drawer not in ("none", "printer"):
        raise ConfigError(f"cash_drawer is {settings.cash_drawer!r}; choose none or printer")
    if settings.cash_drawer == "printer" and not settings.receipt_printer:
        raise ConfigError("cash_drawer = printer needs receipt_printer: the drawer opens through the printer")
    if not 0 <= settings.cashier_discount_limit_percent <= 100:
        raise ConfigError(f"cashier_discount_limit_percent is {settings.cashier_discount_limit_percent}; give 0 to 100")
    prefixes = [p.strip() for p in settings.scale_weight_prefixes.split(",") if p.strip()]
    if any(p not in [str(n) for n in range(20, 30)] for p in prefixes):
        raise ConfigError(f"scale_weight_prefixes is {settings.scale_weight_prefixes!r}; "
                          "give in-store prefixes 20-29, comma-separated (e.g. 23,24)")
    spec = settings.receipt_printer
    if spec and not (spec.startswith(("tcp://", "usb://", "file:"))):
        raise ConfigError(f"receipt_printer {spec!r} must be tcp://HOST[:PORT], usb://VID:PID or file:PATH")
