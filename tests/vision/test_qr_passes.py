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
