"""A shopper at a kiosk asks for staff (the kiosk's Help button or key): the call is an audit event
that every register shows until a cashier answers it. The audit chain is the store of record, so a
call cannot be made to vanish without a trace; a kiosk that calls again while one is still open
does not pile up calls."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.models import AuditEvent

CALLED, ANSWERED = "kiosk.help_called", "kiosk.help_answered"
# A call nobody answered in this long has been dealt with in person; it stops showing.
OPEN_FOR = timedelta(minutes=30)


@dataclass(frozen=True)
class HelpCall:
    terminal: str
    at: datetime


def call_help(db: Database, terminal: str, now: datetime | None = None) -> HelpCall:
    now = now or datetime.now(timezone.utc)
    with db.session() as s:
        already = _open_calls(s, now).get(terminal)
        if already is not None:
            return already
        audit.record(s, actor="shopper", action=CALLED, terminal=terminal, subject_type="terminal",
                     subject_id=terminal, now=now)
        return HelpCall(terminal, now)


def answer_help(db: Database, terminal: str, actor: str, now: datetime | None = None) -> None:
    with db.session() as s:
        audit.record(s, actor=actor, action=ANSWERED, terminal=terminal, subject_type="terminal", subject_id=terminal,
                     now=now)


def open_help_calls(db: Database, now: datetime | None = None) -> list[HelpCall]:
    """The kiosks waiting for staff, longest-waiting first."""
    with db.session() as s:
        return sorted(_open_calls(s, now or datetime.now(timezone.utc)).values(), key=lambda c: c.at)


def _open_calls(s, now: datetime) -> dict[str, HelpCall]:
    since = (now - OPEN_FOR).isoformat(timespec="microseconds")
    events = s.execute(select(AuditEvent.action, AuditEvent.subject_id, AuditEvent.at)
                       .where(AuditEvent.action.in_((CALLED, ANSWERED)), AuditEvent.at >= since)
                       .order_by(AuditEvent.seq)).all()
    calls: dict[str, HelpCall] = {}
    for action, terminal, at in events:
        if action == CALLED:
            calls.setdefault(terminal, HelpCall(terminal, datetime.fromisoformat(at)))
        else:
            calls.pop(terminal, None)
    return calls
