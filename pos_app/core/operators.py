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

MAX_FAILED_ATTEMPTS = 5
LOCKOUT = timedelta(minutes=5)
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
    name = username.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise InvalidInput(f"username {username!r} must be 1-64 letters, digits, '.', '_' or '-'")
    return name


def add_operator(
    db: Database, *, username: str, display_name: str, role: str, secret: str,
    actor: str, terminal: str = "",
) -> OperatorInfo:
    name = _check_username(username)
    parsed_role = parse_role(role)
    check_secret_strength(secret)
    secret_hash = hash_secret(secret)
    try:
        with db.session() as s:
            if s.scalar(select(Operator.id).where(Operator.username == name)):
                raise AlreadyExists(f"operator {name!r} already exists")
            op = Operator(username=name, display_name=display_name.strip() or name,
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


def authenticate(
    db: Database, username: str, secret: str, *, terminal: str = "", now: Clock = _utcnow,
) -> OperatorInfo:
    """Check a PIN. The fifth wrong one in a row locks the operator for five minutes.

    A failed attempt is committed before the error is raised, so the count survives the error.
    """
    failure: AuthenticationFailed | None = None
    with db.session() as s:
        op = s.scalar(select(Operator).where(Operator.username == username).with_for_update())
        if op is None:
            burn_equal_time(secret)
            failure = AuthenticationFailed("wrong username or PIN")
        else:
            moment = now()
            if op.locked_until is not None and op.locked_until > moment:
                left = int((op.locked_until - moment).total_seconds())
                raise OperatorLocked(f"operator {username!r} is locked after too many wrong PINs",
                                     seconds_left=left)
            if op.locked_until is not None:  # the lock has run out: a fresh start
                op.locked_until, op.failed_attempts = None, 0
            if not verify_secret(secret, op.secret_hash):
                op.failed_attempts += 1
                details = {"failed_attempts": op.failed_attempts}
                if op.failed_attempts >= MAX_FAILED_ATTEMPTS:
                    op.locked_until = moment + LOCKOUT
                    audit.record(s, actor=username, action="operator.locked", terminal=terminal,
                                 subject_type="operator", subject_id=op.id, after=details, now=moment)
                    failure = OperatorLocked(
                        f"operator {username!r} is locked after {MAX_FAILED_ATTEMPTS} wrong PINs",
                        seconds_left=int(LOCKOUT.total_seconds()),
                    )
                else:
                    audit.record(s, actor=username, action="operator.login_failed", terminal=terminal,
                                 subject_type="operator", subject_id=op.id, after=details, now=moment)
                    failure = AuthenticationFailed("wrong username or PIN")
            elif op.disabled:
                failure = AuthenticationFailed(f"operator {username!r} is disabled")
            else:
                op.failed_attempts = 0
                audit.record(s, actor=username, action="operator.login", terminal=terminal,
                             subject_type="operator", subject_id=op.id, now=moment)
                return OperatorInfo.of(op)
    assert failure is not None
    raise failure
