"""The admin screens' lists on both databases: transactions by time, amount, status and terminal;
customer counts; the audit log by filter."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from pos_app.core.audit import list_events
from pos_app.core.customers import customer_counts, find_customers
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.history import TxFilter, detail, search, terminal_names
from pos_app.core.models import Customer
from pos_app.core.money import Money
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction


@pytest.fixture
def sales(db: Database) -> dict[str, str]:
    kiosk1, kiosk2 = ensure_terminal(db, "kiosk-1", "kiosk"), ensure_terminal(db, "kiosk-2", "kiosk")
    ids = {}
    for name, terminal, amount in (("small", kiosk1, 1_500), ("mid", kiosk2, 12_000), ("big", kiosk1, 99_000)):
        tx = create_transaction(db, terminal_id=terminal, amount=Money.of(amount), actor="t")
        ids[name] = tx.id
    advance(db, ids["mid"], TxState.VERIFYING)
    advance(db, ids["mid"], TxState.AUTHORIZING, verification_score=0.9312, liveness_decision="live")
    advance(db, ids["mid"], TxState.APPROVED, captured_minor=12_000, bank_payment_id="pay_1")
    return ids


def test_search_filters_by_amount_status_and_terminal(db: Database, sales: dict[str, str]) -> None:
    everything = search(db, TxFilter())
    assert [r.id for r in everything] == [sales["big"], sales["mid"], sales["small"]]  # newest first
    assert [r.id for r in search(db, TxFilter(min_minor=1_000, max_minor=20_000))] == [sales["mid"], sales["small"]]
    assert [r.id for r in search(db, TxFilter(states=(TxState.APPROVED,)))] == [sales["mid"]]
    assert [r.id for r in search(db, TxFilter(terminal="kiosk-1"))] == [sales["big"], sales["small"]]
    assert search(db, TxFilter(since=datetime.now(timezone.utc) + timedelta(minutes=1))) == []
    assert terminal_names(db, "kiosk") == ["kiosk-1", "kiosk-2"]


def test_search_refuses_a_period_or_range_the_wrong_way_round(db: Database) -> None:
    now = datetime.now(timezone.utc)
    with pytest.raises(InvalidInput, match="start of the period must come before its end"):
        search(db, TxFilter(since=now, until=now - timedelta(hours=1)))
    with pytest.raises(InvalidInput, match="lowest amount is above the highest"):
        search(db, TxFilter(min_minor=500, max_minor=100))


def test_detail_shows_the_score_and_liveness_decision(db: Database, sales: dict[str, str]) -> None:
    d = detail(db, sales["mid"])
    assert (d.row.terminal, d.verification_score, d.liveness_decision) == ("kiosk-2", 0.9312, "live")
    assert d.row.amount == Money.of(12_000) and d.refunds == []


def test_customer_counts_and_a_list_with_every_status(db: Database) -> None:
    now = datetime.now(timezone.utc)
    with db.session() as s:
        s.add_all([Customer(display_name="Ann", status="active", last_used_at=now - timedelta(days=2)),
                   Customer(display_name="Bo", status="active", key_mode="store"),
                   Customer(display_name="", status="withdrawn"), Customer(display_name="", status="erased")])
    counts = customer_counts(db)
    assert (counts.active, counts.withdrawn, counts.erased, counts.used_last_30_days, counts.store_key) == (2, 1, 1, 1, 1)
    assert len(find_customers(db)) == 2
    assert len(find_customers(db, statuses=("active", "withdrawn", "erased"))) == 4


def test_audit_list_filters_by_action_prefix_and_actor(db: Database, sales: dict[str, str]) -> None:
    with db.session() as s:
        approved = list_events(s, action="transaction.approved")
        by_test = list_events(s, actor="t")
        everything = list_events(s, action="transaction.")
    assert [e.subject_id for e in approved] == [sales["mid"]]
    assert {e.action for e in by_test} == {"transaction.create"} and len(by_test) == 3
    assert everything[0].seq > everything[-1].seq  # newest first
