"""Housekeeping: what a terminal settles when it starts and on its timer, and what `facepay
reconcile` runs: one function, in one order, so the kiosk and the command line cannot drift.

1. close this terminal's face sales a crash left before the bank (they never reached it, so
   closing them needs no answer);
2. settle its sales the bank may have charged (authorizing, unknown) by asking the bank;
3. send again refunds whose answer was lost;
4. retention, when due (the kiosk's timer; the command line has `facepay retention`);
5. ask the bank to revoke erased shoppers' tokens until it confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from payments.client import BankClient
from pos_app.core import customers, vault
from pos_app.core.db import Database
from pos_app.core.transactions import TxInfo
from pos_app.flows.charging import Reconciled, close_abandoned, reconcile
from pos_app.flows.erasure import revoke_pending
from pos_app.flows.money_back import Settled, settle_pending


@dataclass(frozen=True)
class Tidied:
    abandoned: list[TxInfo]
    reconciled: Reconciled
    refunds: Settled
    revocations_pending: int
    erased: list[str] | None  # retention's erasures; None when it was not due or not asked for

    @property
    def all_settled(self) -> bool:
        return not (self.reconciled.still_open or self.refunds.still_pending or self.revocations_pending)


def tidy(db: Database, bank: BankClient, keys: Callable[[], vault.KeyFile], *, terminal_id: str, terminal: str,
         actor: str = "housekeeping", retention_months: int | None = None) -> Tidied:
    """Run every step above for one terminal. ``keys`` is asked for only when an erasure waits
    for the bank, so a store without a key file yet can still reconcile."""
    abandoned = close_abandoned(db, terminal_id=terminal_id, actor=actor)
    reconciled = reconcile(db, bank, terminal_id=terminal_id, actor=actor)
    refunds = settle_pending(db, bank, actor=actor)
    erased = None
    if retention_months is not None:
        erased = customers.retention_if_due(db, retention_months, terminal=terminal)
    revocations = 0
    if customers.pending_revocations(db):
        revocations = revoke_pending(db, bank, keys(), actor=actor, terminal=terminal).still_pending
    return Tidied(abandoned, reconciled, refunds, revocations, erased)
