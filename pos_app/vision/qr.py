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
    if path.is_file() and path.stat().st_size < 4096:
        try:  # a file holding what a scanner typed
            text = path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError):
            text = ""
        if text.startswith(PREFIX):
            return parse_pass(text)
    if path.suffix.lower() == ".pdf":
        frame = _pdf_page(path)
    else:
        frame = load_image(path)
    found = read_pass_from_frame(frame)
    if found is None:
        raise InvalidInput(f"no FacePay pass could be read in {path}")
    return found


# A pass PDF this program writes is about 100 KB; anything far larger is not one of ours.
MAX_PASS_PDF_BYTES = 4 * 1024 * 1024


def _pdf_page(path: Path) -> np.ndarray:
    """The image inside a pass PDF that this program wrote (one embedded JPEG, no text layer).

    A bounded, linear scan: the file's size is capped and each marker is found once with
    bytes.find. (A regular expression that skipped lazily to "stream" after every "/DCTDecode"
    took minutes on a crafted 600 KB file.)"""
    from pos_app.vision.images import decode_image

    try:
        if path.stat().st_size > MAX_PASS_PDF_BYTES:
            raise InvalidInput(f"{path} is too large to be a FacePay pass PDF")
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from None
    marker = data.find(b"/DCTDecode")
    stream = data.find(b"stream", marker) if marker >= 0 else -1
    if stream < 0:
        raise InvalidInput(f"{path} is not a FacePay pass PDF")
    start = stream + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1 if data[start:start + 1] == b"\n" else 0
    end = data.find(b"endstream", start)
    if end < 0:
        raise InvalidInput(f"{path} is not a FacePay pass PDF")
    return decode_image(data[start:end], name=str(path))
