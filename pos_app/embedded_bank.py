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
    holder = port_holder(url.port)
    if holder is not None and not _our_bank(holder, data):
        pid, command = holder
        raise InvalidInput(f"port {url.port} is held by another program (pid {pid}: {command[:120]}); "
                           "the demo bank cannot start there",
                           hint="stop it, or give the demo another port: FACEPAY_BANK_URL=http://127.0.0.1:PORT")
    if holder is None or not answers(settings.bank_url):
        logs = data / "logs"
        logs.mkdir(parents=True, exist_ok=True, mode=0o700)
        # 0600 from the first byte, like every file in the data dir; the child keeps it open.
        log = os.fdopen(os.open(logs / "embedded-bank.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab")
        process = subprocess.Popen(
            [*self_command(), "--data-dir", str(data), "bank", "serve",
             "--host", url.hostname, "--port", str(url.port), "--workers", "1"],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)  # noqa: PLW1509
        log.close()
    return dataclasses.replace(settings, bank_terminal_id=terminal_id, bank_terminal_key=key), process


def _die_with_parent() -> None:
    """In the child before it runs: the kernel sends it SIGTERM when the kiosk that started it
    dies, however it dies (a crash, kill -9), so no demo bank outlives its kiosk (Linux)."""
    import ctypes
    import signal

    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: stop() still ends it when the kiosk ends normally


def port_holder(port: int) -> tuple[int, str] | None:
    """The process listening on this TCP port on this machine, as (pid, command line); None if
    none listens. Read from /proc (Linux); (0, "unknown") when another user's process holds it."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 9 and int(fields[1].rsplit(":", 1)[1], 16) == port and fields[3] == "0A":  # LISTEN
                inodes.add(fields[9])
    if not inodes:
        return None
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if os.readlink(fd) in {f"socket:[{i}]" for i in inodes}:
                    command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
                    return int(proc.name), command
        except OSError:
            continue
    return 0, "unknown (another user's process)"


def _our_bank(holder: tuple[int, str], data: Path) -> bool:
    """The embedded bank of this very data dir (another kiosk or desk on this machine started it)."""
    _, command = holder
    return " bank serve" in command and f"--data-dir {data} " in command + " "


def _credentials(data: Path, terminal_name: str) -> tuple[str, str]:
    """This data dir's terminal at its embedded bank, registered the first time (mode 0600)."""
    path = data / CREDENTIALS_FILE
    if path.exists():
        try:
            saved = json.loads(path.read_text())
            return str(saved["terminal_id"]), str(saved["key"])
        except (OSError, ValueError, KeyError) as exc:
            raise InvalidInput(f"{path} is damaged ({exc}); delete it to register the kiosk at the embedded bank again") from None
    # Only here, on the first run: the bank's store imports SQLAlchemy (0.2-0.3 s), which the
    # kiosk's every later start leaves until its idle screen has painted (issue 32).
    from payments.mock_bank.store import add_terminal, default_bank_url, open_engine

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
