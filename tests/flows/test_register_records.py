"""Cash-register records an auditor would accept (issue 27): the Z taken the way a manager takes
it, then an export that validates; Norwegian time whatever the machine's zone; a Z row a database
writer slipped in is found."""

from __future__ import annotations

import os
import time
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
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
    from pos_app.l10n_no import journal

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
    from pos_app.l10n_no import receipts

    created = receipts.receipt_for(till.db, tx.id).created_at
    assert ct.findtext("s:transTime", namespaces=NS) == f"{oslo(created):%H:%M:%S}"
    zone("Asia/Tokyo")  # the day a Z belongs to is Oslo's, too
    admin = AdminServices(till.db, till.settings, tmp_path / "config.toml", lambda: None, till.register.register_id)  # type: ignore[arg-type, return-value]
    admin.report(till.mona, "z")
    from pos_app.l10n_no.day_report import z_reports

    assert z_reports(till.db)[-1]["day"] == oslo(created).date().isoformat()


def test_a_z_report_inserted_by_a_database_writer_fails_audit_verify(till: Till, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                     capsys) -> None:
    """Before: an inserted z_reports row emptied the next Z's period and reset the grand total,
    and `audit verify` said OK."""
    from sqlalchemy import insert

    from pos_app.cli.main import main
    from pos_app.l10n_no.models import ZReport

    till.sell(groceries())
    with till.db.session() as s:
        s.execute(insert(ZReport).values(id="forged", terminal_id=till.register.register_id, day="2026-01-01",
                                         number=1, grand_sales_minor=0, grand_returns_minor=0, content="{}"))
    monkeypatch.setenv("FACEPAY_DB_URL", till.db.url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(till.settings.data_dir))
    assert main(["audit", "verify"]) == 1
    assert "Z report 1 of register-1 (2026-01-01) has no journal event" in capsys.readouterr().err


# --- a database writer -----------------------------------------------------------------------------

def drop_guards(db: Database) -> None:
    """What someone who owns the tables does first."""
    from pos_app.l10n_no import immutable

    with db.engine.begin() as conn:
        immutable.remove_guards(conn, db.backend)
        immutable.remove(conn, db.backend)


def test_a_receipt_edited_after_issue_stops_the_export_and_names_it(till: Till, tmp_path: Path) -> None:
    """Before: an unprinted receipt was signed at export, so one edited 49.90 -> 9.90 in the
    database was signed at its new amount and `audit verify` said OK."""
    from sqlalchemy import update

    from pos_app.l10n_no.models import LegalReceipt, ReceiptSignature
    from pos_app.l10n_no import receipts

    tx = till.sell(groceries())
    receipt = receipts.receipt_for(till.db, tx.id)
    with till.db.session() as s:  # signed as it was issued, before anything printed it
        assert s.query(ReceiptSignature).filter_by(receipt_id=receipt.id).count() == 1
    drop_guards(till.db)
    with till.db.session() as s:
        s.execute(update(LegalReceipt).where(LegalReceipt.id == receipt.id).values(amount_minor=990))
    with pytest.raises(InvalidInput, match=f"receipt nr {receipt.nr} .* does not match its signature"):
        till.register.saft_export(till.mona, date.today(), date.today(), tmp_path / "x.xml")
    assert not (tmp_path / "x.xml").exists()


def test_truncate_and_a_head_moving_back_are_refused_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    """Before: TRUNCATE on the journal and anchors fired no row trigger; `audit verify` then said
    "OK: 0 events"."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    db = Database(pg_url)
    db.upgrade()
    till = open_till(db, tmp_path)
    till.sell(groceries())
    for statement in ("TRUNCATE audit_events, audit_head CASCADE", "TRUNCATE legal_receipts CASCADE",
                      "TRUNCATE audit_anchors", "UPDATE audit_head SET seq = 0"):
        with pytest.raises(DBAPIError, match="append-only|only moves forward"):
            with db.engine.begin() as conn:
                conn.execute(text(statement))
    db.dispose()


def test_insert_or_replace_cannot_rewrite_a_receipt_on_sqlite(tmp_path: Path) -> None:
    import sqlite3

    db = Database(f"sqlite:///{tmp_path / 'facepay.db'}")
    db.upgrade()
    till = open_till(db, tmp_path)
    till.sell(groceries())
    db.dispose()
    conn = sqlite3.connect(tmp_path / "facepay.db")  # a console: no recursive_triggers
    row = conn.execute("SELECT * FROM legal_receipts LIMIT 1").fetchone()
    columns = [d[0] for d in conn.execute("SELECT * FROM legal_receipts LIMIT 0").description]
    forged = dict(zip(columns, row), amount_minor=990)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(f"INSERT OR REPLACE INTO legal_receipts ({', '.join(columns)}) "
                     f"VALUES ({', '.join('?' for _ in columns)})", list(forged.values()))
    conn.close()


def test_a_lost_signing_key_stops_receipts_until_the_next_version(till: Till, tmp_path: Path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                  capsys) -> None:
    """Before: a missing key file was silently replaced by a new key labelled version 1 again,
    with no event and no record of the old public key."""
    from pos_app.cli.main import main
    from pos_app.l10n_no import signing
    from pos_app.flows.cash_register import CashRegister

    till.sell(groceries())
    key_path = till.settings.saft_key_path
    key_path.unlink()
    fresh = Database(till.db.url)  # another process on this machine, after the loss
    register = CashRegister(fresh, till.settings, till.register.register_id)
    assert fresh.signer is None
    with pytest.raises(InvalidInput, match="signing key is missing"):
        Till(fresh, till.settings, register, till.kari, till.mona, till.shift_id, till.printer_file).sell(groceries())
    monkeypatch.setenv("FACEPAY_DB_URL", till.db.url)
    monkeypatch.setenv("FACEPAY_DATA_DIR", str(till.settings.data_dir))
    monkeypatch.setenv("FACEPAY_KEY_FILE", str(till.settings.key_path))
    for key, value in (("COMPANY_NAME", till.settings.company_name), ("COMPANY_ORG_NUMBER", till.settings.company_org_number),
                       ("COMPANY_ADDRESS", till.settings.company_address)):
        monkeypatch.setenv(f"FACEPAY_{key}", value)
    assert main(["saft", "key", "--new-version"]) == 0
    assert "made SAF-T signing key version 2" in capsys.readouterr().out
    again = Database(till.db.url)
    register = CashRegister(again, till.settings, till.register.register_id)
    Till(again, till.settings, register, till.kari, till.mona, till.shift_id, till.printer_file).sell(groceries())
    path = register.saft_export(till.mona, date.today(), date.today(), tmp_path / "after.xml")
    versions = [ct.findtext("s:keyVersion", namespaces=NS) for ct in etree.parse(str(path)).iterfind(".//s:cashtransaction", NS)]
    assert versions == ["1", "2"]
    keys = (tmp_path / "after_public_keys.pem").read_text()
    assert "# keyVersion 1" in keys and "# keyVersion 2" in keys
    assert sorted(signing.public_keys(again)) == [1, 2]
    for database in (fresh, again):
        database.dispose()


# --- text that reaches the file and the printer --------------------------------------------------

def test_a_line_name_cannot_open_the_drawer_on_a_card_sale_or_break_the_xml(till: Till, tmp_path: Path,
                                                                             test_data: Path) -> None:
    """Before: `ESC p` in a line name opened the cash drawer on a card sale (unjournaled), and one
    control character in an article name made every later SAF-T file ill-formed."""
    from pos_app.core.basket import Basket, make_line
    from pos_app.core.money import Money
    from pos_app.l10n_no import articles

    basket = Basket()
    basket.add(make_line("Kaffe\x1bp\x00\x19\xfa", 1, Money.of(4990), 15, "food"))
    assert basket.lines[0].name == "Kaffep\xfa"
    tx = till.sell(basket, method="card")
    till.register.conclude(till.kari, tx.id)
    assert b"\x1bp" not in till.printer_file.read_bytes()  # ESC p: the drawer pulse
    articles.set_price(till.db, till.mona, code="100", name="Brød\x0b grovt", group="food", price=Money.of(3990),
                       vat_rate=15, terminal=till.register.name)
    path = till.register.saft_export(till.mona, date.today(), date.today(), tmp_path)
    assert schema(test_data).validate(etree.parse(str(path)))


def test_a_printed_line_drops_control_characters_whatever_made_it() -> None:
    from pos_app.printing.escpos_printer import Job, compose

    assert b"\x1bp" not in compose(Job([("normal", "Salg \x1bp\x00\x19\xfa")]))


def test_the_screen_exports_in_a_process_of_its_own(till: Till, tmp_path: Path, test_data: Path,  # type: ignore[no-untyped-def]
                                                    monkeypatch) -> None:
    """Before: 102,800 transactions took 72 s and 2 GiB inside the register process."""
    from pos_app.core.config import save_settings
    from pos_app.l10n_no import journal

    till.sell(groceries())
    config = tmp_path / "config.toml"
    save_settings(config, {"company_name": till.settings.company_name, "company_org_number": till.settings.company_org_number,
                           "company_address": till.settings.company_address, "key_file": till.settings.key_file,
                           "db_url": till.db.url})
    monkeypatch.delenv("FACEPAY_DB_URL", raising=False)
    admin = AdminServices(till.db, till.settings, config, lambda: None, till.register.register_id)  # type: ignore[arg-type, return-value]
    path = admin.saft_export(till.mona, date.today(), date.today())
    assert path.exists() and schema(test_data).validate(etree.parse(str(path)))
    [export] = [e for e in journal.entries(till.db) if e.action == "journal.export"]
    assert export.actor.startswith("mona (cli:")
    with pytest.raises(InvalidInput, match="one fiscal year"):
        admin.saft_export(till.mona, date(2025, 12, 1), date(2026, 1, 31))


def test_every_reference_in_the_file_is_defined_in_it(till: Till, tmp_path: Path, test_data: Path) -> None:
    """Before: an event's transID held nr while its transaction's was "sale-1"; empIDs such as
    "installer" and "cli:root", and artIDs of codes not in the price list, were never defined."""
    from pos_app.l10n_no import journal

    till.sell(groceries())  # a line with an EAN the price list does not hold
    journal.journal(till.db, "software.update", actor="cli:root", terminal=till.register.name, version="x")
    path = till.register.saft_export(till.mona, date.today(), date.today(), tmp_path)
    tree = etree.parse(str(path))
    assert schema(test_data).validate(tree)

    def texts(xpath: str) -> set[str]:
        return {e.text for e in tree.iterfind(xpath, NS)}

    assert texts(".//s:event/s:empID") | texts(".//s:cashtransaction/s:empID") <= texts(".//s:employee/s:empID")
    assert texts(".//s:ctLine/s:artID") <= texts(".//s:article/s:artID")
    assert texts(".//s:event/s:transID") <= texts(".//s:cashtransaction/s:transID")


def test_a_day_with_only_a_drawer_opening_exports_its_events(db: Database, tmp_path: Path, test_data: Path) -> None:
    till = open_till(db, tmp_path, "register-2")
    till.register.open_drawer(till.kari)
    till.register.close_drawer(till.kari)
    tree = etree.parse(str(till.register.saft_export(till.mona, date.today(), date.today(), tmp_path)))
    assert schema(test_data).validate(tree)
    assert "DRAWOPENMAN" in {e.text for e in tree.iterfind(".//s:event/s:eventType", NS)}


def test_a_reprint_is_the_receipts_one_counted_copy(till: Till, tmp_path: Path) -> None:
    """Before: "Reprint receipt" made unlimited "(COPY)" PDFs, none counted."""
    tx = till.sell(groceries())
    admin = AdminServices(till.db, till.settings, tmp_path / "config.toml", lambda: None, till.register.register_id)  # type: ignore[arg-type, return-value]
    pdf = admin.reprint(till.kari, tx.id)
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(InvalidInput, match="copy"):
        admin.reprint(till.kari, tx.id)
    assert "KOPI" in till.printed()


def test_the_shoppers_receipt_names_the_seller_and_its_number(till: Till) -> None:
    """Before: the kiosk's receipt had no seller, org. number or receipt number."""
    from pos_app.core.slips import receipt_of

    tx = till.sell(groceries())
    s = till.register.seller()
    lines = receipt_of(till.db, tx.id, seller=(s.name, s.vat_id, s.address)).lines("nb")
    assert lines[1:5] == ["Nærbutikken AS", "Org.nr. 923 609 016 MVA", "Storgata 1, 0155 Oslo", "Salgskvittering nr. 1"]


def test_a_void_at_the_register_prints_its_receipt_and_opens_the_drawer_for_the_cash(till: Till, tmp_path: Path) -> None:
    """Before: return and void receipts were never printed from the screens."""
    from pos_app.core.approvals import approve
    from pos_app.core.permissions import Permission
    from pos_app.l10n_no import journal

    tx = till.sell(groceries())
    till.printer_file.write_bytes(b"")
    admin = AdminServices(till.db, till.settings, tmp_path / "config.toml", lambda: nullcontext(None),  # type: ignore[arg-type]
                          till.register.register_id)
    admin.void(tx.id, approve(till.db, till.mona, Permission.VOID, reason="rung up twice"))
    paper = till.printed()
    assert paper[0] == "Annulleringskvittering" and paper[-1] == "[drawer kick]"
    [opened] = [e for e in journal.entries(till.db) if e.action == "drawer.open"]
    assert opened.data == {"no_sale": False} and opened.subject_id == tx.id


def test_a_sale_a_crash_left_unprinted_is_journaled_and_can_be_printed(till: Till, tmp_path: Path) -> None:
    """Before: a sale left unprinted by a crash got no "sale without printed receipt" event."""
    from pos_app.l10n_no import journal, receipts

    tx = till.sell(groceries())  # sold, then the register died before conclude() printed it
    receipt = receipts.receipt_for(till.db, tx.id)
    assert receipts.flag_never_printed(till.db, till.register.register_id, terminal="register-1") == 0  # too new
    assert receipts.flag_never_printed(till.db, till.register.register_id, terminal="register-1",
                                       older_than_seconds=-1) == 1
    [event] = [e for e in journal.entries(till.db) if e.action == "receipt.not_printed"]
    assert event.code.predefined == "13030" and event.subject_id == receipt.id
    assert [r.id for r in till.register.unprinted()] == [receipt.id]
    assert till.register.print_again(till.kari, receipt.id).ok
    assert "receipt.printed_late" in [e.action for e in journal.entries(till.db)]


def test_the_register_prints_its_journal_for_a_period(till: Till) -> None:
    """Before: the journal could not be printed at the register."""
    from pos_app.l10n_no import journal

    till.sell(groceries())
    till.printer_file.write_bytes(b"")
    assert till.register.print_journal(till.mona, date.today(), date.today()).ok
    paper = till.printed()
    assert paper[0] == "Elektronisk journal" and any("13012" in line for line in paper)
    assert journal.entries(till.db)[-1].action == "report.other"
    with pytest.raises(Exception, match="may not"):
        till.register.print_journal(till.kari, date.today(), date.today())  # a manager's or auditor's check


def test_a_schema_changed_without_its_journal_event_is_found(till: Till) -> None:
    """The schema is part of the software: at head, with every 13007 naming another schema (a
    migration run by hand, outside FacePay), the records do not agree with the journal. (Any
    FacePay command journals the change itself before it does anything else.)"""
    from pos_app.l10n_no import journal
    from pos_app.l10n_no.day_report import check_records

    with till.db.session() as s:
        assert check_records(s, anchors_checked=False, schema=till.db.current_revision()) == ""
        journal.record(s, "software.update", actor="installer", terminal="register-1",
                       after={"version": "0.0.9", "previous": None, "schema": "0005"})
    with till.db.session() as s:
        assert check_records(s, anchors_checked=False, schema="0007").startswith(
            "the database schema is at 0007, but no journaled software update")
