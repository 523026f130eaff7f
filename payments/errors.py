"""What can go wrong talking to the bank, as types a caller can act on."""

from __future__ import annotations

from typing import Any


class BankError(Exception):
    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code = status, code


class BankUnavailable(BankError):
    """No answer, or only errors, after every retry. For a payment the outcome is UNKNOWN: settle it
    with a status lookup, never by charging again."""


class PaymentDeclined(BankError):
    def __init__(self, code: str, payment: Any) -> None:
        super().__init__(f"payment declined: {code}", status=201, code=code)
        self.payment = payment


class InvalidRequest(BankError):
    """The bank refused the request as made (4xx): it was not processed, retrying will not help."""


class AuthError(BankError):
    pass


class IdempotencyConflict(BankError):
    pass
