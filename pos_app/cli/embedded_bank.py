"""The embedded default bank. With no bank terminal configured and the bank URL on this machine,
`facepay kiosk` and `facepay desk` run the mock bank themselves (its own SQLite file in the data
dir), so a fresh install works end to end with one command. A configured bank is never replaced,
and a bank URL elsewhere without credentials is an error, not a silent demo.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

from pos_app import self_command
from pos_app.core.config import Settings, prepare_data_dir
from pos_app.core.errors import InvalidInput

CREDENTIALS_FILE = "embedded-bank.json"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def answers(url: str) -> bool:
    import httpx

    try:
        return httpx.get(url.rstrip("/") + "/v1/health", timeout=0.5).status_code == 200
    except httpx.HTTPError:
        return False


def with_embedded_bank(settings: Settings) -> tuple[Settings, subprocess.Popen[bytes] | None]:
    """The settings to run with, and the bank process this call started (None if it started none)."""
    if settings.bank_terminal_id and settings.bank_terminal_key:
        return settings, None
    url = urlsplit(settings.bank_url)
    if url.hostname not in LOOPBACK or url.port is None:
        raise InvalidInput(f"no bank terminal configured for {settings.bank_url}",
                           hint="set bank_terminal_id and bank_terminal_key (your bank issues them)")
    data = prepare_data_dir(settings)
    terminal_id, key = _credentials(data, settings.terminal_name)
    process = None
    if not answers(settings.bank_url):
        log = open(data / "embedded-bank.log", "ab")  # noqa: SIM115 - the child keeps it open
        process = subprocess.Popen(
            [*self_command(), "--data-dir", str(data), "bank", "serve",
             "--host", url.hostname, "--port", str(url.port), "--workers", "1"],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL)
        log.close()
    return dataclasses.replace(settings, bank_terminal_id=terminal_id, bank_terminal_key=key), process


def _credentials(data: Path, terminal_name: str) -> tuple[str, str]:
    """This data dir's terminal at its embedded bank, registered the first time (mode 0600)."""
    from payments.mock_bank.store import add_terminal, default_bank_url, open_engine

    path = data / CREDENTIALS_FILE
    if path.exists():
        try:
            saved = json.loads(path.read_text())
            return str(saved["terminal_id"]), str(saved["key"])
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidInput(f"{path} is damaged ({exc}); delete it to register the kiosk at the embedded bank again") from None
    terminal_id, key = add_terminal(open_engine(default_bank_url(data)), terminal_name)
    partial = path.with_suffix(".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        json.dump({"terminal_id": terminal_id, "key": key}, out)
    partial.replace(path)
    return terminal_id, key


def stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
