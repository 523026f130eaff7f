"""The bank client's retries: exponential backoff with jitter, Retry-After, the same key throughout."""

from __future__ import annotations

import uuid

import pytest

from payments.client import BankClient
from payments.errors import AuthError, BankUnavailable
from tests.bank_fixture import Bank, free_port


def test_an_unreachable_bank_is_retried_with_backoff_then_reported_unavailable() -> None:
    slept: list[float] = []
    client = BankClient(f"http://127.0.0.1:{free_port()}", "term_x", "tk_x", max_retries=4, backoff=0.25,
                        sleep=slept.append, jitter=lambda: 0.0)
    with pytest.raises(BankUnavailable, match="did not answer after 5 attempts .*ConnectError"):
        client.create_payment(amount=100, currency="NOK", token="t", order_reference="o", idempotency_key="k")
    assert slept == [0.125, 0.25, 0.5, 1.0]  # doubling, halved by the zero jitter


def test_jitter_spreads_retries_between_half_and_full_backoff() -> None:
    client = BankClient("http://127.0.0.1:1", "t", "k", backoff=1.0, max_backoff=8.0, jitter=lambda: 1.0)
    assert [client._delay(n, None) for n in range(5)] == [1.0, 2.0, 4.0, 8.0, 8.0]


def test_retry_after_is_honoured(bank: Bank) -> None:
    slept: list[float] = []
    token = bank.token(bank.account(test=True))
    with bank.client(sleep=slept.append, jitter=lambda: 0.0) as c:
        p = c.create_payment(amount=7063, currency="NOK", token=token, order_reference="o",
                             idempotency_key=str(uuid.uuid4()))
    assert p.status == "captured" and slept == [1.0]


def test_a_dropped_answer_is_retried_with_the_same_key_and_charged_once(bank: Bank) -> None:
    account = bank.account(test=True)
    key = str(uuid.uuid4())
    with bank.client() as c:
        p = c.create_payment(amount=8064, currency="NOK", token=bank.token(account), order_reference="o", idempotency_key=key)
        assert c.find_payment(key) == p
    assert bank.balance(account) == 1_000_000 - 8064


def test_a_wrong_key_is_an_auth_error_without_retries(bank: Bank) -> None:
    slept: list[float] = []
    with BankClient(bank.url, bank.terminal_id, "tk_wrong", sleep=slept.append) as c:
        with pytest.raises(AuthError, match="signature does not match"):
            c.find_payment("k")
    assert slept == []


def test_keys_with_spaces_and_non_ascii_are_signed_as_sent(bank: Bank) -> None:
    key = "ordre 17/ø " + str(uuid.uuid4())
    with bank.client() as c:
        p = c.create_payment(amount=100, currency="NOK", token=bank.token(bank.account()), order_reference="o",
                             idempotency_key=key.encode("ascii", "ignore").decode())
        assert c.find_payment(p.idempotency_key) == p
        assert c.find_payment(key) is None  # a non-ASCII query value, percent-encoded and signed as such


def test_a_request_signed_twice_in_one_second_by_two_clients_is_resigned_not_refused(bank: Bank) -> None:
    """A terminal restarted within the second (or two processes) sends the same signed request:
    the bank refuses the copy as a replay, unprocessed, and the client signs it afresh."""
    import time

    key = str(uuid.uuid4())
    token = bank.token(bank.account(100_000))
    now = float(int(time.time()))
    frozen = lambda: now  # noqa: E731 - both clients sign within the same second
    first = bank.client(clock=frozen).create_payment(amount=700, currency="NOK", token=token, order_reference="r",
                                                     idempotency_key=key)
    second = bank.client(clock=frozen).create_payment(amount=700, currency="NOK", token=token, order_reference="r",
                                                      idempotency_key=key)
    assert second.id == first.id and second.status == "captured"
