"""A day of trading through the real flows, on SQLite and PostgreSQL (issue 14's "done means"):
a register sale paid by face at a kiosk (real video, real liveness, the real bank over HTTP), cash
and card sales, a return, a void, a copy and a refused second copy, a training sale, a drawer
opened without a sale, X then Z; then the SAF-T file, validated against the Tax
Administration's schema with every signature checked by its validator's rule.

Set FACEPAY_TEST_TRADING_DAY_OUT to a folder to keep the day's receipts (decoded from the printer
bytes), reports and SAF-T file.
"""

from __future__ import annotations

import io
import json
import os
import sys
from datetime import date
from pathlib import Path

import pytest

from payments.client import BankClient
from pos_app.cli.main import main
from pos_app.core.basket import Basket, make_line, one_amount
from pos_app.core.config import load_settings
from pos_app.core.db import Database
from pos_app.core.money import Money
from pos_app.core.operators import add_operator
from pos_app.core.permissions import Permission
from pos_app.l10n_no.signing import load_key, verify
from pos_app.core.terminals import ensure_terminal
from pos_app.flows.cash_register import CashRegister
from pos_app.flows.store_admin import AdminServices
from pos_app.printing.decode import decode
from tests.bank_fixture import Bank
from tests.cli.test_vault_cli import enroll_args, shots  # noqa: F401 - frames of two real men
from tests.register_fixture import SELLER

NS = {"s": "urn:StandardAuditFile-Taxation-CashRegister:NO"}


def signed_chain_problems(tree, public_pem: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every cash transaction's signature, checked as signature-validator.js does it."""
    problems = []
    for register in tree.iterfind(".//s:cashregister", NS):
        previous = "0"
        for ct in register.iterfind("s:cashtransaction", NS):
            text = ";".join([previous] + [ct.findtext(f"s:{tag}", namespaces=NS) for tag in
                                          ("transDate", "transTime", "nr", "transAmntIn", "transAmntEx")])
            signature = ct.findtext("s:signature", namespaces=NS)
            if not verify(public_pem, text, signature):
                problems.append(f"{register.findtext('s:registerID', namespaces=NS)} nr {ct.findtext('s:nr', namespaces=NS)}")
            previous = signature
    return problems


def set_up_shop(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys) -> tuple:  # type: ignore[no-untyped-def, type-arg]
    """A shop made the way an installer makes it (`FACEPAY_*` from env): schema, keys, an admin at
    the desk, a cashier kari and a manager mona (PIN 4821 each)."""
    for key, value in env.items():
        monkeypatch.setenv(f"FACEPAY_{key}", value)
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    capsys.readouterr()
    settings = load_settings()
    db = Database(settings.database_url)
    for name, role in (("kari", "cashier"), ("mona", "manager")):
        add_operator(db, username=name, display_name=name.title(), role=role, secret="4821", actor="test")
    return settings, db


@pytest.fixture
def shop(tmp_path: Path, db_url: str, bank: Bank, monkeypatch: pytest.MonkeyPatch, capsys):  # type: ignore[no-untyped-def]
    env = {"DATA_DIR": str(tmp_path / "data"), "DB_URL": db_url, "BANK_URL": bank.url,
           "BANK_TERMINAL_ID": bank.terminal_id, "BANK_TERMINAL_KEY": bank.key, "LANGUAGE": "en",
           "RECEIPT_PRINTER": f"file:{tmp_path / 'printer.bin'}", "CASH_DRAWER": "printer",
           **{k.upper(): v for k, v in SELLER.items()}}
    settings, db = set_up_shop(env, monkeypatch, capsys)
    services = AdminServices.open(db, settings, tmp_path / "config.toml",
                                  lambda: BankClient(bank.url, bank.terminal_id, bank.key))
    yield services, CashRegister(db, settings, services.register_id), tmp_path
    db.dispose()


@pytest.mark.slow
def test_a_day_of_trading(shop, bank: Bank, shots, test_data: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from lxml import etree

    services, register, tmp = shop
    keep = (Path(os.environ["FACEPAY_TEST_TRADING_DAY_OUT"]) / services.db.backend
            if os.environ.get("FACEPAY_TEST_TRADING_DAY_OUT") else None)
    paper: list[str] = []

    def printed(title: str) -> list[str]:
        lines = decode((tmp / "printer.bin").read_bytes())
        paper.extend([f"===== {title}", *lines, ""])
        return lines

    kari, mona = services.sign_in("kari", "4821"), services.sign_in("mona", "4821")
    services.open_shift(kari, Money.of(150_000))

    # The shopper enrolls at the desk; the register sends a sale to the kiosk, where she pays by face.
    account = bank.account(100_000)
    card = tmp / "pass.png"
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(enroll_args(shots, card) + ["--bank-account", account]) == 0
    capsys.readouterr()
    ensure_terminal(services.db, "kiosk-1", "kiosk")
    face_basket = Basket()
    face_basket.add(make_line("Kaffe 500 g", 1, Money.of(8990), 15, "food", "7038010012345"))
    face_basket.add(make_line("Batterier AA", 1, Money.of(5990), 25, "goods"))
    face = services.send(kari, "kiosk-1", face_basket)
    assert main(["--camera", str(test_data / "liveness" / "bonafide" / "blink_1.mp4"), "checkout", "--next-sale", "5",
                 "--pass", str(card), "--challenge", "blink", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["outcome"] == "approved"
    assert bank.balance(account) == 100_000 - face_basket.total_minor
    receipt, result = register.conclude(kari, face.id)
    face_paper = printed("face sale")
    assert result.ok and face_paper[0] == "Salgskvittering" and "FacePay (bankkonto)" in " ".join(face_paper)
    assert any(line.startswith("Bankreferanse: ") for line in face_paper)

    # Cash and card at the register.
    groceries = Basket()
    groceries.add(make_line("Melk 1 l", 2, Money.of(2190), 15, "food"))
    groceries.add(make_line("Avis", 1, Money.of(4500), 0, "goods"))
    cash, change = services.take_payment(kari, groceries, "cash", Money.of(10_000))
    assert change == Money.of(10_000 - 8880)
    register.conclude(kari, cash.id)
    assert printed("cash sale")[-1] == "[drawer kick]"
    with pytest.raises(Exception, match="drawer is open"):
        services.take_payment(kari, one_amount(Money.of(100)), "card", None)
    register.close_drawer(kari)
    card_sale, _ = services.take_payment(kari, one_amount(Money.of(12990)), "card", None)
    register.conclude(kari, card_sale.id)
    printed("card sale")

    # A copy, and a refused second copy.
    register.copy(kari, cash.id)
    assert printed("copy")[0] == "KOPI"
    with pytest.raises(Exception, match="no second copy"):
        register.copy(mona, cash.id)

    # A return (the newspaper) and a void (the card sale), each with a manager.
    grant = services.approval(mona, Permission.REFUND, reason="Avis feilkjøpt", amount=Money.of(4500), tx_id=cash.id)
    services.refund(cash.id, Money.of(4500), grant)  # the return receipt prints where it is made
    back = printed("return")
    assert back[0] == "Returkvittering" and "Gjelder salgskvittering nr. 2" in back
    assert back[-1] == "[drawer kick]"  # cash handed back: the drawer opens with it, journaled
    register.close_drawer(kari)
    grant = services.approval(mona, Permission.VOID, reason="Feil vare", amount=Money.of(12990), tx_id=card_sale.id)
    services.void(card_sale.id, grant)
    voided = printed("void")
    assert voided[0] == "Annulleringskvittering" and voided[-1] != "[drawer kick]"  # a card sale

    # A training sale, marked, never takings.
    register.training(mona, True)
    training, _ = services.take_payment(kari, one_amount(Money.of(5000)), "cash", Money.of(5000))
    register.conclude(kari, training.id)
    assert "TRENING – IKKE GYLDIG KVITTERING" in printed("training sale")
    register.training(mona, False)

    # The drawer opened without a sale.
    register.open_drawer(kari)
    register.close_drawer(kari)

    # X, then Z.
    x, _, x_json, _ = register.report(kari, "x")
    printed("X report")
    z, z_printed, z_json, z_pdf = register.report(mona, "z")
    z_paper = printed("Z report")
    takings = face_basket.total_minor + 8880 + 12990
    assert z.sales_minor == takings and z.returns_minor == 4500 + 12990
    assert z.net_minor == face_basket.total_minor + 8880 - 4500 and x.net_minor == z.net_minor
    assert z.counts["receipts"]["count"] == 3 and z.counts["returns"]["count"] == 1 and z.counts["voids"]["count"] == 1
    assert z.counts["copies"] == {"count": 1, "amount_minor": 8880}
    assert z.counts["training"] == {"count": 1, "amount_minor": 5000}
    assert z.drawer_no_sale == 1 and z.opening_float_minor == 150_000
    assert set(z.payments) == {"face", "cash", "card"} and z.payments["face"]["amount_minor"] == face_basket.total_minor
    assert z_paper[0] == "Z-rapport nr. 1" and z_printed.ok and z_pdf.exists()
    assert json.loads(z_json.read_text())["net_minor"] == z.net_minor

    # The SAF-T file.
    out = tmp / "saft"
    out.mkdir()
    assert main(["saft", "export", "--from", date.today().isoformat(), "--to", date.today().isoformat(),
                 "--out", str(out)]) == 0
    capsys.readouterr()
    (path,) = out.glob("SAF-T Cash Register_923609016_*_1_1.xml")
    tree = etree.parse(str(path))
    schema = etree.XMLSchema(etree.parse(str(test_data / "saft" / "Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd")))
    assert schema.validate(tree), schema.error_log
    key = load_key(services.settings.saft_key_path)
    assert signed_chain_problems(tree, key.public_pem) == []
    transactions = tree.findall(".//s:cashtransaction", NS)
    kinds = [(t.findtext("s:transType", namespaces=NS), t.findtext("s:trainingID", namespaces=NS),
              t.findtext("s:voidTransaction", namespaces=NS)) for t in transactions]
    assert kinds == [("CASHSAL", "false", "false")] * 3 + [("RETURNSAL", "false", "false"),
                                                           ("VOIDSAL", "false", "true"), ("TRAINSAL", "true", "false")]
    real = [t for t in transactions if t.findtext("s:trainingID", namespaces=NS) == "false"]
    net = sum(round(float(t.findtext("s:transAmntIn", namespaces=NS)) * 100) for t in real)
    report = tree.find(".//s:eventReport[s:reportType='Z report']", NS)
    assert net == z.net_minor == round(float(report.findtext("s:reportTotalCashSales/s:totalCashSaleAmnt",
                                                             namespaces=NS)) * 100)
    assert report.findtext("s:reportTrainingNum", namespaces=NS) == "1"
    payments = {p.findtext("s:paymentType", namespaces=NS) for p in tree.iterfind(".//s:payment", NS)}
    assert payments == {"FACEPAY", "CASH", "CARD"}
    events = [e.findtext("s:eventType", namespaces=NS) for e in tree.iterfind(".//s:event", NS)]
    for code in ("EMPIN", "SALREC", "DRAWOPEN", "DRAWCLOSE", "COPYREC", "RETREC", "VOIDREC", "TRAINON", "TRAINREC",
                 "TRAINOFF", "DRAWOPENMAN", "XREP", "ZREP"):
        assert code in events, code
    basics = {(b.findtext("s:basicID", namespaces=NS), b.findtext("s:predefinedBasicID", namespaces=NS))
              for b in tree.iterfind(".//s:basic", NS)}
    assert {("FACEPAY", "12004"), ("CASH", "12001"), ("SALREC", "13012"), ("ZREP", "13009")} <= basics
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "receipts.txt").write_text("\n".join(paper), encoding="utf-8")
        (keep / "z.json").write_text(z_json.read_text(encoding="utf-8"), encoding="utf-8")
        (keep / path.name).write_bytes(path.read_bytes())
