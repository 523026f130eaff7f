"""Barcodes at the till: GTIN check digits and the store's own weight and price codes.

A GTIN (EAN-8, UPC-A, EAN-13, GTIN-14) ends in a mod-10 check digit over the others, weighted 3
and 1 from the right. EAN-13 codes beginning 20-29 are GS1's "restricted circulation" numbers:
each retailer decides what they mean. Scales in Norwegian shops print the common layout
2P AAAAA VVVVV C (prefix, the article's 5-digit PLU, a 5-digit value, check digit); which prefixes
carry a weight in grams and which a price in øre is a setting (`scale_weight_prefixes`)."""

from __future__ import annotations

from dataclasses import dataclass

GTIN_LENGTHS = (8, 12, 13, 14)
IN_STORE_PREFIXES = tuple(str(p) for p in range(20, 30))


def check_digit(body: str) -> int:
    """The GS1 check digit for the digits before it."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def gtin_problem(code: str) -> str | None:
    """Why ``code`` is not a GTIN, or None."""
    if not code.isdigit() or len(code) not in GTIN_LENGTHS:
        return f"EAN/GTIN {code!r} must be 8, 12, 13 or 14 digits"
    if check_digit(code[:-1]) != int(code[-1]):
        return f"EAN/GTIN {code} has a wrong check digit (it should end in {check_digit(code[:-1])})"
    return None


@dataclass(frozen=True)
class InStoreCode:
    """What a scale's label encodes: the article (by PLU) and its weight or its price."""

    plu: str
    grams: int | None = None
    price_minor: int | None = None


def decode_in_store(code: str, weight_prefixes: tuple[str, ...]) -> InStoreCode | None:
    """The weight or price in a valid EAN-13 starting 20-29, or None for any other code."""
    if len(code) != 13 or not code.startswith(IN_STORE_PREFIXES) or gtin_problem(code):
        return None
    plu, value = code[2:7].lstrip("0") or "0", int(code[7:12])
    if code[:2] in weight_prefixes:
        return InStoreCode(plu, grams=value)
    return InStoreCode(plu, price_minor=value)
