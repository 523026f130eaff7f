"""Who may do what. The UI hides what a role cannot do, but these checks are what enforce it."""

from __future__ import annotations

from enum import StrEnum

from pos_app.core.errors import InvalidInput, PermissionDenied


class Role(StrEnum):
    CASHIER = "cashier"
    MANAGER = "manager"
    # The service-desk agent and the owner of settings.
    ADMIN = "admin"


class Permission(StrEnum):
    SELL = "sell"
    OPEN_SHIFT = "open_shift"
    CLOSE_SHIFT = "close_shift"
    X_REPORT = "x_report"
    VIEW_TRANSACTIONS = "view_transactions"
    REPRINT_RECEIPT = "reprint_receipt"
    VOID = "void"
    REFUND = "refund"
    Z_REPORT = "z_report"
    VIEW_CUSTOMERS = "view_customers"
    ERASE_CUSTOMER = "erase_customer"
    EXPORT_CUSTOMER = "export_customer"
    VIEW_AUDIT = "view_audit"
    RUN_EVALUATION = "run_evaluation"
    ENROLL_CUSTOMER = "enroll_customer"
    CHANGE_SETTINGS = "change_settings"
    MANAGE_OPERATORS = "manage_operators"
    UNLOCK_OPERATOR = "unlock_operator"
    TRAINING_MODE = "training_mode"
    OPEN_DRAWER = "open_drawer"
    EXPORT_SAFT = "export_saft"
    CHANGE_PRICES = "change_prices"
    LIFT_FACE_LOCK = "lift_face_lock"
    DISCOUNT_ABOVE_LIMIT = "discount_above_limit"  # a cashier gives up to the store's limit alone


_CASHIER = frozenset({
    Permission.SELL, Permission.OPEN_SHIFT, Permission.CLOSE_SHIFT, Permission.X_REPORT,
    Permission.VIEW_TRANSACTIONS, Permission.REPRINT_RECEIPT, Permission.OPEN_DRAWER,
})
_MANAGER = _CASHIER | {
    Permission.VOID, Permission.REFUND, Permission.Z_REPORT, Permission.VIEW_CUSTOMERS,
    Permission.ERASE_CUSTOMER, Permission.EXPORT_CUSTOMER, Permission.VIEW_AUDIT,
    Permission.RUN_EVALUATION, Permission.UNLOCK_OPERATOR, Permission.TRAINING_MODE, Permission.EXPORT_SAFT,
    Permission.CHANGE_PRICES, Permission.LIFT_FACE_LOCK, Permission.DISCOUNT_ABOVE_LIMIT,
}
_ADMIN = _MANAGER | {Permission.ENROLL_CUSTOMER, Permission.CHANGE_SETTINGS, Permission.MANAGE_OPERATORS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.CASHIER: _CASHIER,
    Role.MANAGER: frozenset(_MANAGER),
    Role.ADMIN: frozenset(_ADMIN),
}


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise InvalidInput(f"unknown role {value!r}; choose cashier, manager or admin") from None


def can(role: Role | str, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[Role(role)]


def require(role: Role | str, permission: Permission, *, who: str = "this operator") -> None:
    if not can(role, permission):
        raise PermissionDenied(f"{who} ({role}) may not {permission.value.replace('_', ' ')}",
                               hint="ask a manager to approve it with their PIN")
