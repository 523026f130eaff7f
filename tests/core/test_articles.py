"""The price list: PLU and EAN, scale labels, price changes, and the all-or-nothing CSV import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import Article, AuditEvent
from pos_app.core.money import Money
from pos_app.l10n_no import article_csv, articles
from pos_app.l10n_no.gtin import check_digit, decode_in_store, gtin_problem
from tests.register_fixture import Till, open_till


@pytest.fixture
def till(db: Database, tmp_path: Path) -> Till:
    return open_till(db, tmp_path)


def with_check(body: str) -> str:
    return body + str(check_digit(body))


def test_gtin_check_digits_are_checked() -> None:
    assert gtin_problem("7038010000737") is None  # a real Norwegian EAN-13
    assert gtin_problem("96385074") is None  # EAN-8
    assert "should end in 7" in (gtin_problem("7038010000738") or "")
    assert "8, 12, 13 or 14 digits" in (gtin_problem("70380100007") or "")


def test_a_scale_label_carries_a_weight_or_a_price_by_its_prefix() -> None:
    weight = with_check("230400100512")  # prefix 23, PLU 04001, 512 g
    price = with_check("210400102990")  # prefix 21, PLU 04001, 29.90 kr
    assert decode_in_store(weight, ("23",)) == articles.decode_in_store(weight, ("23",))
    assert decode_in_store(weight, ("23",)).grams == 512  # type: ignore[union-attr]
    assert decode_in_store(weight, ("23",)).plu == "4001"  # type: ignore[union-attr]
    assert decode_in_store(price, ("23",)).price_minor == 2990  # type: ignore[union-attr]
    assert decode_in_store("7038010000737", ("23",)) is None  # an ordinary GTIN
    assert decode_in_store(weight[:-1] + str((int(weight[-1]) + 1) % 10), ("23",)) is None  # a misread


def test_scanned_codes_ring_up_the_article_at_its_current_price(till: Till) -> None:
    articles.set_price(till.db, till.mona, code="", ean="7038010000737", name="Melk 1 l", group="food",
                       price=Money.of(2190), vat_rate=15, terminal="register-1")
    articles.set_price(till.db, till.mona, code="4001", name="Epler", group="food", price=Money.of(3990),
                       vat_rate=15, terminal="register-1")
    milk = articles.line_for(till.db, "7038010000737")
    assert (milk.name, milk.unit_price_minor, milk.vat_rate, milk.group) == ("Melk 1 l", 2190, 15, "food")
    assert articles.line_for(till.db, "4001", quantity=3).total_minor == 3 * 3990
    apples = articles.line_for(till.db, with_check("230400100512"))  # 0.512 kg at 39.90/kg = 20.43
    assert (apples.name, apples.total_minor, apples.group) == ("Epler 0,512 kg", 2043, "food")
    assert articles.line_for(till.db, with_check("210400102990")).total_minor == 2990
    articles.change_price(till.db, till.mona, "7038010000737", Money.of(2250), terminal="register-1")
    assert articles.line_for(till.db, "7038010000737").unit_price_minor == 2250
    with pytest.raises(NotFound, match="no article with code '7038010000744'"):
        articles.line_for(till.db, "7038010000744")
    with pytest.raises(NotFound, match="no article with PLU 9999"):
        articles.line_for(till.db, with_check("230999900512"))


def test_an_ean_moved_to_another_article_no_longer_finds_the_first(till: Till) -> None:
    articles.set_price(till.db, till.mona, code="100", ean="7038010000737", name="Melk", group="food",
                       price=Money.of(2190), vat_rate=15, terminal="register-1")
    with pytest.raises(InvalidInput, match="already belongs to article 100"):
        articles.set_price(till.db, till.mona, code="200", ean="7038010000737", name="Lettmelk", group="food",
                           price=Money.of(2090), vat_rate=15, terminal="register-1")
    articles.set_price(till.db, till.mona, code="100", ean=None, name="Melk", group="food", price=Money.of(2190),
                       vat_rate=15, terminal="register-1")
    with pytest.raises(NotFound):
        articles.line_for(till.db, "7038010000737")


def test_a_cashier_may_not_change_prices(till: Till) -> None:
    with pytest.raises(Exception, match="may not change prices"):
        articles.set_price(till.db, till.kari, code="1", name="x", group="goods", price=Money.of(100), vat_rate=25,
                           terminal="register-1")


CSV = "name,plu,ean,price,vat,group\nMelk 1 l,,7038010000737,\"21,90\",15,food\nEpler,4001,,39.90,15,Mat\n"


def test_an_import_stores_every_row_and_journals_each_price(till: Till) -> None:
    rows = article_csv.read(CSV.encode())
    assert [r["line"] for r in rows] == [2, 3] and rows[1]["group"] == "food"  # "Mat" is the food group's name
    assert articles.add_many(till.db, till.mona, rows, terminal="register-1") == 2
    listed = articles.current_prices(till.db)
    assert [(p.name, p.price.minor) for p in listed] == [("Epler", 3990), ("Melk 1 l", 2190)]
    with till.db.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "price.change")) == 2
    semicolons = "name;plu;ean;price;vat;group\nBrød;101;;39,90;15;food\n"
    assert article_csv.read(semicolons.encode())[0]["price"] == Money.of(3990)


@pytest.mark.parametrize("bad, says", [
    ("Brød,101,7038010000738,39.90,15,food", "line 4: EAN/GTIN 7038010000738 has a wrong check digit"),
    ("Brød,101,,39.90,14,food", "line 4: VAT 14 % is not a Norwegian rate"),
    ("Brød,101,,gratis,15,food", "line 4: 'gratis' is not an amount"),
    ("Brød,4001,,39.90,15,food", "line 4: 4001 is also on line 3"),
    ("Brød,101,,39.90,15,bakery", "line 4: article group 'bakery' is unknown"),
])
def test_a_bad_row_is_refused_with_its_line_and_nothing_is_imported(till: Till, bad: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        articles.add_many(till.db, till.mona, article_csv.read((CSV + bad + "\n").encode()), terminal="register-1")
    with till.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Article)) == 0


def test_a_row_the_database_refuses_leaves_the_price_list_as_it_was(till: Till) -> None:
    articles.add_many(till.db, till.mona, article_csv.read(CSV.encode()), terminal="register-1")
    second = "name,plu,ean,price,vat,group\nBrød,101,,39.90,15,food\nNy melk,300,7038010000737,19.90,15,food\n"
    with pytest.raises(InvalidInput, match="line 3: EAN 7038010000737 already belongs to article 7038010000737"):
        articles.add_many(till.db, till.mona, article_csv.read(second.encode()), terminal="register-1")
    assert [p.name for p in articles.current_prices(till.db)] == ["Epler", "Melk 1 l"]  # no Brød either


def test_a_header_without_the_columns_is_refused() -> None:
    with pytest.raises(InvalidInput, match="line 1: the header lacks ean, group"):
        article_csv.read(b"name,plu,price,vat\nx,1,2,25\n")
