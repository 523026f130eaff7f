"""Failed liveness sessions, kept in the audit trail, and the lock they trigger.

Kept in the database rather than in a kiosk's memory so that a customer's limit holds across the
kiosks of a store and survives a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, or_, select

from liveness.fusion import RateLimit
from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.models import AuditEvent, Terminal, Transaction

ACTION = "liveness.failed"


def record_failure(db: Database, *, terminal: str, customer_id: str | None, decision: str, reasons: list[str],
                   now: datetime | None = None) -> None:
    with db.session() as s:
        audit.record(s, actor="kiosk", action=ACTION, terminal=terminal, subject_type="customer" if customer_id else "",
                     subject_id=customer_id or "", after={"decision": decision, "reasons": reasons}, now=now)


def face_payment_locked_for(db: Database, *, terminal: str, customer_id: str | None, now: datetime | None = None,
                            limit: RateLimit = RateLimit()) -> float:
    """Seconds until face payment may be offered again on this terminal for this customer (0: now)."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    since = (moment - timedelta(seconds=limit.window + limit.lockout)).isoformat(timespec="microseconds")
    who = [AuditEvent.terminal == terminal] + ([AuditEvent.subject_id == customer_id] if customer_id else [])
    with db.session() as s:
        rows = s.execute(select(AuditEvent.at, AuditEvent.terminal, AuditEvent.subject_id)
                         .where(AuditEvent.action == ACTION, AuditEvent.at >= since, or_(*who))).all()
    stamp = moment.timestamp()

    def times(rows_for) -> list[float]:  # type: ignore[no-untyped-def]
        return [datetime.fromisoformat(at).timestamp() for at, *_ in rows_for]

    on_terminal = times([r for r in rows if r[1] == terminal])
    for_customer = times([r for r in rows if customer_id and r[2] == customer_id])
    return max(limit.locked_for(on_terminal, stamp), limit.locked_for(for_customer, stamp))


# Paced impostor attempts (NIST SP 800-63B 5.2.3 caps consecutive failed biometric attempts):
# the short RateLimit above lets someone with a stolen pass try every few minutes all day. After
# this many failed sessions for one customer in a day, face payment for them stops until the
# desk re-enables it (or re-enrolls them, which issues a new pass).
DAILY_FAILURE_LIMIT = 10
DAILY_WINDOW = timedelta(hours=24)
REENABLED = "customer.face_reenabled"
_FRESH_START = (REENABLED, "customer.enroll", "customer.reenroll")


def customer_face_blocked(db: Database, customer_id: str, *, now: datetime | None = None) -> bool:
    """True when the customer has failed DAILY_FAILURE_LIMIT times in 24 h since the desk last
    enrolled or re-enabled them."""
    moment = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    with db.session() as s:
        start = s.scalar(select(func.max(AuditEvent.at)).where(
            AuditEvent.subject_id == customer_id, AuditEvent.action.in_(_FRESH_START))) or ""
        since = max(start, (moment - DAILY_WINDOW).isoformat(timespec="microseconds"))
        failures = s.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.action == ACTION, AuditEvent.subject_id == customer_id, AuditEvent.at > since)) or 0
    return failures >= DAILY_FAILURE_LIMIT


def reenable_face_payment(db: Database, customer_id: str, *, actor: str, terminal: str = "",
                          now: datetime | None = None) -> None:
    """The desk has seen the customer: face payment may be offered again (audited)."""
    with db.session() as s:
        audit.record(s, actor=actor, action=REENABLED, terminal=terminal, subject_type="customer",
                     subject_id=customer_id, now=now)


# A kiosk that refuses many of today's face checks has a camera or light problem more often than a
# queue of attackers: staff are told at the register. Judged only once a day has this many checks.
ALERT_MIN_SESSIONS = 10
OSLO = "Europe/Oslo"


@dataclass(frozen=True)
class KioskRefusals:
    terminal: str
    refused: int
    sessions: int


def kiosks_refusing(db: Database, *, share: float, now: datetime | None = None,
                    min_sessions: int = ALERT_MIN_SESSIONS) -> list[KioskRefusals]:
    """Kiosks whose face checks today (the shop's day, Europe/Oslo) were refused more often than
    `share`: failed liveness sessions against those failed plus those that passed (a payment
    reached the bank with a live decision). A face that did not match is not a liveness refusal."""
    from zoneinfo import ZoneInfo

    moment = (now or datetime.now(timezone.utc)).astimezone(ZoneInfo(OSLO))
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0).astimezone(timezone.utc)
    since = midnight.isoformat(timespec="microseconds")
    until = moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
    failed: dict[str, int] = {}
    with db.session() as s:
        for terminal, after in s.execute(select(AuditEvent.terminal, AuditEvent.after).where(
                AuditEvent.action == ACTION, AuditEvent.at >= since, AuditEvent.at <= until)):
            if (json.loads(after or "null") or {}).get("decision") != "mismatch":
                failed[terminal] = failed.get(terminal, 0) + 1
        passed = dict(s.execute(select(Terminal.name, func.count()).join(Transaction, Transaction.terminal_id == Terminal.id)
                                .where(Transaction.liveness_decision == "live", Transaction.created_at >= midnight)
                                .group_by(Terminal.name)).all())
    out = []
    for terminal in sorted(set(failed) | set(passed)):
        refused, sessions = failed.get(terminal, 0), failed.get(terminal, 0) + passed.get(terminal, 0)
        if sessions >= min_sessions and refused > share * sessions:
            out.append(KioskRefusals(terminal, refused, sessions))
    return out
