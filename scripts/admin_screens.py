"""The admin screens for scripts/screenshots.py, on a throwaway store with a day of sales."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pos_app.embedded_bank import answers, stop, with_embedded_bank
from pos_app.core.basket import Basket, make_line
from pos_app.core.config import Settings
from pos_app.core.db import Database
from pos_app.core.models import Customer
from pos_app.core.money import Money
from pos_app.core.operators import add_operator, authenticate
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction
from pos_app.core.vault import KeyFile
from pos_app.flows.store_admin import AdminServices
from pos_app.ui.admin_accuracy import AccuracyPage
from pos_app.ui.admin_audit import AuditPage
from pos_app.ui.admin_customers import CustomersPage
from pos_app.ui.admin_health import HealthPage
from pos_app.ui.admin_prices import PriceListPage
from pos_app.ui.admin_register import RegisterPage
from pos_app.ui.admin_settings import SettingsPage
from pos_app.ui.admin_shift import ShiftPage
from pos_app.ui.admin_transactions import ApprovalDialog, TransactionsPage
from pos_app.ui.admin_window import AdminWindow
from pos_app.ui.i18n import Language


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def a_day_of_sales(services: AdminServices) -> None:
    db = services.db
    kiosk = ensure_terminal(db, "kiosk-1", "kiosk")
    ensure_terminal(db, "kiosk-2", "kiosk")
    mona = authenticate(db, "mona", "8642")
    kari = authenticate(db, "kari", "1357")
    for amount, score, end in ((24_950, 0.9412, TxState.APPROVED), (8_990, 0.9127, TxState.APPROVED),
                               (129_900, 0.8873, TxState.DECLINED), (4_500, None, TxState.FAILED)):
        tx = create_transaction(db, terminal_id=kiosk, amount=Money.of(amount), actor="kiosk-1")
        advance(db, tx.id, TxState.VERIFYING)
        if score is None:
            advance(db, tx.id, TxState.FAILED, liveness_decision="spoof")
            continue
        advance(db, tx.id, TxState.AUTHORIZING, verification_score=score, liveness_decision="live")
        extra = {"captured_minor": amount} if end is TxState.APPROVED else {"decline_code": "insufficient_funds"}
        advance(db, tx.id, end, **extra)
    services.open_shift(kari, Money.of(150_000))
    basket = Basket()
    basket.add(make_line("Coffee beans", 2, Money.parse("89,90"), 15))
    basket.add(make_line("Mug", 1, Money.parse("125"), 25))
    services.take_payment(kari, basket, "cash", Money.parse("400"))
    card = Basket()
    card.add(make_line("Newspaper", 1, Money.parse("40"), 0))
    services.take_payment(kari, card, "card", None)
    for plu, ean, name, price, vat, group in (("", "7038010000737", "Melk 1 l", "21,90", 15, "food"),
                                              ("", "7038010005459", "Kaffe 500 g", "89,90", 15, "food"),
                                              ("4001", "", "Epler (per kg)", "39,90", 15, "food"),
                                              ("4011", "", "Bananer (stk)", "4,90", 15, "food"),
                                              ("", "7311041013700", "Oppvaskmiddel", "34,50", 25, "goods")):
        services.save_article(mona, plu=plu, ean=ean, name=name, price=Money.parse(price), vat_rate=vat, group=group)
    del mona
    with db.session() as s:
        s.add_all([Customer(display_name="Kari Nordmann", phone="+4791234567"),
                   Customer(display_name="Ola Hansen"), Customer(display_name="Ingrid Berg", key_mode="store",
                                                                  phone="+4798765432"),
                   Customer(display_name="", status="withdrawn")])


def shoot_admin(app: Any, shoot: Callable[[Any, str], None], settle: Callable[..., None], faces: Path,
                size: tuple[int, int]) -> None:
    root = Path(tempfile.mkdtemp(prefix="facepay-shots-"))
    settings = Settings(data_dir=root, language="en", bank_url=f"http://127.0.0.1:{free_port()}",
                        company_name="Nærbutikken AS", company_org_number="923609016",
                        company_address="Storgata 1, 0155 Oslo", receipt_printer=f"file:{root / 'printer.bin'}")
    db = Database(settings.database_url)
    db.upgrade()
    KeyFile.create(settings.key_path)
    settings, bank = with_embedded_bank(settings)
    try:
        deadline = time.monotonic() + 30
        while not answers(settings.bank_url) and time.monotonic() < deadline:
            time.sleep(0.2)
        for name, role, pin in (("kari", "cashier", "1357"), ("mona", "manager", "8642"), ("ada", "admin", "2468")):
            add_operator(db, username=name, display_name=name.title() + " " + "Nordmann", role=role, secret=pin,
                         actor="setup")
        services = AdminServices.open(db, settings, root / "config.toml", lambda: None)  # type: ignore[arg-type, return-value]
        a_day_of_sales(services)
        ada = authenticate(db, "ada", "2468")
        evaluation = services.evaluate(ada, faces / "pairs.csv", faces / "identities", lambda done, total: None)

        language = Language("en")
        window = AdminWindow(lambda: services, language)
        window.resize(*size)
        window.show()
        settle(app, 1.5)
        window.login.user.setText("kari")
        shoot(window, "admin-1-sign-in")

        def page(cls: type, who: str, wait: float = 1.0) -> Any:
            if window.state.operator is None or window.state.operator.username != who:
                window._signed_in(authenticate(db, who, {"kari": "1357", "mona": "8642", "ada": "2468"}[who]))
            shown = window.show_page(cls)
            settle(app, wait)
            return shown

        register = page(RegisterPage, "kari")
        for name, qty, price, vat in (("Sourdough bread", 1, "59,90", 15), ("Bananas", 3, "8,90", 15),
                                      ("Dish soap", 1, "34,50", 25)):
            register.item_name.setText(name)
            register.quantity.setValue(qty)
            register.price.setText(price)
            register.vat.setCurrentIndex(register.vat.findData(vat))
            register._add_line()
        register._send()
        settle(app, 1.5)
        shoot(window, "admin-2-register-sent-to-kiosk")
        shift = page(ShiftPage, "kari")
        for value, n in ((100_000, 1), (50_000, 1), (20_000, 1), (1_000, 1), (500, 1)):
            shift.counts[value].setValue(n)
        shift._report("x")
        settle(app, 1.0)
        shoot(window, "admin-3-shift-count-and-x-report")
        tx = page(TransactionsPage, "mona")
        tx.table.selectRow(tx.table.rowCount() - 1)
        settle(app, 1.0)
        shoot(window, "admin-4-transactions-detail")
        dialog = ApprovalDialog(window, "Refund NOK 100.00", needs_manager=True)
        dialog.reason.setText("returned, unopened")
        dialog.manager.setText("mona")
        dialog.resize(520, 260)
        dialog.show()
        settle(app, 0.5)
        shoot(dialog, "admin-5-refund-needs-manager-pin")
        dialog.close()
        page(CustomersPage, "mona")
        shoot(window, "admin-6-customers")
        audit = page(AuditPage, "mona")
        audit.table.selectRow(0)
        settle(app, 0.3)
        shoot(window, "admin-7-audit-chain")
        page(SettingsPage, "ada")
        shoot(window, "admin-8-settings-threshold-meaning")
        page(HealthPage, "ada", wait=8.0)
        shoot(window, "admin-9-health")
        accuracy = page(AccuracyPage, "ada")
        accuracy.pairs.setText(str(faces / "pairs.csv"))
        accuracy.images.setText(str(faces / "identities"))
        accuracy.progress.setMaximum(1)
        accuracy.progress.setValue(1)
        accuracy._shown(evaluation)
        settle(app, 0.5)
        shoot(window, "admin-10-accuracy-det")
        window.lock()
        settle(app, 0.3)
        shoot(window, "admin-11-locked")
        page(RegisterPage, "kari")
        language.set("nb")
        settle(app, 0.5)
        shoot(window, "admin-12-register-norwegian")
        prices = page(PriceListPage, "mona")
        shoot(window, "admin-13-price-list-norwegian")
        language.set("en")
        settle(app, 0.5)
        shoot(window, "admin-14-price-list")
        register = page(RegisterPage, "kari")
        register._cancel()  # the sale sent to the kiosk above is taken back
        settle(app, 2.0)
        register._clear()
        settle(app, 0.5)
        for code in ("7038010000737", "7038010005459", "2304001008125", "4011"):
            register._ring_up(code)
            settle(app, 0.3)
        register.lines.setCurrentCell(1, 0)
        register.discount_text.setText("10 %")
        register._discount(whole_sale=False)
        settle(app, 0.8)
        shoot(window, "admin-15-register-scanned-with-discount")
        language.set("nb")
        settle(app, 0.5)
        shoot(window, "admin-16-register-scanned-with-discount-norwegian")
        language.set("en")
        del prices
        window.shut_down()
        window.close()
    finally:
        stop(bank)
        db.dispose()
