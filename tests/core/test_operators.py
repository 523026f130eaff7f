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


def test_five_wrong_pins_lock_for_30_minutes_then_each_wrong_pin_locks_longer(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as err:
            authenticate(db, "kari", "0000", now=clock)
        assert not isinstance(err.value, OperatorLocked)
    with pytest.raises(OperatorLocked):
        authenticate(db, "kari", "0000", now=clock)
    clock.now += timedelta(minutes=29, seconds=59)
    with pytest.raises(OperatorLocked, match="locked") as locked:
        authenticate(db, "kari", "4821", now=clock)  # even the right PIN is refused while locked
    assert locked.value.seconds_left == 1
    assert "kari" not in str(locked.value)  # the lock names no one
    clock.now += timedelta(seconds=2)
    # Not five fresh guesses: the next wrong PIN locks again, for an hour.
    with pytest.raises(OperatorLocked) as again:
        authenticate(db, "kari", "0000", now=clock)
    assert again.value.seconds_left == 3600
    clock.now += timedelta(hours=1, seconds=1)
    assert authenticate(db, "kari", "4821", now=clock).username == "kari"


def test_a_manager_unlocks_an_operator(db: Database, kari) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.operators import unlock_operator

    clock = Clock()
    for _ in range(5):
        with pytest.raises(AuthenticationFailed):
            authenticate(db, "kari", "0000", now=clock)
    with pytest.raises(OperatorLocked):
        authenticate(db, "kari", "4821", now=clock)
    unlock_operator(db, "kari", actor="mona")
    assert authenticate(db, "kari", "4821", now=clock).username == "kari"


def test_a_locked_or_disabled_account_costs_the_same_time_and_tells_nothing(db: Database, kari, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every answer hashes exactly one PIN (the slow scrypt step), so none comes back faster and
    tells an attacker the account is unknown, locked or disabled; and the words say nothing either."""
    from pos_app.core import operators

    hashes: list[str] = []
    real_verify, real_burn = operators.verify_secret, operators.burn_equal_time
    monkeypatch.setattr(operators, "verify_secret", lambda *a: hashes.append("verify") or real_verify(*a))
    monkeypatch.setattr(operators, "burn_equal_time", lambda *a: hashes.append("burn") or real_burn(*a))

    def refused(user: str, pin: str) -> str:
        hashes.clear()
        with pytest.raises(AuthenticationFailed) as err:
            authenticate(db, user, pin)
        assert len(hashes) == 1, (user, pin, hashes)
        return str(err.value)

    assert refused("nobody", "4821") == "wrong username or PIN"
    disable_operator(db, "kari", actor="test")
    assert refused("kari", "4821") == refused("kari", "0000") == "wrong username or PIN"
    add_operator(db, username="ola", display_name="Ola", role="cashier", secret="2468", actor="t")
    for _ in range(5):
        refused("ola", "0000")
    assert "ola" not in refused("ola", "2468")  # locked: the same cost, and no name


def test_the_shortest_pin_is_a_setting(db: Database) -> None:
    with pytest.raises(InvalidInput, match="6 to 12 digits"):
        add_operator(db, username="ola", display_name="Ola", role="cashier", secret="4821", actor="t", pin_min_digits=6)
    assert add_operator(db, username="ola", display_name="Ola", role="cashier", secret="482193", actor="t",
                        pin_min_digits=6).username == "ola"


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
    with pytest.raises(AuthenticationFailed, match="wrong username or PIN"):
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


def test_an_unknown_users_check_costs_a_real_scrypt_with_todays_parameters() -> None:
    """The dummy hash is a literal (not hashed at import): its parameters must be the real ones,
    or an unknown user's attempt would take a different time than a known user's."""
    from pos_app.core import security

    scheme, n, r, p, _, _ = security._DUMMY_HASH.split("$")
    assert (scheme, int(n), int(r), int(p)) == ("scrypt", security.SCRYPT_N, security.SCRYPT_R, security.SCRYPT_P)
    assert security.verify_secret("not-a-real-secret", security._DUMMY_HASH)
