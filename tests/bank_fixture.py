"""A real mock bank: `facepay bank serve` in its own process, on a free loopback port."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import httpx
import pytest

from payments import signing
from payments.client import BankClient
from payments.mock_bank import store


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Bank:
    url: str
    db_url: str
    terminal_id: str
    key: str
    process: subprocess.Popen  # type: ignore[type-arg]
    log: Path

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # a client still holding a keep-alive connection
            self.process.kill()
            self.process.wait(timeout=5)

    def engine(self):  # type: ignore[no-untyped-def]
        return store.open_engine(self.db_url)

    def account(self, balance: int = 1_000_000, *, test: bool = False, blocked: bool = False) -> str:
        return store.add_account(self.engine(), "Test Owner", balance, test=test, blocked=blocked)

    def client(self, **kwargs) -> BankClient:  # type: ignore[no-untyped-def]
        kwargs.setdefault("sleep", lambda s: time.sleep(min(s, 0.05)))
        return BankClient(self.url, self.terminal_id, self.key, **kwargs)

    def token(self, account: str) -> str:
        with self.client() as c:
            return c.link_account(account, idempotency_key=str(uuid.uuid4())).token

    def balance(self, account: str) -> int | None:
        return store.balance(self.engine(), account)


def start_bank(tmp: Path, *, slow_seconds: float = 1.0, db_url: str | None = None, workers: int = 2) -> Bank:
    db_url = db_url or f"sqlite:///{tmp / 'bank.db'}"
    terminal_id, key = store.add_terminal(store.open_engine(db_url), "kiosk-1")
    port = free_port()
    log = tmp / "bank.log"
    # To a file, never an unread pipe: a full pipe would block the server on its next log line.
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pos_app", "bank", "serve", "--port", str(port), "--db", db_url,
             "--slow-seconds", str(slow_seconds), "--workers", str(workers)],
            stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "FACEPAY_DATA_DIR": str(tmp)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                return Bank(url, db_url, terminal_id, key, proc, log)
        except httpx.HTTPError:
            time.sleep(0.1)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"the mock bank did not start: {log.read_text(errors='replace')[-2000:]}")


@dataclass
class InProcessBank:
    """The bank's ASGI app in this process, on a real SQLite file: for tests that need the app
    object itself (its guard, its log file). One terminal and one account with a linked token."""
    app: Any
    terminal_id: str
    key: str
    account: str
    token: str

    def client(self, app: Any = None) -> httpx.AsyncClient:
        """A client of this bank's app, or of `app` (another guard over it)."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app or self.app), base_url="http://bank")

    async def pay(self, client: httpx.AsyncClient, payload: dict[str, object], *,
                  content_type: str = "application/json", key: str | None = None,
                  idem: str | None = None) -> httpx.Response:
        """POST /v1/payments signed as the terminal (with `key` instead: a forgery), under the
        idempotency key `idem` (a new one by default)."""
        body = json.dumps(payload).encode()
        idem = idem or str(uuid.uuid4())
        return await client.post("/v1/payments", content=body, headers={
            "X-Terminal-Id": self.terminal_id, "Content-Type": content_type, "Idempotency-Key": idem,
            "X-Signature": signing.header(key or self.key, int(time.time()), self.terminal_id, "POST",
                                          "/v1/payments", idem, body)})


def in_process_bank(url: str, balance: int, token: str = "tok_in_process") -> InProcessBank:
    from payments.mock_bank.app import create_app

    engine = store.open_engine(url)
    terminal_id, key = store.add_terminal(engine, "kiosk")
    account = store.add_account(engine, "Owner", balance)
    with store.transaction(engine) as conn:
        conn.execute(store.tokens.insert().values(token=token, account_number=account, terminal_id=terminal_id,
                                                  revoked=False, created_at=time.time()))
    engine.dispose()
    return InProcessBank(create_app(url), terminal_id, key, account, token)


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bank]:
    b = start_bank(tmp_path_factory.mktemp("bank"))
    yield b
    b.stop()
