"""`facepay checkout`: the kiosk's checkout without its screen, for scripted use and field diagnosis."""

from __future__ import annotations

import argparse

from pos_app.cli.context import minor_units
from pos_app.cli.context import cli_language, open_database, print_json, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("checkout", help="run one face checkout on a camera or a recording, without the UI")
    due = p.add_mutually_exclusive_group(required=True)
    due.add_argument("--amount", type=minor_units, metavar="MINOR", help="amount due in minor units (12550 for 125,50)")
    due.add_argument("--next-sale", type=float, metavar="SECONDS",
                     help="take the next sale a register sends to this kiosk, waiting up to SECONDS")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--pass", dest="pass_", metavar="PASS", help="the pass: a PNG/PDF of it, or its scanned text")
    who.add_argument("--phone", help="a phone claim (store-key mode)")
    p.add_argument("--challenge", help="needed with a recording (a video file or a folder of images, given with "
                   "--camera): the challenges it answers, e.g. blink; a live camera gets random ones")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_checkout)


def cmd_checkout(args: argparse.Namespace) -> int:
    from liveness.active import Challenge
    from pos_app.assembly import bank_client, refuse_unlit, session_services
    from pos_app.core.catalogue import translate, translate_reason
    from pos_app.core.money import Money
    from pos_app.flows.checkout import CheckoutFlow, Stage
    from pos_app.vision.camera import CameraError, open_source
    from pos_app.vision.qr import read_pass

    settings = settings_from(args)
    language = cli_language(args)
    refuse_unlit(settings, on_screen=False)
    if not settings.camera.isdigit() and not args.challenge:
        raise InvalidInput(f"the camera is a recording ({settings.camera}), which cannot answer a random challenge: "
                           "say which it shows with --challenge (blink, turn_left, turn_right)")
    if args.phone and settings.key_mode != "store":
        raise InvalidInput("--phone works only in store-key mode; in shopper-key mode use --pass")
    try:
        challenges = [Challenge(c.strip()) for c in args.challenge.split(",")] if args.challenge else None
    except ValueError:
        raise InvalidInput(f"unknown challenge in {args.challenge!r}; choose from blink, turn_left, turn_right") from None
    if args.next_sale is not None and not 0 <= args.next_sale <= 3600:
        raise InvalidInput("--next-sale must be between 0 and 3600 seconds")
    card = read_pass(args.pass_) if args.pass_ else None
    db = open_database(settings)
    with bank_client(settings) as bank:
        flow = CheckoutFlow(session_services(settings, db, bank, kind="kiosk", challenges=challenges))
        if args.amount is not None:
            flow.start(Money(settings.currency, args.amount))
        else:
            flow.take(_wait_for_sale(flow.s.db, flow.s.terminal_id, args.next_sale))
        assert flow.tx is not None
        amount = flow.tx.amount
        screen = flow.pay_with_face()
        if screen.stage is Stage.CLAIM:
            screen = flow.claim(card) if card else flow.claim_phone(args.phone)
        n = 0
        try:
            source = open_source(settings.camera) if screen.stage is Stage.CAPTURE else None
        except CameraError as exc:  # never leave the sale 'verifying': end it as the camera's fault
            screen, source = flow.camera_failed(str(exc)), None
        try:
            while source is not None and screen.stage is Stage.CAPTURE:
                frame = source.read()
                if frame is None:
                    screen = flow.frames_ended(n)
                    break
                screen = flow.feed(frame, n / 30.0)
                n += 1
            if screen.stage is Stage.VERIFYING:
                screen = flow.decide()
        finally:
            if source is not None:
                source.close()
    out = {"outcome": screen.stage.value, "message": screen.text(language), "amount_minor": amount.minor,
           "currency": amount.currency, "transaction": flow.tx.id if flow.tx else None,
           "state": flow.tx.state.value if flow.tx else None, **{k: v for k, v in screen.detail.items() if k != "reasons"}}
    if screen.detail.get("reasons"):
        out["reasons"] = screen.detail["reasons"]
    if args.json:
        print_json(out)
    else:
        # A face that did not match is refused, as a bank refuses: DECLINED, not an error.
        outcome = "declined" if screen.stage is Stage.ERROR and screen.message in REFUSALS else screen.stage.value
        line = f"{translate(outcome.upper(), language)}: {amount.format(language)}"
        print(line + (f" ({screen.text(language)})" if screen.message else ""))
        for reason in screen.detail.get("reasons", []):
            print(f"  {translate('reason', language)}: {translate_reason(reason, language)}")
    return 0 if screen.stage is Stage.APPROVED else 1


REFUSALS = frozenset({"face_mismatch", "face_check_last"})


def _wait_for_sale(db, terminal_id: str, seconds: float):
    import time

    from pos_app.core.sales import next_sale

    deadline = time.monotonic() + seconds
    while (sale := next_sale(db, terminal_id)) is None:
        if time.monotonic() > deadline:
            raise InvalidInput(f"no sale arrived for this kiosk within {seconds:g} s")
        time.sleep(0.4)
    return sale
