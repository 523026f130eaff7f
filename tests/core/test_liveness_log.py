"""The liveness failure limit, on both databases: per terminal, and per customer across kiosks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pos_app.core.db import Database
from pos_app.core.liveness_log import face_payment_locked_for, record_failure

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def fail(db: Database, terminal: str, customer: str | None, seconds: float) -> None:
    record_failure(db, terminal=terminal, customer_id=customer, decision="spoof", reasons=["photo"],
                   now=T0 + timedelta(seconds=seconds))


def test_five_failures_on_one_kiosk_lock_it_for_ten_minutes(db: Database) -> None:
    for i in range(4):
        fail(db, "kiosk-1", None, i * 20)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=T0 + timedelta(seconds=90)) == 0
    fail(db, "kiosk-1", None, 100)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=T0 + timedelta(seconds=101)) == 599
    assert face_payment_locked_for(db, terminal="kiosk-2", customer_id=None, now=T0 + timedelta(seconds=101)) == 0
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=T0 + timedelta(seconds=701)) == 0


def test_a_customers_failures_on_several_kiosks_lock_that_customer_everywhere(db: Database) -> None:
    for i, kiosk in enumerate(["kiosk-1", "kiosk-2", "kiosk-3", "kiosk-1", "kiosk-2"]):
        fail(db, kiosk, "cust-7", i * 10)
    later = T0 + timedelta(seconds=60)
    assert face_payment_locked_for(db, terminal="kiosk-9", customer_id="cust-7", now=later) > 500
    assert face_payment_locked_for(db, terminal="kiosk-9", customer_id="cust-8", now=later) == 0


def test_paced_impostor_attempts_stop_face_payment_for_that_customer_until_the_desk(db: Database) -> None:
    """An impostor with a stolen pass who waits 46 s between tries never trips the short lock; after
    ten failures in a day face payment for that customer stops until the desk re-enables it."""
    from pos_app.core import audit
    from pos_app.core.liveness_log import DAILY_FAILURE_LIMIT, customer_face_blocked, reenable_face_payment

    with db.session() as s:  # enrolled yesterday
        audit.record(s, actor="desk", action="customer.enroll", subject_type="customer", subject_id="cust-7",
                     now=T0 - timedelta(days=1))
    for i in range(DAILY_FAILURE_LIMIT - 1):
        fail(db, f"kiosk-{i % 3}", "cust-7", i * 46)
    now = T0 + timedelta(seconds=DAILY_FAILURE_LIMIT * 46)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id="cust-7", now=now) == 0
    assert not customer_face_blocked(db, "cust-7", now=now)
    fail(db, "kiosk-1", "cust-7", (DAILY_FAILURE_LIMIT - 1) * 46)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id="cust-7", now=now) == 0  # the gap
    assert customer_face_blocked(db, "cust-7", now=now)
    assert customer_face_blocked(db, "cust-7", now=now + timedelta(hours=23))
    assert not customer_face_blocked(db, "cust-8", now=now)
    reenable_face_payment(db, "cust-7", actor="desk", now=now + timedelta(hours=1))
    assert not customer_face_blocked(db, "cust-7", now=now + timedelta(hours=2))  # the failures are still in the day


def test_a_kiosk_refusing_many_of_todays_face_checks_is_named_for_staff(db: Database) -> None:
    """More than the set share of today's face checks refused at a kiosk: its camera or light wants
    a look. Face mismatches and yesterday's checks do not count; too few checks say nothing yet."""
    from pos_app.core.liveness_log import kiosks_refusing
    from pos_app.core.money import Money
    from pos_app.core.states import TxState
    from pos_app.core.terminals import ensure_terminal
    from pos_app.core.transactions import advance, create_transaction

    now = datetime.now(timezone.utc)

    def passed(kiosk: str, n: int) -> None:
        terminal = ensure_terminal(db, kiosk, "kiosk")
        for _ in range(n):
            tx = create_transaction(db, terminal_id=terminal, amount=Money.of(1000, "NOK"), terminal=kiosk)
            advance(db, tx.id, TxState.VERIFYING, terminal=kiosk)
            advance(db, tx.id, TxState.AUTHORIZING, terminal=kiosk, liveness_decision="live")

    def refused(kiosk: str, n: int, decision: str = "retry", when: datetime = now) -> None:
        for _ in range(n):
            record_failure(db, terminal=kiosk, customer_id=None, decision=decision, reasons=["timed out"], now=when)

    refused("kiosk-1", 8)
    refused("kiosk-1", 5, decision="mismatch")  # a face that did not match is no liveness refusal
    refused("kiosk-1", 20, when=now - timedelta(days=2))  # another day
    assert kiosks_refusing(db, share=0.3) == []  # 8 checks today: too few to judge
    passed("kiosk-1", 2)
    refused("kiosk-2", 2)
    passed("kiosk-2", 8)
    alerts = kiosks_refusing(db, share=0.3)
    assert [(a.terminal, a.refused, a.sessions) for a in alerts] == [("kiosk-1", 8, 10)]
    assert kiosks_refusing(db, share=0.8) == []  # 8 of 10 is not more than 80 %
