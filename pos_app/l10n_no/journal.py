"""The electronic journal: the audit trail's events that the cash-register rules name, each with
its 13xxx code (codes.EVENTS). They are written by the code that does the thing, inside its
database transaction, so nothing happens unjournaled; the trail is append-only (database
triggers) and hash-chained (core/audit).

A register's state that the rules care about, training mode and the drawer, is read back from
its own journal: the journal is the record, and there is no second flag to fall out of step.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import AuditEvent
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.l10n_no.codes import DRAWER_NO_SALE, EVENTS, Code


@dataclass(frozen=True)
class JournalEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    terminal: str
    subject_id: str
    code: Code
    data: dict[str, Any]


def record(s: Session, action: str, *, actor: str, terminal: str, subject_type: str = "", subject_id: str = "",
           after: dict[str, Any] | None = None) -> None:
    """Journal one event; an action the rules do not name is a programming error."""
    if action not in EVENTS:
        raise ValueError(f"{action!r} is not a journal event")
    audit.record(s, actor=actor, action=action, terminal=terminal, subject_type=subject_type,
                 subject_id=subject_id, after=after)


def journal(db: Database, action: str, *, actor: str, terminal: str, **fields: Any) -> None:
    with db.session() as s:
        record(s, action, actor=actor, terminal=terminal, after=fields or None)


def _last(s: Session, terminal: str, actions: tuple[str, ...]) -> str | None:
    return s.scalar(select(AuditEvent.action).where(AuditEvent.terminal == terminal, AuditEvent.action.in_(actions))
                    .order_by(AuditEvent.seq.desc()).limit(1))


def utc_text(when: datetime) -> str:
    return when.astimezone(timezone.utc).isoformat(timespec="microseconds")  # as audit.record writes it


def training_on(s: Session, terminal: str) -> bool:
    return _last(s, terminal, ("training.on", "training.off")) == "training.on"


def drawer_open(s: Session, terminal: str) -> bool:
    return _last(s, terminal, ("drawer.open", "drawer.close")) == "drawer.open"


def set_training(db: Database, who: OperatorInfo, terminal: str, on: bool) -> bool:
    """A manager switches training mode on or off for one register. Returns the new state."""
    who.require(Permission.TRAINING_MODE)
    with db.session() as s:
        if training_on(s, terminal) == on:
            raise InvalidInput(f"training mode is already {'on' if on else 'off'} on {terminal}")
        record(s, "training.on" if on else "training.off", actor=who.username, terminal=terminal)
    return on


def open_drawer(db: Database, who: OperatorInfo, terminal: str, *, transaction_id: str = "") -> None:
    """Record the drawer opening: for a sale's cash, or (no transaction) without a sale."""
    who.require(Permission.OPEN_DRAWER)
    with db.session() as s:
        if drawer_open(s, terminal):
            raise InvalidInput("the drawer is already open; close it first")
        record(s, "drawer.open", actor=who.username, terminal=terminal, subject_type="transaction",
               subject_id=transaction_id, after={"no_sale": not transaction_id})


def close_drawer(db: Database, who: OperatorInfo | str, terminal: str) -> None:
    actor = who if isinstance(who, str) else who.username
    with db.session() as s:
        if not drawer_open(s, terminal):
            raise InvalidInput("the drawer is not open")
        record(s, "drawer.close", actor=actor, terminal=terminal)


def line_correction(db: Database, who: OperatorInfo, terminal: str, *, cleared: bool,
                    lines: list[dict[str, Any]]) -> None:
    """A line removed, or the whole basket cleared, before the sale was concluded: journaled with
    what went, so the Z counts line corrections and an auditor sees them."""
    who.require(Permission.SELL)
    with db.session() as s:
        record(s, "basket.cleared" if cleared else "basket.line_removed", actor=who.username, terminal=terminal,
               after={"lines": lines, "amount_minor": sum(int(line.get("total_minor", 0)) for line in lines)})


def entries(db: Database, *, terminal: str = "", start: datetime | None = None,
            end: datetime | None = None) -> list[JournalEntry]:
    """The journal of one register (or all), in order, with each event's code."""
    return list(iter_entries(db, terminal=terminal, start=start, end=end))


def iter_entries(db: Database, *, terminal: str = "", start: datetime | None = None,
                 end: datetime | None = None, batch: int = 1000) -> Iterator[JournalEntry]:
    """As entries(), read ``batch`` at a time (keyset by seq): an export of a busy quarter keeps
    its memory flat."""
    query = select(AuditEvent).where(AuditEvent.action.in_(tuple(EVENTS))).order_by(AuditEvent.seq).limit(batch)
    if terminal:
        query = query.where(AuditEvent.terminal == terminal)
    if start is not None:
        query = query.where(AuditEvent.at >= utc_text(start))
    if end is not None:
        query = query.where(AuditEvent.at < utc_text(end))
    after = 0
    while True:
        with db.session() as s:
            rows = [(ev.seq, ev.at, ev.actor, ev.action, ev.terminal, ev.subject_id, ev.after)
                    for ev in s.scalars(query.where(AuditEvent.seq > after))]
        if not rows:
            return
        for seq, at, actor, action, term, subject_id, after_text in rows:
            data = json.loads(after_text) if after_text != "null" else {}
            code = EVENTS[action]
            if action == "drawer.open" and data.get("no_sale"):
                code = DRAWER_NO_SALE
            yield JournalEntry(seq, datetime.fromisoformat(at), actor, action, term, subject_id, code, data)
        after = rows[-1][0]


def record_software(db: Database, version: str, *, terminal: str) -> bool:
    """Journal a software update (13007) when this version differs from the last one recorded;
    `facepay db upgrade`, which the installer runs on every install and upgrade, calls it."""
    schema = db.current_revision()  # before the write lock: it reads on a connection of its own
    with db.session() as s:
        last = s.scalar(select(AuditEvent.after).where(AuditEvent.action == "software.update")
                        .order_by(AuditEvent.seq.desc()).limit(1))
        previous = json.loads(last) if last else {}
        if previous.get("version") == version and previous.get("schema", schema) == schema:
            return False
        # The schema is part of the software: audit verify finds a schema changed without this event.
        record(s, "software.update", actor="installer", terminal=terminal,
               after={"version": version, "previous": previous.get("version"), "schema": schema})
        return True
