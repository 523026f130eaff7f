"""The shopper's receipt for an approved payment: plain lines, a QR code that carries the same
lines (a phone camera keeps a copy; nothing is looked up anywhere), and a printable PDF.

A receipt names the store terminal, the amount, the masked account and the transaction id; never
the shopper's name, phone or anything biometric.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.core.passes import dejavu_font

LABELS = {
    "en": {"title": "FacePay receipt", "paid": "Paid", "account": "Account", "terminal": "Terminal",
           "time": "Time", "reference": "Reference"},
    "nb": {"title": "FacePay-kvittering", "paid": "Betalt", "account": "Konto", "terminal": "Terminal",
           "time": "Tid", "reference": "Referanse"},
}


@dataclass(frozen=True)
class Receipt:
    transaction_id: str
    amount: Money
    account_hint: str
    terminal: str
    time: datetime

    def lines(self, language: str = "en") -> list[str]:
        label = LABELS.get(language, LABELS["en"])
        return [
            label["title"],
            f"{label['paid']}: {self.amount.format(language)}",
            f"{label['account']}: {self.account_hint}",
            f"{label['terminal']}: {self.terminal}",
            f"{label['time']}: {self.time.astimezone().strftime('%Y-%m-%d %H:%M')}",
            f"{label['reference']}: {self.transaction_id}",
        ]

    def qr_matrix(self, language: str = "en"):  # type: ignore[no-untyped-def]
        """The QR code's modules as a uint8 array (0 black, 255 white), quiet zone included."""
        import cv2

        return cv2.QRCodeEncoder.create().encode("\n".join(self.lines(language)))


def render_receipt(receipt: Receipt, language: str = "en"):  # type: ignore[no-untyped-def]
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
        partial = path.with_suffix(".pdf.part")
        render_receipt(receipt, language).save(partial, "PDF", resolution=150.0)
        partial.replace(path)  # a reader never sees half a receipt
    except OSError as exc:
        raise InvalidInput(f"cannot write the receipt to {folder}: {exc.strerror or exc}") from None
    return path
