"""The audit chain catches edits, deletions and reordering, on both databases."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput


def write_events(db: Database, n: int) -> None:
    for i in range(n):
        with db.session() as s:
            audit.record(s, actor="kari", action="sale.test", terminal="kiosk-1",
                         subject_type="transaction", subject_id=f"tx{i}", after={"amount_minor": 100 * i})


def verify(db: Database) -> audit.ChainReport:
    with db.session() as s:
        return audit.verify_chain(s)


def tamper(db: Database, sql: str) -> None:
    """An attacker who owns the database: first the append-only guards go, then the rows change."""
    from pos_app.l10n_no import immutable

    with db.engine.begin() as conn:
        immutable.remove(conn, db.backend)
        conn.exec_driver_sql(sql)


def test_the_journal_refuses_updates_and_deletes(db: Database) -> None:
    from sqlalchemy.exc import DatabaseError

    write_events(db, 3)
    for sql in ("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2", "DELETE FROM audit_events WHERE seq = 3"):
        with pytest.raises(DatabaseError, match="append-only"):
            with db.engine.begin() as conn:
                conn.exec_driver_sql(sql)
    assert verify(db).ok and verify(db).events == 3


def test_untouched_chain_verifies(db: Database) -> None:
    write_events(db, 5)
    report = verify(db)
    assert report.ok and report.events == 5 and len(report.head_hash) == 64


def test_edited_row_is_caught_at_that_row(db: Database) -> None:
    write_events(db, 5)
    tamper(db, """UPDATE audit_events SET after = '{"amount_minor":1}' WHERE seq = 3""")
    report = verify(db)
    assert not report.ok and report.first_bad_seq == 3 and "changed" in report.problem


def test_deleted_row_is_caught(db: Database) -> None:
    write_events(db, 5)
    tamper(db, "DELETE FROM audit_events WHERE seq = 2")
    report = verify(db)
    assert not report.ok and report.first_bad_seq == 2 and "deleted" in report.problem


def test_deleted_tail_is_caught_by_the_head(db: Database) -> None:
    write_events(db, 5)
    tamper(db, "DELETE FROM audit_events WHERE seq = 5")
    report = verify(db)
    assert not report.ok and report.first_bad_seq == 5


def test_reordered_rows_are_caught(db: Database) -> None:
    write_events(db, 5)
    # Swap the sequence numbers of events 2 and 3 (through a free number, since seq is the key).
    tamper(db, "UPDATE audit_events SET seq = 1000 WHERE seq = 2")
    tamper(db, "UPDATE audit_events SET seq = 2 WHERE seq = 3")
    tamper(db, "UPDATE audit_events SET seq = 3 WHERE seq = 1000")
    report = verify(db)
    assert not report.ok and report.first_bad_seq == 2


def test_forged_event_appended_with_a_correct_hash_is_caught(db: Database) -> None:
    write_events(db, 3)
    # An insider appends a refund event and computes its hash correctly, bypassing the audit log.
    with db.session() as s:
        last = s.execute(text("SELECT hash FROM audit_events WHERE seq = 3")).scalar_one()
    at = "2026-01-01T00:00:00.000000+00:00"
    forged = audit.compute_hash(seq=4, at=at, actor="x", action="refund", terminal="", subject_type="",
                                subject_id="", before="null", after="null", prev_hash=last)
    tamper(db, f"""INSERT INTO audit_events (seq, at, actor, action, terminal, subject_type, subject_id,
               before, after, prev_hash, hash)
               VALUES (4, '{at}', 'x', 'refund', '', '', '', 'null', 'null', '{last}', '{forged}')""")
    report = verify(db)
    assert not report.ok and report.first_bad_seq == 4 and "not written through the audit log" in report.problem


def test_concurrent_terminals_append_one_valid_chain(db: Database) -> None:
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            write_events(db, 10)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    report = verify(db)
    assert report.ok and report.events == 40


@pytest.mark.parametrize("payload", [{"embedding": [0.1, 0.2]}, {"pin": "1234"}, {"blob": b"\xff\xd8"}])
def test_biometric_data_and_secrets_cannot_enter_the_audit_trail(db: Database, payload: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput):
        with db.session() as s:
            audit.record(s, actor="x", action="enroll", after=payload)
    assert verify(db).events == 0


def test_a_recomputed_chain_is_caught_by_the_keyed_anchors(db: Database) -> None:  # type: ignore[no-untyped-def]
    """Someone with write access to the database edits an event, then recomputes every hash after
    it and the head, so the plain chain verifies again. The anchor, keyed by the key file which
    they do not have, does not."""
    import secrets

    from sqlalchemy import select

    from pos_app.core.models import AuditAnchor, AuditEvent, AuditHead

    key = secrets.token_bytes(32)
    with db.session() as s:
        for i in range(4):
            audit.record(s, actor="kari", action="transaction.approved", subject_id=f"tx-{i}", after={"n": i})
        made = audit.anchor(s, key, reason="z 2026-11-28")
        audit.record(s, actor="kari", action="transaction.approved", subject_id="tx-4")
    with db.session() as s:
        assert audit.verify_chain(s, key).ok and audit.verify_chain(s, key).last_anchor == made
    tamper(db, "SELECT 1")  # the forger owns the database: the append-only guards go first
    with db.session() as s:  # the forger: change event 2, then recompute the chain from there on
        rows = list(s.scalars(select(AuditEvent).order_by(AuditEvent.seq)))
        rows[1].after = '{"n":999}'
        prev = rows[0].hash
        for ev in rows[1:]:
            ev.prev_hash, ev.hash = prev, "x" * 64  # a placeholder first (prev_hash is unique)
            s.flush()
            ev.hash = audit._hash_of(ev)
            prev = ev.hash
        head = s.get(AuditHead, 1)
        head.hash = prev
    with db.session() as s:
        assert audit.verify_chain(s).ok  # the plain chain was recomputed: it cannot tell
        report = audit.verify_chain(s, key)
        assert not report.ok and "were rewritten" in report.problem
    with db.session() as s:  # and a forged anchor over the new chain does not verify with the key
        forged = s.get(AuditAnchor, 1)
        forged.chain_hash = s.scalar(select(AuditEvent.hash).where(AuditEvent.seq == forged.seq))
        report = audit.verify_chain(s, key)
        assert not report.ok and "forged or altered" in report.problem


def test_deleting_an_anchor_is_seen(db: Database) -> None:  # type: ignore[no-untyped-def]
    import secrets

    from pos_app.core.models import AuditAnchor

    key = secrets.token_bytes(32)
    with db.session() as s:
        for i in range(3):
            audit.record(s, actor="kari", action="x", subject_id=str(i))
            audit.anchor(s, key, reason=f"z {i}")
    tamper(db, "SELECT 1")  # the guards go first
    with db.session() as s:
        s.delete(s.get(AuditAnchor, 2))
    with db.session() as s:
        report = audit.verify_chain(s, key)
        assert not report.ok and "anchors were deleted or inserted" in report.problem
