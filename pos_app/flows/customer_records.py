"""Customers as staff see them: a search, and a customer's access request (GDPR Art. 15):
everything held about them, as JSON, metadata only.

One use case for every entry point (the back office, the desk, `facepay export`): the operator's
permission is checked, and the export audited, here and once. Before, the desk and the command
line wrote exports no audit event recorded, and the desk's search relied on its screen's check.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pos_app.core import audit, customers
from pos_app.core.db import Database
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission


def find(db: Database, who: OperatorInfo, text: str = "", *, current_model: str, limit: int = 50,
         statuses: tuple[str, ...] = ("active",)) -> list[customers.CustomerRow]:
    """Customers whose name, phone or id holds ``text``, newest first (never a search by face)."""
    who.require(Permission.VIEW_CUSTOMERS)
    return customers.find_customers(db, text, limit=limit, statuses=statuses, current_model=current_model)


def export(db: Database, who: OperatorInfo, customer_id: str, *, terminal: str) -> dict[str, Any]:
    """The export's content (for a screen or standard output), audited."""
    who.require(Permission.EXPORT_CUSTOMER)
    data = customers.export_customer(db, customer_id)
    _audited(db, who, customer_id, terminal, where="")
    return data


def export_to_file(db: Database, who: OperatorInfo, customer_id: str, folder: Path, *, terminal: str) -> Path:
    """The export as a private JSON file in ``folder``, audited with where it went."""
    who.require(Permission.EXPORT_CUSTOMER)
    data = customers.export_customer(db, customer_id)
    # The audit event and the file stand or fall together: the event is written first and committed
    # only once the file is whole; if the commit fails the file is taken back, so no export goes
    # unrecorded (before, the file appeared first and its event a moment later, or never).
    written: Path | None = None
    try:
        with db.session() as s:
            _record(s, who, customer_id, terminal, where=str(folder / f"customer-{customer_id}.json"))
            s.flush()
            written = customers.save_export(data, customer_id, folder)
    except BaseException:
        if written is not None:
            written.unlink(missing_ok=True)
        raise
    return written


def _audited(db: Database, who: OperatorInfo, customer_id: str, terminal: str, *, where: str) -> None:
    with db.session() as s:
        _record(s, who, customer_id, terminal, where=where)


def _record(s: Session, who: OperatorInfo, customer_id: str, terminal: str, *, where: str) -> None:
    audit.record(s, actor=who.username, action="customer.export", terminal=terminal, subject_type="customer",
                 subject_id=customer_id, after={"file": where} if where else None)
