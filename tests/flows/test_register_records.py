"""Cash-register records an auditor would accept (issue 27): the Z taken the way a manager takes
it, then an export that validates; Norwegian time whatever the machine's zone; a Z row a database
writer slipped in is found."""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from pos_app.core.db import Database
from pos_app.core.timezone import oslo
from pos_app.flows.store_admin import AdminServices
from tests.flows.test_trading_day import NS, signed_chain_problems
from tests.register_fixture import Till, groceries, open_till


@pytest.fixture
def till(db: Database, tmp_path: Path) -> Till:
    return open_till(db, tmp_path)


@pytest.fixture
def zone():  # type: ignore[no-untyped-def]
    """Run part of a test as a machine set to another time zone would."""
    before = os.environ.get("TZ")

    def use(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield use
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


def schema(test_data: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(test_data / "saft" / "Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd")))


def test_a_z_taken_on_the_shift_screen_then_an_export_that_validates(till: Till, tmp_path: Path,
                                                                       test_data: Path) -> None:
    """Before: the screen's Z journaled a second, empty report.z, and every later SAF-T export of
    that period failed with "internal error: KeyError: 'kind'"."""
    till.sell(groceries())
    admin = AdminServices(till.db, till.settings, tmp_path / "config.toml", lambda: None, till.register.register_id)  # type: ignore[arg-type, return-value]
    summary, pdf, legal = admin.report(till.mona, "z")
    assert not legal.problem or "printer" in legal.problem
    assert pdf is not None and pdf.exists()
    path = till.register.saft_export(till.mona, date.today(), date.today(), tmp_path)
    tree = etree.parse(str(path))
    assert schema(test_data).validate(tree), schema(test_data).error_log
    reports = tree.findall(".//s:event/s:eventReport", NS)
    assert [r.findtext("s:reportType", namespaces=NS) for r in reports] == ["Z report"]
    assert not signed_chain_problems(tree, till.register.signing_key().public_pem)


def test_an_old_stray_empty_z_event_no_longer_breaks_the_export(till: Till, tmp_path: Path, test_data: Path) -> None:
    from pos_app.core.register import journal

    till.sell(groceries())
    with till.db.session() as s:  # what versions before this wrote beside the real Z
        journal.record(s, "report.z", actor="mona", terminal=till.register.name, after={"day": "2026-12-01",
                                                                                         "net_minor": 0})
    path = till.register.saft_export(till.mona, date.today(), date.today(), tmp_path)
    assert schema(test_data).validate(etree.parse(str(path)))


def test_signed_in_oslo_time_and_exported_on_a_utc_machine_every_signature_holds(till: Till, tmp_path: Path,
                                                                                 zone) -> None:  # type: ignore[no-untyped-def]
    """Before: sealed in Oslo time and exported under UTC, every signature failed the validator."""
    zone("Europe/Oslo")
    tx = till.sell(groceries())
    till.register.saft_export(till.mona, date.today(), date.today(), tmp_path / "first.xml")  # seals
    zone("UTC")
    path = till.register.saft_export(till.mona, date.today(), date.today(), tmp_path / "again.xml")
    tree = etree.parse(str(path))
    assert not signed_chain_problems(tree, till.register.signing_key().public_pem)
    [ct] = [c for c in tree.iterfind(".//s:cashtransaction", NS)
            if c.find(".//s:paymentType", NS) is not None and c.findtext("s:transAmntIn", namespaces=NS) != "0.00"]
    from pos_app.core.register import receipts

    created = receipts.receipt_for(till.db, tx.id).created_at
    assert ct.findtext("s:transTime", namespaces=NS) == f"{oslo(created):%H:%M:%S}"
    zone("Asia/Tokyo")  # the day a Z belongs to is Oslo's, too
    admin = AdminServices(till.db, till.settings, tmp_path / "config.toml", lambda: None, till.register.register_id)  # type: ignore[arg-type, return-value]
    admin.report(till.mona, "z")
    from pos_app.core.register.day_report import z_reports

    assert z_reports(till.db)[-1]["day"] == oslo(created).date().isoformat()


def test_a_z_report_inserted_by_a_database_writer_fails_audit_verify(till: Till, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                     capsys) -> None:
    """Before: an inserted z_reports row emptied the next Z's period and reset the grand total,
    and `audit verify` said OK."""
    from sqlalchemy import insert

    from pos_app.cli.main import main
    from pos_app.core.models import ZReport

    till.sell(groceries())
    with till.db.session() as s:
        s.execute(insert(ZReport).values(id="forged", terminal_id=till.register.register_id, day="2026-01-01",
                                         number=1, grand_sales_minor=0, grand_returns_minor=0, content="{}"))
    monkeypatch.setenv("FACEPAY_DB_URL", till.db.url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(till.settings.data_dir))
    assert main(["audit", "verify"]) == 1
    assert "Z report 1 of register-1 (2026-01-01) has no journal event" in capsys.readouterr().err
