"""The life of a transaction, as an explicit table of legal moves. Core code refuses all others."""

from __future__ import annotations

from enum import StrEnum

from pos_app.core.errors import IllegalTransition


class TxState(StrEnum):
    CREATED = "created"
    VERIFYING = "verifying"
    AUTHORIZING = "authorizing"
    APPROVED = "approved"
    DECLINED = "declined"
    FAILED = "failed"
    # The bank may have charged; only a status lookup may settle it, never a second charge.
    UNKNOWN = "unknown"
    # Before any bank call: the shopper or cashier cancelled, or the shopper chose another way.
    CANCELLED = "cancelled"
    VOIDED = "voided"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


_LEGAL: dict[TxState, frozenset[TxState]] = {
    TxState.CREATED: frozenset({TxState.VERIFYING, TxState.CANCELLED}),
    # A verifying session that fails liveness or matching for good ends as failed; the shopper
    # may still pay another way on a new transaction.
    TxState.VERIFYING: frozenset({TxState.AUTHORIZING, TxState.FAILED, TxState.CANCELLED}),
    TxState.AUTHORIZING: frozenset(
        {TxState.APPROVED, TxState.DECLINED, TxState.FAILED, TxState.UNKNOWN}
    ),
    TxState.UNKNOWN: frozenset({TxState.APPROVED, TxState.DECLINED, TxState.FAILED}),
    TxState.APPROVED: frozenset({TxState.VOIDED, TxState.REFUNDED, TxState.PARTIALLY_REFUNDED}),
    TxState.PARTIALLY_REFUNDED: frozenset({TxState.PARTIALLY_REFUNDED, TxState.REFUNDED}),
}

# Cash, or a card on the store's own terminal: the cashier records a payment that has happened.
_LEGAL_AT_REGISTER: dict[TxState, frozenset[TxState]] = {
    **_LEGAL, TxState.CREATED: frozenset({TxState.APPROVED, TxState.CANCELLED}),
}

FINAL_STATES = frozenset(s for s in TxState if s not in _LEGAL)
# Left in these by a crash or a lost connection: reconciled with the bank at start-up.
IN_DOUBT_STATES = frozenset({TxState.AUTHORIZING, TxState.UNKNOWN})


def allowed_next(state: TxState, method: str = "face") -> frozenset[TxState]:
    """A face payment never skips verification; cash and external card payments are recorded."""
    return (_LEGAL if method == "face" else _LEGAL_AT_REGISTER).get(state, frozenset())


def check_transition(current: TxState | str, target: TxState | str, method: str = "face") -> TxState:
    current, target = TxState(current), TxState(target)
    if target not in allowed_next(current, method):
        allowed = ", ".join(sorted(allowed_next(current, method))) or "nothing (it is final)"
        raise IllegalTransition(
            f"a transaction cannot go from {current} to {target}; from {current} it may go to {allowed}"
        )
    return target
