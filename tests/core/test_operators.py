"""Operators on both databases: hashed PINs, lockout after five wrong PINs, disabling."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import text

from pos_app.core.db import Database
from pos_app.core.errors import AlreadyExists, AuthenticationFailed, InvalidInput, NotFound, OperatorLocked
from pos_app.core.operators import add_operator, authenticate, disable_operator, list_operators
from pos_app.core.permissions import Permission, Role
from pos_app.core.errors import PermissionDenied


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def kari(db: Database):  # type: ignore[no-untyped-def]
    return add_operator(db, username="kari", display_name="Kari Nordmann", role="cashier",
                        secret="4821", actor="test")


def test_added_operator_can_log_in_with_the_right_pin(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    who = authenticate(db, "kari", "4821")
    assert (who.username, who.role) == ("kari", Role.CASHIER)
    assert [o.username for o in list_operators(db)] == ["kari"]


def test_pin_is_stored_only_as_a_scrypt_hash(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        stored = s.execute(text("SELECT secret_hash FROM operators")).scalar_one()
    assert stored.startswith("scrypt$") and "4821" not in stored


@pytest.mark.parametrize("weak", ["12", "1111", "pass", "1234567890123"])
def test_weak_pins_are_refused(db: Database, weak: str) -> None:
    with pytest.raises(InvalidInput):
        add_operator(db, username="x", display_name="", role="cashier", secret=weak, actor="test")


def test_duplicate_username_is_refused(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AlreadyExists, match="'kari' already exists"):
        add_operator(db, username="kari", display_name="", role="manager", secret="9876", actor="test")


def test_unknown_user_and_wrong_pin_look_the_same(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AuthenticationFailed) as unknown:
        authenticate(db, "nobody", "4821")
    with pytest.raises(AuthenticationFailed) as wrong:
        authenticate(db, "kari", "0000")
    assert str(unknown.value) == str(wrong.value) == "wrong username or PIN"


def test_five_wrong_pins_lock_for_five_minutes(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            authenticate(db, "kari", "0000", now=clock)
        assert not isinstance(err.value, OperatorLocked)
    with pytest.raises(OperatorLocked):
        authenticate(db, "kari", "0000", now=clock)
    clock.now += timedelta(minutes=4, seconds=59)
    with pytest.raises(OperatorLocked, match="locked") as locked:
        authenticate(db, "kari", "4821", now=clock)  # even the right PIN is refused while locked
    assert locked.value.seconds_left == 1
    clock.now += timedelta(seconds=2)
    assert authenticate(db, "kari", "4821", now=clock).username == "kari"


def test_a_right_pin_resets_the_count(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "kari", "0000", now=clock)
    authenticate(db, "kari", "4821", now=clock)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            authenticate(db, "kari", "0000", now=clock)
        assert not isinstance(err.value, OperatorLocked)


def test_disabled_operator_cannot_log_in(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    disable_operator(db, "kari", actor="test")
    with pytest.raises(AuthenticationFailed, match="disabled"):
        authenticate(db, "kari", "4821")
    with pytest.raises(NotFound):
        disable_operator(db, "nobody", actor="test")


def test_logged_in_cashier_is_refused_a_refund_by_core(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    who = authenticate(db, "kari", "4821")
    who.require(Permission.SELL)
    with pytest.raises(PermissionDenied, match="kari \\(cashier\\) may not refund"):
        who.require(Permission.REFUND)


def test_logins_failures_and_locks_are_audited(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    authenticate(db, "kari", "4821", now=clock)
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "kari", "0000", now=clock)
    with db.session() as s:
        actions = s.execute(text("SELECT action FROM audit_events ORDER BY seq")).scalars().all()
    assert actions == ["operator.add", "operator.login"] + ["operator.login_failed"] * 4 + ["operator.locked"]
