from __future__ import annotations

import pytest

from pos_app.core.errors import InvalidInput, PermissionDenied
from pos_app.core.permissions import Permission, Role, can, parse_role, require

P = Permission
# The matrix the store is promised: what each role may and may not do.
EXPECTED = {
    P.SELL: ("cashier", "manager", "admin"),
    P.OPEN_SHIFT: ("cashier", "manager", "admin"),
    P.X_REPORT: ("cashier", "manager", "admin"),
    P.REPRINT_RECEIPT: ("cashier", "manager", "admin"),
    P.VOID: ("manager", "admin"),
    P.REFUND: ("manager", "admin"),
    P.Z_REPORT: ("manager", "admin"),
    P.ERASE_CUSTOMER: ("manager", "admin"),
    P.EXPORT_CUSTOMER: ("manager", "admin"),
    P.VIEW_AUDIT: ("manager", "admin"),
    P.UNLOCK_OPERATOR: ("manager", "admin"),
    P.ENROLL_CUSTOMER: ("admin",),
    P.CHANGE_SETTINGS: ("admin",),
    P.MANAGE_OPERATORS: ("admin",),
    # The cash-register rules: a manager switches training mode on and changes prices (both
    # journaled); the tax export is a manager's; any cashier may open the drawer, journaled.
    P.TRAINING_MODE: ("manager", "admin"),
    P.CHANGE_PRICES: ("manager", "admin"),
    P.EXPORT_SAFT: ("manager", "admin"),
    P.OPEN_DRAWER: ("cashier", "manager", "admin"),
    # Lifting a face-payment pause for a customer or a kiosk (audited): the desk or a manager.
    P.LIFT_FACE_LOCK: ("manager", "admin"),
    # A cashier gives discounts up to the store's limit; a manager approves more.
    P.DISCOUNT_ABOVE_LIMIT: ("manager", "admin"),
}


@pytest.mark.parametrize("permission", list(EXPECTED))
@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix(role: Role, permission: Permission) -> None:
    assert can(role, permission) == (role.value in EXPECTED[permission])


def test_every_permission_is_in_the_matrix_under_test() -> None:
    untested = set(Permission) - set(EXPECTED) - {P.CLOSE_SHIFT, P.VIEW_TRANSACTIONS, P.VIEW_CUSTOMERS, P.RUN_EVALUATION}
    assert not untested


def test_refusal_names_who_and_what() -> None:
    with pytest.raises(PermissionDenied, match=r"^kari \(cashier\) may not refund$"):
        require(Role.CASHIER, P.REFUND, who="kari")


def test_unknown_role_is_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown role 'boss'"):
        parse_role("boss")
