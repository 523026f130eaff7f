"""The FacePay pass: the shopper's customer id and 128-bit secret, as text and as a printable card.

Text form: ``FACEPAY:1:<customer id>:<secret, base64url without padding>``. The same text is what
a USB scanner types when it reads the pass's QR code.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from pos_app.core.errors import InvalidInput
from pos_app.core.vault import PASS_SECRET_BYTES

PREFIX = "FACEPAY:1:"
_PATTERN = re.compile(r"^FACEPAY:1:([0-9a-f-]{36}):([A-Za-z0-9_-]{22})$")


@dataclass(frozen=True)
class FacePayPass:
    customer_id: str
    secret: bytes

    def text(self) -> str:
        return PREFIX + self.customer_id + ":" + base64.urlsafe_b64encode(self.secret).decode().rstrip("=")

    def __repr__(self) -> str:  # never print the secret into a log by accident
        return f"FacePayPass(customer_id={self.customer_id!r}, secret=<hidden>)"


def parse_pass(text: str) -> FacePayPass:
    match = _PATTERN.match(text.strip())
    if not match:
        raise InvalidInput("this is not a FacePay pass (or it was read only in part); show the pass again")
    customer_id, secret_text = match.groups()
    try:
        uuid.UUID(customer_id)
        secret = base64.urlsafe_b64decode(secret_text + "==")
    except ValueError:
        raise InvalidInput("this FacePay pass is damaged; show the pass again") from None
    if len(secret) != PASS_SECRET_BYTES:
        raise InvalidInput("this FacePay pass is damaged; show the pass again")
    return FacePayPass(customer_id, secret)


def render_pass(card: FacePayPass, name: str, language: str = "en"):
    """The printable card (a PIL image): the QR code, the holder's name and what to do with it."""
    import cv2
    from PIL import Image, ImageDraw, ImageFont

    qr = cv2.QRCodeEncoder.create().encode(card.text())
    qr_img = Image.fromarray(qr).resize((qr.shape[1] * 10, qr.shape[0] * 10), Image.Resampling.NEAREST)
    width, height = 780, qr_img.height + 260
    page = Image.new("RGB", (width, height), "white")
    page.paste(qr_img, ((width - qr_img.width) // 2, 90))
    draw = ImageDraw.Draw(page)
    big, small = dejavu_font(ImageFont, 40), dejavu_font(ImageFont, 22)
    draw.text((width // 2, 45), "FacePay", fill="black", font=big, anchor="mm")
    from pos_app.core.catalogue import translate

    lines = [name, translate("Show this pass to the kiosk camera to pay with your face.", language),
             translate("Keep it private: it is the key to your face template.", language)]
    y = 90 + qr_img.height + 30
    for i, line in enumerate(lines):
        draw.text((width // 2, y + i * 40), line, fill="black", font=big if i == 0 and len(line) < 26 else small, anchor="mm")
    return page


def dejavu_font(image_font, size: int):
    """DejaVu Sans, which matplotlib ships: Pillow's built-in font has no æ, ø or å."""
    import matplotlib

    return image_font.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"), size)


def write_pass(card: FacePayPass, name: str, path: Path, language: str = "en") -> Path:
    """Save the pass as PNG or PDF, by the file's suffix."""
    suffix = path.suffix.lower()
    if suffix not in (".png", ".pdf"):
        raise InvalidInput(f"a pass is written as .png or .pdf, not {suffix or 'a file without a suffix'}")
    from pos_app.core.files import write_private

    image = render_pass(card, name, language)
    # Private (0600) and whole: no one (a printer queue, a file browser) ever opens half a pass.
    try:
        write_private(path, lambda fh: image.save(fh, "PDF" if suffix == ".pdf" else "PNG", resolution=150.0))
    except OSError as exc:
        raise InvalidInput(f"cannot write the pass to {path}: {exc.strerror or exc}") from None
    return path
