"""The mock bank as a terminal meets it over HTTP: signing, idempotency, declines, faults, bad input."""

from __future__ import annotations

import json
import os
import time
import uuid

import httpx
import pytest

from payments import signing
from payments.errors import IdempotencyConflict, InvalidRequest, PaymentDeclined
from tests.bank_fixture import Bank


def signed(bank: Bank, method: str, path: str, body: bytes = b"", *, key: str | None = None, t: int | None = None,
           idem: str | None = "auto", terminal: str | None = None) -> httpx.Response:
    idem_key = (str(uuid.uuid4()) if idem == "auto" else idem) or ""
    headers = {"X-Terminal-Id": terminal or bank.terminal_id, "Content-Type": "application/json",
               "X-Signature": signing.header(key or bank.key, t or int(time.time()), terminal or bank.terminal_id,
                                             method, path, idem_key, body)}
    if idem_key:
        headers["Idempotency-Key"] = idem_key
    return httpx.request(method, bank.url + path, content=body, headers=headers, timeout=10)


def pay_body(token: str, amount: int = 1000, **extra) -> bytes:  # type: ignore[no-untyped-def]
    return json.dumps({"amount": amount, "currency": "NOK", "token": token, "order_reference": "o-1", **extra}).encode()


# --- authentication --------------------------------------------------------------------------------

def test_health_needs_no_signature(bank: Bank) -> None:
    assert httpx.get(bank.url + "/v1/health").json() == {"status": "ok"}


@pytest.mark.parametrize("case", ["unsigned", "wrong key", "old", "unknown terminal"])
def test_bad_signatures_get_401(bank: Bank, case: str) -> None:
    body = pay_body("tok_x")
    if case == "unsigned":
        resp = httpx.post(bank.url + "/v1/payments", content=body, headers={"X-Terminal-Id": bank.terminal_id})
    elif case == "wrong key":
        resp = signed(bank, "POST", "/v1/payments", body, key="tk_not-the-key")
    elif case == "old":
        resp = signed(bank, "POST", "/v1/payments", body, t=int(time.time()) - 301)
    else:
        resp = signed(bank, "POST", "/v1/payments", body, terminal="term_nobody")
    assert resp.status_code == 401 and resp.json()["error"]["type"] == "authentication_error"


def test_a_replayed_signature_is_refused(bank: Bank) -> None:
    token = bank.token(bank.account())
    body, t, key = pay_body(token), int(time.time()), str(uuid.uuid4())
    first = signed(bank, "POST", "/v1/payments", body, t=t, idem=key)
    again = signed(bank, "POST", "/v1/payments", body, t=t, idem=key)
    assert first.status_code == 201
    assert again.status_code == 401 and "replay" in again.json()["error"]["message"]


# --- idempotency ---------------------------------------------------------------------------------

def test_same_key_same_body_replays_the_first_response_exactly(bank: Bank) -> None:
    account = bank.account(50_000)
    token, key, body = bank.token(account), str(uuid.uuid4()), None
    body = pay_body(token, 12_550)
    first = signed(bank, "POST", "/v1/payments", body, idem=key)
    time.sleep(1.05)  # a new second: a new signature for the same request
    second = signed(bank, "POST", "/v1/payments", body, idem=key)
    assert first.status_code == second.status_code == 201
    assert first.content == second.content and second.headers["Idempotent-Replayed"] == "true"
    assert bank.balance(account) == 50_000 - 12_550


def test_same_key_different_body_is_a_409_idempotency_error(bank: Bank) -> None:
    token, key = bank.token(bank.account()), str(uuid.uuid4())
    assert signed(bank, "POST", "/v1/payments", pay_body(token, 1000), idem=key).status_code == 201
    resp = signed(bank, "POST", "/v1/payments", pay_body(token, 2000), idem=key)
    assert resp.status_code == 409 and resp.json()["error"]["type"] == "idempotency_error"


def test_a_payment_key_is_answered_from_the_payment_after_its_48_hours(bank: Bank) -> None:
    """A kiosk off for a long weekend sends its pending payment again with the same key: it gets
    the first answer, and the shopper pays once, though the bank has forgotten the key's row."""
    from sqlalchemy import delete

    from payments.mock_bank.store import idempotency

    account = bank.account(50_000)
    token, key = bank.token(account), str(uuid.uuid4())
    body = pay_body(token, 4_200)
    first = signed(bank, "POST", "/v1/payments", body, idem=key)
    with bank.engine().begin() as conn:  # what the 48-hour pruning does to every stored key
        conn.execute(delete(idempotency))
    time.sleep(1.05)  # a new second: a new signature for the same request
    again = signed(bank, "POST", "/v1/payments", body, idem=key)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content and again.headers["Idempotent-Replayed"] == "true"
    other = signed(bank, "POST", "/v1/payments", pay_body(token, 4_300), idem=key)
    assert other.status_code == 409 and other.json()["error"]["type"] == "idempotency_error"
    assert bank.balance(account) == 50_000 - 4_200


def test_a_key_serves_one_request_whichever_endpoint_it_came_to_first(bank: Bank) -> None:
    """A payment's key lives with the payment and every other POST's in the key table; a key is
    looked up in both, so neither endpoint takes a key the other has used."""
    account = bank.account(50_000)
    token, paid_with, linked_with = bank.token(account), str(uuid.uuid4()), str(uuid.uuid4())
    link = json.dumps({"account_number": account}).encode()
    assert signed(bank, "POST", "/v1/payments", pay_body(token, 700), idem=paid_with).status_code == 201
    assert signed(bank, "POST", "/v1/tokens", link, idem=linked_with).status_code == 201
    reused = [signed(bank, "POST", "/v1/tokens", link, idem=paid_with),
              signed(bank, "POST", "/v1/payments", pay_body(token, 700), idem=linked_with)]
    assert [(r.status_code, r.json()["error"]["type"]) for r in reused] == [(409, "idempotency_error")] * 2
    assert bank.balance(account) == 50_000 - 700


def test_a_post_without_idempotency_key_is_refused(bank: Bank) -> None:
    resp = signed(bank, "POST", "/v1/payments", pay_body("tok_x"), idem=None)
    assert resp.status_code == 400 and "Idempotency-Key" in resp.json()["error"]["message"]


# --- declines are results ---------------------------------------------------------------------------

@pytest.mark.parametrize("suffix,code", [(1, "insufficient_funds"), (2, "account_blocked"), (3, "token_revoked"),
                                         (4, "limit_exceeded"), (5, "suspected_fraud")])
def test_each_decline_trigger_is_a_201_with_its_reason(bank: Bank, suffix: int, code: str) -> None:
    account = bank.account(test=True)
    resp = signed(bank, "POST", "/v1/payments", pay_body(bank.token(account), 2000 + suffix))
    assert resp.status_code == 201
    assert (resp.json()["status"], resp.json()["decline_code"]) == ("declined", code)
    assert bank.balance(account) == 1_000_000


def test_real_declines_on_ordinary_accounts(bank: Bank) -> None:
    with bank.client() as c:
        poor = bank.token(bank.account(500))
        with pytest.raises(PaymentDeclined) as err:
            c.create_payment(amount=501, currency="NOK", token=poor, order_reference="o", idempotency_key=str(uuid.uuid4()))
        assert err.value.code == "insufficient_funds"
        blocked = bank.token(bank.account(blocked=True))
        with pytest.raises(PaymentDeclined) as err:
            c.create_payment(amount=100, currency="NOK", token=blocked, order_reference="o", idempotency_key=str(uuid.uuid4()))
        assert err.value.code == "account_blocked"


@pytest.mark.parametrize("case", ["over the limit", "insufficient funds", "blocked", "revoked", "wrong currency",
                                  "another merchant"])
def test_each_check_of_the_one_statement_charge_refuses_on_its_own(bank: Bank, case: str) -> None:
    """An ordinary payment is checked and charged in one statement (hot_sql.CHARGE_TOKEN): each
    condition alone stops it, the account keeps its money, and the refusal names the reason."""
    from payments.mock_bank import store

    account = store.add_account(bank.engine(), "Owner", 10_000, blocked=case == "blocked",
                                limit_minor=5_000 if case == "over the limit" else 50_000)
    token = bank.token(account)
    amount, currency, terminal = {"over the limit": 5_001, "insufficient funds": 10_001}.get(case, 1_000), "NOK", None
    if case == "revoked":
        with bank.client() as c:
            c.revoke_token(token)
    if case == "wrong currency":
        currency = "EUR"
    key = bank.key
    if case == "another merchant":
        terminal, key = store.add_terminal(bank.engine(), "elsewhere", merchant="another-shop")
    resp = signed(bank, "POST", "/v1/payments", json.dumps(
        {"amount": amount, "currency": currency, "token": token, "order_reference": "o"}).encode(),
        key=key, terminal=terminal)
    expected = {"over the limit": (201, "limit_exceeded"), "insufficient funds": (201, "insufficient_funds"),
                "blocked": (201, "account_blocked"), "revoked": (201, "token_revoked"),
                "wrong currency": (400, "currency_mismatch"), "another merchant": (400, "unknown_token")}[case]
    answer = resp.json()
    assert (resp.status_code, answer.get("decline_code") or answer.get("error", {}).get("code")) == expected
    assert bank.balance(account) == 10_000
    with bank.client() as c:  # and the account still pays what passes every check
        if case not in ("blocked", "revoked"):
            c.create_payment(amount=1_000, currency="NOK", token=token, order_reference="o",
                             idempotency_key=str(uuid.uuid4()))
            assert bank.balance(account) == 9_000


def test_ordinary_prices_never_hit_a_test_trigger(bank: Bank) -> None:
    account = bank.account()
    resp = signed(bank, "POST", "/v1/payments", pay_body(bank.token(account), 1962))  # ends in 62, like a trigger
    assert resp.status_code == 201 and resp.json()["status"] == "captured"


# --- fault triggers ---------------------------------------------------------------------------------

def test_500_and_429_triggers_fire_once_and_charge_once(bank: Bank) -> None:
    account = bank.account(test=True)
    token = bank.token(account)
    key = str(uuid.uuid4())
    first = signed(bank, "POST", "/v1/payments", pay_body(token, 3062), idem=key)
    assert first.status_code == 500 and first.json()["error"]["type"] == "api_error"
    assert bank.balance(account) == 1_000_000  # nothing was charged
    limited = signed(bank, "POST", "/v1/payments", pay_body(token, 3063))
    assert limited.status_code == 429 and limited.headers["Retry-After"] == "1"
    # The retry must be signed anew (a later t): an identical signature would be refused as a replay.
    retry = signed(bank, "POST", "/v1/payments", pay_body(token, 3062), idem=key, t=int(time.time()) + 1)
    assert retry.status_code == 201 and bank.balance(account) == 1_000_000 - 3062


def test_commit_then_drop_charges_and_the_retry_replays(bank: Bank) -> None:
    account = bank.account(test=True)
    token, key = bank.token(account), str(uuid.uuid4())
    with pytest.raises(httpx.HTTPError):
        signed(bank, "POST", "/v1/payments", pay_body(token, 4064), idem=key)
    assert bank.balance(account) == 1_000_000 - 4064  # committed although the answer was lost
    time.sleep(1.05)
    retry = signed(bank, "POST", "/v1/payments", pay_body(token, 4064), idem=key)
    assert retry.status_code == 201 and retry.headers["Idempotent-Replayed"] == "true"
    assert bank.balance(account) == 1_000_000 - 4064


def test_slow_trigger_answers_late_but_the_client_still_charges_once(bank: Bank) -> None:
    account = bank.account(test=True)
    token = bank.token(account)
    with bank.client(timeout=0.4) as c:
        payment = c.create_payment(amount=5061, currency="NOK", token=token, order_reference="slow",
                                   idempotency_key=str(uuid.uuid4()))
    assert payment.status == "captured" and bank.balance(account) == 1_000_000 - 5061


# --- capture, cancel, refunds -----------------------------------------------------------------------

def test_authorize_then_capture_part_releases_the_rest(bank: Bank) -> None:
    account = bank.account(10_000)
    with bank.client() as c:
        p = c.create_payment(amount=4000, currency="NOK", token=bank.token(account), order_reference="a",
                             idempotency_key=str(uuid.uuid4()), capture=False)
        assert p.status == "authorized" and bank.balance(account) == 6_000
        p = c.capture(p.id, amount=3000, idempotency_key=str(uuid.uuid4()))
        assert (p.status, p.captured_amount, bank.balance(account)) == ("captured", 3000, 7_000)


def test_cancel_returns_the_hold(bank: Bank) -> None:
    account = bank.account(10_000)
    with bank.client() as c:
        p = c.create_payment(amount=4000, currency="NOK", token=bank.token(account), order_reference="c",
                             idempotency_key=str(uuid.uuid4()), capture=False)
        assert c.cancel(p.id, idempotency_key=str(uuid.uuid4())).status == "cancelled"
    assert bank.balance(account) == 10_000


def test_refunds_are_partial_and_never_above_the_captured_total(bank: Bank) -> None:
    account = bank.account(10_000)
    with bank.client() as c:
        p = c.create_payment(amount=5000, currency="NOK", token=bank.token(account), order_reference="r",
                             idempotency_key=str(uuid.uuid4()))
        assert c.refund(p.id, 2000, idempotency_key=str(uuid.uuid4())).payment.refunded_amount == 2000
        assert c.refund(p.id, 3000, idempotency_key=str(uuid.uuid4())).payment.refunded_amount == 5000
        with pytest.raises(InvalidRequest) as err:
            c.refund(p.id, 1, idempotency_key=str(uuid.uuid4()))
        assert err.value.code == "refund_too_large"
    assert bank.balance(account) == 10_000


def test_the_client_names_an_idempotency_conflict(bank: Bank) -> None:
    token, key = bank.token(bank.account()), str(uuid.uuid4())
    with bank.client() as c:
        c.create_payment(amount=100, currency="NOK", token=token, order_reference="x", idempotency_key=key)
        with pytest.raises(IdempotencyConflict):
            c.create_payment(amount=200, currency="NOK", token=token, order_reference="x", idempotency_key=key)


# --- bad input: a 4xx with a JSON error, never a 500 ---------------------------------------------------

@pytest.mark.parametrize("body", [
    b"{not json", b"", b"[]", b'{"amount": 100}', b'{"amount": 0, "currency": "NOK", "token": "t", "order_reference": "o"}',
    b'{"amount": -5, "currency": "NOK", "token": "t", "order_reference": "o"}',
    b'{"amount": 1e30, "currency": "NOK", "token": "t", "order_reference": "o"}',
    b'{"amount": 99999999999999999999, "currency": "NOK", "token": "t", "order_reference": "o"}',
    b'{"amount": "100", "currency": "nok", "token": "t", "order_reference": "o"}',
    b'{"amount": 100, "currency": "XYZ", "token": "t", "order_reference": "o"}',
    b'{"amount": 100, "currency": "NOK", "token": "tok_unknown", "order_reference": "o"}',
])
def test_malformed_payment_requests_get_a_json_4xx(bank: Bank, body: bytes) -> None:
    resp = signed(bank, "POST", "/v1/payments", body)
    assert 400 <= resp.status_code < 500
    assert resp.json()["error"]["type"] == "invalid_request_error"


@pytest.mark.parametrize("amount", ["true", '"1500"', "1500.0", "15e2", "null"])
def test_money_fields_take_only_whole_numbers(bank: Bank, amount: str) -> None:
    """A loosely typed amount (a bool, a string, a float) is refused, never coerced into a charge."""
    account = bank.account(10_000)
    token = bank.token(account)
    body = (b'{"amount": ' + amount.encode() + b', "currency": "NOK", "token": "' + token.encode()
            + b'", "order_reference": "o"}')
    resp = signed(bank, "POST", "/v1/payments", body)
    assert resp.status_code == 400 and resp.json()["error"]["type"] == "invalid_request_error", resp.text
    assert bank.balance(account) == 10_000
    paid = signed(bank, "POST", "/v1/payments", pay_body(token, 1_500)).json()
    for path, field in ((f"/v1/payments/{paid['id']}/refunds", "amount"),):
        resp = signed(bank, "POST", path, b'{"' + field.encode() + b'": ' + amount.encode() + b"}")
        assert resp.status_code == 400, (path, resp.text)
    assert bank.balance(account) == 8_500


def test_a_payment_body_must_be_json_and_a_refusal_names_the_field(bank: Bank) -> None:
    """The payment's body is read by its model straight from the bytes (app.json_body), under
    FastAPI's rules: JSON only under a JSON Content-Type, and an error that says which field."""
    account = bank.account(10_000)
    token = bank.token(account)
    body = pay_body(token, 1_500)
    key = str(uuid.uuid4())
    headers = {"X-Terminal-Id": bank.terminal_id, "Content-Type": "text/plain", "Idempotency-Key": key,
               "X-Signature": signing.header(bank.key, int(time.time()), bank.terminal_id, "POST", "/v1/payments",
                                             key, body)}
    resp = httpx.post(bank.url + "/v1/payments", content=body, headers=headers, timeout=10)
    assert resp.status_code == 400 and "Content-Type: application/json" in resp.text, resp.text
    resp = signed(bank, "POST", "/v1/payments", pay_body(token, 1_500).replace(b"1500", b'"1500"'))
    assert resp.status_code == 400 and [d["field"] for d in resp.json()["error"]["details"]] == ["amount"], resp.text
    assert bank.balance(account) == 10_000
    for content_type in ("application/json; charset=utf-8", "application/vnd.facepay+json"):
        headers = {**headers, "Content-Type": content_type, "Idempotency-Key": (key := str(uuid.uuid4())),
                   "X-Signature": signing.header(bank.key, int(time.time()), bank.terminal_id, "POST",
                                                 "/v1/payments", key, body)}
        resp = httpx.post(bank.url + "/v1/payments", content=body, headers=headers, timeout=10)
        assert resp.status_code == 201, (content_type, resp.text)
    assert bank.balance(account) == 10_000 - 2 * 1_500


def test_the_openapi_contract_declares_the_payment_body(bank: Bank) -> None:
    operation = httpx.get(bank.url + "/openapi.json", timeout=10).json()["paths"]["/v1/payments"]["post"]
    body = operation["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert body["required"] is True
    assert set(schema["required"]) == {"amount", "currency", "token", "order_reference"}
    assert schema["properties"]["amount"]["type"] == "integer" and schema["properties"]["amount"]["exclusiveMinimum"] == 0


def test_a_wrong_currency_for_the_account_is_refused(bank: Bank) -> None:
    token = bank.token(bank.account())
    resp = signed(bank, "POST", "/v1/payments", json.dumps(
        {"amount": 100, "currency": "EUR", "token": token, "order_reference": "o"}).encode())
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "currency_mismatch"


def test_an_oversize_body_gets_413(bank: Bank) -> None:
    resp = signed(bank, "POST", "/v1/payments", b'{"pad": "' + b"x" * 20_000 + b'"}')
    assert resp.status_code == 413 and resp.json()["error"]["type"] == "invalid_request_error"


def test_unknown_payment_is_a_404_json(bank: Bank) -> None:
    resp = signed(bank, "GET", "/v1/payments/pay_nothing", idem=None)
    assert resp.status_code == 404 and resp.json()["error"]["type"] == "not_found"


def test_another_terminals_payment_is_invisible(bank: Bank) -> None:
    from payments.mock_bank import store

    token = bank.token(bank.account())
    with bank.client() as c:
        p = c.create_payment(amount=100, currency="NOK", token=token, order_reference="o", idempotency_key=str(uuid.uuid4()))
    other_id, other_key = store.add_terminal(bank.engine(), "kiosk-2")
    resp = signed(bank, "GET", f"/v1/payments/{p.id}", idem=None, terminal=other_id, key=other_key)
    assert resp.status_code == 404


def test_a_token_works_only_at_the_merchant_whose_terminal_linked_it(bank: Bank) -> None:
    """The desk links the account and a kiosk of the same store charges it; another merchant's
    terminal holding a copy of the token (from a leaked POS database) is refused, as if unknown."""
    from payments.client import BankClient
    from payments.mock_bank import store

    account = bank.account(10_000)
    token = bank.token(account)  # linked by the fixture's terminal (merchant "default")
    kiosk_id, kiosk_key = store.add_terminal(bank.engine(), "kiosk-2")  # the same merchant
    other_id, other_key = store.add_terminal(bank.engine(), "elsewhere", merchant="another-shop")
    with BankClient(bank.url, kiosk_id, kiosk_key) as kiosk:
        assert kiosk.create_payment(amount=1_000, currency="NOK", token=token, order_reference="o",
                                    idempotency_key=str(uuid.uuid4())).status == "captured"
    with BankClient(bank.url, other_id, other_key) as other, pytest.raises(InvalidRequest, match="unknown payment token"):
        other.create_payment(amount=1_000, currency="NOK", token=token, order_reference="o",
                             idempotency_key=str(uuid.uuid4()))
    assert bank.balance(account) == 9_000


def test_a_bank_database_from_before_merchants_is_upgraded_in_place(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import inspect, text

    from payments.mock_bank import store

    url = f"sqlite:///{tmp_path / 'old-bank.db'}"
    engine = store.open_engine(url)
    with engine.begin() as conn:  # as an older version left it
        conn.execute(text("ALTER TABLE bank_tokens DROP COLUMN merchant"))
        conn.execute(text("ALTER TABLE bank_terminals DROP COLUMN merchant"))
    engine.dispose()
    engine = store.open_engine(url)
    for table in ("bank_terminals", "bank_tokens"):
        assert "merchant" in {c["name"] for c in inspect(engine).get_columns(table)}
    assert store.add_terminal(engine, "kiosk-1")[0].startswith("term_")


# --- one reading of each signed header --------------------------------------------------------------

@pytest.mark.parametrize("repeated", ["Idempotency-Key", "X-Signature", "X-Terminal-Id"])
def test_a_repeated_signed_header_is_refused_and_charges_nothing(bank: Bank, repeated: str) -> None:
    """The attack: someone on the path prepends a fresh Idempotency-Key to each signed retry and
    drops the answers. Were the signature checked on one copy and the charge keyed on the other,
    every retry would charge again (129.63 kr for one 43.21 kr sale)."""
    account = bank.account(100_000)
    token, key, t = bank.token(account), str(uuid.uuid4()), int(time.time())
    body = pay_body(token, 4_321)
    good = {"X-Terminal-Id": bank.terminal_id, "Idempotency-Key": key,
            "X-Signature": signing.header(bank.key, t, bank.terminal_id, "POST", "/v1/payments", key, body)}
    forged = {"Idempotency-Key": str(uuid.uuid4()), "X-Signature": good["X-Signature"],
              "X-Terminal-Id": bank.terminal_id}[repeated]
    # httpx sends a list of pairs as given, repeats and order included.
    headers = [(repeated, forged)] + [(name, value) for name, value in good.items()] + [("Content-Type", "application/json")]
    resp = httpx.post(bank.url + "/v1/payments", content=body, headers=headers, timeout=10)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "repeated_header"
    assert bank.balance(account) == 100_000
    assert signed(bank, "GET", f"/v1/payments?idempotency_key={key}", idem=None).json()["data"] == []


def test_the_signed_key_is_the_one_the_payment_is_stored_under(bank: Bank) -> None:
    token, key = bank.token(bank.account()), str(uuid.uuid4())
    assert signed(bank, "POST", "/v1/payments", pay_body(token), idem=key).json()["idempotency_key"] == key


# --- revoking a token ------------------------------------------------------------------------------

def test_a_revoked_token_never_charges_again_and_revoking_is_idempotent(bank: Bank) -> None:
    account = bank.account(10_000)
    token = bank.token(account)
    with bank.client() as client:
        client.revoke_token(token)
        client.revoke_token(token)  # a retry after a lost answer
        client.revoke_token("tok_never-issued")  # answered the same: tells nothing
        with pytest.raises(PaymentDeclined, match="token_revoked"):
            client.create_payment(amount=1_000, currency="NOK", token=token, order_reference="o",
                                  idempotency_key=str(uuid.uuid4()))
    assert bank.balance(account) == 10_000


def test_another_merchant_cannot_revoke_a_token(bank: Bank) -> None:
    from payments.client import BankClient
    from payments.mock_bank import store

    account = bank.account(10_000)
    token = bank.token(account)
    other_id, other_key = store.add_terminal(bank.engine(), "elsewhere-2", merchant="another-shop-2")
    with BankClient(bank.url, other_id, other_key) as other:
        other.revoke_token(token)
    with bank.client() as client:
        assert client.create_payment(amount=1_000, currency="NOK", token=token, order_reference="o",
                                     idempotency_key=str(uuid.uuid4())).status == "captured"


def test_a_running_bank_keeps_its_writes_when_the_command_line_adds_an_account(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The demo's order of things: a bank serving, `facepay bank account add` in another process,
    a payment, `facepay bank account show`. Before: the bank opened its own file once more to set
    its mode, which dropped its process's locks on it; its writes were then lost (the account
    showed its opening balance after an approved payment)."""
    import json as json_
    import subprocess
    import sys

    from payments.client import BankClient
    from tests.bank_fixture import free_port

    env = {**os.environ, "FACEPAY_DATA_DIR": str(tmp_path / "data")}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "pos_app", "bank", "serve", "--port", str(port), "--workers", "1"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def facepay(*args: str) -> str:
            return subprocess.run([sys.executable, "-m", "pos_app", *args], env=env, capture_output=True, text=True,
                                  check=True).stdout

        terminal = json_.loads(facepay("bank", "terminal", "add", "kiosk-1", "--json"))
        account = json_.loads(facepay("bank", "account", "add", "--owner", "Kari", "--balance", "1000", "--json"))[
            "account_number"
        ]
        client = BankClient(f"http://127.0.0.1:{port}", terminal["terminal_id"], terminal["key"], max_retries=8)
        token = client.link_account(account, idempotency_key=str(uuid.uuid4())).token
        client.create_payment(amount=100, currency="NOK", token=token, order_reference="o", idempotency_key=str(uuid.uuid4()))
        assert json_.loads(facepay("bank", "account", "show", account, "--json"))["balance"] == 900
    finally:
        server.terminate()
        server.wait(timeout=10)
