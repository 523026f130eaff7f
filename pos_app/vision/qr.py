"""Reading a FacePay pass from a camera frame or a photo of it, with OpenCV's QR detector."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pos_app.core.errors import InvalidInput
from pos_app.core.passes import PREFIX, FacePayPass, parse_pass
from pos_app.vision.images import load_image


def read_pass_from_frame(frame_bgr: np.ndarray) -> FacePayPass | None:
    """The pass in this frame, or None if no FacePay QR code is readable in it.

    Two detectors: OpenCV's classic one misses about 1 in 70 of our own freshly rendered passes,
    which the ArUco-based one reads; that one is also the faster on a frame without a code
    (about 1 ms against 17 ms at 640x480), so it goes first."""
    import cv2

    for detector in (cv2.QRCodeDetectorAruco(), cv2.QRCodeDetector()):
        text, _, _ = detector.detectAndDecode(frame_bgr)
        if text and text.startswith(PREFIX):
            return parse_pass(text)
    return None


def read_pass(source: str) -> FacePayPass:
    """A pass from what an operator gives: the text a scanner typed, or an image or PDF of the pass."""
    if source.startswith(PREFIX):
        return parse_pass(source)
    path = Path(source)
    if path.suffix.lower() == ".pdf":
        frame = _pdf_page(path)
    else:
        frame = load_image(path)
    found = read_pass_from_frame(frame)
    if found is None:
        raise InvalidInput(f"no FacePay pass could be read in {path}")
    return found


def _pdf_page(path: Path) -> np.ndarray:
    """The image inside a pass PDF that this program wrote (one embedded image, no text layer)."""
    import io
    import re

    from pos_app.vision.images import decode_image

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    match = re.search(rb"/Filter\s*/DCTDecode.*?stream\r?\n", data, re.S)
    if not match:
        raise InvalidInput(f"{path} is not a FacePay pass PDF")
    start = match.end()
    end = data.find(b"endstream", start)
    return decode_image(io.BytesIO(data[start:end]).getvalue(), name=str(path))
