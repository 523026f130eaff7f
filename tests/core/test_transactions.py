"""The transaction state machine: legal paths pass, illegal moves are refused and change nothing."""

from __future__ import annotations

import pytest

from pos_app.core.db import Database
from pos_app.core.errors import IllegalTransition, InvalidInput
from pos_app.core.money import Money
from pos_app.core.states import FINAL_STATES, TxState, allowed_next, check_transition
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction, get_transaction, in_doubt

S = TxState

LEGAL_PATHS = [
    [S.VERIFYING, S.AUTHORIZING, S.APPROVED],
    [S.VERIFYING, S.AUTHORIZING, S.DECLINED],
    [S.VERIFYING, S.AUTHORIZING, S.UNKNOWN, S.APPROVED],
    [S.VERIFYING, S.AUTHORIZING, S.APPROVED, S.VOIDED],
    [S.VERIFYING, S.AUTHORIZING, S.APPROVED, S.PARTIALLY_REFUNDED, S.PARTIALLY_REFUNDED, S.REFUNDED],
    [S.VERIFYING, S.FAILED],
    [S.CANCELLED],
]

ILLEGAL = [
    (S.CREATED, S.APPROVED),  # no charge without verification and authorization
    (S.VERIFYING, S.APPROVED),
    (S.DECLINED, S.APPROVED),
    (S.UNKNOWN, S.AUTHORIZING),  # an unknown outcome is looked up, never sent again
    (S.APPROVED, S.DECLINED),
    (S.REFUNDED, S.PARTIALLY_REFUNDED),
    (S.VOIDED, S.REFUNDED),
    (S.CANCELLED, S.VERIFYING),
]


@pytest.mark.parametrize(("current", "target"), ILLEGAL)
def test_illegal_moves_are_refused(current: TxState, target: TxState) -> None:
    with pytest.raises(IllegalTransition, match=f"cannot go from {current} to {target}"):
        check_transition(current, target)


def test_final_states_allow_nothing() -> None:
    assert FINAL_STATES == {S.DECLINED, S.FAILED, S.CANCELLED, S.VOIDED, S.REFUNDED}
    for state in FINAL_STATES:
        assert allowed_next(state) == frozenset()


@pytest.fixture
def terminal_id(db: Database) -> str:
    return ensure_terminal(db, "kiosk-1", "kiosk")


@pytest.mark.parametrize("path", LEGAL_PATHS, ids=lambda p: "-".join(p))
def test_legal_paths_are_stored(db: Database, terminal_id: str, path: list[TxState]) -> None:
    tx = create_transaction(db, terminal_id=terminal_id, amount=Money.of(12550))
    assert tx.state is S.CREATED and len(tx.idempotency_key) == 32
    for target in path:
        tx = advance(db, tx.id, target)
    assert get_transaction(db, tx.id).state is path[-1]


def test_an_illegal_move_leaves_the_stored_state_and_audit_untouched(db: Database, terminal_id: str) -> None:
    from pos_app.core.audit import count_events

    tx = create_transaction(db, terminal_id=terminal_id, amount=Money.of(500))
    with db.session() as s:
        events = count_events(s)
    with pytest.raises(IllegalTransition):
        advance(db, tx.id, S.APPROVED)
    assert get_transaction(db, tx.id).state is S.CREATED
    with db.session() as s:
        assert count_events(s) == events


def test_zero_and_negative_sales_are_refused(db: Database, terminal_id: str) -> None:
    for minor in (0, -100):
        with pytest.raises(InvalidInput, match="more than zero"):
            create_transaction(db, terminal_id=terminal_id, amount=Money.of(minor))


def test_transactions_left_in_doubt_are_found_for_reconciliation(db: Database, terminal_id: str) -> None:
    done = create_transaction(db, terminal_id=terminal_id, amount=Money.of(100))
    for target in (S.VERIFYING, S.AUTHORIZING, S.APPROVED):
        advance(db, done.id, target)
    hanging = create_transaction(db, terminal_id=terminal_id, amount=Money.of(200))
    advance(db, hanging.id, S.VERIFYING)
    advance(db, hanging.id, S.AUTHORIZING)
    assert [t.id for t in in_doubt(db)] == [hanging.id]
