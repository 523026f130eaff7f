"""Operators: creation, listing, disabling and PIN login with lockout. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import AlreadyExists, AuthenticationFailed, InvalidInput, NotFound, OperatorLocked
from pos_app.core.models import Operator
from pos_app.core.permissions import Permission, Role, can, parse_role, require
from pos_app.core.security import burn_equal_time, check_secret_strength, hash_secret, verify_secret
from pos_app.core.text import clean_text

MAX_FAILED_ATTEMPTS = 5
# PCI DSS v4.0 requirement 8.3.4: locked after at most 10 tries, for at least 30 minutes or until a
# manager confirms who it is. Each wrong PIN after the lock runs out locks again, twice as long
# (capped at a day): a guesser gets 5 tries, then one per 30 min, 60 min, 2 h, ...
LOCKOUT = timedelta(minutes=30)
MAX_LOCKOUT = timedelta(hours=24)
WRONG = "wrong username or PIN"
LOCKED = "this sign-in is locked after too many wrong PINs; a manager can unlock it"


def lockout_for(failed_attempts: int) -> timedelta:
    return min(MAX_LOCKOUT, LOCKOUT * 2 ** max(0, failed_attempts - MAX_FAILED_ATTEMPTS))
Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class OperatorInfo:
    id: str
    username: str
    display_name: str
    role: Role
    disabled: bool
    locked_until: datetime | None

    @classmethod
    def of(cls, op: Operator) -> OperatorInfo:
        return cls(op.id, op.username, op.display_name, Role(op.role), op.disabled, op.locked_until)

    def require(self, permission: Permission) -> None:
        require(self.role, permission, who=self.username)

    def can(self, permission: Permission) -> bool:
        return can(self.role, permission)


def _check_username(username: str) -> str:
    name = clean_text(username, "the username", 64)
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise InvalidInput(f"username {username!r} must be 1-64 letters, digits, '.', '_' or '-'")
    return name


def add_operator(
    db: Database, *, username: str, display_name: str, role: str, secret: str,
    actor: str, terminal: str = "", pin_min_digits: int = 4,
) -> OperatorInfo:
    name = _check_username(username)
    shown = clean_text(display_name, "the operator's name", 128, allow_empty=True) or name
    parsed_role = parse_role(role)
    check_secret_strength(secret, pin_min_digits)
    secret_hash = hash_secret(secret)
    try:
        with db.session() as s:
            if s.scalar(select(Operator.id).where(Operator.username == name)):
                raise AlreadyExists(f"operator {name!r} already exists")
            op = Operator(username=name, display_name=shown,
                          role=parsed_role.value, secret_hash=secret_hash)
            s.add(op)
            s.flush()
            audit.record(s, actor=actor, action="operator.add", terminal=terminal,
                         subject_type="operator", subject_id=op.id,
                         after={"username": name, "role": parsed_role.value})
            return OperatorInfo.of(op)
    except IntegrityError:  # a concurrent add of the same name won the race
        raise AlreadyExists(f"operator {name!r} already exists") from None


def list_operators(db: Database) -> list[OperatorInfo]:
    with db.session() as s:
        return [OperatorInfo.of(op) for op in s.scalars(select(Operator).order_by(Operator.username))]


def disable_operator(db: Database, username: str, *, actor: str, terminal: str = "") -> OperatorInfo:
    with db.session() as s:
        op = s.scalar(select(Operator).where(Operator.username == username).with_for_update())
        if op is None:
            raise NotFound(f"no operator named {username!r}")
        if not op.disabled:
            op.disabled = True
            audit.record(s, actor=actor, action="operator.disable", terminal=terminal,
                         subject_type="operator", subject_id=op.id,
                         before={"disabled": False}, after={"disabled": True})
        return OperatorInfo.of(op)


def unlock_operator(db: Database, username: str, *, actor: str, terminal: str = "") -> OperatorInfo:
    """A manager has confirmed who it is: lift the lock and start the count again (audited)."""
    with db.session() as s:
        op = s.scalar(select(Operator).where(Operator.username == username).with_for_update())
        if op is None:
            raise NotFound(f"no operator named {username!r}")
        before = {"locked_until": str(op.locked_until), "failed_attempts": op.failed_attempts}
        op.locked_until, op.failed_attempts = None, 0
        audit.record(s, actor=actor, action="operator.unlock", terminal=terminal, subject_type="operator",
                     subject_id=op.id, before=before, after={"locked_until": None, "failed_attempts": 0})
        return OperatorInfo.of(op)


def authenticate(
    db: Database, username: str, secret: str, *, terminal: str = "", now: Clock = _utcnow,
) -> OperatorInfo:
    """Check a PIN. The fifth wrong one in a row locks the operator for 30 minutes; each wrong one
    after a lock runs out locks again for twice as long (see LOCKOUT).

    Every refusal costs the same time (a PIN is always hashed) and says nothing about the account:
    not its name, not whether it is disabled, not whether the PIN was right. A failed attempt is
    committed before the error is raised, so the count survives the error.
    """
    failure: AuthenticationFailed | None = None
    with db.session() as s:
        op = s.scalar(select(Operator).where(Operator.username == username).with_for_update())
        if op is None:
            burn_equal_time(secret)
            failure = AuthenticationFailed(WRONG)
        else:
            moment = now()
            if op.locked_until is not None and op.locked_until > moment:
                burn_equal_time(secret)
                raise OperatorLocked(LOCKED, seconds_left=int((op.locked_until - moment).total_seconds()))
            if op.locked_until is not None:  # the lock has run out; the count stays, so the next
                op.locked_until = None       # wrong PIN locks again, for longer
            right = verify_secret(secret, op.secret_hash)
            if op.disabled:
                failure = AuthenticationFailed(WRONG)  # whether or not the PIN was right
            elif not right:
                op.failed_attempts += 1
                details = {"failed_attempts": op.failed_attempts}
                if op.failed_attempts >= MAX_FAILED_ATTEMPTS:
                    lock = lockout_for(op.failed_attempts)
                    op.locked_until = moment + lock
                    audit.record(s, actor=username, action="operator.locked", terminal=terminal,
                                 subject_type="operator", subject_id=op.id,
                                 after={**details, "minutes": int(lock.total_seconds() // 60)}, now=moment)
                    failure = OperatorLocked(LOCKED, seconds_left=int(lock.total_seconds()))
                else:
                    audit.record(s, actor=username, action="operator.login_failed", terminal=terminal,
                                 subject_type="operator", subject_id=op.id, after=details, now=moment)
                    failure = AuthenticationFailed(WRONG)
            else:
                op.failed_attempts = 0
                audit.record(s, actor=username, action="operator.login", terminal=terminal,
                             subject_type="operator", subject_id=op.id, now=moment)
                return OperatorInfo.of(op)
    assert failure is not None
    raise failure
