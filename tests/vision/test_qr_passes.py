"""Every pass we print must read back: a shopper with an unreadable pass cannot pay."""

from __future__ import annotations

import uuid

import numpy as np

from pos_app.core.passes import FacePayPass, render_pass
from pos_app.core.vault import new_pass_secret
from pos_app.vision.qr import read_pass_from_frame


def test_every_freshly_rendered_pass_reads_back() -> None:
    # OpenCV's classic QR detector alone misses about 1 pass in 70; 200 random passes catch that.
    unreadable = []
    for _ in range(200):
        card = FacePayPass(str(uuid.uuid4()), new_pass_secret())
        image = np.asarray(render_pass(card, "Kari Nordmann").convert("RGB"))[:, :, ::-1].copy()
        if read_pass_from_frame(image) != card:
            unreadable.append(card.customer_id)
    assert unreadable == []


def test_a_frame_without_a_pass_reads_as_none() -> None:
    assert read_pass_from_frame(np.full((480, 640, 3), 128, dtype=np.uint8)) is None


def test_a_pass_pdf_reads_back(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.core.passes import FacePayPass, write_pass
    from pos_app.vision.qr import read_pass

    card = FacePayPass(str(uuid.uuid4()), new_pass_secret())
    pdf = write_pass(card, "Kari Nordmann", tmp_path / "pass.pdf")
    assert read_pass(str(pdf)) == card


def test_a_crafted_pdf_is_refused_at_once_not_parsed_for_minutes(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Many "/Filter /DCTDecode" and no stream made the old parser backtrack for minutes. Run in a
    child process with a generous limit, so a hang fails the test instead of stalling the suite."""
    import subprocess
    import sys

    crafted = tmp_path / "crafted.pdf"
    crafted.write_bytes(b"%PDF-1.4\n" + b"/Filter /DCTDecode " * 31_000)  # about 590 KB, like the report's
    code = ("import sys; from pos_app.core.errors import InvalidInput; from pos_app.vision.qr import read_pass\n"
            "try:\n    read_pass(sys.argv[1])\nexcept InvalidInput as exc:\n    print(exc)")
    done = subprocess.run([sys.executable, "-c", code, str(crafted)], capture_output=True, text=True, timeout=20)
    assert "is not a FacePay pass PDF" in done.stdout
    big = tmp_path / "big.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"\0" * (5 * 1024 * 1024))
    done = subprocess.run([sys.executable, "-c", code, str(big)], capture_output=True, text=True, timeout=20)
    assert "too large to be a FacePay pass PDF" in done.stdout
