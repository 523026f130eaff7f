"""Norway's answers to the fiscal seam (pos_app/core/fiscal.py): what generic core calls while a
sale, return, void or parked basket is in its open database transaction.

Light to import: settings validation asks it about the seller's organisation number before any
database is open, so the journal, receipts and tables are imported by the hooks that use them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pos_app.core.errors import InvalidInput
from pos_app.l10n_no.codes import GROUPS, VAT_CODES
from pos_app.l10n_no.seller import org_number_problem

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pos_app.core.config import Settings
    from pos_app.core.models import Refund, Transaction

# Core's basket events and the journal's names for them (13010, 13011).
BASKET_EVENTS = {"parked": "sale.suspend", "resumed": "sale.resume"}


class NorwegianRules:
    migrations = Path(__file__).with_name("migrations")
    vat_rates = tuple(VAT_CODES)  # 25, 15, 12, 0

    def ring_up(self, s: Session, register: str) -> bool:
        from pos_app.l10n_no import journal

        if journal.drawer_open(s, register):
            raise InvalidInput("the cash drawer is open: close it before the next sale")
        return journal.training_on(s, register)

    def sale_approved(self, s: Session, tx: Transaction, *, actor: str, terminal: str) -> None:
        from pos_app.l10n_no import receipts

        receipts.issue_for_sale(s, tx, actor=actor, terminal=terminal)

    def money_back(self, s: Session, tx: Transaction, refund: Refund, *, actor: str, terminal: str) -> None:
        from pos_app.l10n_no import receipts

        receipts.issue_for_return(s, tx, refund, actor=actor, terminal=terminal)

    def sale_voided(self, s: Session, tx: Transaction, *, actor: str, terminal: str, reason: str) -> None:
        from pos_app.l10n_no import receipts

        receipts.issue_for_void(s, tx, actor=actor, terminal=terminal, reason=reason)

    def basket_event(self, s: Session, event: str, *, actor: str, register: str, subject_id: str,
                     after: dict[str, Any]) -> None:
        from pos_app.l10n_no import journal

        journal.record(s, BASKET_EVENTS[event], actor=actor, terminal=register, subject_type="parked_sale",
                       subject_id=subject_id, after=after)

    def day_closed(self, s: Session, *, register_id: str, register: str, actor: str, end: datetime,
                   settings: Settings, anchor_key: bytes | None) -> Any:
        from pos_app.l10n_no import day_report
        from pos_app.l10n_no.seller import seller_from

        seller = seller_from(settings.company_name, settings.company_org_number, settings.company_address)
        return day_report.close_z(s, register_id=register_id, register=register, seller=seller, actor=actor,
                                  end=end, audit_key=anchor_key)

    def receipt_title(self, s: Session, tx: Transaction) -> str:
        from sqlalchemy import select

        from pos_app.l10n_no import receipts
        from pos_app.l10n_no.models import LegalReceipt

        legal = s.scalar(select(LegalReceipt).where(LegalReceipt.source == f"{tx.id}:sale"))
        return "" if legal is None else f"{receipts.title_of(legal.content)} nr. {legal.number}"

    def vat_problem(self, rate: int) -> str:
        if rate in VAT_CODES:
            return ""
        return f"VAT {rate}% is not a Norwegian rate; choose {', '.join(f'{r}%' for r in VAT_CODES)}"

    def group_problem(self, group: str) -> str:
        if group in GROUPS:
            return ""
        return f"article group {group!r} is unknown; choose {', '.join(GROUPS)}"

    def seller_problem(self, org_number: str) -> str:
        return org_number_problem(org_number) or ""


RULES = NorwegianRules()
