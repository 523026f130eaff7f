"""Phone numbers as shoppers type them at the kiosk and as the desk writes them down."""

from __future__ import annotations

import pytest

from pos_app.core.customers import normalise_phone
from pos_app.core.errors import InvalidInput


@pytest.mark.parametrize("typed", ["91234567", "912 34 567", "+47 912 34 567", "0047 91234567", "(+47) 912-34-567"])
def test_every_way_of_writing_a_norwegian_number_is_the_same_customer(typed: str) -> None:
    assert normalise_phone(typed) == "+4791234567"


def test_a_foreign_number_keeps_its_country_code() -> None:
    assert normalise_phone("+46 70 123 45 67") == "+46701234567"


@pytest.mark.parametrize("bad", ["1234", "abc12345678", "+47 912 34 567 890 123 45"])
def test_something_that_is_not_a_phone_number_is_refused_in_plain_words(bad: str) -> None:
    with pytest.raises(InvalidInput, match="is not a phone number"):
        normalise_phone(bad)
