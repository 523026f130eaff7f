"""Discounts at the register (issue 29): a cashier gives up to the store's limit alone, a manager
approves more with their PIN; what the shopper pays carries the VAT; the receipt, the Z report and
the SAF-T file show what was taken off and by whom."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from lxml import etree


from pos_app.core.audit import list_events
from pos_app.core.db import Database
from pos_app.core.errors import AuthenticationFailed, PermissionDenied
from pos_app.core.money import Money
from pos_app.flows.store_admin import AdminServices, DiscountNeedsManager
from tests.flows.test_register_records import schema
from tests.flows.test_trading_day import NS, signed_chain_problems
from tests.register_fixture import Till, groceries, open_till


@pytest.fixture
def till(db: Database, tmp_path: Path) -> Till:
    return open_till(db, tmp_path)


def services(till: Till, tmp_path: Path) -> AdminServices:
    return AdminServices(till.db, till.settings, tmp_path / "config.toml", lambda: None,  # type: ignore[arg-type, return-value]
                         till.register.register_id)


def test_a_cashier_gives_up_to_the_limit_alone_and_more_with_a_managers_pin(till: Till, tmp_path: Path) -> None:
    admin, basket = services(till, tmp_path), groceries()  # Melk 2 x 21,90 and Avis 45,00
    given = admin.discount(till.kari, basket, line=0, percent=10)
    assert given.lines[0].discount_minor == 438 and basket.discount_minor == 0  # the original is untouched
    with pytest.raises(DiscountNeedsManager, match="above 10 %"):
        admin.discount(till.kari, basket, line=None, amount=Money.parse("20,00"))
    with pytest.raises(AuthenticationFailed):  # a wrong PIN counts towards the manager's lock-out
        admin.discount(till.kari, basket, line=None, amount=Money.parse("20,00"), manager="mona", manager_pin="0000")
    with pytest.raises(PermissionDenied):  # a cashier cannot approve their own
        admin.discount(till.kari, basket, line=None, amount=Money.parse("20,00"), manager="kari", manager_pin="4821")
    approved = admin.discount(till.kari, basket, line=None, amount=Money.parse("20,00"), manager="mona",
                              manager_pin="4821")
    assert approved.total_minor == basket.total_minor - 2000
    assert admin.discount(till.mona, basket, line=1, percent=50).lines[1].total_minor == 2250  # a manager alone
    with till.db.session() as sess:
        log = list_events(sess, action="sale.discount")
    assert sorted((e.actor, json.loads(e.after)["approved_by"], json.loads(e.after)["amount_minor"]) for e in log) == [
        ("kari", "kari", 438), ("kari", "mona", 2000), ("mona", "mona", 2250)]


def test_a_limit_of_zero_sends_every_cashier_discount_to_a_manager(db: Database, tmp_path: Path) -> None:
    till = open_till(db, tmp_path, cashier_discount_limit_percent=0)
    with pytest.raises(DiscountNeedsManager):
        services(till, tmp_path).discount(till.kari, groceries(), line=1, amount=Money.parse("1,00"))


def test_a_discounted_sale_prints_exports_and_counts_what_was_taken_off(till: Till, tmp_path: Path,
                                                                       test_data: Path) -> None:
    admin = services(till, tmp_path)
    basket = admin.discount(till.kari, groceries(), line=0, percent=10)  # 4,38 off the milk
    basket = admin.discount(till.kari, basket, line=None, amount=Money.parse("5,00"))  # and 5,00 off the sale
    assert basket.total_minor == 8880 - 438 - 500
    tx = till.sell(basket)
    assert till.register.print_for(till.kari, tx.id, "sale").ok
    printed = "\n".join(till.printed())
    assert "Rabatt" in printed and "Sum rabatt" in printed and "-9,38" in printed
    _, _, legal = admin.report(till.mona, "z")
    path = till.register.saft_export(till.mona, date.today(), date.today(), tmp_path)
    tree = etree.parse(str(path))
    assert schema(test_data).validate(tree), schema(test_data).error_log
    assert not signed_chain_problems(tree, till.register.signing_key().public_pem)
    line_amounts = [float(e.text) for e in tree.iterfind(".//s:ctLine/s:discount/s:dscAmnt", NS)]
    assert round(sum(line_amounts), 2) == 9.38 and len(line_amounts) == 2
    assert {e.text for e in tree.iterfind(".//s:ctLine/s:discount/s:dscTp", NS)} <= {
        e.findtext("s:basicID", namespaces=NS) for e in tree.iterfind(".//s:basic", NS)
        if e.findtext("s:basicType", namespaces=NS) == "08"}
    z = tree.find(".//s:event/s:eventReport", NS)
    assert z is not None
    assert (z.findtext("s:reportDiscountNum", namespaces=NS), z.findtext("s:reportDiscountAmnt", namespaces=NS)) == (
        "2", "9.38")
    # What the shopper paid carries the VAT: the milk's 39,42 less its 2,33 share of the 5,00 is
    # 37,09, of which 4,84 is VAT at 15 %; the newspaper's 45,00 less 2,67 holds none.
    vat = {(e.findtext("s:vatPerc", namespaces=NS), e.findtext("s:vatAmnt", namespaces=NS),
            e.findtext("s:vatBasAmnt", namespaces=NS)) for e in tree.iterfind(".//s:cashtransaction/s:vat", NS)}
    assert {v[1:] for v in vat} == {("4.84", "32.25"), ("0.00", "42.33")}
