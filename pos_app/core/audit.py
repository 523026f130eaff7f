"""Append-only, hash-chained audit trail.

Each event's hash is SHA-256 over its canonical JSON (sequence number, time, actor, action,
terminal, subject, before, after) and the previous event's hash. Altering, deleting or reordering
any row breaks the chain at that row; deleting the tail is caught by the head row.

Someone who can rewrite the whole table and the head can recompute a consistent chain. Against
that, anchors: ``anchor()`` records the chain's hash at the current event with an HMAC under a key
derived from the deployment key file (never in the database), chained to the anchor before it.
Every Z report takes one and prints it; ``facepay audit anchor`` takes one on demand. With the key
file, ``verify_chain`` recomputes every anchor: a rewrite or a recomputed chain before the last
anchor breaks it. Cutting anchors off the end is seen by comparing the last anchor with the one
printed on the latest Z report.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Mapping

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos_app.core.errors import InvalidInput
from pos_app.core.models import AuditAnchor, AuditEvent, AuditHead

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


GENESIS_MAC = "0" * 64


def _anchor_mac(key: bytes, *, seq: int, chain_hash: str, at: str, reason: str, prev_mac: str) -> str:
    body = _canonical({"seq": seq, "chain": chain_hash, "at": at, "reason": reason, "prev": prev_mac})
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Anchor:
    number: int
    seq: int
    chain_hash: str
    at: str
    reason: str
    mac: str

    @property
    def short(self) -> str:
        """What a Z report prints: enough to compare by eye with ``facepay audit verify``."""
        return f"#{self.number} at event {self.seq}: {self.mac[:16]}"


def anchor(sess: Session, key: bytes, *, reason: str, now: datetime | None = None) -> Anchor:
    """Record a keyed checkpoint of the chain as it stands (the head row is locked meanwhile)."""
    head = sess.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update()).scalar_one()
    last = sess.scalar(select(AuditAnchor).order_by(AuditAnchor.id.desc()).limit(1))
    number, prev_mac = (last.id + 1, last.mac) if last is not None else (1, GENESIS_MAC)
    at = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).isoformat(timespec="microseconds")
    mac = _anchor_mac(key, seq=head.seq, chain_hash=head.hash, at=at, reason=reason[:64], prev_mac=prev_mac)
    sess.add(AuditAnchor(id=number, seq=head.seq, chain_hash=head.hash, at=at, reason=reason[:64],
                         prev_mac=prev_mac, mac=mac))
    sess.flush()
    return Anchor(number, head.seq, head.hash, at, reason[:64], mac)


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    head_hash: str
    first_bad_seq: int | None = None
    problem: str = ""
    anchors: int = 0
    last_anchor: Anchor | None = None
    anchors_checked: bool = False

    def line(self) -> str:
        if not self.ok:
            where = f" at event #{self.first_bad_seq}" if self.first_bad_seq is not None else ""
            return f"audit chain BROKEN{where}: {self.problem}"
        line = f"audit chain OK: {self.events} events, head {self.head_hash}"
        if self.anchors_checked:
            last = f"; last {self.last_anchor.short} (compare it with the latest Z report)" if self.last_anchor else ""
            line += f"; {self.anchors} anchor(s) verified with the key file{last}"
        else:
            line += "; anchors NOT checked (no key file here)"
        return line


def verify_chain(sess: Session, key: bytes | None = None) -> ChainReport:
    """Walk the chain in sequence order and report the first event that does not fit; with the
    anchor key, also recompute every anchor against the chain."""
    report = _verify_events(sess)
    if not report.ok or key is None:
        return report
    return _verify_anchors(sess, key, report)


def _verify_anchors(sess: Session, key: bytes, report: ChainReport) -> ChainReport:
    hashes = dict(sess.execute(select(AuditEvent.seq, AuditEvent.hash)).all())
    prev_mac, count, last = GENESIS_MAC, 0, None
    for row in sess.scalars(select(AuditAnchor).order_by(AuditAnchor.id)):
        count += 1
        if row.id != count or row.prev_mac != prev_mac:
            return ChainReport(False, report.events, report.head_hash, row.seq,
                               f"anchor #{count} is missing or out of order: anchors were deleted or inserted")
        if hashes.get(row.seq, GENESIS_HASH if row.seq == 0 else None) != row.chain_hash:
            return ChainReport(False, report.events, report.head_hash, row.seq,
                               f"the chain at event #{row.seq} is not what anchor #{row.id} recorded: "
                               "events up to there were rewritten")
        expected = _anchor_mac(key, seq=row.seq, chain_hash=row.chain_hash, at=row.at, reason=row.reason,
                               prev_mac=row.prev_mac)
        if not hmac.compare_digest(expected, row.mac):
            return ChainReport(False, report.events, report.head_hash, row.seq,
                               f"anchor #{row.id} does not verify with this key file: it was forged or altered")
        prev_mac, last = row.mac, Anchor(row.id, row.seq, row.chain_hash, row.at, row.reason, row.mac)
    return ChainReport(True, report.events, report.head_hash, anchors=count, last_anchor=last, anchors_checked=True)


def _verify_events(sess: Session) -> ChainReport:
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
