"""The register's draft (flows.register_draft): the basket and the sale sent from it survive the
register closing; a damaged or crafted draft starts the register empty instead of failing it."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from pos_app.core.basket import Basket, make_line
from pos_app.core.money import Money
from pos_app.flows.register_draft import draft_path, keep_draft, read_draft


def _basket() -> Basket:
    basket = Basket()
    basket.add(make_line("Melk", 2, Money.of(2490), 15))
    return basket


def test_a_draft_comes_back_whole_and_private(tmp_path: Path) -> None:
    path = draft_path(tmp_path, "register-1")
    keep_draft(path, _basket(), "sale-17")
    draft = read_draft(path)
    assert draft is not None and draft.sale_id == "sale-17" and draft.basket.total_minor == 4980
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    keep_draft(path, Basket(), None)  # the basket emptied: nothing is kept
    assert not path.exists() and read_draft(path) is None


def test_a_damaged_or_crafted_draft_starts_the_register_empty(tmp_path: Path) -> None:
    path = draft_path(tmp_path, "register-1")
    for text in ("{not json", "[]", json.dumps({"sale_id": "x"}), b"\xff\xfe".decode("latin-1"),
                 json.dumps({"basket": json.dumps({"currency": "NOK", "lines": [
                     {"name": "Melk", "quantity": 1, "unit_minor": 100, "vat_rate": 15, "discount_minor": 500}]})})):
        path.write_text(text, encoding="utf-8")
        assert read_draft(path) is None, text
