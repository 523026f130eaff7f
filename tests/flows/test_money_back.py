"""Voids and refunds, on both databases and through the real mock bank: who may give money back,
that the total given back never exceeds what was captured, and that a lost answer never refunds
twice."""

from __future__ import annotations

import threading
import uuid

import pytest

from payments.client import BankClient
from pos_app.core.approvals import approve, needs_manager
from pos_app.core.audit import list_events
from pos_app.core.db import Database
from pos_app.core.errors import AuthenticationFailed, InvalidInput, PermissionDenied
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo, add_operator
from pos_app.core.permissions import Permission
from pos_app.core.refunds import refundable_minor, refunds_of
from pos_app.core.shifts import expected_cash, open_shift, record_payment
from pos_app.core.states import TxState
from pos_app.core.terminals import ensure_terminal
from pos_app.core.transactions import advance, create_transaction, get_transaction
from pos_app.flows.charging import charge
from pos_app.flows.money_back import RefundPending, refund, settle_pending, void
from tests.bank_fixture import Bank, free_port

LIMIT = 20_000  # a cashier may give back up to 200 kr alone


@pytest.fixture
def staff(db: Database) -> dict[str, OperatorInfo]:
    return {
        "kari": add_operator(db, username="kari", display_name="Kari", role="cashier", secret="1357", actor="t"),
        "mona": add_operator(db, username="mona", display_name="Mona", role="manager", secret="8642", actor="t"),
        "ola": add_operator(db, username="ola", display_name="Ola", role="cashier", secret="9753", actor="t"),
    }


def face_sale(db: Database, bank: Bank, amount: int) -> tuple[str, str]:
    account = bank.account(1_000_000)
    tx = create_transaction(db, terminal_id=ensure_terminal(db, "kiosk-1", "kiosk"), amount=Money.of(amount))
    advance(db, tx.id, TxState.VERIFYING)
    done = charge(db, bank.client(), tx.id, bank.token(account))
    assert done.state is TxState.APPROVED
    return tx.id, account


def cash_sale(db: Database, who: OperatorInfo, amount: int, *, shift_id: str | None = None) -> str:
    register = ensure_terminal(db, "register-1", "register")
    if shift_id is None:
        shift_id = open_shift(db, who, terminal_id=register, terminal="register-1", opening_float=Money.of(0)).id
    tx, _ = record_payment(db, who, shift_id=shift_id, terminal_id=register, terminal="register-1",
                           amount=Money.of(amount), method="cash", tendered=Money.of(amount))
    return tx.id


def test_a_cashier_refunds_within_the_limit_alone_and_above_it_only_with_a_manager_pin(
        db: Database, bank: Bank, staff: dict[str, OperatorInfo]) -> None:
    kari = staff["kari"]
    tx_id, account = face_sale(db, bank, 50_000)
    assert not needs_manager(kari, Permission.REFUND, Money.of(LIMIT), LIMIT)
    small = approve(db, kari, Permission.REFUND, reason="wrong size", amount=Money.of(LIMIT), cashier_limit_minor=LIMIT)
    refund(db, bank.client(), tx_id, Money.of(LIMIT), small)
    assert bank.balance(account) == 1_000_000 - 50_000 + LIMIT

    with pytest.raises(PermissionDenied, match=r"kari \(cashier\) may not refund above NOK 200.00 alone"):
        approve(db, kari, Permission.REFUND, reason="damaged", amount=Money.of(LIMIT + 1), cashier_limit_minor=LIMIT)
    with pytest.raises(AuthenticationFailed):
        approve(db, kari, Permission.REFUND, reason="damaged", amount=Money.of(30_000), cashier_limit_minor=LIMIT,
                manager="mona", manager_pin="0000", subject_id=tx_id)
    with pytest.raises(PermissionDenied, match="ola .cashier. may not approve"):
        approve(db, kari, Permission.REFUND, reason="damaged", amount=Money.of(30_000), cashier_limit_minor=LIMIT,
                manager="ola", manager_pin="9753", subject_id=tx_id)
    big = approve(db, kari, Permission.REFUND, reason="damaged", amount=Money.of(30_000), cashier_limit_minor=LIMIT,
                  manager="mona", manager_pin="8642", subject_id=tx_id)
    assert big.overridden and big.approver.username == "mona"
    after = refund(db, bank.client(), tx_id, Money.of(30_000), big)
    assert after.state is TxState.REFUNDED and after.refunded_minor == 50_000
    assert bank.balance(account) == 1_000_000
    with db.session() as s:
        granted = list_events(s, action="approval.granted")
    assert granted[0].actor == "mona" and '"for":"kari"' in granted[0].after and '"reason":"damaged"' in granted[0].after


def test_a_reason_is_always_required(db: Database, staff: dict[str, OperatorInfo]) -> None:
    with pytest.raises(InvalidInput, match="give a reason"):
        approve(db, staff["mona"], Permission.VOID, reason="   ")


def test_refunds_never_exceed_what_was_captured(db: Database, bank: Bank, staff: dict[str, OperatorInfo]) -> None:
    mona = staff["mona"]
    tx_id, account = face_sale(db, bank, 10_000)
    ok = approve(db, mona, Permission.REFUND, reason="returned")
    refund(db, bank.client(), tx_id, Money.of(6_000), ok)
    assert get_transaction(db, tx_id).state is TxState.PARTIALLY_REFUNDED
    with pytest.raises(InvalidInput, match="at most NOK 40.00 can be refunded"):
        refund(db, bank.client(), tx_id, Money.of(4_001), ok)
    assert refundable_minor(db, tx_id) == 4_000
    refund(db, bank.client(), tx_id, Money.of(4_000), ok)
    with pytest.raises(InvalidInput, match="a refunded sale cannot be refunded"):
        refund(db, bank.client(), tx_id, Money.of(1), ok)
    assert bank.balance(account) == 1_000_000


def test_two_registers_refunding_the_same_sale_at_once_give_back_at_most_the_capture(
        db: Database, bank: Bank, staff: dict[str, OperatorInfo]) -> None:
    tx_id, account = face_sale(db, bank, 10_000)
    ok = approve(db, staff["mona"], Permission.REFUND, reason="returned")
    outcomes: list[str] = []

    def one() -> None:
        try:
            refund(db, bank.client(), tx_id, Money.of(7_000), ok)
            outcomes.append("done")
        except InvalidInput:
            outcomes.append("refused")

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["done", "refused"]
    assert get_transaction(db, tx_id).refunded_minor == 7_000
    assert bank.balance(account) == 1_000_000 - 10_000 + 7_000


def test_a_refund_whose_answer_was_lost_is_sent_again_and_given_back_once(
        db: Database, bank: Bank, staff: dict[str, OperatorInfo]) -> None:
    tx_id, account = face_sale(db, bank, 8_000)
    ok = approve(db, staff["mona"], Permission.REFUND, reason="returned")
    down = BankClient(f"http://127.0.0.1:{free_port()}", bank.terminal_id, bank.key, max_retries=0)
    with pytest.raises(RefundPending, match="kept and will be sent again"):
        refund(db, down, tx_id, Money.of(8_000), ok)
    [pending] = refunds_of(db, tx_id)
    assert pending.status == "pending" and refundable_minor(db, tx_id) == 0  # no second refund meanwhile
    # The bank did it after all (the answer was what got lost): its replay must not pay again.
    tx = get_transaction(db, tx_id)
    with bank.client() as c:
        c.refund(tx.bank_payment_id or "", 8_000, idempotency_key=pending.idempotency_key)
    assert settle_pending(db, bank.client()).done == 1
    assert get_transaction(db, tx_id).state is TxState.REFUNDED
    assert bank.balance(account) == 1_000_000
    assert settle_pending(db, bank.client()).done == 0


def test_void_cancels_an_authorized_payment_but_a_captured_one_must_be_refunded(
        db: Database, bank: Bank, staff: dict[str, OperatorInfo]) -> None:
    mona = staff["mona"]
    ok = approve(db, mona, Permission.VOID, reason="shopper changed their mind")
    captured, _ = face_sale(db, bank, 5_000)
    with pytest.raises(InvalidInput, match="already captured this payment; refund it instead"):
        void(db, bank.client(), captured, ok)

    account = bank.account(100_000)
    with bank.client() as c:
        held = c.create_payment(amount=5_000, currency="NOK", token=bank.token(account), order_reference="o",
                                idempotency_key=str(uuid.uuid4()), capture=False)
    tx = create_transaction(db, terminal_id=ensure_terminal(db, "kiosk-1", "kiosk"), amount=Money.of(5_000))
    advance(db, tx.id, TxState.VERIFYING)
    advance(db, tx.id, TxState.AUTHORIZING)
    advance(db, tx.id, TxState.APPROVED, bank_payment_id=held.id)
    assert void(db, bank.client(), tx.id, ok).state is TxState.VOIDED
    with bank.client() as c:
        assert c.get_payment(held.id).status == "cancelled"


def test_a_cash_sale_is_voided_or_refunded_at_the_drawer(db: Database, staff: dict[str, OperatorInfo]) -> None:
    kari = staff["kari"]
    tx_id = cash_sale(db, kari, 5_000)
    small = approve(db, kari, Permission.REFUND, reason="returned", amount=Money.of(2_000), cashier_limit_minor=LIMIT)
    assert refund(db, None, tx_id, Money.of(2_000), small).state is TxState.PARTIALLY_REFUNDED
    with pytest.raises(InvalidInput, match="refund the rest instead of voiding"):
        void(db, None, tx_id, approve(db, staff["mona"], Permission.VOID, reason="mistake"))
    shift_id = get_shift_of(db, tx_id)
    other = cash_sale(db, kari, 3_000, shift_id=shift_id)
    assert void(db, None, other, approve(db, staff["mona"], Permission.VOID, reason="rung up twice")).state \
        is TxState.VOIDED
    # The drawer holds the first sale less its refund, and nothing of the voided one.
    assert expected_cash(db, shift_id) == 5_000 - 2_000


def get_shift_of(db: Database, tx_id: str) -> str:
    from pos_app.core.models import Transaction

    with db.session() as s:
        return s.get(Transaction, tx_id).shift_id


def test_a_cashier_cannot_split_a_refund_to_stay_under_the_limit(db: Database, bank: Bank,
                                                               staff: dict[str, OperatorInfo]) -> None:
    kari = staff["kari"]
    tx_id, account = face_sale(db, bank, 100_000)
    first = approve(db, kari, Permission.REFUND, reason="wrong size", amount=Money.of(LIMIT), cashier_limit_minor=LIMIT,
                    subject_id=tx_id)
    refund(db, bank.client(), tx_id, Money.of(LIMIT), first)
    # A second 200 kr on the same sale is 400 kr given back alone: a manager must approve it.
    with pytest.raises(PermissionDenied, match="may not refund above NOK 200.00 alone"):
        approve(db, kari, Permission.REFUND, reason="wrong size", amount=Money.of(LIMIT), cashier_limit_minor=LIMIT,
                subject_id=tx_id)
    with pytest.raises(PermissionDenied, match="another amount|on this sale"):
        refund(db, bank.client(), tx_id, Money.of(LIMIT), first)  # nor may the first approval be used again
    assert bank.balance(account) == 1_000_000 - 100_000 + LIMIT


def test_a_cashier_cannot_spread_refunds_over_sales_past_the_shift_limit(db: Database, bank: Bank,
                                                                       staff: dict[str, OperatorInfo]) -> None:
    kari = staff["kari"]
    sales = [face_sale(db, bank, 30_000)[0] for _ in range(3)]
    shift_limit = 2 * LIMIT
    for tx_id in sales[:2]:
        ok = approve(db, kari, Permission.REFUND, reason="returned", amount=Money.of(LIMIT), cashier_limit_minor=LIMIT,
                     shift_limit_minor=shift_limit, subject_id=tx_id)
        refund(db, bank.client(), tx_id, Money.of(LIMIT), ok)
    with pytest.raises(PermissionDenied, match="alone"):
        approve(db, kari, Permission.REFUND, reason="returned", amount=Money.of(100), cashier_limit_minor=LIMIT,
                shift_limit_minor=shift_limit, subject_id=sales[2])


def test_a_managers_approval_covers_one_sale_one_amount_for_two_minutes(db: Database, bank: Bank,
                                                                       staff: dict[str, OperatorInfo]) -> None:
    from datetime import datetime, timedelta, timezone

    kari = staff["kari"]
    sale_a, _ = face_sale(db, bank, 600_000)
    sale_b, _ = face_sale(db, bank, 600_000)
    one_krone = approve(db, kari, Permission.REFUND, reason="goodwill", amount=Money.of(100), cashier_limit_minor=0,
                        manager="mona", manager_pin="8642", subject_id=sale_a)
    with pytest.raises(PermissionDenied, match="another amount"):
        refund(db, bank.client(), sale_a, Money.of(500_000), one_krone)
    with pytest.raises(PermissionDenied, match="another sale"):
        refund(db, bank.client(), sale_b, Money.of(100), one_krone)
    stale = approve(db, kari, Permission.REFUND, reason="goodwill", amount=Money.of(100), cashier_limit_minor=0,
                    manager="mona", manager_pin="8642", subject_id=sale_a,
                    now=datetime.now(timezone.utc) - timedelta(minutes=3))
    with pytest.raises(PermissionDenied, match="expired"):
        refund(db, bank.client(), sale_a, Money.of(100), stale)
    with pytest.raises(InvalidInput, match="for one sale"):
        approve(db, kari, Permission.REFUND, reason="goodwill", amount=Money.of(100), cashier_limit_minor=0,
                manager="mona", manager_pin="8642")
    assert refund(db, bank.client(), sale_a, Money.of(100), one_krone).refunded_minor == 100


def test_voids_count_toward_a_cashiers_shift_limit(db: Database, staff: dict[str, OperatorInfo]) -> None:
    """The attack: six voids and one refund handed back 1,393 kr against a 500 kr limit."""
    kari = staff["kari"]
    shift_limit = 2 * LIMIT
    first = cash_sale(db, kari, 15_000)
    shift_id = get_shift_of(db, first)
    sales = [first] + [cash_sale(db, kari, 15_000, shift_id=shift_id) for _ in range(3)]

    def void_alone(tx_id: str) -> TxState:
        ok = approve(db, kari, Permission.VOID, reason="rung up twice", amount=Money.of(15_000),
                     cashier_limit_minor=LIMIT, shift_limit_minor=shift_limit, subject_id=tx_id)
        return void(db, None, tx_id, ok).state

    assert void_alone(sales[0]) is TxState.VOIDED
    assert void_alone(sales[1]) is TxState.VOIDED  # 300 kr of 400 kr
    with pytest.raises(PermissionDenied, match="alone"):
        void_alone(sales[2])  # 450 kr would pass the shift's 400 kr
    with pytest.raises(PermissionDenied, match="alone"):  # nor does a refund slip in under the voids
        approve(db, kari, Permission.REFUND, reason="returned", amount=Money.of(15_000), cashier_limit_minor=LIMIT,
                shift_limit_minor=shift_limit, subject_id=sales[3])
    # A manager's PIN still voids it, and that does not count against the cashier.
    by_manager = approve(db, kari, Permission.VOID, reason="rung up twice", amount=Money.of(15_000),
                         cashier_limit_minor=LIMIT, shift_limit_minor=shift_limit, subject_id=sales[2],
                         manager="mona", manager_pin="8642")
    assert void(db, None, sales[2], by_manager).state is TxState.VOIDED
    assert expected_cash(db, shift_id) == 15_000


def test_concurrent_voids_at_two_registers_stay_within_the_shift_limit(db: Database,
                                                                       staff: dict[str, OperatorInfo]) -> None:
    """Each approval is given while the running total is still low; the void itself re-counts it
    under the cashier's row lock, so only as many go through as the limit allows."""
    kari = staff["kari"]
    shift_limit = LIMIT  # 200 kr: one 150 kr void fits, a second does not
    first = cash_sale(db, kari, 15_000)
    shift_id = get_shift_of(db, first)
    sales = [first] + [cash_sale(db, kari, 15_000, shift_id=shift_id) for _ in range(3)]
    approvals = [approve(db, kari, Permission.VOID, reason="mistake", amount=Money.of(15_000),
                         cashier_limit_minor=LIMIT, shift_limit_minor=shift_limit, subject_id=tx_id)
                 for tx_id in sales]
    outcomes: list[str] = []
    start = threading.Barrier(len(sales))

    def one(tx_id: str, ok) -> None:  # type: ignore[no-untyped-def]
        start.wait()
        try:
            void(db, None, tx_id, ok)
            outcomes.append("voided")
        except PermissionDenied:
            outcomes.append("refused")

    threads = [threading.Thread(target=one, args=pair) for pair in zip(sales, approvals)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused"] * 3 + ["voided"]
    assert sum(get_transaction(db, tx_id).state is TxState.VOIDED for tx_id in sales) == 1
