"""A legal receipt as the lines a 42-column receipt printer prints, each with a style the printer
maps to its commands (printing/escpos_printer). The same lines make the PDF."""

from __future__ import annotations

from typing import Any

from pos_app.core.money import Money
from pos_app.l10n_no.receipts import COPY_MARK, TRAINING_MARK, ReceiptInfo
from pos_app.l10n_no.seller import Seller

WIDTH = 42
Line = tuple[str, str]  # (style, text): title, center, bold, normal, rule


def kr(minor: int) -> str:
    return Money("NOK", minor).format("nb").replace("kr", "").strip()


def columns(left: str, right: str, width: int = WIDTH) -> str:
    room = width - len(right) - 1
    return f"{left[:room]:<{room}} {right}"


def receipt_lines(receipt: ReceiptInfo, seller: Seller, *, copy: bool = False) -> list[Line]:
    c: dict[str, Any] = receipt.content
    out: list[Line] = []
    if copy:
        out.append(("title", COPY_MARK))
    out.append(("title", c["title"]))
    if c.get("training"):
        out.append(("bold", TRAINING_MARK))
    out += [("center", seller.name), ("center", seller.vat_id), ("center", seller.address), ("rule", "")]
    out.append(("normal", columns(f"Kvittering nr. {c['number']}", c["time"][:19].replace("T", " "))))
    out.append(("normal", f"Kasse: {c['register']}   Kasserer: {c['cashier']}"))
    if c.get("of_receipt"):
        out.append(("normal", f"Gjelder salgskvittering nr. {c['of_receipt']}"))
    if c.get("reason"):
        out.append(("normal", f"Årsak: {c['reason']}"))
    out.append(("rule", ""))
    for line in c["lines"]:
        out.append(("normal", columns(line["name"], f"{kr(line['total_minor'])} {line['vat_rate']}%")))
        if line["quantity"] != 1:
            out.append(("normal", f"  {line['quantity']} x {kr(line['unit_price_minor'])}"))
        if line.get("discount_minor"):
            out.append(("normal", columns("  Rabatt", kr(-line["discount_minor"]))))
    discount = sum(line.get("discount_minor", 0) for line in c["lines"])
    out.append(("rule", ""))
    if discount:
        out.append(("normal", columns("Sum rabatt", kr(-discount))))
    for vat in c["vat"]:
        base = vat["gross_minor"] - vat["vat_minor"]
        out.append(("normal", columns(f"MVA {vat['rate']}% av {kr(base)}", kr(vat["vat_minor"]))))
    out.append(("bold", columns("Totalt NOK", kr(c["total_minor"]))))
    for pay in c["payments"]:
        out.append(("normal", columns(pay["text"], kr(pay["amount_minor"]))))
        if pay.get("reference"):
            out.append(("normal", f"Bankreferanse: {pay['reference']}"))
    if c["series"] == "provisional":
        out.append(("bold", "IKKE KVITTERING FOR KJØP"))
    if c.get("training"):
        out.append(("bold", TRAINING_MARK))
    if copy:
        out.append(("title", COPY_MARK))
    return out


def plain(lines: list[Line]) -> list[str]:
    """The lines as text, a rule drawn with dashes (for a PDF or a screen)."""
    return ["-" * WIDTH if style == "rule" else text for style, text in lines]
