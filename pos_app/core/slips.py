"""The shopper's payment slip for an approved payment: plain lines, a QR code that carries the same
lines (a phone camera keeps a copy; nothing is looked up anywhere), and a printable PDF. The legal
receipt the regulation defines is issued by the fiscal rules (``l10n_no/receipts``); the slip
prints its title and number.

A receipt names the store terminal, the amount, the masked account and the transaction id; never
the shopper's name, phone or anything biometric.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from pos_app.core.catalogue import translate
from pos_app.core.db import Database
from pos_app.core.files import write_private
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.money import Money
from pos_app.core.passes import dejavu_font
from pos_app.core.timezone import oslo

# In English; the catalogue (core/catalogue) gives them in the shopper's language.
LABELS = {"title": "FacePay receipt", "paid": "Paid", "account": "Account", "terminal": "Terminal", "time": "Time",
          "reference": "Reference"}


@dataclass(frozen=True)
class Receipt:
    transaction_id: str
    amount: Money
    account_hint: str
    terminal: str
    time: datetime
    # The register's lines and VAT breakdown, when the sale was rung up there.
    items: tuple[str, ...] = ()
    copy: bool = False  # a reprint says so
    # What a legal receipt names (bokføringsforskriften § 5-2-1): the seller, and its own number
    # in the register's series ("Salgskvittering nr. 12"); empty where the store has not set them.
    seller: tuple[str, ...] = ()
    legal_number: str = ""

    def lines(self, language: str = "en") -> list[str]:
        label = {key: translate(text, language) for key, text in LABELS.items()}
        return [
            label["title"] + (" (COPY)" if self.copy else ""),
            *self.seller,
            *([self.legal_number] if self.legal_number else []),
            *self.items,
            f"{label['paid']}: {self.amount.format(language)}",
            f"{label['account']}: {self.account_hint}",
            f"{label['terminal']}: {self.terminal}",
            f"{label['time']}: {oslo(self.time).strftime('%Y-%m-%d %H:%M')}",
            f"{label['reference']}: {self.transaction_id}",
        ]

    def qr_matrix(self, language: str = "en"):
        """The QR code's modules as a uint8 array (0 black, 255 white), quiet zone included."""
        import cv2

        return cv2.QRCodeEncoder.create().encode("\n".join(self.lines(language)))


def render_receipt(receipt: Receipt, language: str = "en"):
    """A printable receipt page (a PIL image): the lines, then the QR code."""
    from PIL import Image, ImageDraw, ImageFont

    qr = receipt.qr_matrix(language)
    qr_img = Image.fromarray(qr).resize((qr.shape[1] * 6, qr.shape[0] * 6), Image.Resampling.NEAREST)
    lines = receipt.lines(language)
    width, height = 620, 90 + 38 * len(lines) + qr_img.height + 40
    page = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(page)
    big, small = dejavu_font(ImageFont, 34), dejavu_font(ImageFont, 22)
    draw.text((width // 2, 45), lines[0], fill="black", font=big, anchor="mm")
    for i, line in enumerate(lines[1:]):
        draw.text((40, 100 + i * 38), line, fill="black", font=small, anchor="lm")
    page.paste(qr_img, ((width - qr_img.width) // 2, 90 + 38 * len(lines)))
    return page


def write_receipt(receipt: Receipt, folder: Path, language: str = "en") -> Path:
    """Save the receipt as a PDF named by its transaction; returns the path."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"receipt-{receipt.transaction_id}.pdf"
        image = render_receipt(receipt, language)
        # 0600 from the first byte, and a reader never sees half a receipt.
        write_private(path, lambda fh: image.save(fh, "PDF", resolution=150.0))
    except OSError as exc:
        raise InvalidInput(f"cannot write the receipt to {folder}: {exc.strerror or exc}") from None
    return path


def receipt_of(db: Database, tx_id: str, *, account_hint: str | None = None, copy: bool = False,
               seller: tuple[str, ...] = ()) -> Receipt:
    """The receipt of a paid sale, with the register's lines when it has them (a reprint: copy=True),
    the seller's lines and the legal receipt's number."""
    from pos_app.core import fiscal
    from pos_app.core.basket import Basket
    from pos_app.core.models import BankToken, Terminal, Transaction
    from pos_app.core.takings import PAID
    from pos_app.core.states import TxState

    with db.session() as s:
        tx = s.get(Transaction, tx_id)
        if tx is None:
            raise NotFound(f"no transaction {tx_id}")
        if TxState(tx.state) not in PAID:
            raise InvalidInput(f"a {tx.state} sale has no receipt")
        terminal = s.get(Terminal, tx.terminal_id)
        if account_hint is None:
            token = s.scalar(select(BankToken.account_hint).where(BankToken.customer_id == tx.customer_id)
                             .order_by(BankToken.created_at.desc())) if tx.customer_id else None
            account_hint = token or {"cash": "cash", "card": "card (store terminal)"}.get(tx.method, "")
        items = tuple(Basket.from_json(tx.basket).receipt_lines()) if tx.basket else ()
        number = fiscal.rules().receipt_title(s, tx)
        return Receipt(tx.id, Money(tx.currency, tx.amount_minor), account_hint, terminal.name if terminal else "",
                       tx.created_at, items, copy, seller, number)
