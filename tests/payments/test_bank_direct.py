"""The guard serves a verified payment without FastAPI's routing (app.pay_direct): a terminal
must get the same answers as from the declared route, which /openapi.json describes."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from payments import signing
from payments.mock_bank import app as bank_app
from payments.mock_bank import store
from payments.mock_bank.guard import BankGuard

PAYMENT = {"amount": 1500, "currency": "NOK", "token": "tok_direct", "order_reference": "o-1"}
# What a terminal sends, ordinary and wrong: each is answered the same either way.
CASES = {
    "a payment": (PAYMENT, "application/json"),
    "an amount as text": ({**PAYMENT, "amount": "1500"}, "application/json"),
    "a missing field": ({k: v for k, v in PAYMENT.items() if k != "token"}, "application/json"),
    "not JSON": (PAYMENT, "text/plain"),
    "an unknown token": ({**PAYMENT, "token": "tok_nobody"}, "application/json"),
    "an unsupported currency": ({**PAYMENT, "currency": "USD"}, "application/json"),
    "another currency than the account's": ({**PAYMENT, "currency": "SEK"}, "application/json"),
}


@pytest.fixture()
def bank(tmp_path: Path) -> tuple[BankGuard, str, str]:
    url = f"sqlite:///{tmp_path / 'bank.db'}"
    engine = store.open_engine(url)
    terminal, key = store.add_terminal(engine, "kiosk")
    account = store.add_account(engine, "Owner", 10**9)
    with store.transaction(engine) as conn:
        conn.execute(store.tokens.insert().values(token="tok_direct", account_number=account, terminal_id=terminal,
                                                  revoked=False, created_at=time.time()))
    engine.dispose()
    guard = bank_app.create_app(url)
    assert isinstance(guard, BankGuard) and ("POST", "/v1/payments") in guard.direct
    return guard, terminal, key


async def _pay(app: BankGuard, terminal: str, key: str, payload: dict[str, object], kind: str) -> httpx.Response:
    body = json.dumps(payload).encode()
    idem = str(uuid.uuid4())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bank") as client:
        return await client.post("/v1/payments", content=body, headers={
            "X-Terminal-Id": terminal, "Content-Type": kind, "Idempotency-Key": idem,
            "X-Signature": signing.header(key, int(time.time()), terminal, "POST", "/v1/payments", idem, body)})


def _comparable(resp: httpx.Response) -> tuple[int, str, object]:
    """Status, type and body, with what differs between two payments (id, key, time) blanked."""
    text = re.sub(r'"(id|idempotency_key)": "[^"]*"', r'"\1": "-"', resp.text)
    return resp.status_code, resp.headers["content-type"], json.loads(re.sub(r'"created": \d+', '"created": 0', text))


@pytest.mark.parametrize("case", list(CASES))
def test_the_direct_payment_answers_as_the_declared_route(bank: tuple[BankGuard, str, str], case: str) -> None:
    guard, terminal, key = bank
    through_fastapi = BankGuard(guard.app, guard.runner, clock=guard.clock)  # the same app, no direct route
    payload, kind = CASES[case]

    async def both() -> tuple[httpx.Response, httpx.Response]:
        return (await _pay(guard, terminal, key, payload, kind),
                await _pay(through_fastapi, terminal, key, payload, kind))

    direct, routed = asyncio.run(both())
    assert _comparable(direct) == _comparable(routed)
    assert direct.status_code == (201 if case == "a payment" else 400), direct.text


def test_a_forged_payment_never_reaches_the_direct_route(bank: tuple[BankGuard, str, str]) -> None:
    guard, terminal, key = bank
    forged = asyncio.run(_pay(guard, terminal, "tk_not-the-key", PAYMENT, "application/json"))
    assert forged.status_code == 401 and forged.json()["error"]["type"] == "authentication_error"
    with guard.runner.engine.connect() as conn:
        account = conn.scalar(select(store.tokens.c.account_number))
    assert store.balance(guard.runner.engine, account) == 10**9  # nothing charged
    assert asyncio.run(_pay(guard, terminal, key, PAYMENT, "application/json")).status_code == 201
    assert store.balance(guard.runner.engine, account) == 10**9 - 1500
