"""The guard serves a verified payment without FastAPI's routing (app.pay_direct): a terminal
must get the same answers as from the declared route, which /openapi.json describes."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import httpx
import pytest

from payments.mock_bank import store
from payments.mock_bank.guard import BankGuard
from tests.bank_fixture import InProcessBank, in_process_bank

BALANCE = 10**9
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
def bank(tmp_path: Path) -> InProcessBank:
    bank = in_process_bank(f"sqlite:///{tmp_path / 'bank.db'}", BALANCE, token="tok_direct")
    assert isinstance(bank.app, BankGuard) and ("POST", "/v1/payments") in bank.app.direct
    return bank


def _comparable(resp: httpx.Response) -> tuple[int, str, object]:
    """Status, type and body, with what differs between two payments (id, key, time) blanked."""
    text = re.sub(r'"(id|idempotency_key)": "[^"]*"', r'"\1": "-"', resp.text)
    return resp.status_code, resp.headers["content-type"], json.loads(re.sub(r'"created": \d+', '"created": 0', text))


@pytest.mark.parametrize("case", list(CASES))
def test_the_direct_payment_answers_as_the_declared_route(bank: InProcessBank, case: str) -> None:
    guard = bank.app
    through_fastapi = BankGuard(guard.app, guard.runner, clock=guard.clock)  # the same app, no direct route
    payload, kind = CASES[case]

    async def both() -> tuple[httpx.Response, httpx.Response]:
        async with bank.client() as direct, bank.client(through_fastapi) as routed:
            return (await bank.pay(direct, payload, content_type=kind),
                    await bank.pay(routed, payload, content_type=kind))

    direct, routed = asyncio.run(both())
    assert _comparable(direct) == _comparable(routed)
    assert direct.status_code == (201 if case == "a payment" else 400), direct.text


def test_a_forged_payment_never_reaches_the_direct_route(bank: InProcessBank) -> None:
    async def forged_then_signed() -> tuple[httpx.Response, int | None, httpx.Response]:
        async with bank.client() as client:
            forged = await bank.pay(client, PAYMENT, key="tk_not-the-key")
            after_forgery = store.balance(bank.app.runner.engine, bank.account)
            return forged, after_forgery, await bank.pay(client, PAYMENT)

    forged, after_forgery, signed = asyncio.run(forged_then_signed())
    assert forged.status_code == 401 and forged.json()["error"]["type"] == "authentication_error"
    assert after_forgery == BALANCE  # nothing charged
    assert signed.status_code == 201
    assert store.balance(bank.app.runner.engine, bank.account) == BALANCE - 1500
