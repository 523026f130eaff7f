"""A register on a real database (each kind), with a cashier and a manager, a shift open, the
seller set up and a receipt printer: a file (python-escpos's File printer) unless a test gives
another. Shared by the cash-register tests of core, printing and flows."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from pos_app.core.basket import Basket, make_line
from pos_app.core.config import Settings
from pos_app.core.db import Database
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo
from pos_app.core.transactions import TxInfo
from pos_app.flows.cash_register import CashRegister

SELLER = {"company_name": "Nærbutikken AS", "company_org_number": "923609016",
          "company_address": "Storgata 1, 0155 Oslo"}


@dataclass
class Till:
    db: Database
    settings: Settings
    register: CashRegister
    kari: OperatorInfo  # cashier
    mona: OperatorInfo  # manager
    shift_id: str
    printer_file: Path

    def sell(self, basket: Basket, method: str = "cash", who: OperatorInfo | None = None) -> TxInfo:
        from pos_app.core import shifts

        tendered = Money.of(basket.total_minor) if method == "cash" else None
        tx, _ = shifts.record_payment(self.db, who or self.kari, shift_id=self.shift_id,
                                      terminal_id=self.register.register_id, terminal=self.register.name,
                                      amount=basket.total, method=method, tendered=tendered, basket=basket.to_json())
        return tx

    def printed(self) -> list[str]:
        from pos_app.printing.decode import decode

        return decode(self.printer_file.read_bytes())


def groceries() -> Basket:
    basket = Basket()
    basket.add(make_line("Melk 1 l", 2, Money.of(2190), 15, "food", "7038010000737"))
    basket.add(make_line("Avis", 1, Money.of(4500), 0, "goods"))
    return basket


def open_till(db: Database, tmp_path: Path, name: str = "register-1", **overrides: object) -> Till:
    from pos_app.core import shifts
    from pos_app.core.operators import add_operator, authenticate
    from pos_app.core.terminals import ensure_terminal

    printer_file = tmp_path / f"{name}-printer.bin"
    settings = Settings(data_dir=tmp_path / "data", key_file=str(tmp_path / "keys" / "facepay.key"),
                        register_name=name, receipt_printer=f"file:{printer_file}", cash_drawer="printer",
                        **SELLER).replace(**overrides)  # type: ignore[arg-type]
    for username, role in (("kari", "cashier"), ("mona", "manager")):
        try:
            add_operator(db, username=username, display_name=username.title(), role=role, secret="4821", actor="test")
        except Exception:  # noqa: BLE001 - a second till on the same database shares the staff
            pass
    kari = authenticate(db, "kari", "4821", terminal=name)
    mona = authenticate(db, "mona", "4821", terminal=name)
    register_id = ensure_terminal(db, name, "register")
    shift = shifts.open_shift(db, kari, terminal_id=register_id, terminal=name, opening_float=Money.of(150_000))
    return Till(db, settings, CashRegister(db, settings, register_id), kari, mona, shift.id, printer_file)


@pytest.fixture
def till(db: Database, tmp_path: Path) -> Till:
    return open_till(db, tmp_path)
