"""The register's X and Z reports with the content kassasystemforskrifta § 2-8-2 lists.

A report covers one register from its last Z report until now: an X report looks, a Z report
closes that period (one per register per day, numbered, never changed) and carries the running
grand totals forward. Everything is counted from the legal receipts and the journal, the same
records the SAF-T export reads, so the two always agree. Training receipts are counted apart
and are never takings.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import Shift, Terminal, utcnow
from pos_app.l10n_no.models import LegalReceipt, ReceiptCopy, ZReport
from pos_app.l10n_no import journal
from pos_app.l10n_no.codes import GROUPS, PAYMENTS
from pos_app.l10n_no.seller import Seller
from pos_app.core.timezone import oslo, oslo_day

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)
TAKINGS = ("sale", "return", "void")


def _tally() -> defaultdict[str, dict[str, int]]:
    return defaultdict(lambda: {"count": 0, "amount_minor": 0})


def _count(counter: dict[str, dict[str, int]], key: str, amount: int, n: int = 1) -> None:
    counter[key]["count"] += n
    counter[key]["amount_minor"] += amount


@dataclass
class RegisterReport:
    kind: str
    register: str
    seller: dict[str, str]
    start: datetime
    end: datetime
    number: int = 0  # the Z report's own number
    day: str = ""
    groups: dict[str, dict[str, int]] = field(default_factory=_tally)
    payments: dict[str, dict[str, int]] = field(default_factory=_tally)
    cashiers: dict[str, dict[str, int]] = field(default_factory=_tally)
    vat: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: {"base_minor": 0, "vat_minor": 0}))
    counts: dict[str, dict[str, int]] = field(default_factory=_tally)
    opening_float_minor: int = 0
    drawer_no_sale: int = 0
    price_lookups: int = 0
    line_corrections: int = 0
    sales_minor: int = 0
    returns_minor: int = 0  # returns and voids, as a positive amount
    grand_sales_minor: int = 0
    grand_returns_minor: int = 0
    first_nr: int = 0  # the receipt numbers the period covers
    last_nr: int = 0
    anchor: str = ""  # the keyed audit anchor the Z took, as printed

    @property
    def net_minor(self) -> int:
        return self.sales_minor - self.returns_minor

    @property
    def grand_net_minor(self) -> int:
        return self.grand_sales_minor - self.grand_returns_minor

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "number": self.number, "day": self.day, "register": self.register,
            "seller": self.seller, "from": self.start.isoformat(), "to": self.end.isoformat(),
            "groups": dict(self.groups), "payments": dict(self.payments), "cashiers": dict(self.cashiers),
            "vat": dict(self.vat), "counts": {k: self.counts[k] for k in COUNTED},
            "opening_float_minor": self.opening_float_minor, "drawer_no_sale": self.drawer_no_sale,
            "price_lookups": self.price_lookups, "line_corrections": self.line_corrections,
            "sales_minor": self.sales_minor, "returns_minor": self.returns_minor, "net_minor": self.net_minor,
            "grand_sales_minor": self.grand_sales_minor, "grand_returns_minor": self.grand_returns_minor,
            "grand_net_minor": self.grand_net_minor, "first_nr": self.first_nr, "last_nr": self.last_nr,
        }


# The counts the regulation names, in the order the report prints them.
COUNTED = ("receipts", "copies", "provisional", "training", "delivery", "returns", "voids", "discounts")


def _last_z(s: Any, terminal_id: str) -> ZReport | None:
    return s.scalar(select(ZReport).where(ZReport.terminal_id == terminal_id).order_by(ZReport.number.desc()).limit(1))


def build(db: Database, kind: str, *, register_id: str, register: str, seller: Seller,
          now: datetime | None = None) -> RegisterReport:
    """The register's report from its last Z until now (an X report looks; it closes nothing)."""
    if kind not in ("x", "z"):
        raise InvalidInput(f"a report is x or z, not {kind!r}")
    with db.session() as s:
        report = _collect(s, kind, register_id=register_id, register=register, seller=seller, end=now or utcnow())
        _count_journal_in(s, report)
    return report


def _last_nr(z: ZReport | None) -> int | None:
    """The last receipt number a Z closed (None for a Z from before numbers closed the period)."""
    return json.loads(z.content).get("last_nr") if z is not None else 0


def _collect(s: Any, kind: str, *, register_id: str, register: str, seller: Seller, end: datetime) -> RegisterReport:
    """Every receipt after the last Z's last number, up to the newest: a period is closed by
    receipt numbers, never by clocks, so a sale committed while a Z is taken, or stamped by a
    kiosk whose clock is behind, lands in exactly one Z."""
    last = _last_z(s, register_id)
    first = s.get(Terminal, register_id)
    start = last.created_at if last else (first.created_at if first else EPOCH)
    report = RegisterReport(kind, register, {"name": seller.name, "org_number": seller.org_number,
                                             "vat_id": seller.vat_id, "address": seller.address}, start, end)
    report.grand_sales_minor = last.grand_sales_minor if last else 0
    report.grand_returns_minor = last.grand_returns_minor if last else 0
    after = _last_nr(last)
    numbered = LegalReceipt.nr > after if after is not None else LegalReceipt.created_at > start
    report.first_nr = after + 1 if after is not None else 0
    rows = s.scalars(select(LegalReceipt).where(LegalReceipt.terminal_id == register_id, LegalReceipt.nr.is_not(None),
                                                numbered).order_by(LegalReceipt.nr)).all()
    provisional = s.scalars(select(LegalReceipt).where(
        LegalReceipt.terminal_id == register_id, LegalReceipt.nr.is_(None), LegalReceipt.created_at > start)).all()
    for row in [*rows, *provisional]:
        _add_receipt(report, row.series, row.cashier, json.loads(row.content))
    report.last_nr = rows[-1].nr if rows else (after or 0)
    copies = s.execute(select(func.count(), func.coalesce(func.sum(LegalReceipt.amount_minor), 0))
                       .select_from(ReceiptCopy).join(LegalReceipt, LegalReceipt.id == ReceiptCopy.receipt_id)
                       .where(LegalReceipt.terminal_id == register_id, ReceiptCopy.created_at > start)).one()
    _count(report.counts, "copies", int(copies[1]), int(copies[0]))
    report.opening_float_minor = int(s.scalar(select(func.coalesce(func.sum(Shift.opening_float_minor), 0)).where(
        Shift.terminal_id == register_id, Shift.opened_at > start)) or 0)
    report.grand_sales_minor += report.sales_minor
    report.grand_returns_minor += report.returns_minor
    return report


def _add_receipt(report: RegisterReport, series: str, cashier: str, c: dict[str, Any]) -> None:
    total = c["total_minor"]
    if series == "training":
        _count(report.counts, "training", total)
        return
    if series == "provisional":
        _count(report.counts, "provisional", total)
        return
    if series == "delivery":
        _count(report.counts, "delivery", total)
        return
    _count(report.counts, {"sale": "receipts", "return": "returns", "void": "voids"}[series], abs(total))
    if series == "sale":
        report.sales_minor += total
    else:
        report.returns_minor += -total
    for line in c["lines"]:
        _count(
            report.groups, line.get("group", "goods"), line["total_minor"], line["quantity"] if total > 0 else -line["quantity"]
        )
        if series == "sale" and line.get("discount_minor"):  # each discounted line, and what it gave
            _count(report.counts, "discounts", line["discount_minor"])
    for pay in c["payments"]:  # the number of payments taken; money given back lowers the amount only
        _count(report.payments, pay["method"], pay["amount_minor"], 1 if total > 0 else 0)
    _count(report.cashiers, cashier, total, 1 if total > 0 else 0)
    for v in c["vat"]:
        report.vat[str(v["rate"])]["base_minor"] += v["gross_minor"] - v["vat_minor"]
        report.vat[str(v["rate"])]["vat_minor"] += v["vat_minor"]


def record_x(db: Database, report: RegisterReport, *, actor: str) -> RegisterReport:
    """Journal the X report with its whole content (the journal shows the report, not a time)."""
    with db.session() as s:
        journal.record(s, "report.x", actor=actor, terminal=report.register, after=report.as_dict())
    return report


def close_z(s: Any, *, register_id: str, register: str, seller: Seller, actor: str, end: datetime,
            audit_key: bytes | None = None) -> RegisterReport:
    """Take the register's Z report in core's day-close transaction (core/takings.close_day, which
    holds the journal's lock, so no receipt can be issued meanwhile): the period runs to the
    newest receipt number; the report is stored, journaled whole and anchored (with the key
    file's anchor key). One per register per (Oslo) day; a second is refused."""
    from pos_app.core import audit

    day_text = oslo_day(end).isoformat()
    already = InvalidInput(f"the Z report of {register} for {day_text} is already taken: "
                           "one Z report per register per day")
    report = _collect(s, "z", register_id=register_id, register=register, seller=seller, end=end)
    last = _last_z(s, register_id)
    if last is not None and last.day == day_text:
        raise already
    report.number, report.day = (last.number + 1 if last else 1), day_text
    _count_journal_in(s, report)
    content = report.as_dict()
    journal.record(s, "report.z", actor=actor, terminal=register, after=content)
    if audit_key is not None:
        report.anchor = audit.anchor(s, audit_key, reason=f"z {register} {report.number}").short
    s.add(ZReport(terminal_id=register_id, day=day_text, number=report.number, created_at=end,
                  grand_sales_minor=report.grand_sales_minor, grand_returns_minor=report.grand_returns_minor,
                  content=json.dumps({**content, "anchor": report.anchor}, ensure_ascii=False,
                                     sort_keys=True, default=str)))
    try:
        s.flush()
    except IntegrityError:  # another terminal took it between our read and our write
        raise already from None
    return report


def _count_journal_in(s: Any, report: RegisterReport) -> None:
    """The journal's counts since the last Z, read in the report's own transaction (a Z's holds
    the journal's lock)."""
    from pos_app.core.models import AuditEvent

    since = report.start.astimezone(timezone.utc).isoformat(timespec="microseconds")
    rows = s.execute(select(AuditEvent.action, AuditEvent.after).where(
        AuditEvent.terminal == report.register, AuditEvent.at > since,
        AuditEvent.action.in_(("drawer.open", "price.lookup", "basket.line_removed", "basket.cleared")))).all()
    report.drawer_no_sale = report.price_lookups = report.line_corrections = 0
    for action, after in rows:
        if action == "drawer.open" and json.loads(after or "{}").get("no_sale"):
            report.drawer_no_sale += 1
        elif action == "price.lookup":
            report.price_lookups += 1
        elif action in ("basket.line_removed", "basket.cleared"):
            report.line_corrections += 1


def check_records(sess: Any, *, anchors_checked: bool, schema: str | None) -> str:
    """'' when the legal records agree with the journal; otherwise the first thing that does not."""
    from pos_app.core.models import AuditEvent

    updates = [json.loads(a) for a in sess.scalars(select(AuditEvent.after).where(AuditEvent.action == "software.update"))]
    recorded = {u.get("schema") for u in updates} | {u.get("schema_to") for u in updates}
    if schema and any("schema" in u for u in updates) and schema not in recorded:
        return f"the database schema is at {schema}, but no journaled software update (13007) brought it there"
    return check_z_reports(sess, anchors_checked=anchors_checked)


def check_z_reports(sess: Any, *, anchors_checked: bool) -> str:
    """'' when every Z report has its journal event (and, with the key file, its anchor);
    otherwise what is wrong. A Z row inserted by a database writer has neither."""
    from pos_app.core.models import AuditAnchor, AuditEvent

    journaled = {(json.loads(a).get("register"), json.loads(a).get("number"))
                 for a in sess.scalars(select(AuditEvent.after).where(AuditEvent.action == "report.z"))}
    names = {t.id: t.name for t in sess.scalars(select(Terminal))}
    reasons = set(sess.scalars(select(AuditAnchor.reason)))
    stray = sess.scalar(select(LegalReceipt).where(LegalReceipt.id.not_in(
        select(AuditEvent.subject_id).where(AuditEvent.subject_type == "receipt",
                                            AuditEvent.action.like("receipt.%")))).limit(1))
    if stray is not None:
        return f"receipt nr {stray.nr} ({stray.series} {stray.number}) has no journal event: it was not issued by FacePay"
    with_anchor = sum(1 for z in sess.scalars(select(ZReport.content)) if json.loads(z).get("anchor"))
    if anchors_checked and sess.scalar(select(func.count()).select_from(AuditAnchor)) < with_anchor:
        return "there are fewer anchors than Z reports that took one: anchors were deleted"
    for z in sess.scalars(select(ZReport).order_by(ZReport.created_at)):
        register = names.get(z.terminal_id, z.terminal_id)
        if (register, z.number) not in journaled:
            return f"Z report {z.number} of {register} ({z.day}) has no journal event: it was not taken by FacePay"
        if anchors_checked and json.loads(z.content).get("anchor") and f"z {register} {z.number}" not in reasons:
            return f"Z report {z.number} of {register} ({z.day}) lost its anchor: anchors were deleted"
    return ""


def z_reports(db: Database, register_id: str | None = None) -> list[dict[str, Any]]:
    with db.session() as s:
        query = select(ZReport).order_by(ZReport.created_at)
        if register_id:
            query = query.where(ZReport.terminal_id == register_id)
        return [json.loads(z.content) for z in s.scalars(query)]


def report_lines(report: RegisterReport) -> list[tuple[str, str]]:
    """The report as printer lines (style, text), in Norwegian as the shop's records are."""
    from pos_app.l10n_no.printout import columns, kr

    title = f"Z-rapport nr. {report.number}" if report.kind == "z" else "X-rapport"
    out: list[tuple[str, str]] = [("title", title), ("center", report.seller["name"]), ("center", report.seller["vat_id"]),
                                  ("center", report.seller["address"]), ("rule", "")]
    out.append(("normal", f"Kasse: {report.register}"))
    out.append(("normal", f"Fra {oslo(report.start):%Y-%m-%d %H:%M:%S}"))
    out.append(("normal", f"Til {oslo(report.end):%Y-%m-%d %H:%M:%S}"))
    out.append(("normal", columns("Vekselbeholdning", kr(report.opening_float_minor))))

    def section(name: str, rows: dict[str, dict[str, int]], label: Any) -> None:
        out.append(("rule", ""))
        out.append(("bold", name))
        for key, t in sorted(rows.items()):
            out.append(("normal", columns(f"{label(key)} ({t['count']})", kr(t["amount_minor"]))))

    section("Varegrupper", report.groups, lambda k: GROUPS[k].text_nb if k in GROUPS else k)
    section("Betalingsmidler", report.payments, lambda k: PAYMENTS[k].text_nb if k in PAYMENTS else k)
    section("Kasserere", report.cashiers, str)
    out.append(("rule", ""))
    out.append(("bold", "MVA"))
    for rate, v in sorted(report.vat.items(), key=lambda kv: -int(kv[0])):
        out.append(("normal", columns(f"{rate}% grunnlag {kr(v['base_minor'])}", kr(v["vat_minor"]))))
    out.append(("rule", ""))
    names = {"receipts": "Salgskvitteringer", "copies": "Kopikvitteringer", "provisional": "Foreløpige kvitteringer",
             "training": "Treningskvitteringer", "delivery": "Utleveringskvitteringer", "returns": "Returer",
             "voids": "Annulleringer", "discounts": "Rabatter"}
    for key in COUNTED:
        t = report.counts[key]
        out.append(("normal", columns(f"{names[key]} ({t['count']})", kr(t["amount_minor"]))))
    out.append(("normal", columns("Linjekorreksjoner", str(report.line_corrections))))
    out.append(("normal", columns("Prisforespørsler", str(report.price_lookups))))
    out.append(("normal", columns("Skuffeåpninger uten salg", str(report.drawer_no_sale))))
    out.append(("rule", ""))
    out.append(("bold", columns("Salg i perioden", kr(report.sales_minor))))
    out.append(("bold", columns("Returer i perioden", kr(report.returns_minor))))
    out.append(("bold", columns("Netto i perioden", kr(report.net_minor))))
    out.append(("normal", columns("Grand total salg", kr(report.grand_sales_minor))))
    out.append(("normal", columns("Grand total retur", kr(report.grand_returns_minor))))
    out.append(("normal", columns("Grand total netto", kr(report.grand_net_minor))))
    if report.kind == "z":
        out.append(("normal", f"Kvitteringer nr. {report.first_nr}-{report.last_nr}" if report.last_nr >= report.first_nr > 0
                    else "Ingen kvitteringer i perioden"))
        out.append(("normal", f"Revisjonsanker: {report.anchor}" if report.anchor
                    else "Revisjonsanker: ingen (ingen nøkkelfil på denne maskinen)"))
    return out
