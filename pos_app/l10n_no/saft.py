"""The SAF-T Cash Register file (Norwegian_SAF-T_Cash_Register_Schema_v_1.00.xsd) the Tax
Administration may demand: company, location, registers, employees, articles, basics (each own
code with its predefined code), VAT codes, the journal's events (Z reports with their content),
and every receipt as a signed cash transaction.

Element order follows the schema; tests validate the file against it and check every signature
by the rule of the Tax Administration's signature-validator.js.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator

from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput
from pos_app.core.models import Article, AuditEvent, Operator, Terminal
from pos_app.l10n_no.models import LegalReceipt, ReceiptCopy, ReceiptSignature, ZReport
from pos_app.l10n_no import journal, signing
from pos_app.l10n_no.receipts import SELF_SERVICE
from pos_app.l10n_no.codes import EVENTS, GROUPS, LINE_TYPES, PAYMENTS, TRANSACTIONS, VAT_CODES, Code
from pos_app.l10n_no.seller import Seller
from pos_app.l10n_no.signing import amount
from pos_app.core.timezone import oslo

NS = "urn:StandardAuditFile-Taxation-CashRegister:NO"
# Every empID in the file names an employee the file defines: actors that are no operator (the
# installer, "cli:root", the kiosk) are this one, and their own name goes in the event's text.
SYSTEM_EMP = "system"


@dataclass(frozen=True)
class Software:
    name: str
    version: str
    company: str


def file_name(seller: Seller, when: datetime) -> str:
    """As the standard names it: SAF-T Cash Register_<org nr>_<yyyymmddhhmmss>_<file>_<of files>.xml"""
    return f"SAF-T Cash Register_{seller.org_number}_{when:%Y%m%d%H%M%S}_1_1.xml"


# XML 1.0 allows no C0 control but tab, line feed and carriage return: a second guard behind
# clean_text where text enters, so one stray character never makes the whole file ill-formed.
_NOT_XML = {c: None for c in range(32) if c not in (9, 10, 13)}


def _el(parent: ET.Element, tag: str, text: Any = None) -> ET.Element:
    child = ET.SubElement(parent, tag)
    if text is not None:
        child.text = str(text).translate(_NOT_XML)
    return child


def _address(parent: ET.Element, tag: str, text: str) -> None:
    """A free-text address, split as "Street 1, 0150 City" when it has that shape."""
    node = _el(parent, tag)
    match = re.match(r"^(?P<street>.+?)\s+(?P<number>\d+\w?)\s*,\s*(?P<postal>\d{4})\s+(?P<city>.+)$", text)
    if match:
        _el(node, "streetname", match["street"])
        _el(node, "number", match["number"])
        _el(node, "city", match["city"])
        _el(node, "postalCode", match["postal"])
    else:
        _el(node, "additionalAddressDetails", text[:100])
    _el(node, "country", "NO")

DISCOUNT_ID = "MANUAL"  # basic type 08


def _local(when: datetime) -> datetime:
    """Norwegian time, whatever the machine's time zone: the signatures were made over it."""
    return oslo(when)


def _basic(parent: ET.Element, basic_type: str, code: Code, english: bool = True) -> None:
    node = _el(parent, "basic")
    _el(node, "basicType", basic_type)
    _el(node, "basicID", code.basic_id)
    _el(node, "predefinedBasicID", code.predefined)
    _el(node, "basicDesc", code.text_en if english else code.text_nb)


def _line_vat(total_minor: int, rate: int) -> int:
    sign = -1 if total_minor < 0 else 1
    gross = abs(total_minor)
    return sign * ((gross * rate + (100 + rate) // 2) // (100 + rate))


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(f"--to {end} is before --from {start}")
    if start.year != end.year:
        raise InvalidInput(f"a SAF-T file covers one fiscal year: export {start} to {start.year}-12-31 and "
                           f"the rest separately")
    if start.year < 2000:
        raise InvalidInput(f"--from {start}: FacePay holds no sales from before 2000")


def write_file(db: Database, path: Path, *, seller: Seller, software: Software, start: date, end: date, user: str,
               now: datetime | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Write the file for the Oslo days start..end (inclusive), streamed: receipts and events are
    read in batches and written one by one, so memory stays flat whatever the period holds, and
    no query binds one parameter per receipt. Every signature is checked on the way; a broken
    link stops the export and nothing is left behind (the file is written whole or not at all,
    0600). Returns the number of transactions written."""
    from pos_app.core.files import write_private
    from pos_app.core.takings import day_bounds

    _check_period(start, end)
    lo, hi = day_bounds(start)[0], day_bounds(end)[1]
    in_period = (LegalReceipt.created_at >= lo, LegalReceipt.created_at < hi, LegalReceipt.nr.is_not(None))
    with db.session() as s:
        total = s.scalar(select(func.count()).select_from(LegalReceipt).where(*in_period)) or 0
        unsigned = s.scalar(select(func.count()).select_from(LegalReceipt).outerjoin(
            ReceiptSignature, ReceiptSignature.receipt_id == LegalReceipt.id).where(
            *in_period, ReceiptSignature.receipt_id.is_(None))) or 0
        if unsigned:
            raise InvalidInput(f"{unsigned} receipts are not signed yet; seal them first (saft export does)")
        registers = set(s.scalars(select(LegalReceipt.terminal_id).where(*in_period).distinct()))
        registers |= set(s.scalars(select(ZReport.terminal_id).where(ZReport.created_at >= lo, ZReport.created_at < hi)))
        terminals = {t.id: t for t in s.scalars(select(Terminal))}
        # A day with events but no receipt (a drawer opened without a sale) is in the file too.
        by_name = {t.name: t.id for t in terminals.values()}
        registers |= {by_name[n] for n in s.scalars(select(AuditEvent.terminal).where(
            AuditEvent.action.in_(tuple(EVENTS)), AuditEvent.at >= journal.utc_text(lo),
            AuditEvent.at < journal.utc_text(hi)).distinct()) if n in by_name}
    header, company = _head(db, seller=seller, software=software, start=start, end=end, user=user,
                            made=now or datetime.now(timezone.utc))
    keys = {v: serialization.load_pem_public_key(pem.encode()) for v, pem in signing.public_keys(db).items()}
    with db.session() as s:
        operators = set(s.scalars(select(Operator.username)))
        articles = set(s.scalars(select(Article.code)))
    written = 0

    def piece(element: ET.Element) -> bytes:
        return ET.tostring(element, encoding="utf-8")

    def body(fh: BinaryIO) -> None:
        nonlocal written
        fh.write(f"<?xml version='1.0' encoding='UTF-8'?>\n<auditfile xmlns=\"{NS}\">".encode())
        fh.write(piece(header))
        fh.write(b"<company>")
        for child in company:
            fh.write(piece(child))
        location = ET.Element("location")
        _el(location, "name", seller.name[:100])
        _address(location, "streetAddress", seller.address)
        fh.write(b"<location>" + b"".join(piece(child) for child in location))
        for terminal_id in sorted(registers, key=lambda t: terminals[t].name if t in terminals else t):
            name = terminals[terminal_id].name if terminal_id in terminals else terminal_id
            register = ET.Element("cashregister")
            _el(register, "registerID", name)
            _el(register, "regDesc", f"FacePay {terminals[terminal_id].kind if terminal_id in terminals else ''} {name}")
            fh.write(b"<cashregister>" + b"".join(piece(child) for child in register))
            for event in _events(db, name, lo, hi, seller, operators):
                fh.write(piece(event))
            for ct in _transactions(db, terminal_id, in_period, keys, operators, articles):
                fh.write(piece(ct))
                written += 1
                if progress and written % 1000 == 0:
                    progress(written, total)
            fh.write(b"</cashregister>")
        fh.write(b"</location></company></auditfile>\n")

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_private(path, body)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from None
    if progress:
        progress(written, total)
    return written


def _head(db: Database, *, seller: Seller, software: Software, start: date, end: date, user: str,
          made: datetime) -> tuple[ET.Element, ET.Element]:
    """The header, and the company's parts before its location: small, built whole."""
    header = ET.Element("header")
    for tag, value in (("fiscalYear", start.year), ("startDate", start), ("endDate", end), ("curCode", "NOK"),
                       ("dateCreated", f"{_local(made):%Y-%m-%d}"), ("timeCreated", f"{_local(made):%H:%M:%S}"),
                       ("softwareDesc", software.name), ("softwareVersion", software.version[:20]),
                       ("softwareCompanyName", software.company), ("auditfileVersion", "1.0"),
                       ("headerComment", f"{seller.name}: all registers, {start} to {end}"), ("userID", user)):
        _el(header, tag, value)
    company = ET.Element("company")
    _el(company, "companyIdent", seller.org_number)
    _el(company, "companyName", seller.name)
    _el(company, "taxRegistrationCountry", "NO")
    _el(company, "taxRegIdent", f"{seller.org_number}MVA")
    _address(company, "streetAddress", seller.address)
    vat_details = _el(company, "vatCodeDetails")
    for rate, (code, standard) in sorted(VAT_CODES.items()):
        detail = _el(vat_details, "vatCodeDetail")
        _el(detail, "vatCode", code)
        _el(detail, "dateOfEntry", "2017-01-01")
        _el(detail, "vatDesc", f"MVA {rate} %")
        _el(detail, "standardVatCode", standard)
    periods = _el(_el(company, "periods"), "period")
    for tag, value in (("periodNumber", 1), ("periodDesc", f"{start} - {end}"), ("startDatePeriod", start),
                       ("startTimePeriod", "00:00:00"), ("endDatePeriod", end), ("endTimePeriod", "23:59:59")):
        _el(periods, tag, value)
    with db.session() as s:
        operators = s.scalars(select(Operator).order_by(Operator.username)).all()
        articles = s.scalars(select(Article).order_by(Article.code, Article.created_at)).all()
    employees = _el(company, "employees")
    for op in operators:
        emp = _el(employees, "employee")
        _el(emp, "empID", op.username)
        _el(emp, "dateOfEntry", f"{_local(op.created_at):%Y-%m-%d}")
        _el(emp, "timeOfEntry", f"{_local(op.created_at):%H:%M:%S}")
        _el(emp, "surName", op.display_name[:100])
        _el(_el(emp, "employeeRole"), "roleType", op.role)
    emp = _el(employees, "employee")  # the kiosk's own sales: no cashier rang them up
    for tag, value in (("empID", SELF_SERVICE), ("dateOfEntry", "2017-01-01"), ("timeOfEntry", "00:00:00"),
                       ("surName", "Selvbetjening (FacePay-kiosk)")):
        _el(emp, tag, value)
    emp = _el(employees, "employee")  # the installer, the command line, the app itself: no person
    for tag, value in (("empID", SYSTEM_EMP), ("dateOfEntry", "2017-01-01"), ("timeOfEntry", "00:00:00"),
                       ("surName", "FacePay-systemet (installasjon, kommandolinje)")):
        _el(emp, tag, value)
    article_node = _el(company, "articles")
    for art in articles:
        node = _el(article_node, "article")
        _el(node, "artID", art.code)
        _el(node, "dateOfEntry", f"{_local(art.created_at):%Y-%m-%d}")
        _el(node, "artGroupID", GROUPS[art.group_code].basic_id)
        _el(node, "artDesc", art.name)
    for key, group in GROUPS.items():  # a line rung up without a price-list code
        node = _el(article_node, "article")
        _el(node, "artID", f"GEN-{group.basic_id}")
        _el(node, "dateOfEntry", "2017-01-01")
        _el(node, "artGroupID", group.basic_id)
        _el(node, "artDesc", f"{group.text_nb} (uten varenummer)")
    basics = _el(company, "basics")
    for group in GROUPS.values():
        _basic(basics, "04", group)
    for own in LINE_TYPES.values():
        node = _el(basics, "basic")
        _el(node, "basicType", "05")
        _el(node, "basicID", own)
        _el(node, "basicDesc", {"SAL": "Sale line", "RET": "Return line", "VOID": "Void line",
                                "TRAIN": "Training line"}[own])
    node = _el(basics, "basic")  # the one kind of discount the register gives: typed in by hand
    _el(node, "basicType", "08")
    _el(node, "basicID", DISCOUNT_ID)
    _el(node, "basicDesc", "Manual discount given at the register")
    for predefined in TRANSACTIONS.values():
        _basic(basics, "11", predefined)
    for predefined in PAYMENTS.values():
        _basic(basics, "12", predefined)
    seen: set[str] = set()
    for predefined in [*EVENTS.values(), journal.DRAWER_NO_SALE]:
        if predefined.basic_id not in seen:
            seen.add(predefined.basic_id)
            _basic(basics, "13", predefined)
    return header, company


BATCH = 1000


def _emp(actor: str, operators: set[str]) -> str:
    if actor in operators:
        return actor
    return SELF_SERVICE if actor in ("", "system", "kiosk", SELF_SERVICE) else SYSTEM_EMP


def _transactions(db: Database, terminal_id: str, in_period: tuple[Any, ...], keys: dict[int, Any],
                  operators: set[str], articles: set[str]) -> Iterator[ET.Element]:
    """The register's receipts in nr order, each checked against its signature and the one
    before it, read BATCH at a time (keyset by nr: no server-side cursor, no parameter per row)."""
    with db.session() as s:
        first = s.scalar(select(func.min(LegalReceipt.nr)).where(*in_period, LegalReceipt.terminal_id == terminal_id))
        previous = s.scalar(select(ReceiptSignature.signature).where(
            ReceiptSignature.terminal_id == terminal_id, ReceiptSignature.nr == (first or 0) - 1)) or signing.FIRST
        copied = set(s.scalars(select(ReceiptCopy.receipt_id).join(LegalReceipt, LegalReceipt.id == ReceiptCopy.receipt_id)
                               .where(*in_period, LegalReceipt.terminal_id == terminal_id)))
    after = (first or 1) - 1
    while True:
        with db.session() as s:
            rows = s.execute(select(LegalReceipt, ReceiptSignature).join(
                ReceiptSignature, ReceiptSignature.receipt_id == LegalReceipt.id).where(
                *in_period, LegalReceipt.terminal_id == terminal_id, LegalReceipt.nr > after)
                .order_by(LegalReceipt.nr).limit(BATCH)).all()
            tx_ids = [r.transaction_id for r, _ in rows if r.transaction_id]
            provisional = dict(s.execute(select(LegalReceipt.transaction_id, func.count()).where(
                LegalReceipt.series == "provisional", LegalReceipt.transaction_id.in_(tx_ids))
                .group_by(LegalReceipt.transaction_id)).all()) if tx_ids else {}
        if not rows:
            return
        for r, sig in rows:
            public = keys.get(sig.key_version)
            if public is None or not signing.verifies(public, signing.signed_text(previous, r), sig.signature):
                raise InvalidInput(
                    f"the signature chain is broken: receipt nr {r.nr} (series {r.series} {r.number}) does not match "
                    "its signature; it was changed after it was signed, or the chain was cut; no SAF-T file was written",
                    hint="this is evidence of tampering with the database: keep it, and compare with the journal")
            previous = sig.signature
            yield _transaction(r, sig, provisional.get(r.transaction_id, 0), r.id in copied, operators, articles)
        last = rows[-1][0].nr
        assert last is not None  # the query reads numbered receipts only (nr > after)
        after = last


def _events(db: Database, name: str, lo: datetime, hi: datetime, seller: Seller,
            operators: set[str]) -> Iterator[ET.Element]:
    for entry in journal.iter_entries(db, terminal=name, start=lo, end=hi):
        event = ET.Element("event")
        _el(event, "eventID", entry.seq)
        _el(event, "eventType", entry.code.basic_id)
        number = entry.data.get("number") if entry.action.startswith("receipt.") else None
        if number is not None and entry.data.get("nr") is not None:
            _el(event, "transID", f"{entry.data.get('series', 'sale')}-{number}")  # the transaction's own transID
        _el(event, "empID", _emp(entry.actor, operators))
        _el(event, "eventDate", f"{_local(entry.at):%Y-%m-%d}")
        _el(event, "eventTime", f"{_local(entry.at):%H:%M:%S}")
        text = {k: v for k, v in entry.data.items() if k in ("no_sale", "why", "series", "number", "total_minor")}
        if _emp(entry.actor, operators) == SYSTEM_EMP:
            text["actor"] = entry.actor
        if entry.action in ("report.x", "report.z") and "kind" in entry.data:
            _el(event, "eventText", ("Z" if entry.action == "report.z" else "X") + "-rapport")
            _report(event, entry.data, seller, entry.at)
        elif entry.action == "report.z":
            # Written by versions before 0.1.1, whose day summary journaled a second, empty Z
            # (no report in it): kept as the event it is, and exported as such.
            _el(event, "eventText", "Dagsoppsummering (ikke Z-rapport): " + json.dumps(entry.data, ensure_ascii=False))
        elif text:
            _el(event, "eventText", json.dumps(text, ensure_ascii=False))
        yield event


def _report(event: ET.Element, c: dict[str, Any], seller: Seller, at: datetime) -> None:
    rep = _el(event, "eventReport")
    _el(rep, "reportID", c.get("number") or f"X{int(at.timestamp())}")
    _el(rep, "reportType", "Z report" if c["kind"] == "z" else "X report")
    _el(rep, "companyIdent", seller.org_number)
    _el(rep, "companyName", seller.name)
    _el(rep, "reportDate", f"{_local(at):%Y-%m-%d}")
    _el(rep, "reportTime", f"{_local(at):%H:%M:%S}")
    _el(rep, "registerID", c["register"])
    _el(_el(rep, "reportTotalCashSales"), "totalCashSaleAmnt", amount(c["net_minor"]))
    groups = _el(rep, "reportArtGroups")
    for key, t in sorted(c["groups"].items()) or [("goods", {"count": 0, "amount_minor": 0})]:
        node = _el(groups, "reportArtGroup")
        _el(node, "artGroupID", GROUPS[key].basic_id if key in GROUPS else key)
        _el(node, "artGroupNum", t["count"])
        _el(node, "artGroupAmnt", amount(t["amount_minor"]))
    payments = _el(rep, "reportPayments")
    for key, t in sorted(c["payments"].items()) or [("cash", {"count": 0, "amount_minor": 0})]:
        node = _el(payments, "reportPayment")
        _el(node, "paymentType", PAYMENTS[key].basic_id)
        _el(node, "paymentNum", max(0, t["count"]))
        _el(node, "paymentAmnt", amount(t["amount_minor"]))
    vats = _el(rep, "reportCashSalesVat")
    for rate, (code, _) in sorted(VAT_CODES.items()):
        v = c["vat"].get(str(rate), {"base_minor": 0, "vat_minor": 0})
        node = _el(vats, "reportCashSaleVat")
        _el(node, "vatCode", code)
        _el(node, "vatPerc", f"{rate}.00")
        _el(node, "cashSaleAmnt", amount(v["base_minor"]))
        _el(node, "vatAmnt", amount(v["vat_minor"]))
        _el(node, "vatAmntTp", "C")
    _el(rep, "reportOpeningChangeFloat", amount(c["opening_float_minor"]))
    counts = c["counts"]
    _el(rep, "reportReceiptNum", counts["receipts"]["count"])
    _el(rep, "reportOpenCashBoxNum", c["drawer_no_sale"])
    for tag, key in (("ReceiptCopy", "copies"), ("ReceiptProforma", "provisional"), ("Return", "returns"),
                     ("Discount", "discounts"), ("VoidTrans", "voids")):
        _el(rep, f"report{tag}Num", counts[key]["count"])
        _el(rep, f"report{tag}Amnt", amount(counts[key]["amount_minor"]))
    corr = _el(_el(rep, "reportCorrLines"), "reportCorrLine")
    _el(corr, "corrLineType", "Delete line")
    _el(corr, "corrLineNum", c["line_corrections"])
    _el(corr, "corrLineAmnt", amount(0))
    inquiry = _el(_el(rep, "reportPriceInquiries"), "reportPriceInquiry")
    _el(inquiry, "priceInquiryGroup", "ALL")
    _el(inquiry, "priceInquiryNum", c["price_lookups"])
    _el(inquiry, "priceInquiryAmnt", amount(0))
    other = _el(_el(rep, "reportOtherCorrs"), "reportOtherCorr")
    _el(other, "otherCorrType", "None")
    _el(other, "otherCorrNum", 0)
    _el(other, "otherCorrAmnt", amount(0))
    for tag, key in (("ReceiptDelivery", "delivery"), ("Training", "training")):
        _el(rep, f"report{tag}Num", counts[key]["count"])
        _el(rep, f"report{tag}Amnt", amount(counts[key]["amount_minor"]))
    _el(rep, "reportGrandTotalSales", amount(c["grand_sales_minor"]))
    _el(rep, "reportGrandTotalReturn", amount(c["grand_returns_minor"]))
    _el(rep, "reportGrandTotalSalesNet", amount(c["grand_net_minor"]))


def _transaction(r: LegalReceipt, sig: ReceiptSignature, provisional: int, copied: bool, operators: set[str],
                 articles: set[str]) -> ET.Element:
    c = json.loads(r.content)
    when = _local(r.created_at)
    credit = r.amount_minor >= 0
    emp = _emp(r.cashier, operators)
    kind = "training" if r.series == "training" else r.series
    ct = ET.Element("cashtransaction")
    _el(ct, "nr", r.nr)
    _el(ct, "transID", f"{r.series}-{r.number}")
    _el(ct, "transType", TRANSACTIONS[kind].basic_id)
    _el(ct, "transAmntIn", amount(r.amount_minor))
    _el(ct, "transAmntEx", amount(r.amount_minor - r.vat_minor))
    _el(ct, "amntTp", "C" if credit else "D")
    _el(ct, "empID", emp)
    _el(ct, "periodNumber", 1)
    _el(ct, "transDate", f"{when:%Y-%m-%d}")
    _el(ct, "transTime", f"{when:%H:%M:%S}")
    if c.get("of_receipt"):
        _el(ct, "refID", f"sale-{c['of_receipt']}")
    for i, line in enumerate(c["lines"], start=1):
        node = _el(ct, "ctLine")
        vat = _line_vat(line["total_minor"], line["vat_rate"])
        group = GROUPS.get(line.get("group", "goods"), GROUPS["goods"])
        for tag, value in (("nr", r.nr), ("lineID", i), ("lineType", LINE_TYPES[kind]), ("artGroupID", group.basic_id),
                           # A code the price list does not hold (a barcode typed in) is no defined artID.
                           ("artID", line["article"] if line.get("article") in articles else f"GEN-{group.basic_id}"),
                           ("qnt", line["quantity"] if credit else -line["quantity"]),
                           ("lineAmntIn", amount(line["total_minor"])),
                           ("lineAmntEx", amount(line["total_minor"] - vat)), ("amntTp", "C" if credit else "D"),
                           ("ppu", amount(line["unit_price_minor"])), ("empID", emp),
                           ("cashTransLineDescr", line["name"]), ("lineDate", f"{when:%Y-%m-%d}"),
                           ("lineTime", f"{when:%H:%M:%S}")):
            _el(node, tag, value)
        _vat(node, line["vat_rate"], vat, line["total_minor"] - vat, credit)
        if line.get("discount_minor"):  # lineAmntIn is what was paid; this is what was taken off it
            dsc = _el(node, "discount")
            _el(dsc, "dscTp", DISCOUNT_ID)
            _el(dsc, "dscAmnt", amount(abs(line["discount_minor"])))
            _el(dsc, "empID", emp)
    for v in c["vat"]:
        _vat(ct, v["rate"], v["vat_minor"], v["gross_minor"] - v["vat_minor"], credit)
    _el(_el(ct, "rounding"), "roundingAmnt", "0.00")
    for pay in c["payments"]:
        node = _el(ct, "payment")
        _el(node, "paymentType", PAYMENTS[pay["method"]].basic_id)
        _el(node, "paidAmnt", amount(pay["amount_minor"]))
        _el(node, "empID", emp)
        _el(node, "curCode", "NOK")
        _el(node, "exchRt", "1.000000")
        if pay.get("reference"):
            _el(node, "paymentRefID", pay["reference"])
    _el(ct, "signature", sig.signature)
    _el(ct, "keyVersion", sig.key_version)
    _el(ct, "receiptNum", 1)
    _el(ct, "receiptCopyNum", 1 if copied else 0)
    _el(ct, "receiptProformaNum", min(provisional, 999))
    _el(ct, "receiptDeliveryNum", 0)
    _el(ct, "voidTransaction", "true" if r.series == "void" else "false")
    _el(ct, "trainingID", "true" if r.series == "training" else "false")
    return ct


def _vat(parent: ET.Element, rate: int, vat_minor: int, base_minor: int, credit: bool) -> None:
    node = _el(parent, "vat")
    _el(node, "vatCode", VAT_CODES[rate][0])
    _el(node, "vatPerc", f"{rate}.00")
    _el(node, "vatAmnt", amount(vat_minor))
    _el(node, "vatAmntTp", "C" if credit else "D")
    _el(node, "vatBasAmnt", amount(base_minor))
