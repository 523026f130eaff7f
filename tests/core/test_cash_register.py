"""The cash-register rules in core, on SQLite and PostgreSQL: receipts in unbroken series issued
with the sale, one copy, training apart, the drawer, append-only records, one Z a day."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DatabaseError

from pos_app.core.approvals import approve
from pos_app.core.basket import Basket, make_line, one_amount
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.l10n_no.models import LegalReceipt
from pos_app.core.money import Money
from pos_app.core.permissions import Permission
from pos_app.l10n_no import day_report, journal, receipts
from pos_app.l10n_no.seller import org_number_problem
from pos_app.flows import money_back
from tests.register_fixture import Till, groceries, open_till


def numbers(db: Database, series: str) -> list[int]:
    with db.session() as s:
        return list(s.scalars(select(LegalReceipt.number).where(LegalReceipt.series == series)
                              .order_by(LegalReceipt.number)))


def test_every_sale_has_its_receipt_in_one_unbroken_series(till: Till) -> None:
    sales = [till.sell(groceries()), till.sell(one_amount(Money.of(12990)), "card"), till.sell(groceries())]
    assert numbers(till.db, "sale") == [1, 2, 3]
    receipt = receipts.receipt_for(till.db, sales[1].id)
    assert receipt.content["title"] == "Salgskvittering" and receipt.number == 2 and receipt.nr == 2
    assert receipt.content["payments"][0]["predefined"] == "12002" and receipt.cashier == "kari"
    with pytest.raises(InvalidInput):  # a refused sale takes no number
        till.sell(Basket(), "cash")
    till.sell(one_amount(Money.of(100)))
    assert numbers(till.db, "sale") == [1, 2, 3, 4]


def test_a_return_and_a_void_have_their_own_series_and_name_the_sale(till: Till) -> None:
    first, second = till.sell(groceries()), till.sell(one_amount(Money.of(12990)), "card")
    grant = approve(till.db, till.mona, Permission.REFUND, reason="sour milk", amount=Money.of(4380), subject_id=first.id)
    money_back.refund(till.db, None, first.id, Money.of(4380), grant, terminal="register-1")
    grant = approve(till.db, till.mona, Permission.VOID, reason="wrong item", amount=Money.of(12990), subject_id=second.id)
    money_back.void(till.db, None, second.id, grant, terminal="register-1")
    back = receipts.receipt_for(till.db, first.id, "return")
    assert back.content["title"] == "Returkvittering" and back.number == 1 and back.content["of_receipt"] == 1
    assert [line["name"] for line in back.content["lines"]] == ["Melk 1 l"] and back.amount_minor == -4380
    void = receipts.receipt_for(till.db, second.id, "void")
    assert void.number == 1 and void.content["of_receipt"] == 2 and void.amount_minor == -12990
    assert [r.nr for r in (receipts.receipt_for(till.db, first.id), back, void)] == [1, 3, 4]


def test_a_receipt_has_one_copy_and_a_second_is_refused_on_any_register(till: Till, tmp_path: Path) -> None:
    sale = receipts.receipt_for(till.db, till.sell(groceries()).id)
    receipts.take_copy(till.db, sale.id, operator="kari", terminal="register-1")
    other = open_till(till.db, tmp_path, "register-2")
    with pytest.raises(InvalidInput, match="already has its one copy"):
        receipts.take_copy(other.db, sale.id, operator="mona", terminal="register-2")
    assert receipts.copies_of(till.db, sale.id) == 1
    assert [e.code.predefined for e in journal.entries(till.db) if e.action == "receipt.copy"] == ["13014"]


def test_training_sales_are_their_own_series_and_never_takings(till: Till) -> None:
    till.sell(groceries())
    with pytest.raises(Exception, match="training mode"):
        till.register.training(till.kari, True)  # a cashier may not
    till.register.training(till.mona, True)
    training = till.sell(one_amount(Money.of(5000)))
    till.register.training(till.mona, False)
    receipt = receipts.receipt_for(till.db, training.id)
    assert receipt.series == "training" and receipt.content["training"] and "IKKE GYLDIG" in receipt.content["title"]
    report = day_report.build(till.db, "x", register_id=till.register.register_id, register="register-1",
                              seller=till.register.seller())
    assert report.sales_minor == groceries().total_minor
    assert report.counts["training"] == {"count": 1, "amount_minor": 5000}
    codes = [e.code.predefined for e in journal.entries(till.db, terminal="register-1")]
    assert "13023" in codes and "13024" in codes and "13017" in codes
    # Nor is training cash in the drawer's count or the store's day summary (before, it was in both).
    from datetime import date

    from pos_app.core.takings import build_report
    from pos_app.core.shifts import expected_cash

    assert expected_cash(till.db, till.shift_id) == 150_000 + groceries().total_minor
    assert build_report(till.db, "x", date.today()).methods["cash"].sales_minor == groceries().total_minor


def test_no_sale_while_the_drawer_is_open(till: Till) -> None:
    till.register.open_drawer(till.kari)
    with pytest.raises(InvalidInput, match="drawer is open"):
        till.sell(groceries())
    till.register.close_drawer(till.kari)
    till.sell(groceries())
    entries = [e for e in journal.entries(till.db, terminal="register-1") if e.action.startswith("drawer.")]
    assert [e.code.basic_id for e in entries] == ["DRAWOPENMAN", "DRAWCLOSE"]


@pytest.mark.parametrize("sql", ["UPDATE legal_receipts SET amount_minor = 1", "DELETE FROM legal_receipts",
                                 "DELETE FROM receipt_copies", "UPDATE z_reports SET grand_sales_minor = 0"])
def test_records_cannot_be_changed_or_deleted_afterwards(till: Till, sql: str) -> None:
    sale = receipts.receipt_for(till.db, till.sell(groceries()).id)
    receipts.take_copy(till.db, sale.id, operator="kari", terminal="register-1")
    till.register.report(till.mona, "z")
    with pytest.raises(DatabaseError, match="append-only"):
        with till.db.engine.begin() as conn:
            conn.exec_driver_sql(sql)


def test_one_z_report_per_register_per_day_and_the_grand_total_carries_on(till: Till) -> None:
    till.sell(groceries())
    first, *_ = till.register.report(till.mona, "z")
    assert first.number == 1 and first.grand_sales_minor == groceries().total_minor
    with pytest.raises(InvalidInput, match="one Z report per register per day"):
        till.register.report(till.mona, "z")
    till.sell(one_amount(Money.of(1000)))  # after the Z: the next period
    x, *_ = till.register.report(till.kari, "x")
    assert x.sales_minor == 1000 and x.grand_sales_minor == groceries().total_minor + 1000
    zs = day_report.z_reports(till.db, till.register.register_id)
    assert [z["number"] for z in zs] == [1] and zs[0]["counts"]["receipts"]["count"] == 1


def test_the_org_number_must_pass_the_mod_11_check() -> None:
    assert org_number_problem("923609016") is None and org_number_problem("923 609 016") is None
    assert "mod-11" in (org_number_problem("923609017") or "")
    assert "9 digits" in (org_number_problem("12345") or "")


def test_the_seller_settings_are_validated() -> None:
    from pos_app.core.config import Settings
    from pos_app.core.errors import ConfigError

    with pytest.raises(ConfigError, match="company_org_number"):
        Settings().replace(company_org_number="923609017")
    with pytest.raises(ConfigError, match="needs receipt_printer"):
        Settings().replace(cash_drawer="printer")


def test_two_registers_selling_at_once_keep_their_series_unbroken(pg_url: str, tmp_path: Path) -> None:
    """On PostgreSQL, where writers really run at once: four threads, two registers."""
    db = Database(pg_url)
    db.upgrade()
    tills = [open_till(db, tmp_path, "register-1"), open_till(db, tmp_path, "register-2")]
    errors: list[BaseException] = []

    def sell(till: Till) -> None:
        try:
            for _ in range(8):
                till.sell(one_amount(Money.of(1500)))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=sell, args=(t,)) for t in tills for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with db.session() as s:
        for till in tills:
            got = list(s.scalars(select(LegalReceipt.number).where(
                LegalReceipt.terminal_id == till.register.register_id).order_by(LegalReceipt.number)))
            assert got == list(range(1, 17))
    db.dispose()


def test_a_line_needs_a_known_article_group() -> None:
    with pytest.raises(InvalidInput, match="article group"):
        make_line("Snus", 1, Money.of(9900), 25, "candy")


def test_a_price_change_and_a_look_up_are_journaled_and_reported(till: Till) -> None:
    from pos_app.core.errors import PermissionDenied
    from pos_app.l10n_no import articles

    with pytest.raises(PermissionDenied):
        articles.set_price(till.db, till.kari, code="7038010000737", name="Melk 1 l", group="food",
                           price=Money.of(2190), vat_rate=15, terminal="register-1")
    articles.set_price(till.db, till.mona, code="7038010000737", name="Melk 1 l", group="food",
                       price=Money.of(2190), vat_rate=15, terminal="register-1")
    articles.set_price(till.db, till.mona, code="7038010000737", name="Melk 1 l", group="food",
                       price=Money.of(2390), vat_rate=15, terminal="register-1")
    assert articles.look_up(till.db, till.kari, "7038010000737", terminal="register-1").price == Money.of(2390)
    changes = [e for e in journal.entries(till.db, terminal="register-1") if e.action == "price.change"]
    assert [(e.code.predefined, e.data["was_minor"]) for e in changes] == [("13021", None), ("13021", 2190)]
    report = day_report.build(till.db, "x", register_id=till.register.register_id, register="register-1",
                              seller=till.register.seller())
    assert report.price_lookups == 1
