"""Logs for a kiosk that runs for months: one line per event on stderr (journald keeps it, with
the level as its priority), and JSON lines in data_dir/logs, rotated at 5 MB x 5, which a support
bundle collects. Neither ever holds biometric data, a pass secret, a PIN or a key: the screens never
log them, and a filter on every handler masks anything shaped like one that slips through."""

from __future__ import annotations

import json
import logging
import logging.handlers
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

LOG_FILE = "facepay.log"
MAX_BYTES, BACKUPS = 5 * 1024 * 1024, 5

# What a secret looks like where it could appear: a pass's text, a bank terminal key, a
# "pin=…"/"secret=…"/"password=…" pair, a database URL's password.
_SECRETS = [
    (re.compile(r"FACEPAY:1:[0-9a-f-]{36}:[A-Za-z0-9_-]+"), "FACEPAY:1:<pass>"),
    (re.compile(r"\btk_[A-Za-z0-9_-]{16,}"), "tk_<key>"),
    (re.compile(r"(?i)\b(pin|secret|password|pass_secret|terminal_key)(\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|\S+)"),
     r"\1\2<hidden>"),
    (re.compile(r"(://[^:/@\s]+:)[^@\s]+@"), r"\1<hidden>@"),
]


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = ()
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                 "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                 "pid": record.process}
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class JournalFormatter(logging.Formatter):
    """`<priority>logger: message`: under systemd (JOURNAL_STREAM set) journald files the line at
    that syslog priority; on a terminal the prefix is left out."""

    PRIORITY = {logging.DEBUG: 7, logging.INFO: 6, logging.WARNING: 4, logging.ERROR: 3, logging.CRITICAL: 2}

    def __init__(self, journald: bool) -> None:
        super().__init__()
        self.journald = journald

    def format(self, record: logging.LogRecord) -> str:
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_text:
            text += "\n" + record.exc_text
        if self.journald:
            return "\n".join(f"<{self.PRIORITY.get(record.levelno, 6)}>{line}" for line in text.splitlines())
        return f"{datetime.now().strftime('%Y-%m-%d %H:%M:%S')} {record.levelname} {text}"


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """The log, and each file it rotates into, 0600 from the first byte whatever the umask: it
    names terminals, operators and transactions. An older, wider file is narrowed."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        os.fchmod(fd, 0o600)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def configure(data_dir: Path | None, level: int = logging.INFO) -> Path | None:
    """Set up both handlers; returns the log file (None when it cannot be written: stderr only)."""
    root = logging.getLogger()
    root.setLevel(level)
    for handler in list(root.handlers):
        if getattr(handler, "facepay", False):
            root.removeHandler(handler)
    redacting = RedactingFilter()
    stream = logging.StreamHandler(sys.stderr)
    stream.setFormatter(JournalFormatter(journald=bool(os.environ.get("JOURNAL_STREAM"))))
    handlers: list[logging.Handler] = [stream]
    path = None
    if data_dir is not None:
        try:
            folder = data_dir / "logs"
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / LOG_FILE
            rotating = PrivateRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                  encoding="utf-8")
            rotating.setFormatter(JsonFormatter())
            handlers.append(rotating)
        except OSError as exc:
            print(f"facepay: logging to stderr only; cannot write {data_dir / 'logs'}: {exc.strerror}", file=sys.stderr)
            path = None
    for handler in handlers:
        handler.addFilter(redacting)
        handler.facepay = True  # type: ignore[attr-defined]  # a mark on the handler, so it is added once
        root.addHandler(handler)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    return path


def recent_lines(data_dir: Path, limit: int = 2000) -> list[str]:
    """The newest log lines (across rotated files), oldest first, redacted once more."""
    folder = data_dir / "logs"
    files = sorted(folder.glob(LOG_FILE + "*"), key=lambda p: p.stat().st_mtime) if folder.is_dir() else []
    lines: list[str] = []
    for path in files:
        try:
            lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
    return [redact(line) for line in lines[-limit:]]
