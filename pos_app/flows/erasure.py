"""A shopper's erasure, made final: the template and token are deleted at once (core), and the
bank is asked to revoke the token, again and again until it confirms.

The token is queued still sealed, because a deleted token would still charge at the bank; the
queue row is deleted when the bank says it is revoked. Housekeeping retries what is left.
"""

from __future__ import annotations

import logging
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Callable

from payments.client import BankClient
from payments.errors import BankError
from pos_app.core import customers, vault
from pos_app.core.db import Database
from pos_app.core.errors import FacePayError
from pos_app.core.operators import OperatorInfo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Revoked:
    done: int
    still_pending: int


@dataclass(frozen=True)
class Erased:
    templates_destroyed: int
    revocation_pending: bool  # the bank has not confirmed yet; retried by housekeeping


def revoke_pending(db: Database, bank: BankClient, keys: vault.KeyFile, *, actor: str = "erasure",
                   terminal: str = "") -> Revoked:
    """Ask the bank to revoke every queued token. Revoking is idempotent at the bank, so a
    retry after a lost answer is safe."""
    done = pending = 0
    for row in customers.pending_revocations(db):
        try:
            token = vault.open_token(row.token, keys.token_key, row.customer_id or "")
            bank.revoke_token(token)
        except (BankError, vault.VaultError) as exc:
            customers.revocation_failed(db, row.id, str(exc))
            log.warning("revoking an erased customer's bank token failed (%s); kept for a retry", exc)
            pending += 1
            continue
        customers.revocation_done(db, row.id, actor=actor, terminal=terminal)
        done += 1
    return Revoked(done, pending)


def erase(db: Database, bank_factory: Callable[[], AbstractContextManager[BankClient]], keys: vault.KeyFile | None,
          customer_id: str, *, actor: str, terminal: str, reason: str = "withdrawn",
          operator: OperatorInfo | None = None) -> Erased:
    destroyed = customers.erase_customer(db, customer_id, actor=actor, terminal=terminal, reason=reason,
                                         operator=operator)
    # Never blocked by what revocation needs: without the key file (or a bank) the erasure is done
    # and the revocation waits for a machine that has them.
    try:
        if keys is not None and customers.pending_revocations(db):
            with bank_factory() as bank:
                revoke_pending(db, bank, keys, actor=actor, terminal=terminal)
    except (BankError, FacePayError) as exc:  # no bank set up, or it is down: kept, retried later
        log.warning("the bank could not be asked to revoke tokens: %s", exc)
    pending = any(r.customer_id == customer_id for r in customers.pending_revocations(db))
    return Erased(destroyed, pending)
