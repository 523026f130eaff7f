"""Append-only, hash-chained audit trail.

Each event's hash is SHA-256 over its canonical JSON (sequence number, time, actor, action,
terminal, subject, before, after) and the previous event's hash. Altering, deleting or reordering
any row breaks the chain at that row; deleting the tail is caught by the head row. Someone who can
rewrite the whole table and the head can forge a consistent chain: for that, the head hash printed
by ``facepay audit verify`` is meant to be written down outside the database (e.g. on the Z report).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core.errors import InvalidInput
from pos_app.core.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
# Audit rows outlive erasure, so they must never carry biometric data or secrets.
FORBIDDEN_KEYS = frozenset(
    {"embedding", "template", "image", "frame", "photo", "secret", "pass_secret", "pin", "password"}
)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _check_payload(payload: Mapping[str, Any] | None, where: str) -> str:
    if payload is None:
        return "null"

    def walk(obj: Any, path: str) -> None:
        if isinstance(obj, (bytes, bytearray, memoryview)):
            raise InvalidInput(f"audit {where} at {path} holds raw bytes; audit events carry no binary data")
        if isinstance(obj, Mapping):
            for key, val in obj.items():
                if str(key).lower() in FORBIDDEN_KEYS:
                    raise InvalidInput(f"audit {where} may not contain {key!r}: no biometric data or secrets")
                walk(val, f"{path}.{key}")
        elif isinstance(obj, (list, tuple)):
            for i, val in enumerate(obj):
                walk(val, f"{path}[{i}]")

    walk(payload, where)
    try:
        return _canonical(payload)
    except TypeError as exc:
        raise InvalidInput(f"audit {where} is not plain JSON data: {exc}") from None


def compute_hash(
    *, seq: int, at: str, actor: str, action: str, terminal: str, subject_type: str,
    subject_id: str, before: str, after: str, prev_hash: str,
) -> str:
    body = _canonical(
        {
            "seq": seq, "at": at, "actor": actor, "action": action, "terminal": terminal,
            "subject_type": subject_type, "subject_id": subject_id,
            "before": before, "after": after, "prev": prev_hash,
        }
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _hash_of(ev: AuditEvent) -> str:
    return compute_hash(
        seq=ev.seq, at=ev.at, actor=ev.actor, action=ev.action, terminal=ev.terminal,
        subject_type=ev.subject_type, subject_id=ev.subject_id, before=ev.before,
        after=ev.after, prev_hash=ev.prev_hash,
    )


def record(
    sess: Session,
    *,
    actor: str,
    action: str,
    terminal: str = "",
    subject_type: str = "",
    subject_id: str = "",
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one event inside the caller's transaction, so it commits with the change it records."""
    before_text = _check_payload(before, "before")
    after_text = _check_payload(after, "after")
    head = sess.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    at = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="microseconds")
    event = AuditEvent(
        seq=head.seq + 1, at=at, actor=actor, action=action, terminal=terminal,
        subject_type=subject_type, subject_id=subject_id, before=before_text, after=after_text,
        prev_hash=head.hash,
    )
    event.hash = _hash_of(event)
    sess.add(event)
    head.seq, head.hash = event.seq, event.hash
    sess.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""

    def line(self) -> str:
        if self.ok:
            return f"audit chain OK: {self.events} events, head {self.head_hash}"
        return f"audit chain BROKEN at event #{self.first_bad_seq}: {self.problem}"


def verify_chain(sess: Session) -> ChainReport:
    """Walk the chain in sequence order and report the first event that does not fit."""
    prev_hash, expected_seq, count = GENESIS_HASH, 1, 0
    rows = sess.execute(select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=1000))
    for ev in rows.scalars():
        if ev.seq != expected_seq:
            return ChainReport(
                False, count, prev_hash, expected_seq,
                f"event #{expected_seq} is missing (next stored is #{ev.seq}): rows were deleted",
            )
        if ev.prev_hash != prev_hash:
            return ChainReport(
                False, count, prev_hash, ev.seq,
                "it does not follow the event before it: rows were reordered, inserted or deleted",
            )
        if _hash_of(ev) != ev.hash:
            return ChainReport(False, count, prev_hash, ev.seq, "its contents were changed after it was written")
        prev_hash, expected_seq, count = ev.hash, expected_seq + 1, count + 1
    head = sess.get(AuditHead, 1)
    if head is None:
        return ChainReport(False, count, prev_hash, 1, "the chain head row is missing")
    if head.seq < count:
        return ChainReport(
            False, count, prev_hash, head.seq + 1,
            f"events from #{head.seq + 1} on were not written through the audit log (head records #{head.seq})",
        )
    if head.seq > count or head.hash != prev_hash:
        return ChainReport(
            False, count, prev_hash, count + 1,
            f"the chain ends at #{count} but its head records #{head.seq}: events were deleted from the end",
        )
    return ChainReport(True, count, prev_hash)


def count_events(sess: Session) -> int:
    return int(sess.scalar(select(func.count()).select_from(AuditEvent)) or 0)


@dataclass(frozen=True)
class EventRow:
    seq: int
    at: str
    actor: str
    action: str
    terminal: str
    subject_type: str
    subject_id: str
    before: str
    after: str


def list_events(sess: Session, *, action: str = "", actor: str = "", subject_id: str = "", since: str = "",
                limit: int = 300) -> list[EventRow]:
    """Newest first. ``action`` matches a prefix ("transaction." finds every transaction event)."""
    q = select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(max(1, min(limit, 5000)))
    if action:
        q = q.where(AuditEvent.action.startswith(action.strip()))
    if actor:
        q = q.where(AuditEvent.actor == actor.strip())
    if subject_id:
        q = q.where(AuditEvent.subject_id.startswith(subject_id.strip()))
    if since:
        q = q.where(AuditEvent.at >= since)
    return [EventRow(e.seq, e.at, e.actor, e.action, e.terminal, e.subject_type, e.subject_id, e.before, e.after)
            for e in sess.scalars(q)]
