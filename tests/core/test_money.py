from __future__ import annotations

import pytest

from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money


@pytest.mark.parametrize(
    ("typed", "minor"),
    [("125,50", 12550), ("125.5", 12550), ("1 250", 125000), ("0,01", 1), ("19.99", 1999)],
)
def test_what_a_cashier_types_becomes_exact_minor_units(typed: str, minor: int) -> None:
    assert Money.parse(typed) == Money("NOK", minor)


@pytest.mark.parametrize("typed", ["12,345", "abc", "", "nan", "inf", "1e999"])
def test_amounts_that_are_not_exact_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        Money.parse(typed)


def test_floats_are_not_money() -> None:
    with pytest.raises(InvalidInput, match="integer of minor units"):
        Money("NOK", 12.5)  # type: ignore[arg-type]


def test_sums_are_exact_where_floats_drift() -> None:
    total = Money.of(0)
    for _ in range(10):
        total = total + Money.parse("0.10")
    assert total == Money.parse("1.00")


def test_currencies_do_not_mix() -> None:
    with pytest.raises(InvalidInput, match="cannot mix NOK and EUR"):
        Money.of(100) + Money.of(100, "EUR")


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown currency 'XYZ'"):
        Money.of(100, "XYZ")


def test_display_in_norwegian_and_english() -> None:
    amount = Money.of(125050)
    assert amount.format("nb") == "1\u00a0250,50\u00a0kr"
    assert amount.format("en") == "NOK 1,250.50"
