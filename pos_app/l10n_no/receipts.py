"""Legal receipts: issued in the database transaction that approves a sale, completes a return or
voids a sale, so a sale can never exist without its receipt, nor a receipt without its sale.

Numbers run unbroken per register and series (sale, return, void, provisional, training,
delivery); ``nr`` runs unbroken per register over all of them and orders the SAF-T signature
chain. Both are taken under the journal's head-row lock, which every writer of the journal holds
until it commits: two terminals issuing at once on PostgreSQL get consecutive numbers, never the
same one, and a rolled-back sale leaves no gap.

What is stored is the receipt's content as JSON, exactly what is printed below the seller's
heading (which comes from the settings when it is printed). A receipt row is never changed: a
copy, a print and a signature are rows of their own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from pos_app.core import audit
from pos_app.core.basket import Basket, one_amount
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import AuditHead, Refund, Terminal, Transaction, utcnow
from pos_app.l10n_no.models import LegalReceipt, ReceiptCopy, ReceiptPrint
from pos_app.core.money import Money
from pos_app.l10n_no import signing
from pos_app.l10n_no.codes import PAYMENTS
from pos_app.core.timezone import oslo

TITLES = {
    "sale": "Salgskvittering",
    "return": "Returkvittering",
    "void": "Annulleringskvittering",
    "provisional": "Foreløpig kvittering – IKKE KVITTERING FOR KJØP",
    "training": "Treningskvittering – IKKE GYLDIG KVITTERING",
    "delivery": "Utleveringskvittering",
}
COPY_MARK = "KOPI"
SELF_SERVICE = "self-service"  # the cashier of a sale no register rang up (a kiosk's own)
TRAINING_MARK = "TRENING – IKKE GYLDIG KVITTERING"


@dataclass(frozen=True)
class ReceiptInfo:
    id: str
    terminal_id: str
    series: str
    number: int
    nr: int | None
    transaction_id: str | None
    cashier: str
    amount_minor: int
    vat_minor: int
    content: dict[str, Any]
    created_at: datetime

    @classmethod
    def of(cls, row: LegalReceipt) -> ReceiptInfo:
        return cls(row.id, row.terminal_id, row.series, row.number, row.nr, row.transaction_id, row.cashier,
                   row.amount_minor, row.vat_minor, json.loads(row.content), row.created_at)

    @property
    def amount_ex_vat_minor(self) -> int:
        return self.amount_minor - self.vat_minor


def _basket_of(tx: Transaction) -> Basket:
    if tx.basket:
        return Basket.from_json(tx.basket)
    return one_amount(Money(tx.currency, tx.amount_minor))


def _lines(basket: Basket, sign: int) -> list[dict[str, Any]]:
    return [{"name": line.name, "article": line.article, "group": line.group, "quantity": line.quantity,
             "unit_price_minor": line.unit_price_minor, "vat_rate": line.vat_rate,
             "total_minor": sign * line.total_minor, "discount_minor": sign * line.discount_minor}
            for line in basket.lines]


def _vat(basket: Basket, sign: int) -> list[dict[str, int]]:
    return [{"rate": rate, "gross_minor": sign * gross, "vat_minor": sign * vat}
            for rate, (gross, vat) in basket.vat_breakdown().items()]


def _issue(s: Session, *, terminal_id: str, series: str, source: str, tx: Transaction | None, cashier: str,
           actor: str, terminal: str, body: dict[str, Any]) -> LegalReceipt:
    existing = s.scalar(select(LegalReceipt).where(LegalReceipt.source == source))
    if existing is not None:
        return existing  # issued once: a retried approval does not issue it again
    # The journal's head row: every journal writer holds it until commit, so numbers are taken
    # one terminal at a time on PostgreSQL (SQLite serialises writers anyway).
    s.execute(select(AuditHead).where(AuditHead.id == 1).with_for_update())
    number = (s.scalar(select(func.max(LegalReceipt.number)).where(
        LegalReceipt.terminal_id == terminal_id, LegalReceipt.series == series)) or 0) + 1
    nr = None if series == "provisional" else (
        s.scalar(select(func.max(LegalReceipt.nr)).where(LegalReceipt.terminal_id == terminal_id)) or 0) + 1
    register = s.get(Terminal, terminal_id)
    now = utcnow()
    content = {"title": TITLES[series], "series": series, "number": number, "nr": nr,
               "register": register.name if register else "", "cashier": cashier,
               "time": oslo(now).isoformat(timespec="seconds"), **body}
    row = LegalReceipt(terminal_id=terminal_id, series=series, number=number, nr=nr, source=source,
                       transaction_id=tx.id if tx else None, cashier=cashier, amount_minor=body["total_minor"],
                       vat_minor=sum(v["vat_minor"] for v in body["vat"]), created_at=now,
                       content=json.dumps(content, ensure_ascii=False, sort_keys=True))
    s.add(row)
    s.flush()
    signing.sign_at_issue(s, row)  # in this transaction: what is signed is what was issued
    action = "receipt.training" if series == "training" else f"receipt.{series}"
    # Journaled under the register whose series it is (a face sale is approved by the kiosk).
    audit.record(s, actor=actor, action=action, terminal=register.name if register else terminal,
                 subject_type="receipt", subject_id=row.id, after=content)
    return row


def _payment(tx: Transaction) -> dict[str, Any]:
    code = PAYMENTS[tx.method]
    return {"method": tx.method, "code": code.basic_id, "predefined": code.predefined, "text": code.text_nb,
            "reference": tx.bank_payment_id or "", "amount_minor": tx.captured_minor or tx.amount_minor}


def issue_for_sale(s: Session, tx: Transaction, *, actor: str, terminal: str) -> LegalReceipt:
    """The sales (or training) receipt of a sale just approved, inside the approving transaction."""
    series = "training" if tx.training else "sale"
    basket = _basket_of(tx)
    body = {"transaction_id": tx.id, "lines": _lines(basket, 1), "vat": _vat(basket, 1),
            "total_minor": tx.amount_minor, "payments": [_payment(tx)], "training": bool(tx.training)}
    return _issue(s, terminal_id=tx.register_id or tx.terminal_id, series=series, source=f"{tx.id}:sale", tx=tx,
                  cashier=tx.cashier or SELF_SERVICE, actor=actor, terminal=terminal, body=body)


def issue_for_return(s: Session, tx: Transaction, refund: Refund, *, actor: str, terminal: str) -> LegalReceipt:
    """The return receipt of money given back; it names the sale's receipt. A whole refund returns
    every line; an amount equal to one line returns that line; any other amount is one line at
    the VAT rate that carries most of the sale."""
    sale = s.scalar(select(LegalReceipt).where(LegalReceipt.source == f"{tx.id}:sale"))
    basket = _basket_of(tx)
    same = [line for line in basket.lines if line.total_minor == refund.amount_minor]
    if refund.amount_minor == tx.captured_minor:
        lines, vat = _lines(basket, -1), _vat(basket, -1)
    elif same:  # the amount of one line: that line came back
        back = Basket(basket.currency, [same[0]])
        lines, vat = _lines(back, -1), _vat(back, -1)
    else:
        rate = max(basket.vat_breakdown().items(), key=lambda kv: kv[1][0])[0]
        part = one_amount(Money(tx.currency, refund.amount_minor), rate, "Delvis retur")
        lines, vat = _lines(part, -1), _vat(part, -1)
    body = {"transaction_id": tx.id, "refund_id": refund.id, "reason": refund.reason, "lines": lines, "vat": vat,
            "total_minor": -refund.amount_minor, "training": bool(tx.training),
            "of_receipt": sale.number if sale else None,
            "payments": [{**_payment(tx), "amount_minor": -refund.amount_minor,
                          "reference": refund.bank_refund_id or ""}]}
    return _issue(s, terminal_id=tx.register_id or tx.terminal_id, series="training" if tx.training else "return",
                  source=f"{refund.id}:return", tx=tx, cashier=actor, actor=actor, terminal=terminal, body=body)


def issue_for_void(s: Session, tx: Transaction, *, actor: str, terminal: str, reason: str) -> LegalReceipt:
    """The void receipt: the whole sale reversed, naming the receipt it cancels."""
    sale = s.scalar(select(LegalReceipt).where(LegalReceipt.source == f"{tx.id}:sale"))
    basket = _basket_of(tx)
    body = {"transaction_id": tx.id, "reason": reason, "lines": _lines(basket, -1), "vat": _vat(basket, -1),
            "total_minor": -tx.captured_minor, "training": bool(tx.training),
            "of_receipt": sale.number if sale else None,
            "payments": [{**_payment(tx), "amount_minor": -tx.captured_minor}]}
    return _issue(s, terminal_id=tx.register_id or tx.terminal_id, series="training" if tx.training else "void",
                  source=f"{tx.id}:void", tx=tx, cashier=actor, actor=actor, terminal=terminal, body=body)


def issue_provisional(db: Database, tx_id: str, *, actor: str, terminal: str) -> ReceiptInfo:
    """A provisional receipt for a sale not yet paid (a bill shown before payment); its own series,
    never a proof of purchase."""
    with db.session() as s:
        tx = s.get(Transaction, tx_id)
        if tx is None:
            raise NotFound(f"no transaction {tx_id}")
        count = s.scalar(select(func.count()).select_from(LegalReceipt).where(
            LegalReceipt.transaction_id == tx_id, LegalReceipt.series == "provisional")) or 0
        basket = _basket_of(tx)
        body = {"transaction_id": tx.id, "lines": _lines(basket, 1), "vat": _vat(basket, 1),
                "total_minor": tx.amount_minor, "payments": [], "training": bool(tx.training)}
        row = _issue(s, terminal_id=tx.register_id or tx.terminal_id, series="provisional",
                     source=f"{tx.id}:provisional:{count + 1}", tx=tx, cashier=actor, actor=actor,
                     terminal=terminal, body=body)
        return ReceiptInfo.of(row)


def receipt_for(db: Database, tx_id: str, series: str = "sale") -> ReceiptInfo:
    """The receipt of a sale (series sale or training), its void, or its latest return."""
    with db.session() as s:
        series_in = ("sale", "training") if series == "sale" else (series,)
        row = s.scalar(select(LegalReceipt).where(LegalReceipt.transaction_id == tx_id,
                                                  LegalReceipt.series.in_(series_in))
                       .order_by(LegalReceipt.nr.desc()).limit(1))
        if row is None:
            raise NotFound(f"sale {tx_id} has no {series} receipt")
        return ReceiptInfo.of(row)


def get_receipt(db: Database, receipt_id: str) -> ReceiptInfo:
    with db.session() as s:
        row = s.get(LegalReceipt, receipt_id)
        if row is None:
            raise NotFound(f"no receipt {receipt_id}")
        return ReceiptInfo.of(row)


def take_copy(db: Database, receipt_id: str, *, operator: str, terminal: str) -> ReceiptInfo:
    """The one copy a receipt may have (kassasystemforskrifta § 2-6 fourth paragraph); a second
    is refused, whoever asks and from whichever register (the unique row decides, not a check)."""
    try:
        with db.session() as s:
            row = s.get(LegalReceipt, receipt_id)
            if row is None:
                raise NotFound(f"no receipt {receipt_id}")
            if row.series == "provisional":
                raise InvalidInput("a provisional receipt has no copy; print a new provisional receipt")
            s.add(ReceiptCopy(receipt_id=receipt_id, operator=operator))
            s.flush()
            audit.record(s, actor=operator, action="receipt.copy", terminal=terminal, subject_type="receipt",
                         subject_id=receipt_id, after={"series": row.series, "number": row.number,
                                                       "total_minor": row.amount_minor})
            return ReceiptInfo.of(row)
    except IntegrityError:
        raise InvalidInput("this receipt already has its one copy; the rules allow no second copy") from None


def copies_of(db: Database, receipt_id: str) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(ReceiptCopy).where(ReceiptCopy.receipt_id == receipt_id)) or 0


def record_print(db: Database, receipt_id: str, *, printed: bool, detail: str = "", copy: bool = False,
                 actor: str, terminal: str) -> None:
    """How a print went. A receipt that did not print is journaled as a sale concluded without a
    printed receipt; one that prints after such a failure is journaled as printed later."""
    with db.session() as s:
        failed_before = s.scalar(select(func.count()).select_from(ReceiptPrint).where(
            ReceiptPrint.receipt_id == receipt_id, ReceiptPrint.copy == copy, ReceiptPrint.printed.is_(False))) or 0
        printed_before = s.scalar(select(func.count()).select_from(ReceiptPrint).where(
            ReceiptPrint.receipt_id == receipt_id, ReceiptPrint.copy == copy, ReceiptPrint.printed.is_(True))) or 0
        s.add(ReceiptPrint(receipt_id=receipt_id, copy=copy, printed=printed, detail=detail[:200]))
        s.flush()
        if not printed and not failed_before and not printed_before:
            audit.record(s, actor=actor, action="receipt.not_printed", terminal=terminal, subject_type="receipt",
                         subject_id=receipt_id, after={"why": detail[:200], "copy": copy})
        elif printed and failed_before and not printed_before:
            audit.record(s, actor=actor, action="receipt.printed_late", terminal=terminal, subject_type="receipt",
                         subject_id=receipt_id, after={"copy": copy})


def flag_never_printed(db: Database, terminal_id: str, *, terminal: str, older_than_seconds: float = 120.0) -> int:
    """Receipts of this register that no print was ever tried for (the register stopped, or
    crashed, between the sale and its print): each is journaled as a sale concluded without a
    printed receipt (13030) and joins the queue "Print again" prints from. Run when the register
    starts; the newest are left to a print that may be on its way."""
    from datetime import timedelta

    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    with db.session() as s:
        tried = select(ReceiptPrint.receipt_id)
        ids = list(s.scalars(select(LegalReceipt.id).where(
            LegalReceipt.terminal_id == terminal_id, LegalReceipt.series != "provisional",
            LegalReceipt.created_at < cutoff, LegalReceipt.id.not_in(tried)).order_by(LegalReceipt.nr)))
    for receipt_id in ids:
        record_print(db, receipt_id, printed=False, detail="the register stopped before it printed this receipt",
                     actor="system", terminal=terminal)
    return len(ids)


def unprinted(db: Database, terminal_id: str) -> list[ReceiptInfo]:
    """Receipts of this register whose print failed and has not succeeded since: the queue a
    cashier prints from once the printer is back."""
    with db.session() as s:
        failed = select(ReceiptPrint.receipt_id).where(ReceiptPrint.printed.is_(False))
        done = select(ReceiptPrint.receipt_id).where(ReceiptPrint.printed.is_(True), ReceiptPrint.copy.is_(False))
        rows = s.scalars(select(LegalReceipt).where(LegalReceipt.terminal_id == terminal_id,
                                                    LegalReceipt.id.in_(failed), LegalReceipt.id.not_in(done))
                         .order_by(LegalReceipt.nr))
        return [ReceiptInfo.of(r) for r in rows]


def title_of(content: str) -> str:
    """A legal receipt's printed title, from its stored content."""
    return str(json.loads(content).get("title", TITLES["sale"]))
