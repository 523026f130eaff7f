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
