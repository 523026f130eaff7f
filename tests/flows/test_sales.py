"""A sale sent from the register reaches the kiosk's checkout through the shared database, and
its outcome comes back, on SQLite and PostgreSQL; across processes on PostgreSQL."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos_app.cli.main import main
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.money import Money
from pos_app.core.sales import cancel_sale, next_sale, sale_status, send_sale
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.flows.checkout import CheckoutFlow, Stage
from tests.bank_fixture import Bank
from tests.cli.test_vault_cli import enroll_args, shots  # noqa: F401 - frames of two real men
from tests.flows.test_checkout_states import flow  # noqa: F401 - a checkout flow on both databases


def test_a_sale_waits_at_its_kiosk_and_the_kiosk_takes_it(flow: CheckoutFlow, db: Database) -> None:  # noqa: F811
    other = ensure_terminal(db, "kiosk-2", "kiosk")
    sale = send_sale(db, kiosk="kiosk-1", amount=Money.of(4990), order_ref="R-17", actor="kari")
    assert next_sale(db, other) is None  # addressed to one kiosk only
    assert next_sale(db, flow.s.terminal_id) == sale
    screen = flow.take(sale)
    assert screen.stage is Stage.AMOUNT_DUE and screen.amount == Money.of(4990)
    assert sale_status(db, sale.id).text == "waiting for the shopper"
    flow.pay_another_way()
    status = sale_status(db, sale.id)
    assert status.text == "shopper chose another way" and status.final and status.state is TxState.CANCELLED
    assert next_sale(db, flow.s.terminal_id) is None


def test_the_cashier_can_take_a_sale_back_until_the_shopper_pays(flow: CheckoutFlow, db: Database) -> None:  # noqa: F811
    sale = send_sale(db, kiosk="kiosk-1", amount=Money.of(100), actor="kari")
    assert cancel_sale(db, sale.id, actor="kari").state is TxState.CANCELLED
    assert sale_status(db, sale.id).text == "cancelled" and next_sale(db, flow.s.terminal_id) is None
    paying = send_sale(db, kiosk="kiosk-1", amount=Money.of(100), actor="kari")
    flow.take(paying)
    flow.pay_with_face()
    flow.claim_phone("91234567")  # not a customer: the attempt ends, and so does the sale
    with pytest.raises(InvalidInput, match="can no longer be cancelled"):
        cancel_sale(db, paying.id, actor="kari")


def test_the_kiosk_looks_at_the_register_the_one_way_the_flow_says(flow: CheckoutFlow, db: Database) -> None:  # noqa: F811
    """CheckoutFlow.poll_register decides what the kiosk's 400 ms look means (the kiosk's session
    decided it before): a new sale only when idle, a withdrawal only while the amount is due."""
    news = flow.poll_register(idle=True)
    assert news.idle and news.sale is None and news.display is None and not news.withdrawn
    sale = send_sale(db, kiosk="kiosk-1", amount=Money.of(2500), actor="kari")
    assert flow.poll_register(idle=False).sale is None  # busy with a shopper: the sale waits
    assert flow.poll_register(idle=True).sale == sale
    flow.take(sale)
    assert not flow.poll_register(idle=False).withdrawn
    cancel_sale(db, sale.id, actor="kari")
    assert flow.poll_register(idle=False).withdrawn
    assert flow.withdrawn().stage is Stage.CANCELLED


def test_a_sale_for_a_kiosk_that_does_not_exist_is_refused(db: Database) -> None:
    ensure_terminal(db, "desk-1", "desk")
    with pytest.raises(NotFound, match="no kiosk named 'desk-1'"):
        send_sale(db, kiosk="desk-1", amount=Money.of(100), actor="kari")


def test_a_sale_rung_up_in_one_process_is_paid_by_a_kiosk_in_another(pg_url: str, bank: Bank, shots, test_data: Path,  # noqa: F811
                                                                      tmp_path: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    env = {"FACEPAY_DATA_DIR": str(tmp_path / "data"), "FACEPAY_DB_URL": pg_url, "FACEPAY_BANK_URL": bank.url,
           "FACEPAY_BANK_TERMINAL_ID": bank.terminal_id, "FACEPAY_BANK_TERMINAL_KEY": bank.key, "FACEPAY_LANGUAGE": "en"}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert main(["db", "upgrade"]) == 0 and main(["keys", "init"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(["operator", "add", "desk", "--role", "admin", "--pin-stdin"]) == 0
    account = bank.account(100_000)
    card = tmp_path / "pass.png"
    monkeypatch.setattr(sys, "stdin", io.StringIO("4821\n"))
    assert main(enroll_args(shots, card) + ["--bank-account", account]) == 0
    capsys.readouterr()
    ensure_terminal(Database(pg_url), "kiosk-1", "kiosk")  # the kiosk registered itself when first started

    child_env = {**os.environ, **env}
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "pos_app", "--camera", str(test_data / "liveness" / "bonafide" / "blink_1.mp4"),
         "checkout", "--next-sale", "60", "--pass", str(card), "--challenge", "blink", "--json"],
        env=child_env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    register = subprocess.run([sys.executable, "-m", "pos_app", "sale", "send", "--kiosk", "kiosk-1", "--amount", "12550",
                               "--wait", "90", "--json", "--by", "desk", "--pin-stdin"], input="4821\n",
                              env=child_env, capture_output=True, text=True, timeout=120)
    out, err = kiosk.communicate(timeout=120)
    assert kiosk.returncode == 0, err
    assert register.returncode == 0, register.stderr
    sent = json.loads(register.stdout)
    assert sent["state"] == "approved" and sent["status"] == "approved"
    assert json.loads(out)["transaction"] == sent["sale_id"]
    assert bank.balance(account) == 100_000 - 12_550


def test_facepay_sale_send_and_cancel_ask_who_and_check_their_pin(db_url: str, tmp_path: Path,
                                                                      monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    """Before: the command line sent and took back sales as "cli:<user>", with no operator and no
    permission: anyone at the shell could cancel a sale a cashier had sent (issue 31)."""
    from pos_app.core.audit import list_events
    from pos_app.core.operators import add_operator

    monkeypatch.setenv("FACEPAY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("FACEPAY_DB_URL", db_url)
    db = Database(db_url)
    db.upgrade()
    ensure_terminal(db, "kiosk-1", "kiosk")
    add_operator(db, username="kari", display_name="Kari", role="cashier", secret="4821", actor="test")

    def sale(*argv: str, pin: str = "4821") -> int:
        monkeypatch.setattr(sys, "stdin", io.StringIO(pin + "\n"))
        return main(["sale", *argv, "--pin-stdin"])

    with pytest.raises(SystemExit):  # who sends is required
        main(["sale", "send", "--kiosk", "kiosk-1", "--amount", "100"])
    assert sale("send", "--kiosk", "kiosk-1", "--amount", "100", "--by", "kari", pin="0000") != 0
    assert "PIN" in capsys.readouterr().err
    assert sale("send", "--kiosk", "kiosk-1", "--amount", "100", "--by", "kari") == 0
    sale_id = capsys.readouterr().out.strip()
    assert sale("cancel", sale_id, "--by", "kari", pin="0000") != 0
    assert sale_status(db, sale_id).state is TxState.CREATED
    assert sale("cancel", sale_id, "--by", "kari") == 0
    assert sale_status(db, sale_id).state is TxState.CANCELLED
    with db.session() as s:
        assert {e.actor for e in list_events(s) if e.subject_id == sale_id} == {"kari"}
    db.dispose()
