"""Who may give money back. A manager voids and refunds; a cashier may alone up to the store's
limit, and above it with a manager's PIN typed at the register and a reason. Every grant is
audited with both names, so the audit trail shows who allowed what."""

from __future__ import annotations

from dataclasses import dataclass

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, PermissionDenied
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo, authenticate
from pos_app.core.permissions import Permission, Role

MONEY_BACK = (Permission.VOID, Permission.REFUND)


@dataclass(frozen=True)
class Approval:
    operator: OperatorInfo  # who does it at the register
    approver: OperatorInfo  # who allowed it: the operator, or the manager who typed their PIN
    permission: Permission
    reason: str

    @property
    def overridden(self) -> bool:
        return self.approver.id != self.operator.id


def needs_manager(operator: OperatorInfo, permission: Permission, amount: Money | None, cashier_limit_minor: int) -> bool:
    """True when the operator cannot do this alone, so the screen asks for a manager's PIN first."""
    if operator.can(permission):
        return False
    if permission in MONEY_BACK and operator.role is Role.CASHIER and amount is not None:
        return amount.minor > cashier_limit_minor
    return True


def _check_reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not text:
        raise InvalidInput("give a reason; it goes into the audit trail")
    if len(text) > 255:
        raise InvalidInput("keep the reason under 255 characters")
    return text


def approve(
    db: Database, operator: OperatorInfo, permission: Permission, *, reason: str, amount: Money | None = None,
    cashier_limit_minor: int = 0, manager: str = "", manager_pin: str = "", terminal: str = "",
    subject_id: str = "",
) -> Approval:
    """Allow ``operator`` to do ``permission`` (for ``amount``), by their role or a manager's PIN."""
    text = _check_reason(reason)
    if not needs_manager(operator, permission, amount, cashier_limit_minor):
        return Approval(operator, operator, permission, text)
    if not manager:
        limit = Money(amount.currency, cashier_limit_minor) if amount is not None else None
        above = f" above {limit}" if limit is not None and permission in MONEY_BACK else ""
        raise PermissionDenied(f"{operator.username} ({operator.role}) may not {permission.value}{above} alone",
                               hint="a manager approves it with their PIN")
    # A wrong PIN counts toward the manager's lockout, like at any sign-in.
    approver = authenticate(db, manager, manager_pin, terminal=terminal)
    if not approver.can(permission):
        raise PermissionDenied(f"{approver.username} ({approver.role}) may not approve a {permission.value}",
                               hint="ask a manager")
    with db.session() as s:
        audit.record(s, actor=approver.username, action="approval.granted", terminal=terminal,
                     subject_type="transaction" if subject_id else "", subject_id=subject_id,
                     after={"for": operator.username, "permission": permission.value, "reason": text,
                            "amount_minor": amount.minor if amount else None})
    return Approval(operator, approver, permission, text)
