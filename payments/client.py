"""A resilient client for the bank's API: signed requests, typed errors, safe retries.

Every POST carries an Idempotency-Key, and every retry of it the same key, so a charge whose
answer was lost is replayed by the bank, never made twice.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass
from typing import Any, Callable

import httpx

from payments import signing
from payments.errors import AuthError, BankUnavailable, IdempotencyConflict, InvalidRequest, PaymentDeclined


@dataclass(frozen=True)
class Payment:
    id: str
    amount: int
    currency: str
    status: str  # authorized | captured | declined | cancelled
    decline_code: str | None
    captured_amount: int
    refunded_amount: int
    order_reference: str
    idempotency_key: str

    @classmethod
    def of(cls, data: dict[str, Any]) -> Payment:
        return cls(data["id"], data["amount"], data["currency"], data["status"], data.get("decline_code"),
                   data["captured_amount"], data["refunded_amount"], data["order_reference"], data["idempotency_key"])


@dataclass(frozen=True)
class Token:
    token: str
    account_hint: str
    currency: str


@dataclass(frozen=True)
class Refund:
    id: str
    amount: int
    payment: Payment


class BankClient:
    def __init__(
        self, base_url: str, terminal_id: str, key: str, *, timeout: float = 5.0, connect_timeout: float = 2.0,
        max_retries: int = 5, backoff: float = 0.25, max_backoff: float = 4.0,
        sleep: Callable[[float], None] = time.sleep, jitter: Callable[[], float] = random.random,
        clock: Callable[[], float] = time.time, transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.terminal_id, self._key = terminal_id, key
        self.max_retries, self.backoff, self.max_backoff = max_retries, backoff, max_backoff
        self._sleep, self._jitter, self._clock = sleep, jitter, clock
        self._http = httpx.Client(base_url=base_url.rstrip("/"), transport=transport,
                                  timeout=httpx.Timeout(timeout, connect=connect_timeout))
        self._last_t: dict[str, int] = {}

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> BankClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the API --------------------------------------------------------------------------------
    def health(self) -> bool:
        try:
            return self._http.get("/v1/health").status_code == 200
        except httpx.HTTPError:
            return False

    def link_account(self, account_number: str, *, owner_name: str = "", idempotency_key: str) -> Token:
        data = self._request("POST", "/v1/tokens", {"account_number": account_number, "owner_name": owner_name},
                             idempotency_key=idempotency_key)
        return Token(data["token"], data["account_hint"], data["currency"])

    def revoke_token(self, token: str) -> None:
        """Revoke a token at the bank for good. Safe to repeat: the bank answers the same for a
        token already revoked."""
        self._request("DELETE", f"/v1/tokens/{token}")

    def create_payment(self, *, amount: int, currency: str, token: str, order_reference: str,
                       idempotency_key: str, capture: bool = True) -> Payment:
        """Charge (or authorize) a token. Raises PaymentDeclined, or BankUnavailable when the
        outcome is unknown."""
        payment = Payment.of(self._request("POST", "/v1/payments", {
            "amount": amount, "currency": currency, "token": token, "order_reference": order_reference,
            "capture": capture}, idempotency_key=idempotency_key))
        if payment.status == "declined":
            raise PaymentDeclined(payment.decline_code or "declined", payment)
        return payment

    def get_payment(self, payment_id: str) -> Payment:
        return Payment.of(self._request("GET", f"/v1/payments/{payment_id}"))

    def find_payment(self, idempotency_key: str) -> Payment | None:
        """The payment made with this key, if the bank has one: how an unknown outcome is settled."""
        found = self._request("GET", "/v1/payments", params={"idempotency_key": idempotency_key})["data"]
        return Payment.of(found[0]) if found else None

    def capture(self, payment_id: str, *, idempotency_key: str, amount: int | None = None) -> Payment:
        body = {} if amount is None else {"amount": amount}
        return Payment.of(self._request("POST", f"/v1/payments/{payment_id}/capture", body, idempotency_key=idempotency_key))

    def cancel(self, payment_id: str, *, idempotency_key: str) -> Payment:
        return Payment.of(self._request("POST", f"/v1/payments/{payment_id}/cancel", {}, idempotency_key=idempotency_key))

    def refund(self, payment_id: str, amount: int, *, idempotency_key: str) -> Refund:
        data = self._request("POST", f"/v1/payments/{payment_id}/refunds", {"amount": amount},
                             idempotency_key=idempotency_key)
        return Refund(data["id"], data["amount"], Payment.of(data["payment"]))

    # --- transport ------------------------------------------------------------------------------
    def _timestamp(self, method: str, path: str, key: str, body: bytes) -> int:
        """Now, in seconds, unless that would repeat the signature of an identical earlier attempt
        (a retry within the same second), which the bank would refuse as a replay."""
        digest = hashlib.sha256(f"{method} {path} {key}\n".encode() + body).hexdigest()
        t = int(self._clock())
        if digest in self._last_t and self._last_t[digest] >= t:
            t = self._last_t[digest] + 1
        self._last_t[digest] = t
        if len(self._last_t) > 4096:
            self._last_t.clear()
        return t

    def _delay(self, attempt: int, retry_after: float | None) -> float:
        base = min(self.max_backoff, self.backoff * (2 ** attempt))
        delay = base * (0.5 + self._jitter() / 2)  # "equal jitter": never zero, never in lockstep
        return max(delay, retry_after or 0.0)

    def _request(self, method: str, path: str, payload: dict[str, Any] | None = None, *,
                 idempotency_key: str | None = None, params: dict[str, str] | None = None) -> dict[str, Any]:
        body = json.dumps(payload, separators=(",", ":")).encode() if payload is not None else b""
        headers = {"X-Terminal-Id": self.terminal_id}
        if payload is not None:
            headers["Content-Type"] = "application/json"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        # Sign the request target exactly as it goes on the wire (percent-encoded, with its query).
        target = self._http.build_request(method, path, params=params, content=body).url.raw_path.decode("ascii")
        last_problem = "no attempt made"
        for attempt in range(self.max_retries + 1):
            request = self._http.build_request(method, path, params=params, content=body, headers=headers)
            key = idempotency_key or ""
            request.headers["X-Signature"] = signing.header(
                self._key, self._timestamp(method, target, key, body), self.terminal_id, method, target, key, body)
            retry_after = None
            try:
                resp = self._http.send(request)
            except httpx.TransportError as exc:  # connect errors, timeouts, a dropped connection
                last_problem = f"{type(exc).__name__}: {exc}".strip()
            else:
                if resp.status_code < 300:
                    return resp.json()
                error = _error_of(resp)
                if resp.status_code == 429:
                    retry_after = _seconds(resp.headers.get("Retry-After"))
                    last_problem = "rate limited (429)"
                elif resp.status_code >= 500:
                    last_problem = f"HTTP {resp.status_code}: {error.get('message', '')}"
                elif resp.status_code == 401 and error.get("code") == signing.REPLAY_CODE and attempt < self.max_retries:
                    # Another client (this terminal restarted, or a second process) sent the same
                    # request in the same second. It was not processed: sign it for a later second.
                    last_problem = "signature replayed"
                    continue
                elif resp.status_code == 401:
                    raise AuthError(error.get("message", "refused"), status=401, code=error.get("code"))
                elif resp.status_code == 409 and error.get("code") == "in_progress":
                    # Another request with this key (a retry of ours whose answer was lost, or a
                    # second process) is still being processed: wait and ask again with the key.
                    last_problem = "the same request is still being processed (409)"
                elif resp.status_code == 409 and error.get("type") == "idempotency_error":
                    raise IdempotencyConflict(error.get("message", "idempotency conflict"), status=409)
                else:
                    raise InvalidRequest(error.get("message", f"HTTP {resp.status_code}"),
                                         status=resp.status_code, code=error.get("code"))
            if attempt < self.max_retries:
                self._sleep(self._delay(attempt, retry_after))
        raise BankUnavailable(f"the bank did not answer after {self.max_retries + 1} attempts ({last_problem})")


def _error_of(resp: httpx.Response) -> dict[str, Any]:
    try:
        return dict(resp.json().get("error", {}))
    except (ValueError, AttributeError):
        return {}


def _seconds(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
