"""A till's day, scripted the way a new shop meets it (issue 29's "done means"): the register
refuses a shift until the seller is set up; a price list comes in from a spreadsheet; twenty
lines are scanned, one of them a scale's weight label; a line is corrected, a discount given, the
sale parked and taken up again; the shopper watches it on the kiosk's customer display and pays
there with their face (real video, real liveness, the real bank over HTTP); a return; X and Z;
then the SAF-T file, validated against the schema with every signature checked."""

from __future__ import annotations

import io
import json
import sys
from datetime import date
from pathlib import Path

import pytest
from lxml import etree

from payments.client import BankClient
from pos_app.cli.main import main
from pos_app.core import customer_display
from pos_app.core.basket import Basket
from pos_app.core.money import Money
from pos_app.core.permissions import Permission
from pos_app.l10n_no.day_report import z_reports
from pos_app.l10n_no.gtin import check_digit
from pos_app.l10n_no.signing import load_key
from pos_app.core.sales import sale_basket
from pos_app.core.terminals import ensure_terminal
from pos_app.flows.cash_register import SetupMissing
from pos_app.flows.store_admin import AdminServices
from pos_app.printing.decode import decode
from tests.bank_fixture import Bank
from tests.cli.test_vault_cli import enroll_args, shots  # noqa: F401 - frames of two real men
from tests.flows.test_register_records import schema
from tests.flows.test_trading_day import NS, set_up_shop, signed_chain_problems
from tests.register_fixture import SELLER


def ean(body: str) -> str:
    return body + str(check_digit(body))


# Nineteen packed articles with their GTINs, and loose apples sold by weight (PLU 4001).
ARTICLES = [(f"Vare {i:02d}", "", ean(f"70380100{i:04d}"), f"{10 + i},90", 15 if i % 3 else 25, "food" if i % 3 else "goods")
            for i in range(1, 20)] + [("Epler", "4001", "", "39,90", 15, "food")]


@pytest.fixture
def new_shop(tmp_path: Path, db_url: str, bank: Bank, monkeypatch: pytest.MonkeyPatch, capsys):  # type: ignore[no-untyped-def]
    config = tmp_path / "config.toml"
    config.write_text("", encoding="utf-8")
    env = {"CONFIG": str(config), "DATA_DIR": str(tmp_path / "data"), "DB_URL": db_url, "BANK_URL": bank.url,
           "BANK_TERMINAL_ID": bank.terminal_id, "BANK_TERMINAL_KEY": bank.key, "LANGUAGE": "en"}
    settings, db = set_up_shop(env, monkeypatch, capsys)
    services = AdminServices.open(db, settings, config, lambda: BankClient(bank.url, bank.terminal_id, bank.key))
    yield services, tmp_path
    db.dispose()


@pytest.mark.slow
def test_a_till_day_from_set_up_to_saft(new_shop, bank: Bank, shots, test_data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    services, tmp = new_shop
    desk, kari, mona = (services.sign_in(name, "4821") for name in ("desk", "kari", "mona"))

    # Set-up: no shift before the seller and the printer are known; then one settings save.
    with pytest.raises(SetupMissing) as missing:
        services.open_shift(kari, Money.of(150_000))
    assert {"company_name", "company_org_number", "company_address", "receipt_printer"} <= set(missing.value.missing)
    services.save(desk, {**SELLER, "receipt_printer": f"file:{tmp / 'printer.bin'}", "cash_drawer": "printer"})
    services.open_shift(kari, Money.of(150_000))

    # The price list, from the shop's spreadsheet.
    csv = tmp / "prices.csv"
    csv.write_text("name;plu;ean;price;vat;group\n" + "".join(f"{';'.join(map(str, row))}\n" for row in ARTICLES),
                   encoding="utf-8")
    assert services.import_articles(mona, csv) == 20

    # Twenty lines scanned: nineteen GTINs and a scale's label for 0,750 kg of apples.
    basket = Basket()
    for _, _, code, *_ in ARTICLES[:19]:
        basket.add(services.ring_up(code))
    basket.add(services.ring_up(ean("230400100750")))
    assert len(basket.lines) == 20 and basket.lines[-1].name == "Epler 0,750 kg"
    assert basket.lines[-1].total_minor == (3990 * 750 + 500) // 1000

    # A correction (a line taken off, journaled) and a discount the cashier may give alone.
    gone = basket.lines[0]
    basket.remove(0)
    services.correct_lines(kari, [{"name": gone.name, "quantity": 1, "total_minor": gone.total_minor}], cleared=False)
    basket = services.discount(kari, basket, line=0, percent=10)
    discount = basket.discount_minor
    assert discount > 0 and len(basket.lines) == 19

    # Parked while the shopper fetches something, then taken up whole.
    parked = services.park(kari, basket)
    assert services.parked_sales() and services.resume(kari, parked.id) == basket

    # The customer display: the kiosk shows what the register rings up; the sale then carries
    # the same lines to the kiosk's amount-due screen.
    kiosk = ensure_terminal(services.db, "kiosk-1", "kiosk")
    assert services.show_on_display(kari, "kiosk-1", basket) == ""
    assert customer_display.shown(services.db, kiosk) == basket
    account = bank.account(200_000)
    card = tmp / "pass.png"
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(enroll_args(shots, card) + ["--bank-account", account]) == 0
    capsys.readouterr()
    sale = services.send(kari, "kiosk-1", basket)
    services.show_on_display(kari, "kiosk-1", None)
    assert customer_display.shown(services.db, kiosk) is None and sale_basket(services.db, sale.id) == basket
    assert main(["--camera", str(test_data / "liveness" / "bonafide" / "blink_1.mp4"), "checkout", "--next-sale", "5",
                 "--pass", str(card), "--challenge", "blink", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "approved"
    assert bank.balance(account) == 200_000 - basket.total_minor
    register = services.till()
    _, printed = register.conclude(kari, sale.id)
    paper = decode((tmp / "printer.bin").read_bytes())
    assert printed.ok and paper[0] == "Salgskvittering" and "Sum rabatt" in " ".join(paper)

    # A return of the apples, with a manager.
    apples = basket.lines[-1].total_minor
    grant = services.approval(mona, Permission.REFUND, reason="Bløte epler", amount=Money.of(apples), tx_id=sale.id)
    services.refund(sale.id, Money.of(apples), grant)

    # X, then Z.
    x, _, _, _ = register.report(kari, "x")
    z, z_printed, _, _ = register.report(mona, "z")
    assert z_printed.ok and x.net_minor == z.net_minor == basket.total_minor - apples
    assert z.line_corrections == 1 and z.counts["discounts"] == {"count": 1, "amount_minor": discount}
    assert z_reports(services.db)[-1]["net_minor"] == z.net_minor

    # The SAF-T file: valid, signed, and holding the day's parking, discount and scale line.
    out = tmp / "saft"
    out.mkdir()
    assert main(["saft", "export", "--from", date.today().isoformat(), "--to", date.today().isoformat(),
                 "--out", str(out)]) == 0
    (path,) = out.glob("SAF-T Cash Register_923609016_*.xml")
    tree = etree.parse(str(path))
    assert schema(test_data).validate(tree), schema(test_data).error_log
    assert signed_chain_problems(tree, load_key(services.settings.saft_key_path).public_pem) == []
    events = {e.findtext("s:eventType", namespaces=NS) for e in tree.iterfind(".//s:event", NS)}
    assert {"SUSPEND", "RESUME"} <= events
    sale_lines = tree.findall(".//s:cashtransaction[s:transType='CASHSAL']/s:ctLine", NS)
    assert len(sale_lines) == 19 and "Epler 0,750 kg" in {line.findtext("s:cashTransLineDescr", namespaces=NS)
                                                           for line in sale_lines}
    assert [d.text for d in tree.iterfind(".//s:ctLine/s:discount/s:dscAmnt", NS)] == [f"{discount / 100:.2f}"]
