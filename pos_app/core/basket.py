"""A sale rung up at the register: lines with quantity, unit price and VAT rate, or one amount.

Shelf prices in Norway include VAT (merverdiavgift), so the VAT in a line is its gross amount times
rate / (100 + rate), rounded per rate to whole øre: the breakdown printed on the receipt, which
always adds up to the total."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from pos_app.core.errors import InvalidInput
from pos_app.core.money import MAX_AMOUNT_MINOR, Money

# Standard 25%, food 15%, transport/cinema/hotels 12%, exempt 0%.
MAX_LINES = 200


@dataclass(frozen=True)
class Line:
    name: str
    quantity: int
    unit_price_minor: int  # VAT included
    vat_rate: int
    group: str = "goods"  # the article group, as the fiscal rules name it
    article: str = ""  # the price list's code, when the line came from it
    # Taken off this line, VAT included: its own discount plus its share of a discount on the
    # whole sale. VAT is then due on what the shopper pays (merverdiavgiftsloven § 4-1).
    discount_minor: int = 0

    @property
    def gross_minor(self) -> int:
        """Before any discount."""
        return self.quantity * self.unit_price_minor

    @property
    def total_minor(self) -> int:
        return self.gross_minor - self.discount_minor


def make_line(name: str, quantity: int, unit_price: Money, vat_rate: int, group: str = "goods",
              article: str = "") -> Line:
    from pos_app.core.text import clean_text

    # Plain text only: an ESC in a line name opened the cash drawer on a card sale, and a
    # control character in an article name made every later SAF-T file ill-formed XML.
    text = " ".join(clean_text(name, "a line's name", 80, allow_empty=True).split())
    if not text:
        raise InvalidInput("a line needs a name of 1-80 characters")
    if not 1 <= quantity <= 9999:
        raise InvalidInput(f"quantity {quantity} must be 1 to 9999")
    if unit_price.minor <= 0:
        raise InvalidInput(f"the price of {text!r} must be more than zero")
    from pos_app.core import fiscal

    if problem := fiscal.rules().vat_problem(vat_rate):
        raise InvalidInput(problem)
    if problem := fiscal.rules().group_problem(group):
        raise InvalidInput(problem)
    return Line(text, quantity, unit_price.minor, vat_rate, group, article)


@dataclass
class Basket:
    currency: str = "NOK"
    lines: list[Line] = field(default_factory=list)

    def add(self, line: Line) -> None:
        if len(self.lines) >= MAX_LINES:
            raise InvalidInput(f"a sale holds at most {MAX_LINES} lines")
        if self.total_minor + line.total_minor > MAX_AMOUNT_MINOR:
            raise InvalidInput("that line would take the sale over the largest amount allowed")
        self.lines.append(line)

    def remove(self, index: int) -> None:
        if 0 <= index < len(self.lines):
            del self.lines[index]

    def set_quantity(self, index: int, quantity: int) -> Line:
        """A new quantity for a line; its discount, if any, is taken off again from scratch."""
        if not 0 <= index < len(self.lines):
            raise InvalidInput("choose a line first")
        if not 1 <= quantity <= 9999:
            raise InvalidInput(f"quantity {quantity} must be 1 to 9999")
        line = replace(self.lines[index], quantity=quantity, discount_minor=0)
        if self.total_minor - self.lines[index].total_minor + line.total_minor > MAX_AMOUNT_MINOR:
            raise InvalidInput("that quantity would take the sale over the largest amount allowed")
        self.lines[index] = line
        return line

    def discount_line(self, index: int, *, percent: int | None = None, amount_minor: int | None = None) -> int:
        """Set one line's discount, as a whole percentage or an amount; returns the amount."""
        if not 0 <= index < len(self.lines):
            raise InvalidInput("choose a line first")
        line = self.lines[index]
        off = _discount_amount(line.gross_minor, percent, amount_minor)
        self.lines[index] = replace(line, discount_minor=off)
        return off

    def discount_sale(self, *, percent: int | None = None, amount_minor: int | None = None) -> int:
        """A discount on the whole sale, shared over its lines in proportion to what each costs,
        so every VAT rate's base falls by its share; returns the amount."""
        total = self.total_minor
        if not self.lines or total <= 0:
            raise InvalidInput("ring up a line before giving a discount")
        off = _discount_amount(total, percent, amount_minor)
        shares = [off * line.total_minor // total for line in self.lines]
        # The øre the division left go to the lines with the largest remainders, first first.
        order = sorted(range(len(self.lines)), key=lambda i: -(off * self.lines[i].total_minor % total))
        for i in order[:off - sum(shares)]:
            shares[i] += 1
        self.lines = [replace(line, discount_minor=line.discount_minor + share)
                      for line, share in zip(self.lines, shares)]
        return off

    @property
    def discount_minor(self) -> int:
        return sum(line.discount_minor for line in self.lines)

    @property
    def total_minor(self) -> int:
        return sum(line.total_minor for line in self.lines)

    @property
    def total(self) -> Money:
        return Money(self.currency, self.total_minor)

    def vat_breakdown(self) -> dict[int, tuple[int, int]]:
        """rate -> (gross, VAT included in it), in minor units, for the rates in use."""
        from pos_app.core import fiscal

        out: dict[int, tuple[int, int]] = {}
        for rate in fiscal.rules().vat_rates:
            gross = sum(line.total_minor for line in self.lines if line.vat_rate == rate)
            if gross:
                out[rate] = (gross, (gross * rate + (100 + rate) // 2) // (100 + rate))
        return out

    def receipt_lines(self) -> list[str]:
        money = lambda minor: Money(self.currency, minor).format("en")  # noqa: E731
        out = [f"{line.quantity} x {line.name} @ {money(line.unit_price_minor)} = {money(line.total_minor)}"
               + (f" (discount {money(line.discount_minor)})" if line.discount_minor else "") for line in self.lines]
        out += [f"VAT {rate}% of {money(gross)}: {money(vat)}" for rate, (gross, vat) in self.vat_breakdown().items()]
        return out

    def to_json(self) -> str:
        return json.dumps({"currency": self.currency, "lines": [asdict(line) for line in self.lines]},
                          separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Basket:
        try:
            data = json.loads(text)
            basket = cls(data["currency"], [Line(**line) for line in data["lines"]])
        except (ValueError, KeyError, TypeError):
            raise InvalidInput("the saved sale could not be read") from None
        # A stored basket is checked as a rung-up one is: a written-in discount larger than its
        # line would be a sale with a negative line.
        if any(not 0 <= line.discount_minor <= line.gross_minor or line.quantity < 1 or line.unit_price_minor <= 0
               for line in basket.lines):
            raise InvalidInput("the saved sale could not be read")
        return basket


def _discount_amount(of_minor: int, percent: int | None, amount_minor: int | None) -> int:
    if (percent is None) == (amount_minor is None):
        raise InvalidInput("give a discount as a percentage or as an amount")
    if percent is not None:
        if not 1 <= percent <= 100:
            raise InvalidInput(f"a discount of {percent} % must be 1 to 100 %")
        return (of_minor * percent + 50) // 100
    assert amount_minor is not None
    if not 0 < amount_minor <= of_minor:
        raise InvalidInput("a discount must be more than zero and no more than what it is taken off")
    return amount_minor


# What a line rung up as an amount is called on the receipt and in SAF-T: the article group's
# Norwegian name (the shop's records are Norwegian), never the screen's language.
AMOUNT_LINE = "Varesalg"


def one_amount(amount: Money, vat_rate: int = 25, name: str = AMOUNT_LINE) -> Basket:
    """A sale rung up as a single amount."""
    basket = Basket(amount.currency)
    basket.add(make_line(name, 1, amount, vat_rate))
    return basket
