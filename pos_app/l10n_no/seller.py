"""The seller a receipt names (bokføringsforskriften § 5-2-1 and kassasystemforskrifta § 2-8-4):
name, organisation number followed by "MVA" for a VAT-registered business, and address."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.core.errors import InvalidInput

# The Brønnøysund Register Centre's weights for the check digit of an organisation number.
_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def org_number_problem(text: str) -> str | None:
    """Why ``text`` is not a valid Norwegian organisation number, or None."""
    digits = text.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        return f"organisation number {text!r} must be 9 digits"
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10 or check != int(digits[8]):
        return f"organisation number {text!r} fails the mod-11 check (a digit is wrong)"
    return None


@dataclass(frozen=True)
class Seller:
    name: str
    org_number: str  # 9 digits
    address: str

    @property
    def vat_id(self) -> str:
        """As the receipt prints it: the number in groups of three, then MVA."""
        n = self.org_number
        return f"Org.nr. {n[:3]} {n[3:6]} {n[6:]} MVA"


def seller_from(name: str, org_number: str, address: str) -> Seller:
    """The seller, or a plain refusal naming the settings to fill in: a receipt without them is
    not a legal receipt, so nothing is printed."""
    missing = [k for k, v in (("company_name", name), ("company_org_number", org_number),
                              ("company_address", address)) if not v.strip()]
    if missing:
        raise InvalidInput(f"set {', '.join(missing)} in the settings: a legal receipt names the seller")
    problem = org_number_problem(org_number)
    if problem:
        raise InvalidInput(problem)
    return Seller(" ".join(name.split()), org_number.replace(" ", ""), " ".join(address.split()))
