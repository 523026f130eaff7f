"""The fiscal seam: generic core reaches the Norwegian rules only through pos_app/core/fiscal.py,
and what the rules write is part of the sale's own database transaction."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any, Iterator

import pytest
from sqlalchemy import func, select

from pos_app.core import fiscal
from pos_app.core.basket import make_line
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction, get_transaction
from pos_app.l10n_no.models import LegalReceipt
from pos_app.l10n_no.rules import RULES, NorwegianRules

CORE = Path(__file__).resolve().parents[2] / "pos_app" / "core"


def _imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
            yield from (f"{node.module}.{a.name}" for a in node.names)


def test_core_never_imports_the_norwegian_rules() -> None:
    offenders = sorted(f"{p.relative_to(CORE.parent)}: {name}" for p in CORE.rglob("*.py") for name in _imports(p)
                       if name.startswith("pos_app.l10n_no"))
    assert offenders == []
    assert len(list(CORE.rglob("*.py"))) > 30  # the walk saw core (and its migrations)


def test_the_installed_rules_are_norways_with_their_own_migrations() -> None:
    assert isinstance(fiscal.rules(), NorwegianRules)
    own = sorted(p.name for p in fiscal.rules().migrations.glob("0*.py"))
    assert own == ["0004_cash_register.py", "0006_signing_keys_and_guards.py"]


class _Breaks:
    """Norway's rules, with one hook failing after it has written its record."""

    def __init__(self, hook: str) -> None:
        self.hook = hook

    def __getattr__(self, name: str) -> Any:
        real = getattr(RULES, name)
        if name != self.hook:
            return real

        def wrote_then_failed(*args: Any, **kwargs: Any) -> None:
            real(*args, **kwargs)
            raise RuntimeError("the rules failed after writing")
        return wrote_then_failed


@pytest.fixture
def broken_rules() -> Iterator[type[_Breaks]]:
    before = fiscal.use(None)
    yield _Breaks
    fiscal.use(before)


def test_a_sale_whose_receipt_fails_is_not_approved_and_leaves_no_receipt(db: Database, broken_rules: Any) -> None:
    kiosk = ensure_terminal(db, "kiosk-1", "kiosk")
    tx = create_transaction(db, terminal_id=kiosk, amount=Money.of(4990))
    tx = advance(db, tx.id, TxState.VERIFYING)
    tx = advance(db, tx.id, TxState.AUTHORIZING)
    fiscal.use(broken_rules("sale_approved"))
    with pytest.raises(RuntimeError, match="after writing"):
        advance(db, tx.id, TxState.APPROVED)
    assert get_transaction(db, tx.id).state is TxState.AUTHORIZING
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(LegalReceipt)) == 0
    fiscal.use(None)  # the rules work again: the same sale is approved with its one receipt
    advance(db, tx.id, TxState.APPROVED)
    with db.session() as s:
        assert s.scalars(select(LegalReceipt.source)).all() == [f"{tx.id}:sale"]


def test_core_asks_the_rules_which_article_groups_and_vat_rates_exist(broken_rules: Any) -> None:
    class Elsewhere(NorwegianRules):
        vat_rates = (7, 19)

        def vat_problem(self, rate: int) -> str:
            return "" if rate in self.vat_rates else f"no VAT rate {rate}"

        def group_problem(self, group: str) -> str:
            return "" if group == "bakery" else f"no group {group}"

    fiscal.use(Elsewhere())
    line = make_line("Bread", 1, Money.of(3500), 7, "bakery")
    assert (line.group, line.vat_rate) == ("bakery", 7)
    with pytest.raises(InvalidInput, match="no group goods"):
        make_line("Bread", 1, Money.of(3500), 7, "goods")
    with pytest.raises(InvalidInput, match="no VAT rate 15"):
        make_line("Bread", 1, Money.of(3500), 15, "bakery")


def test_a_day_close_runs_the_rules_in_its_transaction(db: Database, tmp_path: Path, broken_rules: Any) -> None:
    """Every Z is taken through core's day close (core/takings.close_day): the rules' report is
    written in core's transaction under the journal's lock, so a failure leaves no half a Z."""
    from pos_app.core.takings import close_day
    from pos_app.l10n_no.models import ZReport
    from tests.register_fixture import open_till

    till = open_till(db, tmp_path)

    def z_reports() -> list[int]:
        with db.session() as s:
            return list(s.scalars(select(ZReport.number)))

    fiscal.use(broken_rules("day_closed"))
    with pytest.raises(RuntimeError, match="after writing"):
        till.register.report(till.mona, "z")
    assert z_reports() == []

    seen: list[str] = []

    class Elsewhere(NorwegianRules):
        def day_closed(self, s: Any, **kw: Any) -> Any:
            seen.append(kw["register"])
            return "a day report of another country"

    fiscal.use(Elsewhere())
    assert close_day(db, till.settings, register_id=till.register.register_id, register="register-1",
                     actor="mona") == "a day report of another country"
    assert seen == ["register-1"] and z_reports() == []
    fiscal.use(None)  # Norway's again: the one Z of the day, and a second refused
    assert till.register.report(till.mona, "z")[0].number == 1
    with pytest.raises(InvalidInput, match="already taken"):
        till.register.report(till.mona, "z")
    assert z_reports() == [1]
