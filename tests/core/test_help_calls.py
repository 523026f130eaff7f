"""A shopper's call for staff from a kiosk, as the registers see it: on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from pos_app.core.audit import verify_chain
from pos_app.core.help_calls import answer_help, call_help, open_help_calls


def test_a_call_shows_on_every_register_until_a_cashier_answers_it(db) -> None:  # type: ignore[no-untyped-def]
    t0 = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    call_help(db, "kiosk-2", now=t0)
    call_help(db, "kiosk-1", now=t0 + timedelta(seconds=5))
    # Pressing Help again while waiting does not queue a second call, nor make the wait look shorter.
    again = call_help(db, "kiosk-2", now=t0 + timedelta(seconds=30))
    assert again.at == t0
    calls = open_help_calls(db, now=t0 + timedelta(minutes=1))
    assert [c.terminal for c in calls] == ["kiosk-2", "kiosk-1"]  # the longest wait first
    answer_help(db, "kiosk-2", "ada", now=t0 + timedelta(minutes=2))
    assert [c.terminal for c in open_help_calls(db, now=t0 + timedelta(minutes=3))] == ["kiosk-1"]
    # Once answered, a new press is a new call.
    call_help(db, "kiosk-2", now=t0 + timedelta(minutes=4))
    assert {c.terminal for c in open_help_calls(db, now=t0 + timedelta(minutes=5))} == {"kiosk-1", "kiosk-2"}
    with db.session() as s:
        assert verify_chain(s).ok  # every call and answer is in the tamper-evident log


def test_a_call_nobody_answered_stops_showing_after_half_an_hour(db) -> None:  # type: ignore[no-untyped-def]
    t0 = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    call_help(db, "kiosk-1", now=t0)
    assert open_help_calls(db, now=t0 + timedelta(minutes=29))
    assert open_help_calls(db, now=t0 + timedelta(minutes=31)) == []
