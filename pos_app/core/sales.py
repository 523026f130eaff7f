"""A sale sent from the register to a kiosk, through the shared database (SQLite on one PC,
PostgreSQL for several). The register writes a transaction in state `created` addressed to the
kiosk's terminal; the idle kiosk polls for it (every 400 ms), shows the amount and runs the
checkout on that same row; the register follows the row's state. A closed register or a crashed
kiosk loses nothing: the row is there until it is paid or cancelled.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from pos_app.core.basket import Basket
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import Terminal, Transaction
from pos_app.core.money import Money
from pos_app.core.states import TxState
from pos_app.core.transactions import TxInfo, advance, create_transaction, get_transaction

# Set on a sale the shopper left to pay another way, so the register can say so.
ANOTHER_WAY = "another_way"


def kiosk_id(db: Database, name: str) -> str:
    with db.session() as s:
        terminal = s.scalar(select(Terminal).where(Terminal.name == name))
        if terminal is None or terminal.kind != "kiosk":
            raise NotFound(f"no kiosk named {name!r}",
                           hint="a kiosk registers itself when it first starts with face payment available; "
                                "facepay doctor on that PC says what it lacks")
        return terminal.id


def send_sale(db: Database, *, kiosk: str, amount: Money, order_ref: str = "", actor: str,
              terminal: str = "", basket: Basket | None = None, register_id: str | None = None) -> TxInfo:
    """Put a sale on the named kiosk's screen; rung up at a register (``register_id``, named
    ``terminal``), the sale belongs to that register's receipt series and reports."""
    if basket is not None and basket.total != amount:
        raise InvalidInput(f"the lines add up to {basket.total}, not {amount}")
    return create_transaction(db, terminal_id=kiosk_id(db, kiosk), amount=amount, order_ref=order_ref,
                              actor=actor, terminal=terminal, basket=basket.to_json() if basket else None,
                              register_id=register_id)


def next_sale(db: Database, terminal_id: str) -> TxInfo | None:
    """The oldest sale waiting at this kiosk, if any."""
    with db.session() as s:
        tx = s.scalar(select(Transaction).where(Transaction.terminal_id == terminal_id,
                                                Transaction.state == TxState.CREATED.value,
                                                Transaction.method == "face")
                      .order_by(Transaction.created_at, Transaction.id).limit(1))
        return TxInfo.of(tx) if tx else None


def cancel_sale(db: Database, tx_id: str, *, actor: str, terminal: str = "") -> TxInfo:
    """The cashier takes the sale back before the shopper has started to pay with their face."""
    tx = get_transaction(db, tx_id)
    if tx.state is not TxState.CREATED:
        raise InvalidInput(f"the sale is already {tx.state.value}; it can no longer be cancelled here")
    return advance(db, tx_id, TxState.CANCELLED, actor=actor, terminal=terminal)


@dataclass(frozen=True)
class SaleStatus:
    """What the register shows while it follows a sale: ``code`` for a screen to phrase (one of
    STATUS_WORDS), ``text`` the same in English for the command line."""

    state: TxState
    code: str
    final: bool

    @property
    def text(self) -> str:
        return STATUS_WORDS[self.code]


# Each status a followed sale can be in, with its English words (`facepay sale status`).
STATUS_WORDS = {
    "waiting": "waiting for the shopper", "verifying": "verifying", "approved": "approved", "declined": "declined",
    "not_completed": "not completed", "reconciling": "bank did not answer; reconciling",
    "another_way": "shopper chose another way", "no_pass": "no pass was shown at the kiosk", "cancelled": "cancelled",
}


def sale_status(db: Database, tx_id: str) -> SaleStatus:
    tx = get_transaction(db, tx_id)
    codes = {
        TxState.CREATED: "waiting", TxState.VERIFYING: "verifying", TxState.AUTHORIZING: "verifying",
        TxState.APPROVED: "approved", TxState.DECLINED: "declined", TxState.FAILED: "not_completed",
        TxState.UNKNOWN: "reconciling",
        TxState.CANCELLED: {ANOTHER_WAY: "another_way", "no_pass": "no_pass"}.get(tx.decline_code or "", "cancelled"),
    }
    final = tx.state not in (TxState.CREATED, TxState.VERIFYING, TxState.AUTHORIZING, TxState.UNKNOWN)
    return SaleStatus(tx.state, codes.get(tx.state, "not_completed"), final)


def sale_basket(db: Database, tx_id: str) -> Basket | None:
    """The lines a sale from the register carries, for the kiosk to show before the shopper pays;
    None for a sale of one amount, or when the lines do not add up to what will be charged (the
    row was changed behind the register's back: the shopper then sees the amount alone)."""
    with db.session() as s:
        tx = s.get(Transaction, tx_id)
        if tx is None or not tx.basket:
            return None
        text, amount = tx.basket, tx.amount_minor
    try:
        basket = Basket.from_json(text)
    except InvalidInput:
        return None
    return basket if basket.lines and basket.total_minor == amount else None
