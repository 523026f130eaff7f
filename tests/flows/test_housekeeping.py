"""Housekeeping, the one path the kiosk's timer and `facepay reconcile` both run: a sale a crash
left before the bank, a charge whose answer was lost and a refund whose answer was lost are all
settled by one run, against the real mock bank, on both databases."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from payments.client import BankClient
from pos_app.core.approvals import approve
from pos_app.core.db import Database
from pos_app.core.models import Transaction
from pos_app.core.money import Money
from pos_app.core.operators import add_operator
from pos_app.core.permissions import Permission
from pos_app.core.states import TxState
from pos_app.core.transactions import get_transaction
from pos_app.core.vault import KeyFile
from pos_app.flows.charging import charge
from pos_app.flows.housekeeping import tidy
from pos_app.flows.money_back import RefundPending, refund
from tests.bank_fixture import Bank, free_port
from tests.payments.test_charging import kiosk, new_tx


def _no_keys() -> KeyFile:
    raise AssertionError("no erasure waits, so the key file is not needed")


def test_one_run_settles_what_a_crash_and_lost_answers_left(db: Database, bank: Bank) -> None:
    # A face sale the kiosk crashed in, 20 minutes ago, before it reached the bank.
    stuck = new_tx(db, 500)
    with db.session() as s:
        s.execute(update(Transaction).where(Transaction.id == stuck)
                  .values(updated_at=datetime.now(timezone.utc) - timedelta(minutes=20)))
    # A charge the bank made whose answer was lost (9064 on a test account: the bank commits, then
    # drops the line).
    account = bank.account(test=True)
    charged = new_tx(db, 9064)
    assert charge(db, bank.client(max_retries=0), charged, bank.token(account)).state is TxState.UNKNOWN
    # A refund the bank never heard of, kept to be sent again.
    paid = new_tx(db, 3000)
    assert charge(db, bank.client(), paid, bank.token(account)).state is TxState.APPROVED
    mona = add_operator(db, username="mona", display_name="Mona", role="manager", secret="8642", actor="t")
    down = BankClient(f"http://127.0.0.1:{free_port()}", bank.terminal_id, bank.key, max_retries=0)
    with pytest.raises(RefundPending):
        refund(db, down, paid, Money.of(3000), approve(db, mona, Permission.REFUND, reason="returned"))

    done = tidy(db, bank.client(), _no_keys, terminal_id=kiosk(db), terminal="kiosk-1")

    assert [(t.id, t.state) for t in done.abandoned] == [(stuck, TxState.FAILED)]
    assert [(t.id, t.state) for t in done.reconciled.settled] == [(charged, TxState.APPROVED)]
    assert (done.refunds.done, done.refunds.still_pending) == (1, 0)
    assert get_transaction(db, paid).state is TxState.REFUNDED
    assert bank.balance(account) == 1_000_000 - 9064
    assert done.all_settled and done.erased is None  # retention only when asked for


def test_the_kiosk_and_the_command_line_run_the_same_housekeeping() -> None:
    """Both entry points call flows.housekeeping.tidy and run none of its steps themselves (they ran
    their own copies, in opposite orders, before)."""
    import inspect

    from pos_app import assembly
    from pos_app.cli import customer_cmds, ui_cmds

    assert "housekeeping(settings, services)" in inspect.getsource(ui_cmds)  # the kiosk's, through the assembly
    for module in (customer_cmds, assembly, ui_cmds):
        source = inspect.getsource(module)
        assert module is ui_cmds or "from pos_app.flows.housekeeping import tidy" in source
        for copy in ("close_abandoned(", "settle_pending(", "reconcile(db", "retention_if_due("):
            assert copy not in source, f"{module.__name__} runs {copy} itself"
