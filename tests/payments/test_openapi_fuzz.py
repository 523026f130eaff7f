"""Schemathesis against the bank's own /openapi.json: generated requests, valid and invalid, each
signed like a real terminal's, get a JSON answer and never a server error. A bounded, repeatable run."""

from __future__ import annotations

import json
import time

import httpx
import schemathesis
from hypothesis import HealthCheck, assume, given, settings

from payments import signing
from tests.bank_fixture import Bank

EXAMPLES_PER_OPERATION = 40


def send_signed(bank: Bank, http: httpx.Client, case) -> httpx.Response:  # type: ignore[no-untyped-def]
    kwargs = case.as_transport_kwargs(base_url=bank.url)
    headers = {k: v for k, v in kwargs["headers"].items() if k.lower() not in ("x-signature", "x-terminal-id")}
    try:
        body = json.dumps(kwargs["json"]).encode() if "json" in kwargs else kwargs.get("data") or b""
        request = http.build_request(kwargs["method"], kwargs["url"], params=kwargs.get("params"),
                                     content=body if isinstance(body, bytes) else str(body).encode(), headers=headers)
    except (UnicodeEncodeError, ValueError, TypeError):
        assume(False)  # a header or value no HTTP client can send: not a request a terminal could make
    path = request.url.raw_path.decode("ascii")
    # The signature is computed on exactly the bytes sent, and each t is fresh so no replay is refused.
    request.headers["X-Terminal-Id"] = bank.terminal_id
    request.headers["X-Signature"] = signing.header(bank.key, send_signed.t, bank.terminal_id, request.method, path,
                                                    request.headers.get("Idempotency-Key", ""), request.content)
    send_signed.t += 1
    return http.send(request)


def test_no_generated_request_makes_the_bank_fail(bank: Bank) -> None:
    # Distinct, increasing timestamps within the bank's 300 s window, starting now.
    send_signed.t = int(time.time()) - 250  # type: ignore[attr-defined]
    schema = schemathesis.openapi.from_url(f"{bank.url}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {f"{op.method.upper()} {op.path}" for op in operations} >= {
        "POST /v1/tokens", "POST /v1/payments", "GET /v1/payments/{payment_id}", "GET /v1/payments",
        "POST /v1/payments/{payment_id}/capture", "POST /v1/payments/{payment_id}/cancel",
        "POST /v1/payments/{payment_id}/refunds", "GET /v1/health"}
    failures: list[str] = []
    seen: dict[int, int] = {}
    with httpx.Client(timeout=10) as http:
        for op in operations:
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=op.as_strategy())
            def probe(case) -> None:  # type: ignore[no-untyped-def]
                resp = send_signed(bank, http, case)
                seen[resp.status_code] = seen.get(resp.status_code, 0) + 1
                if resp.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} -> {resp.status_code}: {resp.text[:200]}")
                elif resp.status_code >= 400:
                    assert "error" in resp.json(), resp.text
            probe()
    assert not failures, "\n".join(failures[:10])
    # Properly signed, so the fuzzing reached validation and the handlers, not just the door.
    assert 401 not in seen, seen
    assert sum(seen.values()) >= 100 and any(400 <= c < 500 for c in seen) and any(c < 300 for c in seen)
