"""Receipts on an ESC/POS printer: the bytes python-escpos produced, decoded back to what the
paper shows; a printer that is away or out of paper, in plain words, with nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.core.money import Money
from pos_app.core.basket import one_amount
from pos_app.l10n_no import journal
from pos_app.l10n_no.receipts import receipt_for
from pos_app.printing.decode import decode
from tests.bank_fixture import free_port
from tests.printing.fake_printer import FakePrinter
from tests.register_fixture import Till, groceries, open_till


def test_a_sales_receipt_carries_what_the_rules_require(till: Till) -> None:
    tx = till.sell(groceries())
    receipt, printed = till.register.conclude(till.kari, tx.id)
    assert printed.ok
    paper = till.printed()
    assert paper[0] == "Salgskvittering"
    assert {"Nærbutikken AS", "Org.nr. 923 609 016 MVA", "Storgata 1, 0155 Oslo"} <= set(paper)
    assert any(line.startswith("Kvittering nr. 1 ") for line in paper)
    assert "Kasse: register-1   Kasserer: kari" in paper
    assert any(line.startswith("Melk 1 l") and line.endswith("43,80 15%") for line in paper)
    assert "  2 x 21,90" in paper
    assert any(line.startswith("MVA 15% av 38,09") and line.endswith("5,71") for line in paper)
    assert any(line.startswith("Totalt NOK") and line.endswith("88,80") for line in paper)
    assert any(line.startswith("Kontant") for line in paper)
    assert paper[-2:] == ["[cut]", "[drawer kick]"]  # cash: the drawer opens with the receipt
    assert till.register.drawer_is_open()


def test_the_copy_says_kopi_and_a_second_copy_prints_nothing(till: Till) -> None:
    tx = till.sell(one_amount(Money.of(12990)), "card")
    till.register.conclude(till.kari, tx.id)
    till.register.copy(till.kari, tx.id)
    paper = till.printed()
    assert paper[0] == "KOPI" and paper[1] == "Salgskvittering" and "KOPI" in paper[2:]
    till.printer_file.unlink()
    with pytest.raises(Exception, match="no second copy"):
        till.register.copy(till.mona, tx.id)
    assert not till.printer_file.exists()


def test_provisional_and_training_receipts_are_marked(till: Till) -> None:
    from pos_app.core.transactions import create_transaction

    pending = create_transaction(till.db, terminal_id=till.register.register_id, amount=Money.of(5000),
                                 method="cash", actor="kari", terminal="register-1", register_id=till.register.register_id)
    assert till.register.provisional(till.kari, pending.id).ok
    assert till.printed()[0] == "Foreløpig kvittering – IKKE KVITTERING FOR KJØP"
    assert "IKKE KVITTERING FOR KJØP" in till.printed()
    till.register.training(till.mona, True)
    tx = till.sell(groceries())
    till.register.conclude(till.kari, tx.id)
    paper = till.printed()
    assert paper[0].startswith("Treningskvittering") and paper.count("TRENING – IKKE GYLDIG KVITTERING") == 2
    assert "[drawer kick]" not in paper  # no money moves in training


def test_an_unreachable_printer_loses_nothing_and_the_receipt_prints_later(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    till = open_till(db, tmp_path, receipt_printer=f"tcp://127.0.0.1:{free_port()}", cash_drawer="none")
    tx = till.sell(groceries(), "card")
    receipt, printed = till.register.conclude(till.kari, tx.id)
    assert not printed.ok and "cannot be reached" in printed.problem and "the sale is saved" in printed.problem
    assert receipt_for(db, tx.id).number == 1 and [r.id for r in till.register.unprinted()] == [receipt.id]
    printer = FakePrinter()
    try:
        till.register.settings = till.settings.replace(receipt_printer=printer.spec)
        assert till.register.print_again(till.kari, receipt.id).ok
    finally:
        printer.close()
    assert decode(bytes(printer.received))[0] == "Salgskvittering"
    assert till.register.unprinted() == []
    codes = [e.code.predefined for e in journal.entries(db, terminal="register-1") if e.subject_id == receipt.id]
    assert codes == ["13012", "13030", "13018"]  # issued, not printed, printed later


def test_a_printer_out_of_paper_says_so(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    printer = FakePrinter(paper=False)
    try:
        till = open_till(db, tmp_path, receipt_printer=printer.spec, cash_drawer="none")
        tx = till.sell(groceries(), "card")
        _, printed = till.register.conclude(till.kari, tx.id)
        assert not printed.ok and "is out of paper" in printed.problem
        assert printer.settle() == b""  # nothing half-printed
        printer.paper = True
        assert till.register.print_again(till.kari, receipt_for(db, tx.id).id).ok
        assert decode(printer.settle())[0] == "Salgskvittering"
    finally:
        printer.close()
