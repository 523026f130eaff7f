"""Failed liveness sessions, kept in the audit trail, and the lock they trigger.

Kept in the database rather than in a kiosk's memory so that a customer's limit holds across the
kiosks of a store and survives a restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from liveness.fusion import RateLimit
from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.models import AuditEvent, Customer, Terminal, Transaction

ACTION = "liveness.failed"


def record_failure(db: Database, *, terminal: str, customer_id: str | None, decision: str, reasons: list[str],
                   claim: str = "pass", now: datetime | None = None) -> None:
    """``claim``: how the shopper named the customer, "pass" (holding it is a factor) or "phone"
    (anyone may type a number: such failures never stop a customer for the day)."""
    with db.session() as s:
        audit.record(s, actor="kiosk", action=ACTION, terminal=terminal, subject_type="customer" if customer_id else "",
                     subject_id=customer_id or "", after={"decision": decision, "reasons": reasons, "claim": claim},
                     now=now)


# Who can lock out whom (docs/security.md). A claimed customer's failed sessions slow down only
# that customer: after BACKOFF_AFTER in a row, each further try waits, doubling from BACKOFF_FIRST
# to at most BACKOFF_MOST (NIST SP 800-63B 5.2.3's exponential delay). A kiosk pauses for everyone
# only when its failures within the window come from KIOSK_MIN_CUSTOMERS different customers, so
# one attacker aiming at one victim (or one unlucky shopper) never stops the queue behind them.
BACKOFF_AFTER = 3
BACKOFF_FIRST = 30.0
BACKOFF_MOST = 3600.0
KIOSK_LIMIT = RateLimit(max_failures=5, window=180.0, lockout=600.0)
KIOSK_MIN_CUSTOMERS = 3
# Paced impostor attempts with a stolen pass: after this many failed pass-claimed sessions for one
# customer in a day, face payment for them stops until the desk or a manager re-enables it (or
# re-enrols them, which issues a new pass). A phone claim proves nothing, so it never counts here.
DAILY_FAILURE_LIMIT = 10
DAILY_WINDOW = timedelta(hours=24)
REENABLED = "customer.face_reenabled"
KIOSK_UNLOCKED = "kiosk.face_unlocked"
_FRESH_START = (REENABLED, "customer.enroll", "customer.reenroll")


def _utc(now: datetime | None) -> datetime:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="microseconds")


def _customer_start(s, customer_id: str, moment: datetime) -> str:
    """Failures before this do not count: the desk enrolled or re-enabled the customer, or they paid."""
    fresh = s.scalar(select(func.max(AuditEvent.at)).where(
        AuditEvent.subject_id == customer_id, AuditEvent.action.in_(_FRESH_START))) or ""
    paid = s.scalar(select(Customer.last_used_at).where(Customer.id == customer_id))
    return max(fresh, _iso(paid.astimezone(timezone.utc)) if paid else "", _iso(moment - DAILY_WINDOW))


def customer_locked_for(db: Database, customer_id: str, *, now: datetime | None = None) -> float:
    """Seconds this customer must wait before the next face payment try (0: now)."""
    moment = _utc(now)
    with db.session() as s:
        since = _customer_start(s, customer_id, moment)
        times = [datetime.fromisoformat(at).timestamp() for at in s.scalars(select(AuditEvent.at).where(
            AuditEvent.action == ACTION, AuditEvent.subject_id == customer_id, AuditEvent.at > since,
            AuditEvent.at <= _iso(moment)))]
    if len(times) < BACKOFF_AFTER:
        return 0.0
    wait = min(BACKOFF_MOST, BACKOFF_FIRST * 2 ** (len(times) - BACKOFF_AFTER))
    return max(0.0, max(times) + wait - moment.timestamp())


def kiosk_locked_for(db: Database, terminal: str, *, now: datetime | None = None,
                     limit: RateLimit = KIOSK_LIMIT) -> float:
    """Seconds until this kiosk offers face payment again (0: now): paused only by failures from
    several customers within the window, and lifted early by a manager."""
    moment = _utc(now)
    since = _iso(moment - timedelta(seconds=limit.window + limit.lockout))
    with db.session() as s:
        lifted = s.scalar(select(func.max(AuditEvent.at)).where(
            AuditEvent.action == KIOSK_UNLOCKED, AuditEvent.subject_id == terminal)) or ""
        rows = s.execute(select(AuditEvent.at, AuditEvent.subject_id, AuditEvent.seq).where(
            AuditEvent.action == ACTION, AuditEvent.terminal == terminal, AuditEvent.at >= max(since, lifted),
            AuditEvent.at <= _iso(moment)).order_by(AuditEvent.at)).all()
    stamp = moment.timestamp()
    events = [(datetime.fromisoformat(at).timestamp(), who or f"unclaimed-{seq}") for at, who, seq in rows]
    locked = 0.0
    for i in range(len(events)):
        window = [e for e in events[i:] if e[0] - events[i][0] <= limit.window]
        if len(window) >= limit.max_failures and len({who for _, who in window}) >= KIOSK_MIN_CUSTOMERS:
            locked = max(locked, window[-1][0] + limit.lockout - stamp)
    return max(0.0, locked)


def face_payment_locked_for(db: Database, *, terminal: str, customer_id: str | None,
                            now: datetime | None = None) -> float:
    """Seconds until face payment may be offered on this kiosk for this customer (0: now)."""
    kiosk = kiosk_locked_for(db, terminal, now=now)
    return max(kiosk, customer_locked_for(db, customer_id, now=now)) if customer_id else kiosk


def customer_face_blocked(db: Database, customer_id: str, *, now: datetime | None = None) -> bool:
    """True when the customer has failed DAILY_FAILURE_LIMIT pass-claimed sessions in 24 h since
    the desk last enrolled or re-enabled them."""
    moment = _utc(now)
    with db.session() as s:
        start = s.scalar(select(func.max(AuditEvent.at)).where(
            AuditEvent.subject_id == customer_id, AuditEvent.action.in_(_FRESH_START))) or ""
        since = max(start, _iso(moment - DAILY_WINDOW))
        after = s.scalars(select(AuditEvent.after).where(
            AuditEvent.action == ACTION, AuditEvent.subject_id == customer_id, AuditEvent.at > since)).all()
    by_pass = sum(1 for a in after if json.loads(a or "{}").get("claim", "pass") != "phone")
    return by_pass >= DAILY_FAILURE_LIMIT


def reenable_face_payment(db: Database, customer_id: str, *, actor: str, terminal: str = "",
                          now: datetime | None = None) -> None:
    """The desk or a manager has seen the customer: face payment may be offered again (audited)."""
    with db.session() as s:
        audit.record(s, actor=actor, action=REENABLED, terminal=terminal, subject_type="customer",
                     subject_id=customer_id, now=now)


def lift_kiosk_lock(db: Database, kiosk: str, *, actor: str, terminal: str = "", now: datetime | None = None) -> None:
    """A manager lifts a kiosk's pause (audited); failures before it no longer count there."""
    with db.session() as s:
        audit.record(s, actor=actor, action=KIOSK_UNLOCKED, terminal=terminal, subject_type="terminal",
                     subject_id=kiosk, now=now)


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
