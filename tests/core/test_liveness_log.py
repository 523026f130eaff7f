"""The liveness failure limit, on both databases: per terminal, and per customer across kiosks."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pos_app.core.db import Database
from pos_app.core.liveness_log import face_payment_locked_for, record_failure

T0 = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def fail(db: Database, terminal: str, customer: str | None, seconds: float) -> None:
    record_failure(db, terminal=terminal, customer_id=customer, decision="spoof", reasons=["photo"],
                   now=T0 + timedelta(seconds=seconds))


def test_failures_from_several_customers_pause_a_kiosk_for_ten_minutes(db: Database) -> None:
    for i, who in enumerate(["cust-1", "cust-2", "cust-3", "cust-1"]):
        fail(db, "kiosk-1", who, i * 20)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=T0 + timedelta(seconds=90)) == 0
    fail(db, "kiosk-1", "cust-2", 100)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=T0 + timedelta(seconds=101)) == 599
    assert face_payment_locked_for(db, terminal="kiosk-2", customer_id=None, now=T0 + timedelta(seconds=101)) == 0
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=T0 + timedelta(seconds=701)) == 0


def test_one_customers_failures_never_pause_the_kiosk_for_everyone(db: Database) -> None:
    """Before: 5 failed sessions in 3 minutes locked face payment at a kiosk for everyone for 10
    minutes; one attacker with one victim's pass (or phone number) could aim that at a queue."""
    for i in range(8):
        fail(db, "kiosk-1", "victim", i * 10)
    later = T0 + timedelta(seconds=81)
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id=None, now=later) == 0
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id="someone-else", now=later) == 0
    assert face_payment_locked_for(db, terminal="kiosk-9", customer_id="victim", now=later) > 0


def test_a_customers_tries_back_off_doubling_on_every_kiosk_until_they_pay(db: Database) -> None:
    from pos_app.core.liveness_log import BACKOFF_FIRST, customer_locked_for

    for i in range(2):
        fail(db, f"kiosk-{i}", "cust-7", i * 10)
    assert customer_locked_for(db, "cust-7", now=T0 + timedelta(seconds=11)) == 0  # two tries are free
    fail(db, "kiosk-2", "cust-7", 20)
    assert customer_locked_for(db, "cust-7", now=T0 + timedelta(seconds=20)) == BACKOFF_FIRST
    fail(db, "kiosk-2", "cust-7", 60)
    assert customer_locked_for(db, "cust-7", now=T0 + timedelta(seconds=60)) == 2 * BACKOFF_FIRST
    assert customer_locked_for(db, "cust-7", now=T0 + timedelta(seconds=60 + 2 * BACKOFF_FIRST)) == 0
    assert customer_locked_for(db, "cust-8", now=T0 + timedelta(seconds=60)) == 0


def test_paced_impostor_attempts_with_a_pass_stop_that_customer_until_the_desk(db: Database) -> None:
    """An impostor with a stolen pass who waits out each back-off: after ten failures in a day
    face payment for that customer stops until the desk or a manager re-enables it."""
    from pos_app.core import audit
    from pos_app.core.liveness_log import DAILY_FAILURE_LIMIT, customer_face_blocked, reenable_face_payment

    with db.session() as s:  # enrolled yesterday
        audit.record(s, actor="desk", action="customer.enroll", subject_type="customer", subject_id="cust-7",
                     now=T0 - timedelta(days=1))
    for i in range(DAILY_FAILURE_LIMIT - 1):
        fail(db, f"kiosk-{i % 3}", "cust-7", i * 600)
    now = T0 + timedelta(seconds=DAILY_FAILURE_LIMIT * 600)
    assert not customer_face_blocked(db, "cust-7", now=now)
    fail(db, "kiosk-1", "cust-7", (DAILY_FAILURE_LIMIT - 1) * 600)
    assert customer_face_blocked(db, "cust-7", now=now)
    assert customer_face_blocked(db, "cust-7", now=now + timedelta(hours=21))
    assert not customer_face_blocked(db, "cust-8", now=now)
    reenable_face_payment(db, "cust-7", actor="desk", now=now + timedelta(hours=1))
    assert not customer_face_blocked(db, "cust-7", now=now + timedelta(hours=2))  # the failures are still in the day
    assert face_payment_locked_for(db, terminal="kiosk-1", customer_id="cust-7", now=now + timedelta(hours=2)) == 0


def test_a_phone_number_alone_cannot_stop_a_victim_for_the_day(db: Database) -> None:
    """Store-key mode: anyone may type a victim's phone number. Such failures slow that customer's
    next try (at most an hour) but never stop them for the day."""
    from pos_app.core.liveness_log import BACKOFF_MOST, DAILY_FAILURE_LIMIT, customer_face_blocked, customer_locked_for

    for i in range(DAILY_FAILURE_LIMIT * 2):
        record_failure(db, terminal="kiosk-1", customer_id="victim", decision="mismatch", reasons=["no match"],
                       claim="phone", now=T0 + timedelta(seconds=i * 60))
    now = T0 + timedelta(seconds=DAILY_FAILURE_LIMIT * 2 * 60)
    assert not customer_face_blocked(db, "victim", now=now)
    assert 0 < customer_locked_for(db, "victim", now=now) <= BACKOFF_MOST


def test_a_manager_lifts_a_kiosks_pause_and_it_is_audited(db: Database) -> None:
    from pos_app.core.audit import list_events
    from pos_app.core.liveness_log import kiosk_locked_for, lift_kiosk_lock

    for i in range(5):
        fail(db, "kiosk-1", f"cust-{i}", i * 5)
    now = T0 + timedelta(seconds=30)
    assert kiosk_locked_for(db, "kiosk-1", now=now) > 0
    lift_kiosk_lock(db, "kiosk-1", actor="mona", terminal="register-1", now=now)
    assert kiosk_locked_for(db, "kiosk-1", now=now + timedelta(seconds=1)) == 0
    with db.session() as s:
        assert any(e.action == "kiosk.face_unlocked" and e.actor == "mona" for e in list_events(s))


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
