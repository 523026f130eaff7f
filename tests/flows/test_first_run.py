"""A new register opens no shift until the seller and the receipt printer are set, whichever
screen or command asks: a sale in that shift could otherwise go without its legal receipt."""

from __future__ import annotations

from pathlib import Path

import pytest

from pos_app.core.config import Settings
from pos_app.core.db import Database
from pos_app.core.money import Money
from pos_app.core.operators import add_operator, authenticate
from pos_app.core.shifts import current_shift
from pos_app.flows.cash_register import SetupMissing, missing_setup
from pos_app.flows.store_admin import AdminServices


def services_with(tmp_path: Path, db_url: str, **settings: object) -> AdminServices:
    db = Database(db_url)
    db.upgrade()
    add_operator(db, username="kari", display_name="Kari", role="cashier", secret="4821", actor="test")
    return AdminServices.open(db, Settings(data_dir=tmp_path / "data", db_url=db_url, language="en", **settings),
                              tmp_path / "config.toml", None)  # type: ignore[arg-type]


def test_a_new_register_names_what_it_still_needs_and_opens_no_shift(tmp_path: Path, db_url: str) -> None:
    services = services_with(tmp_path, db_url, company_name="Nærbutikken AS", company_org_number="923609017")
    kari = authenticate(services.db, "kari", "4821")
    with pytest.raises(SetupMissing) as refused:
        services.open_shift(kari, Money.of(0))
    # The org. number is there but fails mod 11; the address and the printer are missing.
    assert refused.value.missing == ["company_address", "company_org_number", "receipt_printer"]
    assert "company_address, company_org_number, receipt_printer" in str(refused.value)
    assert current_shift(services.db, services.register_id) is None
    with pytest.raises(Exception, match="open a shift before taking cash or card"):
        from pos_app.core.basket import one_amount

        services.take_payment(kari, one_amount(Money.of(5000)), "cash", Money.of(5000))
    services.db.dispose()


def test_with_the_seller_and_a_printer_set_the_shift_opens(tmp_path: Path, db_url: str) -> None:
    services = services_with(tmp_path, db_url, company_name="Nærbutikken AS", company_org_number="923 609 016",
                             company_address="Storgata 1, 0155 Oslo", receipt_printer=f"file:{tmp_path / 'p.bin'}")
    assert missing_setup(services.settings) == []
    kari = authenticate(services.db, "kari", "4821")
    assert services.open_shift(kari, Money.of(10_000)).opening_float == 10_000
    services.db.dispose()


def test_setting_up_the_seller_keeps_the_data_folder_the_register_started_with(tmp_path: Path, db_url: str) -> None:
    """Before: saving the settings screen rebuilt the settings from the file alone, so a register
    started with its data folder from the environment lost it, and with it the signing key: the
    first sale after set-up could not be sealed ("the SAF-T signing key is missing")."""
    services = services_with(tmp_path, db_url)
    add_operator(services.db, username="ada", display_name="Ada", role="admin", secret="4821", actor="test")
    ada = authenticate(services.db, "ada", "4821")
    started = services.settings
    saved = services.save(ada, {"company_name": "Nærbutikken AS", "company_org_number": "923609016",
                                "company_address": "Storgata 1, 0155 Oslo",
                                "receipt_printer": f"file:{tmp_path / 'p.bin'}"})
    assert saved.company_name == services.settings.company_name == "Nærbutikken AS"
    assert (services.settings.data_dir, services.settings.db_url) == (started.data_dir, started.db_url)
    assert services.settings.saft_key_path == started.saft_key_path
    assert missing_setup(services.settings) == []
    services.db.dispose()
