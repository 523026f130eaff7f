"""A sale sent to a kiosk, and taken back: one use case for the register screen and
`facepay sale send|cancel`. The operator must be allowed to sell; core records who did it.

Before (issue 31) the command line sent and cancelled sales as "cli:<user>" with no operator
and no permission check, so anyone at the shell could take back a sale a cashier had sent.
"""

from __future__ import annotations

from pos_app.core import sales
from pos_app.core.basket import Basket
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.core.transactions import TxInfo


def send(db: Database, who: OperatorInfo, *, kiosk: str, amount: Money, terminal: str, order_ref: str = "",
         basket: Basket | None = None, register_id: str | None = None) -> TxInfo:
    """Put ``amount`` due on ``kiosk``'s screen (with the basket, when rung up at a register)."""
    who.require(Permission.SELL)
    if basket is not None and not basket.lines:
        raise InvalidInput("ring up at least one line, or one amount")
    return sales.send_sale(db, kiosk=kiosk, amount=amount, order_ref=order_ref, actor=who.username,
                           terminal=terminal, basket=basket, register_id=register_id)


def cancel(db: Database, who: OperatorInfo, tx_id: str, *, terminal: str) -> TxInfo:
    """Take a sale back before the shopper has started to pay with their face."""
    who.require(Permission.SELL)
    return sales.cancel_sale(db, tx_id, actor=who.username, terminal=terminal)
