"""The shop's takings summary: a day's takings per payment method, face payments apart from the
others, and (at closing) each shift's cash count against what the drawer should hold. Totals come
from the transactions themselves, so a summary always equals the sum of what it lists.

It is not the legal X/Z report: that is ``l10n_no/day_report``, the one the regulation defines, and
closing a day takes it first (``flows.cash_register``); this summary then names its anchor."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from pos_app.core.catalogue import translate
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import Shift, Transaction
from pos_app.core.money import Money
from pos_app.core.shifts import ShiftInfo
from pos_app.core.states import TxState

if TYPE_CHECKING:
    from pos_app.core.config import Settings

PAID = (TxState.APPROVED, TxState.PARTIALLY_REFUNDED, TxState.REFUNDED)
METHODS = ("face", "cash", "card")


@dataclass
class MethodTotals:
    count: int = 0
    sales_minor: int = 0
    refunds_minor: int = 0

    @property
    def net_minor(self) -> int:
        return self.sales_minor - self.refunds_minor


@dataclass
class Report:
    kind: str  # "x" (a look mid-day) or "z" (the day closed, with the cash counts)
    day: date
    currency: str
    methods: dict[str, MethodTotals] = field(default_factory=lambda: {m: MethodTotals() for m in METHODS})
    voided: int = 0
    declined: int = 0
    not_completed: int = 0  # failed, cancelled or left another way
    shifts: list[ShiftInfo] = field(default_factory=list)
    transaction_ids: list[str] = field(default_factory=list)
    # A Z report closes the day in the audit trail too: the chain's head and a keyed anchor of it,
    # printed so that a later rewrite of the database can be caught against the paper.
    audit_head: str = ""
    audit_anchor: str = ""

    @property
    def net_minor(self) -> int:
        return sum(t.net_minor for t in self.methods.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "day": self.day.isoformat(), "currency": self.currency,
            "methods": {m: {**asdict(t), "net_minor": t.net_minor} for m, t in self.methods.items()},
            "face_net_minor": self.methods["face"].net_minor,
            "other_net_minor": self.methods["cash"].net_minor + self.methods["card"].net_minor,
            "net_minor": self.net_minor, "voided": self.voided, "declined": self.declined,
            "not_completed": self.not_completed, "transactions": len(self.transaction_ids),
            "shifts": [{"id": s.id, "opened_at": s.opened_at, "closed_at": s.closed_at,
                        "opening_float_minor": s.opening_float, "expected_cash_minor": s.expected_cash,
                        "counted_cash_minor": s.counted_cash, "variance_minor": s.variance} for s in self.shifts],
            **({"audit_head": self.audit_head, "audit_anchor": self.audit_anchor} if self.kind == "z" else {}),
        }

    def lines(self, language: str = "en") -> list[str]:
        """The report as text in one language, money in that language's one format."""
        w = {key: translate(text, language) for key, text in WORDS.items()}
        money = lambda minor: Money(self.currency, minor).format(language)  # noqa: E731
        out = [w["title"].format(kind="Z" if self.kind == "z" else "X", day=self.day.isoformat()), ""]
        for method in ("face", "cash", "card"):
            t = self.methods[method]
            out.append(w["method"].format(label=w[method], count=t.count, paid=money(t.sales_minor),
                                          refunded=money(t.refunds_minor), net=money(t.net_minor)))
        out += ["", w["net"].format(net=money(self.net_minor)),
                w["counts"].format(voided=self.voided, declined=self.declined, not_completed=self.not_completed)]
        for s in self.shifts:
            if s.closed_at is None:
                out.append(w["open_shift"].format(opened=f"{s.opened_at:%H:%M}"))
            else:
                out.append(w["shift"].format(opened=f"{s.opened_at:%H:%M}", closed=f"{s.closed_at:%H:%M}",
                                             float=money(s.opening_float), expected=money(s.expected_cash or 0),
                                             counted=money(s.counted_cash or 0), variance=money(s.variance or 0)))
        if self.kind == "z":
            out += ["", w["head"].format(head=self.audit_head[:32]), w["anchor"].format(anchor=self.audit_anchor or w["none"])]
        return out


# In English; the catalogue (core/catalogue) gives them in the reader's language.
WORDS = {
    "title": "{kind} report {day}", "face": "Face payments", "cash": "Cash", "card": "Card (own terminal)",
    "method": "{label}: {count} paid {paid}, refunded {refunded}, net {net}", "net": "Net takings: {net}",
    "counts": "Voided {voided}, declined {declined}, not completed {not_completed}",
    "open_shift": "Shift opened {opened}: still open",
    "shift": "Shift {opened}-{closed}: float {float}, expected {expected}, counted {counted}, variance {variance}",
    "head": "Audit chain head: {head}", "anchor": "Audit anchor: {anchor}",
    "none": "none (no key file on this machine)",
}


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """The shop's day (Europe/Oslo, whatever the machine's time zone), as UTC instants."""
    from pos_app.core.timezone import oslo_day_bounds

    return oslo_day_bounds(day)


def build_report(db: Database, kind: str, day: date, currency: str = "NOK") -> Report:
    if kind not in ("x", "z"):
        raise InvalidInput(f"a report is x or z, not {kind!r}")
    start, end = day_bounds(day)
    report = Report(kind, day, currency)
    with db.session() as s:
        # Training sales are never takings (they have their own receipt series and counts).
        rows = s.scalars(select(Transaction).where(Transaction.created_at >= start, Transaction.created_at < end,
                                                   Transaction.currency == currency, Transaction.training.is_(False))
                         .order_by(Transaction.created_at, Transaction.id)).all()
        for tx in rows:
            state = TxState(tx.state)
            report.transaction_ids.append(tx.id)
            if state in PAID:
                totals = report.methods[tx.method]
                totals.count += 1
                totals.sales_minor += tx.captured_minor
                totals.refunds_minor += tx.refunded_minor
            elif state is TxState.VOIDED:
                report.voided += 1
            elif state is TxState.DECLINED:
                report.declined += 1
            elif state in (TxState.FAILED, TxState.CANCELLED):
                report.not_completed += 1
        if kind == "z":
            report.shifts = [ShiftInfo.of(r) for r in s.scalars(
                select(Shift).where(Shift.opened_at >= start, Shift.opened_at < end, Shift.currency == currency)
                .order_by(Shift.opened_at))]
    return report


def chain_head(db: Database) -> str:
    from pos_app.core.models import AuditHead

    with db.session() as s:
        head = s.get(AuditHead, 1)
        return head.hash if head else ""


def write_report_pdf(report: Report, path: Path, language: str = "en") -> Path:
    return write_lines_pdf(report.lines(language), path)


def write_lines_pdf(lines: list[str], path: Path) -> Path:
    """A one-page PDF: the first line as the title, the rest below it; written whole or not at all."""
    from PIL import Image, ImageDraw, ImageFont

    from pos_app.core.passes import dejavu_font

    page = Image.new("RGB", (1240, 160 + 44 * len(lines)), "white")
    draw = ImageDraw.Draw(page)
    big, small = dejavu_font(ImageFont, 44), dejavu_font(ImageFont, 26)
    draw.text((60, 60), lines[0], fill="black", font=big)
    for i, line in enumerate(lines[1:]):
        draw.text((60, 130 + i * 44), line, fill="black", font=small)
    from pos_app.core.files import write_private

    try:
        write_private(path, lambda fh: page.save(fh, "PDF", resolution=150.0))
    except OSError as exc:
        raise InvalidInput(f"cannot write the report to {path}: {exc.strerror or exc}") from None
    return path


def close_day(db: Database, settings: Settings, *, register_id: str, register: str, actor: str,
              anchor_key: bytes | None = None, now: datetime | None = None) -> Any:
    """Close the register's day: one transaction holding the journal's lock (no sale is approved
    and no receipt issued meanwhile), in which the fiscal rules take what the law requires (in
    Norway the Z report, which they return). Every screen and command closes a day here."""
    from pos_app.core import fiscal
    from pos_app.core.models import AuditHead, utcnow

    end = now or utcnow()
    with db.session() as s:
        s.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update())  # the journal's lock
        return fiscal.rules().day_closed(s, register_id=register_id, register=register, actor=actor, end=end,
                                         settings=settings, anchor_key=anchor_key)

