"""The fiscal seam: where generic core hands a sale to a country's cash-register rules.

Core rings up, charges, refunds and voids; what the law of the shop's country adds (legal receipts
in numbered series, an electronic journal, signatures, article groups, the seller's registration)
lives in a package of its own behind these hooks, as Odoo keeps each country in an ``l10n_*``
module. Norway's is ``pos_app/l10n_no``. Core never imports it (tests/core/test_fiscal_seam.py):
the package registers itself as the entry point ``facepay.fiscal`` named by ``COUNTRY`` in
pyproject.toml, and is looked up here once.

Every hook that takes a session runs inside the caller's open database transaction, so a legal
record is written with the sale it documents, or neither is.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from pos_app.core.config import Settings
    from pos_app.core.models import Refund, Transaction

COUNTRY = "NO"  # the shops we sell to; a second country is a second entry point and a setting
ENTRY_POINTS = "facepay.fiscal"


class FiscalRules(Protocol):
    """What a country's cash-register rules answer. Sessions are the caller's open transaction."""

    #: Alembic revisions of the rules' own tables, beside core's.
    migrations: Path
    #: The VAT rates a line may carry, in per cent, in the order receipts list them.
    vat_rates: tuple[int, ...]

    def ring_up(self, s: Session, register: str) -> bool:
        """May ``register`` ring up a sale now? Raises InvalidInput with the reason when not;
        returns whether the sale is a training sale (never takings)."""
        ...

    def sale_approved(self, s: Session, tx: Transaction, *, actor: str, terminal: str) -> None:
        """The sale is paid: issue what the law requires for it."""
        ...

    def money_back(self, s: Session, tx: Transaction, refund: Refund, *, actor: str, terminal: str) -> None:
        """Part or all of a paid sale was given back."""
        ...

    def sale_voided(self, s: Session, tx: Transaction, *, actor: str, terminal: str, reason: str) -> None:
        """A paid sale was cancelled whole, with the reason given."""
        ...

    def basket_event(self, s: Session, event: str, *, actor: str, register: str, subject_id: str,
                     after: dict[str, Any]) -> None:
        """A basket was parked ("parked") or taken up ("resumed") at a register."""
        ...

    def day_closed(self, s: Session, *, register_id: str, register: str, actor: str, end: datetime,
                   settings: Settings, anchor_key: bytes | None) -> Any:
        """The register's day closes at ``end``: take and record what the law requires (Norway's
        Z report) and return it. Raises InvalidInput when the day may not close (already closed,
        the seller's details missing). Core holds the journal's lock throughout."""
        ...

    def receipt_title(self, s: Session, tx: Transaction) -> str:
        """The legal receipt's title and number for a paid sale, as printed ("" when none)."""
        ...

    def vat_problem(self, rate: int) -> str:
        """Why ``rate`` is not a VAT rate of these rules, or ""."""
        ...

    def group_problem(self, group: str) -> str:
        """Why ``group`` is not an article group of these rules, or ""."""
        ...

    def seller_problem(self, org_number: str) -> str:
        """Why ``org_number`` is not a valid registration of the seller, or ""."""
        ...


_rules: FiscalRules | None = None


def rules() -> FiscalRules:
    """The shop's fiscal rules, found once through the package's entry point."""
    global _rules
    if _rules is None:
        from importlib import metadata

        # FacePay's own entry points first (0.4 ms); the scan of every installed package that
        # would find another distribution's rules costs 50-150 ms, on a kiosk's start path.
        try:
            own = list(metadata.distribution("facepay").entry_points)
        except metadata.PackageNotFoundError:
            own = []
        found = [ep for ep in own if ep.group == ENTRY_POINTS and ep.name == COUNTRY]
        found = found or [ep for ep in metadata.entry_points(group=ENTRY_POINTS) if ep.name == COUNTRY]
        if not found:
            raise RuntimeError(f"no cash-register rules for country {COUNTRY} are installed (entry point "
                               f"{ENTRY_POINTS}): reinstall facepay")
        _rules = found[0].load()
    return _rules


def use(new: FiscalRules | None) -> FiscalRules | None:
    """Put other rules in place (``None``: look them up again); returns the ones they replace.
    For tests of the seam itself."""
    global _rules
    before, _rules = _rules, new
    return before
