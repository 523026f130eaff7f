"""The register's basket: lines with Norwegian VAT rates, a breakdown that adds up, and a sale
sent to a kiosk carrying its lines to the receipt."""

from __future__ import annotations

import pytest

from pos_app.core.basket import Basket, make_line, one_amount
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.core.receipts import receipt_of
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
