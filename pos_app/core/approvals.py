"""Who may give money back. A manager voids and refunds; a cashier may alone up to the store's
limit, and above it with a manager's PIN typed at the register and a reason. Every grant is
audited with both names, so the audit trail shows who allowed what.

A cashier's limit counts what they have already given back alone, on the sale and in their shift,
so five refunds of 200 kr are not a way round a 200 kr limit; refunds.reserve_refund re-counts it
under the sale's lock. A manager's approval is bound to one sale, one amount and two minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from pos_app.core import audit
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, PermissionDenied
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo, authenticate
from pos_app.core.permissions import Permission, Role

MONEY_BACK = (Permission.VOID, Permission.REFUND)
APPROVAL_LIFETIME = timedelta(minutes=2)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Approval:
    operator: OperatorInfo  # who does it at the register
    approver: OperatorInfo  # who allowed it: the operator, or the manager who typed their PIN
    permission: Permission
    reason: str
    # What it allows: this sale, this amount, until then. Re-checked where the money moves.
    tx_id: str = ""
    amount_minor: int | None = None
    expires_at: datetime | None = None
    # Set when a cashier acts alone: the limits their running totals are held to.
    cashier_limit_minor: int | None = None
    shift_limit_minor: int | None = None

    @property
    def overridden(self) -> bool:
        return self.approver.id != self.operator.id

    def check(self, permission: Permission, tx_id: str, amount_minor: int, now: datetime | None = None) -> None:
        """Refuse use of this approval for anything but what was approved, or after it expired."""
        if self.permission is not permission:
            raise InvalidInput(f"this approval is not for a {permission.value}")
        if self.tx_id and self.tx_id != tx_id:
            raise PermissionDenied("this approval was given for another sale", hint="ask for a new approval")
        if self.amount_minor is not None and self.amount_minor != amount_minor:
            raise PermissionDenied("this approval was given for another amount", hint="ask for a new approval")
        if self.expires_at is not None and (now or _utcnow()) > self.expires_at:
            raise PermissionDenied("this approval has expired", hint="ask for a new approval")


def over_cashier_limit(amount_minor: int, *, limit_minor: int, on_sale_minor: int, in_shift_minor: int,
                       shift_limit_minor: int | None) -> str:
    """Where a cashier acting alone would pass their limit: "sale", "shift", or "" (within it),
    counting what they already gave back alone on the sale and in their shift."""
    if on_sale_minor + amount_minor > limit_minor:
        return "sale"
    if shift_limit_minor is not None and in_shift_minor + amount_minor > shift_limit_minor:
        return "shift"
    return ""


def needs_manager(operator: OperatorInfo, permission: Permission, amount: Money | None, cashier_limit_minor: int,
                  *, already_on_sale_minor: int = 0, already_in_shift_minor: int = 0,
                  shift_limit_minor: int | None = None) -> bool:
    """True when the operator cannot do this alone, so the screen asks for a manager's PIN first.
    ``already_*``: what this cashier has given back alone on the sale and in their shift."""
    if operator.can(permission):
        return False
    if permission in MONEY_BACK and operator.role is Role.CASHIER and amount is not None:
        return bool(over_cashier_limit(amount.minor, limit_minor=cashier_limit_minor,
                                       on_sale_minor=already_on_sale_minor, in_shift_minor=already_in_shift_minor,
                                       shift_limit_minor=shift_limit_minor))
    return True


def _check_reason(reason: str) -> str:
    from pos_app.core.text import clean_text

    text = " ".join(clean_text(reason, "the reason", 1000, allow_empty=True).split())
    if not text:
        raise InvalidInput("give a reason; it goes into the audit trail")
    if len(text) > 255:
        raise InvalidInput("keep the reason under 255 characters")
    return text


def approve(
    db: Database, operator: OperatorInfo, permission: Permission, *, reason: str, amount: Money | None = None,
    cashier_limit_minor: int = 0, shift_limit_minor: int | None = None, manager: str = "", manager_pin: str = "",
    terminal: str = "", subject_id: str = "", now: datetime | None = None,
) -> Approval:
    """Allow ``operator`` to do ``permission`` (for ``amount`` on sale ``subject_id``), by their
    role or a manager's PIN; the approval is bound to that sale and amount for two minutes."""
    from pos_app.core.refunds import given_back_alone

    text = _check_reason(reason)
    bound = {"tx_id": subject_id, "amount_minor": amount.minor if amount is not None else None,
             "expires_at": (now or _utcnow()) + APPROVAL_LIFETIME}
    on_sale, in_shift = given_back_alone(db, operator.id, subject_id) if permission in MONEY_BACK else (0, 0)
    if not needs_manager(operator, permission, amount, cashier_limit_minor, already_on_sale_minor=on_sale,
                         already_in_shift_minor=in_shift, shift_limit_minor=shift_limit_minor):
        alone = operator.role is Role.CASHIER and not operator.can(permission)
        return Approval(operator, operator, permission, text, **bound,  # type: ignore[arg-type]  # bound holds the Approval's typed fields by name
                        cashier_limit_minor=cashier_limit_minor if alone else None,
                        shift_limit_minor=shift_limit_minor if alone else None)
    if not manager:
        limit = Money(amount.currency, cashier_limit_minor) if amount is not None else None
        above = f" above {limit}" if limit is not None and permission in MONEY_BACK else ""
        raise PermissionDenied(f"{operator.username} ({operator.role}) may not {permission.value}{above} alone"
                               + (" (counting what they gave back alone on this sale and in this shift)"
                                  if on_sale or in_shift else ""),
                               hint="a manager approves it with their PIN")
    if permission in MONEY_BACK and not subject_id:
        raise InvalidInput("a manager approves money back for one sale: name the sale")
    # A wrong PIN counts toward the manager's lockout, like at any sign-in.
    approver = authenticate(db, manager, manager_pin, terminal=terminal)
    if not approver.can(permission):
        raise PermissionDenied(f"{approver.username} ({approver.role}) may not approve a {permission.value}",
                               hint="ask a manager")
    with db.session() as s:
        audit.record(s, actor=approver.username, action="approval.granted", terminal=terminal,
                     subject_type="transaction" if subject_id else "", subject_id=subject_id,
                     after={"for": operator.username, "permission": permission.value, "reason": text,
                            "amount_minor": amount.minor if amount else None,
                            "expires_at": bound["expires_at"].isoformat()})  # type: ignore[union-attr]  # bound's expires_at is a datetime
    return Approval(operator, approver, permission, text, **bound)  # type: ignore[arg-type]  # bound holds the Approval's typed fields by name
