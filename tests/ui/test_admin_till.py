"""The register screen under the cash-register rules: the receipt prints by itself after a
payment (its bytes decoded), the one copy, the drawer, and training mode marked on screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from pos_app.core.config import Settings
from pos_app.core.db import Database
from pos_app.flows.store_admin import AdminServices
from pos_app.printing.decode import decode
from pos_app.ui.admin_register import RegisterPage
from pos_app.ui.admin_shift import ShiftPage
from pos_app.ui.qt import Qt
from tests.bank_fixture import Bank
from tests.register_fixture import SELLER
from tests.ui.conftest import close_windows
from tests.ui.test_admin import open_admin, settle, sign_in, staffed


@pytest.fixture
def till_shop(tmp_path: Path, bank: Bank) -> Iterator[tuple[Callable[[], AdminServices], Path]]:
    db = Database(f"sqlite:///{tmp_path / 'facepay.db'}")
    staffed(db)
    printer = tmp_path / "printer.bin"
    settings = Settings(data_dir=tmp_path / "data", bank_url=bank.url, bank_terminal_id=bank.terminal_id,
                        bank_terminal_key=bank.key, language="en", receipt_printer=f"file:{printer}",
                        cash_drawer="printer", **SELLER)  # type: ignore[arg-type]
    yield (lambda: AdminServices.open(db, settings, tmp_path / "config.toml", bank.client)), printer
    close_windows()
    db.dispose()


def open_register(qtbot, load, who: str = "mona"):  # type: ignore[no-untyped-def]
    """The register screen as an operator (a manager, unless told) finds it after opening a shift
    with a 1,000 kr float."""
    window = open_admin(qtbot, load)
    sign_in(qtbot, window, who)
    shift = window.show_page(ShiftPage)
    settle(qtbot, window)
    shift.float_field.setText("1000")
    qtbot.mouseClick(shift.open, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    register = window.show_page(RegisterPage)
    settle(qtbot, window)
    return window, register


def test_a_cash_sale_prints_its_receipt_and_the_till_keeps_the_rules(qtbot, till_shop) -> None:  # type: ignore[no-untyped-def]
    load, printer = till_shop
    window, register = open_register(qtbot, load)
    register.item_name.setText("Kaffe")
    register.price.setText("89,90")
    qtbot.mouseClick(register.add_line, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(register.cash, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: register.till.receipt.text() == "Receipt no. 1 printed.", timeout=10_000)
    paper = decode(printer.read_bytes())
    assert paper[0] == "Salgskvittering" and "Org.nr. 923 609 016 MVA" in paper and paper[-1] == "[drawer kick]"
    assert register.till.drawer_closed.isEnabled()
    qtbot.mouseClick(register.till.drawer_closed, Qt.MouseButton.LeftButton)
    settle(qtbot, window)

    qtbot.mouseClick(register.till.copy, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert decode(printer.read_bytes())[0] == "KOPI"
    qtbot.mouseClick(register.till.copy, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert "no second copy" in register.message.text()

    assert register.till.training.isVisible() and not register.till.training_banner.isVisible()
    qtbot.mouseClick(register.till.training, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: register.till.training_banner.isVisible(), timeout=10_000)
    assert register.till.training.text() == "Training mode off"


def test_a_removed_line_and_a_cleared_sale_are_journaled_and_counted_on_the_z(qtbot, till_shop) -> None:  # type: ignore[no-untyped-def]
    """Before: "Remove line" and "Clear" were not journaled, and the Z printed 0 line corrections."""
    from pos_app.l10n_no import journal

    load, _ = till_shop
    window, register = open_register(qtbot, load)
    for name in ("Kaffe", "Bolle", "Avis"):
        register.item_name.setText(name)
        register.price.setText("10,00")
        qtbot.mouseClick(register.add_line, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(register.remove_line, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    qtbot.mouseClick(register.clear, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    services = load()
    qtbot.waitUntil(lambda: len([e for e in journal.entries(services.db) if e.action.startswith("basket.")]) == 2,
                    timeout=10_000)
    removed, cleared = [e for e in journal.entries(services.db) if e.action.startswith("basket.")]
    assert [line["name"] for line in removed.data["lines"]] == ["Avis"] and removed.actor == "mona"
    assert [line["name"] for line in cleared.data["lines"]] == ["Kaffe", "Bolle"]
    from pos_app.core.operators import authenticate
    from pos_app.l10n_no.day_report import z_reports
    from tests.ui.test_admin import PINS

    services.report(authenticate(services.db, "mona", PINS["mona"]), "z")

    assert z_reports(services.db)[-1]["line_corrections"] == 2



def test_the_register_prints_its_journal_for_the_chosen_days(qtbot, till_shop) -> None:  # type: ignore[no-untyped-def]
    load, printer = till_shop
    window, register = open_register(qtbot, load)  # a manager: the shift was opened, so journaled
    shift = window.show_page(ShiftPage)
    settle(qtbot, window)
    from datetime import date

    assert shift.saft_from.text() == shift.saft_to.text() == date.today().isoformat()
    qtbot.mouseClick(shift.print_journal, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert shift.message.text() == "Journal printed."
    paper = decode(printer.read_bytes())
    assert "Elektronisk journal" in paper and "  Pålogging" in paper  # mona signing in (13003)
    shift.saft_to.setText("28.11.2026")
    qtbot.mouseClick(shift.print_journal, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert shift.message.text() == "Write the days as 2026-11-28."
