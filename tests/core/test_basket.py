"""The register's basket: lines with Norwegian VAT rates, a breakdown that adds up, and a sale
sent to a kiosk carrying its lines to the receipt."""

from __future__ import annotations

import pytest

from pos_app.core.basket import Basket, make_line, one_amount
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.core.slips import receipt_of
from pos_app.core.sales import send_sale
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance


def test_vat_is_taken_out_of_shelf_prices_per_rate() -> None:
    basket = Basket()
    basket.add(make_line("Coffee beans", 2, Money.parse("89,90"), 15))
    basket.add(make_line("Mug", 1, Money.parse("125"), 25))
    basket.add(make_line("Newspaper", 1, Money.parse("40"), 0))
    assert basket.total == Money.parse("344,80")
    # 179,80 incl. 15% holds 23,45 VAT; 125,00 incl. 25% holds 25,00.
    assert basket.vat_breakdown() == {25: (12_500, 2_500), 15: (17_980, 2_345), 0: (4_000, 0)}
    assert Basket.from_json(basket.to_json()) == basket


@pytest.mark.parametrize(("args", "message"), [
    (("", 1, Money.of(100), 25), "needs a name"),
    (("Tea", 0, Money.of(100), 25), "quantity 0 must be 1 to 9999"),
    (("Tea", 1, Money.of(0), 25), "must be more than zero"),
    (("Tea", 1, Money.of(100), 8), "VAT 8% is not a Norwegian rate"),
])
def test_a_bad_line_is_refused_in_plain_words(args: tuple, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(InvalidInput, match=message):
        make_line(*args)


def test_a_register_sale_paid_at_the_kiosk_prints_its_lines_on_the_receipt(db: Database) -> None:
    ensure_terminal(db, "kiosk-1", "kiosk")
    basket = Basket()
    basket.add(make_line("Bread", 2, Money.parse("39,90"), 15))
    with pytest.raises(InvalidInput, match="the lines add up to"):
        send_sale(db, kiosk="kiosk-1", amount=Money.of(1), actor="kari", basket=basket)
    tx = send_sale(db, kiosk="kiosk-1", amount=basket.total, actor="kari", basket=basket)
    with pytest.raises(InvalidInput, match="a created sale has no receipt"):
        receipt_of(db, tx.id)
    for state in (TxState.VERIFYING, TxState.AUTHORIZING):
        advance(db, tx.id, state)
    advance(db, tx.id, TxState.APPROVED, captured_minor=basket.total.minor)
    lines = receipt_of(db, tx.id, copy=True).lines("en")
    assert lines[0] == "FacePay receipt (COPY)"
    assert "2 x Bread @ NOK 39.90 = NOK 79.80" in lines and "VAT 15% of NOK 79.80: NOK 10.41" in lines
    assert one_amount(Money.of(500)).vat_breakdown() == {25: (500, 100)}


def two_rates() -> Basket:
    basket = Basket()
    basket.add(make_line("Kaffe", 3, Money.parse("59,90"), 15))  # 179,70
    basket.add(make_line("Krus", 1, Money.parse("99,00"), 25))
    return basket


def test_a_line_discount_lowers_what_is_paid_and_the_vat_on_it() -> None:
    basket = two_rates()
    assert basket.discount_line(1, percent=20) == 1980
    assert basket.lines[1].total_minor == 7920 and basket.lines[1].gross_minor == 9900
    assert basket.total_minor == 17970 + 7920 and basket.discount_minor == 1980
    assert basket.vat_breakdown()[25] == (7920, 1584)  # VAT on the 79,20 paid, not the 99,00 asked
    assert basket.discount_line(0, amount_minor=970) == 970  # an amount: 179,70 becomes 170,00
    assert basket.lines[0].total_minor == 17000
    assert Basket.from_json(basket.to_json()) == basket


def test_a_sale_discount_is_shared_over_the_lines_to_the_last_øre() -> None:
    basket = two_rates()
    basket.add(make_line("Avis", 1, Money.parse("45,00"), 0))
    before = {i: line.total_minor for i, line in enumerate(basket.lines)}
    off = basket.discount_sale(percent=15)
    assert off == (32370 * 15 + 50) // 100  # 48,56 of 323,70
    assert basket.total_minor == 32370 - off and basket.discount_minor == off
    for i, line in enumerate(basket.lines):  # each line gives in proportion to its price, to within an øre
        assert abs(line.discount_minor - off * before[i] / 32370) < 1
    assert sum(gross for gross, _ in basket.vat_breakdown().values()) == basket.total_minor


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"percent": 0}, "must be 1 to 100"),
    ({"percent": 101}, "must be 1 to 100"),
    ({"amount_minor": 9901}, "no more than what it is taken off"),
    ({"amount_minor": 0}, "more than zero"),
    ({}, "as a percentage or as an amount"),
    ({"percent": 10, "amount_minor": 100}, "as a percentage or as an amount"),
])
def test_a_discount_that_makes_no_sense_is_refused(kwargs: dict, message: str) -> None:  # type: ignore[type-arg]
    basket = two_rates()
    with pytest.raises(InvalidInput, match=message):
        basket.discount_line(1, **kwargs)
    assert basket.discount_minor == 0


def test_a_new_quantity_prices_the_line_again_without_its_old_discount() -> None:
    basket = two_rates()
    basket.discount_line(0, percent=50)
    line = basket.set_quantity(0, 2)
    assert (line.quantity, line.discount_minor, line.total_minor) == (2, 0, 11980)
    with pytest.raises(InvalidInput, match="quantity 0"):
        basket.set_quantity(0, 0)
    with pytest.raises(InvalidInput, match="choose a line"):
        basket.set_quantity(5, 1)


def test_a_stored_sale_with_a_discount_larger_than_its_line_is_not_taken_up() -> None:
    """A parked sale is read back from the database; someone with write access there must not
    be able to make a line that pays the shopper."""
    text = two_rates().to_json().replace('"discount_minor":0', '"discount_minor":20000', 1)
    with pytest.raises(InvalidInput, match="could not be read"):
        Basket.from_json(text)
