"""Money as integer minor units with an ISO 4217 currency. Floats never touch an amount."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from pos_app.core.errors import InvalidInput

# Currencies a Nordic/European store is likely to take, with their minor-unit exponent.
MINOR_UNIT_DIGITS: dict[str, int] = {
    "NOK": 2, "SEK": 2, "DKK": 2, "EUR": 2, "GBP": 2, "USD": 2, "CHF": 2, "PLN": 2, "ISK": 0,
}
DEFAULT_CURRENCY = "NOK"
# A single sale above this is almost certainly a typo (100 000 000 minor units = 1 million NOK).
MAX_AMOUNT_MINOR = 100_000_000


def check_currency(code: str) -> str:
    if code not in MINOR_UNIT_DIGITS:
        known = ", ".join(sorted(MINOR_UNIT_DIGITS))
        raise InvalidInput(f"unknown currency {code!r}; choose one of {known}")
    return code


@dataclass(frozen=True, order=True)
class Money:
    currency: str
    minor: int

    def __post_init__(self) -> None:
        check_currency(self.currency)
        if isinstance(self.minor, bool) or not isinstance(self.minor, int):
            raise InvalidInput(f"amount must be an integer of minor units, got {self.minor!r}")
        if abs(self.minor) > MAX_AMOUNT_MINOR:
            most = f"{MAX_AMOUNT_MINOR // 100:,}".replace(",", " ")  # integers only: any size formats
            raise InvalidInput(f"the amount is more than the {most} allowed (in {self.currency})")

    @classmethod
    def of(cls, minor: int, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(currency=currency, minor=minor)

    @classmethod
    def parse(cls, text: str, currency: str = DEFAULT_CURRENCY) -> Money:
        """Parse what a cashier types ("125,50", "125.5", "1 250") into minor units, exactly."""
        check_currency(currency)
        digits = MINOR_UNIT_DIGITS[currency]
        cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise InvalidInput(f"{text!r} is not an amount") from None
        if not value.is_finite():
            raise InvalidInput(f"{text!r} is not an amount")
        scaled = value.scaleb(digits)
        if scaled != scaled.to_integral_value():
            raise InvalidInput(f"{text!r} has more than {digits} decimals for {currency}")
        return cls(currency=currency, minor=int(scaled))

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.currency, self.minor + other.minor)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.currency, self.minor - other.minor)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise InvalidInput(f"cannot mix {self.currency} and {other.currency}")

    def format(self, language: str = "en") -> str:
        """Display text: '1 250,50 kr' in Norwegian, 'NOK 1,250.50' in English."""
        digits = MINOR_UNIT_DIGITS[self.currency]
        sign = "-" if self.minor < 0 else ""
        whole, frac = divmod(abs(self.minor), 10**digits) if digits else (abs(self.minor), 0)
        frac_text = f"{frac:0{digits}d}" if digits else ""
        if language == "nb":
            whole_text = f"{whole:,}".replace(",", "\u00a0")
            number = f"{whole_text},{frac_text}" if digits else whole_text
            suffix = "kr" if self.currency == "NOK" else self.currency
            return f"{sign}{number}\u00a0{suffix}"
        number = f"{whole:,}.{frac_text}" if digits else f"{whole:,}"
        return f"{sign}{self.currency} {number}"

    def __str__(self) -> str:
        return self.format("en")
