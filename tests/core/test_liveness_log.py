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
