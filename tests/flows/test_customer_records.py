"""A customer's access export is one use case: every entry point (the back office, the desk, the
command line) checks the operator's permission and leaves one audit event (issue 31)."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from pos_app.cli.main import main
from pos_app.core.audit import list_events
from pos_app.core.db import Database
from pos_app.core.errors import PermissionDenied
from pos_app.core.models import Customer
from pos_app.core.operators import add_operator, authenticate
from pos_app.flows import customer_records


def exports(db: Database) -> list[tuple[str, str, str]]:
    with db.session() as s:
        return [(e.actor, e.subject_id, e.terminal) for e in list_events(s, action="customer.export")]


def test_the_export_checks_the_operator_and_is_audited(db: Database, tmp_path: Path) -> None:
    with db.session() as s:
        s.add(Customer(id="c-1", display_name="Ann"))
    for name, role in (("kari", "cashier"), ("mona", "manager")):
        add_operator(db, username=name, display_name=name, role=role, secret="4821", actor="test")
    kari, mona = authenticate(db, "kari", "4821"), authenticate(db, "mona", "4821")
    with pytest.raises(PermissionDenied):
        customer_records.export(db, kari, "c-1", terminal="desk-1")
    with pytest.raises(PermissionDenied):  # a cashier does not look customers up either
        customer_records.find(db, kari, "Ann", current_model="")
    assert [c.id for c in customer_records.find(db, mona, "Ann", current_model="")] == ["c-1"]
    assert customer_records.export(db, mona, "c-1", terminal="desk-1")["customer"]["id"] == "c-1"
    path = customer_records.export_to_file(db, mona, "c-1", tmp_path / "exports", terminal="register-1")
    assert json.loads(path.read_text())["customer"]["id"] == "c-1"
    assert sorted(exports(db)) == [("mona", "c-1", "desk-1"), ("mona", "c-1", "register-1")]


def test_facepay_export_asks_who_and_is_audited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before: `facepay export` printed everything held about a customer with no operator and no
    audit event."""
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    db = Database(f"sqlite:///{tmp_path / 'data' / 'facepay.db'}")
    with db.session() as s:
        s.add(Customer(id="c-1", display_name="Ann"))
    capsys.readouterr()
    with pytest.raises(SystemExit):  # who asks is required
        main(["export", "--customer", "c-1"])
    assert "--by" in capsys.readouterr().err
    monkeypatch.setattr(sys, "stdin", io.StringIO("0000\n"))
    assert main(["export", "--customer", "c-1", "--by", "desk", "--pin-stdin"]) != 0
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["export", "--customer", "c-1", "--by", "desk", "--pin-stdin"]) == 0
    assert json.loads(capsys.readouterr().out)["customer"]["id"] == "c-1"
    assert [who for who, customer, _ in exports(db)] == ["desk"]
    db.dispose()


def test_an_export_file_and_its_audit_event_stand_or_fall_together(db: Database, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Before: the file was written first and its event recorded after, so a failed record left an
    export nobody could account for (and a reader saw the file before its event)."""
    with db.session() as s:
        s.add(Customer(id="c-1", display_name="Ann"))
    add_operator(db, username="mona", display_name="mona", role="manager", secret="4821", actor="test")
    mona = authenticate(db, "mona", "4821")
    blocked = tmp_path / "a-file"
    blocked.write_text("")  # a folder that cannot be made: the file is not written
    with pytest.raises(Exception, match="cannot write the export"):
        customer_records.export_to_file(db, mona, "c-1", blocked / "exports", terminal="desk-1")
    assert exports(db) == []

    import pos_app.core.audit as audit_module

    real_record = audit_module.record

    def record_then_fail_at_commit(s, **kw):  # type: ignore[no-untyped-def]
        real_record(s, **kw)
        from sqlalchemy import event

        def refuse(session) -> None:  # type: ignore[no-untyped-def]
            raise RuntimeError("the database went away at commit")
        event.listen(s, "before_commit", refuse, once=True)

    monkeypatch.setattr(customer_records.audit, "record", record_then_fail_at_commit)
    with pytest.raises(RuntimeError, match="went away"):
        customer_records.export_to_file(db, mona, "c-1", tmp_path / "exports", terminal="desk-1")
    assert exports(db) == [] and not (tmp_path / "exports" / "customer-c-1.json").exists()
    monkeypatch.setattr(customer_records.audit, "record", real_record)
    path = customer_records.export_to_file(db, mona, "c-1", tmp_path / "exports", terminal="desk-1")
    assert path.exists() and exports(db) == [("mona", "c-1", "desk-1")]
