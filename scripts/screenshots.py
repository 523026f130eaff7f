"""Render every kiosk, desk and admin screen to docs/screenshots/*.png (offscreen, or under Xvfb).

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--frames VIDEO] [--out DIR]

The screens are the real widgets in the real windows; each is put in the state a shopper or an
operator sees by handing the window the screen its session would send. The camera preview comes
from a recording (default: the shared test video of a consenting subject). The admin screens run
on a throwaway store (SQLite file, the mock bank, a real evaluation of the shared labelled pairs).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))

from pos_app.core.customers import CustomerRow  # noqa: E402
from pos_app.core.money import Money  # noqa: E402
from pos_app.core.passes import FacePayPass, render_pass  # noqa: E402
from pos_app.core.slips import Receipt, render_receipt  # noqa: E402
from pos_app.flows.checkout import Screen, Stage  # noqa: E402
from pos_app.flows.enrollment import DeskScreen, Step  # noqa: E402
from pos_app.ui.app import application  # noqa: E402
from pos_app.ui.checkout_session import CheckoutSession  # noqa: E402
from pos_app.ui.desk_window import DeskWindow  # noqa: E402
from pos_app.ui.enrollment_session import EnrollmentSession  # noqa: E402
from pos_app.ui.i18n import Language  # noqa: E402
from pos_app.ui.kiosk_window import KioskWindow  # noqa: E402
from pos_app.ui.widgets import frame_to_image, pil_to_image  # noqa: E402

SIZE = (1024, 768)


def settle(app, seconds: float = 0.3) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def no_services():  # type: ignore[no-untyped-def]
    raise RuntimeError("screenshots: no services")


def frames(video: Path, at: list[int]) -> list:  # type: ignore[type-arg]
    import cv2

    cap = cv2.VideoCapture(str(video))
    out, i = [], 0
    while len(out) < len(at):
        ok, frame = cap.read()
        if not ok:
            raise SystemExit(f"{video} has fewer than {max(at) + 1} frames")
        if i in at:
            out.append(frame)
        i += 1
    cap.release()
    return out


def shoot_accessibility(kiosk: KioskWindow, language: Language, shoot, amount: Money, face) -> None:  # type: ignore[no-untyped-def]
    """High contrast, large text, the time warning and the seated shopper's hint, in both languages."""
    import numpy as np

    h = face.shape[0]
    low = np.zeros_like(face)  # the same frame as a camera at standing height sees a seated shopper
    low[h // 3:] = face[:h - h // 3]
    for code in ("en", "nb"):
        language.set(code)
        kiosk.on_screen(Screen(Stage.AMOUNT_DUE, amount))
        kiosk._open_panel()
        kiosk.modes.set_high_contrast(True)
        shoot(kiosk, f"kiosk-12-high-contrast-{code}")
        kiosk.modes.set_high_contrast(False)
        kiosk.modes.set_large_text(True)
        kiosk.resize(*SIZE)
        shoot(kiosk, f"kiosk-13-large-text-{code}")
        kiosk.modes.set_large_text(False)
        kiosk._close_panel()
        kiosk.resize(*SIZE)
        kiosk.on_screen(Screen(Stage.APPROVED, amount, detail={"account": "•••• 4821", "transaction": "tx-7f3a"}))
        kiosk._warn(8)
        shoot(kiosk, f"kiosk-14-time-warning-{code}")
        kiosk.on_screen(Screen(Stage.CAPTURE, amount, hint="face_low", prompt="blink",
                               detail={"done": 0, "total": 2, "seconds_left": 3}))
        kiosk.on_preview(frame_to_image(low))
        shoot(kiosk, f"kiosk-15-seated-hint-and-challenge-warning-{code}")
        kiosk.go_idle()
    language.set("en")


def shoot_customer_display(app, language: Language, shoot) -> None:  # type: ignore[no-untyped-def]
    """A kiosk beside a register: the basket as it is rung up, then the amount due with its lines."""
    from pos_app.core.basket import Basket, make_line

    basket = Basket()
    for name, qty, price, vat in (("Sourdough bread", 1, "59,90", 15), ("Bananas 0,812 kg", 1, "20,22", 15),
                                  ("Milk 1 l", 2, "21,90", 15), ("Coffee 500 g", 1, "89,90", 15),
                                  ("Dish soap", 1, "34,50", 25), ("Newspaper", 1, "45,00", 0)):
        basket.add(make_line(name, qty, Money.parse(price), vat))
    basket.discount_line(3, percent=10)
    kiosk = KioskWindow(CheckoutSession(no_services, lambda: None), language, demo=False, key_mode="shopper")
    kiosk.resize(*SIZE)
    kiosk.show()
    settle(app, 1.0)
    kiosk.on_ready("")
    for code in ("en", "nb"):
        language.set(code)
        kiosk.go_idle()
        kiosk.idle.show_basket(basket)
        shoot(kiosk, f"kiosk-16-customer-display-{code}")
        kiosk.on_screen(Screen(Stage.AMOUNT_DUE, basket.total, detail={"basket": basket}))
        shoot(kiosk, f"kiosk-17-amount-due-with-lines-{code}")
    language.set("en")
    kiosk.shut_down()
    kiosk.close()


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--frames", type=Path, default=REPO.parent / "shared/data/liveness/bonafide/blink_1.mp4")
    p.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    p.add_argument("--faces", type=Path, default=REPO.parent / "shared/data/faces",
                   help="a labelled set (pairs.csv, identities/) for the accuracy screen")
    p.add_argument("--only", choices=("all", "accessibility"), default="all",
                   help="accessibility: only the kiosk's accessibility screens, in both languages")
    args = p.parse_args()
    if not args.frames.exists():
        raise SystemExit(f"no recording at {args.frames}; pass --frames VIDEO")
    args.out.mkdir(parents=True, exist_ok=True)
    app = application()
    face, near = frames(args.frames, [30, 90])
    amount = Money.of(24_950, "NOK")
    card = FacePayPass("3f6c2a9e-51d4-4c55-9a57-2b1f0c7d8e11", b"\x11" * 32)

    def shoot(window, name: str) -> None:  # type: ignore[no-untyped-def]
        settle(app)
        window.grab().save(str(args.out / f"{name}.png"))
        print(args.out / f"{name}.png")

    language = Language("en")
    kiosk = KioskWindow(CheckoutSession(no_services, lambda: None), language, demo=True, key_mode="shopper")
    kiosk.resize(*SIZE)
    kiosk.show()
    settle(app, 1.0)
    kiosk.on_ready("")
    if args.only == "accessibility":
        shoot_accessibility(kiosk, language, shoot, amount, face)
        kiosk.shut_down()
        kiosk.close()
        return 0
    kiosk.idle.amount.setText("249,50")
    shoot(kiosk, "kiosk-1-idle")
    kiosk.on_screen(Screen(Stage.AMOUNT_DUE, amount))
    shoot(kiosk, "kiosk-2-amount-due")
    kiosk.on_screen(Screen(Stage.CLAIM, amount))
    kiosk.camera_on.set_on(True)
    kiosk.on_preview(pil_to_image(render_pass(card, "Kari Nordmann")))
    shoot(kiosk, "kiosk-3-claim-pass")
    kiosk.on_screen(Screen(Stage.CAPTURE, amount, hint="too_small", prompt="calibrating", detail={"done": 0, "total": 2}))
    kiosk.on_preview(frame_to_image(near))
    shoot(kiosk, "kiosk-4-capture-quality-hint")
    kiosk.on_screen(Screen(Stage.CAPTURE, amount, prompt="blink", detail={"done": 1, "total": 2}))
    kiosk.on_preview(frame_to_image(face))
    shoot(kiosk, "kiosk-5-capture-challenge")
    kiosk.camera_on.set_on(False)
    kiosk.on_screen(Screen(Stage.VERIFYING, amount))
    shoot(kiosk, "kiosk-6-verifying")
    kiosk.on_screen(Screen(Stage.APPROVED, amount, detail={"account": "•••• 4821", "transaction": "tx-7f3a"}))
    receipt = Receipt("c41d7e0a-2f55-4f0e-9a8b-5d6c7e8f9a01", amount, "•••• 4821", "kiosk-1", datetime.now(timezone.utc))
    kiosk.on_receipt(receipt, pil_to_image(render_receipt(receipt)))
    shoot(kiosk, "kiosk-7-approved-receipt")
    kiosk.on_screen(Screen(Stage.DECLINED, amount, "insufficient_funds"))
    shoot(kiosk, "kiosk-8-declined")
    kiosk.on_screen(Screen(Stage.ERROR, amount, "bank_unavailable"))
    shoot(kiosk, "kiosk-9-error-bank")
    kiosk.on_screen(Screen(Stage.LOCKED, amount, "locked"))
    shoot(kiosk, "kiosk-10-locked")
    language.set("nb")
    kiosk.on_screen(Screen(Stage.AMOUNT_DUE, amount))
    shoot(kiosk, "kiosk-11-amount-due-norwegian")
    language.set("en")
    shoot_accessibility(kiosk, language, shoot, amount, face)
    kiosk.shut_down()
    kiosk.close()
    shoot_customer_display(app, language, shoot)

    desk = DeskWindow(EnrollmentSession(no_services, lambda: None, args.out), language)
    desk.resize(*SIZE)
    desk.show()
    settle(app, 1.0)
    desk.on_ready("")
    shoot(desk, "desk-1-sign-in")
    desk.on_screen(DeskScreen(Step.DETAILS))
    settle(app)
    desk.details.notice.clear()
    now = datetime.now(timezone.utc)
    desk.details.show_customers([CustomerRow("c1", "Kari Nordmann", "+4791234567", "shopper", "active", now, now,
                                             model_id="sface-2021dec"),
                                 CustomerRow("c2", "Ola Hansen", None, "shopper", "active", now, None,
                                             model_id="dlib-resnet-v1", on_old_model=True)])
    shoot(desk, "desk-2-details-and-customers")
    desk.on_screen(DeskScreen(Step.CONSENT))
    shoot(desk, "desk-3-consent")
    desk.on_screen(DeskScreen(Step.CAPTURE, hint="blink", detail={"captures": 2, "needed": 3}))
    desk.camera_on.set_on(True)
    desk.capture.show_preview(frame_to_image(face))
    shoot(desk, "desk-4-capture")
    desk.camera_on.set_on(False)
    desk.capture.camera.clear()
    desk.on_screen(DeskScreen(Step.BANK))
    shoot(desk, "desk-5-bank-link")
    desk.on_screen(DeskScreen(Step.DONE))
    desk.on_pass(pil_to_image(render_pass(card, "Kari Nordmann")), "Kari Nordmann")
    shoot(desk, "desk-6-pass")
    desk.shut_down()
    desk.close()

    from admin_screens import shoot_admin

    shoot_admin(app, shoot, settle, args.faces, SIZE)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
