"""`facepay speech`: hear the kiosk's voice, or write every screen's words to WAV files (to check
the wording on another PC, or that speech works on this one after an install)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pos_app.core.errors import FacePayError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("speech", help="the kiosk's voice: say a text, or write every screen's words to WAV files")
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    say = verbs.add_parser("say", help="say TEXT on this PC's sound card (or into --out DIR)")
    say.add_argument("text")
    say.add_argument("--voice", choices=("nb", "en"), default="nb", help="the voice's language (default nb)")
    say.add_argument("--out", metavar="DIR", help="write a WAV file there instead of playing it")
    say.set_defaults(handler=cmd_say)
    samples = verbs.add_parser("samples", help="every kiosk screen's words and both tones, as WAV files in DIR")
    samples.add_argument("--out", metavar="DIR", required=True)
    samples.set_defaults(handler=cmd_samples)


def _speaker(out: str | None):
    from pos_app.speech.engine import Espeak, SpeechUnavailable
    from pos_app.speech.player import SoundCard, Speaker, WavFolder

    try:
        return Speaker(Espeak(), WavFolder(Path(out)) if out else SoundCard())
    except SpeechUnavailable as exc:
        raise FacePayError(str(exc), hint="the kiosk works without it, silently; the installer adds it") from None
    except OSError as exc:
        raise FacePayError(f"cannot write to {out}: {exc.strerror}") from None


def cmd_say(args: argparse.Namespace) -> int:
    if not args.text.strip():
        raise FacePayError("nothing to say: give a text")
    speaker = _speaker(args.out)
    speaker.say(args.text, args.voice)
    speaker.wait(60)
    speaker.close()
    return 0


def cmd_samples(args: argparse.Namespace) -> int:
    from liveness.active import PROMPTS
    from pos_app.core.catalogue import translate
    from pos_app.core.money import Money
    from pos_app.flows.checkout import MESSAGES, Screen, Stage
    from pos_app.speech import script
    from pos_app.vision.types import QualityReason

    speaker = _speaker(args.out)
    amount = Money("NOK", 12_550)
    # Each screen with the buttons it shows, as the kiosk names them in each language.
    leave, done, nothing = ["Cancel", "Pay another way"], ["Done"], list[str]()
    screens: list[tuple[Screen, list[str]]] = [
        (Screen(Stage.IDLE), nothing),
        (
            Screen(Stage.AMOUNT_DUE, amount),
            ["Pay with face", "Pay another way"],
        ),
        (Screen(Stage.CLAIM, amount), leave),
        (Screen(Stage.CAPTURE, amount, prompt="calibrating"), leave),
        (Screen(Stage.VERIFYING, amount), nothing),
        (Screen(Stage.APPROVED, amount, detail={"account": "**** 4321"}), done),
        (Screen(Stage.ANOTHER_WAY, amount), done),
        (Screen(Stage.CANCELLED), nothing),
        (
            Screen(Stage.DECLINED, amount, "insufficient_funds"),
            ["Done", "Pay another way"],
        ),
    ]
    screens += [
        (
            Screen(Stage.ERROR, amount, key),
            ["Try again", "Pay another way"],
        )
        for key in MESSAGES
        if key != "insufficient_funds"
    ]
    for language in ("nb", "en"):
        for line in ("speech_on", "warning", "more_time", "help", "other_challenge"):
            speaker.say(script.line(line, language), language, interrupt=False)
        for screen, buttons in screens:
            named = [translate(b, language) for b in buttons]  # as the kiosk's buttons name them
            speaker.say(script.screen_speech(screen, language, buttons=named), language, interrupt=False)
        # During capture only the instruction is spoken, each time it changes: every prompt and hint.
        for key in [str(k) for k in PROMPTS] + [reason.value for reason in QualityReason]:
            words = script.instruction(key, language)
            if words:
                speaker.say(words, language, interrupt=False)
    speaker.tone("confirm")
    speaker.tone("warning")
    speaker.wait(600)
    speaker.close()
    files = sorted(Path(args.out).glob("*.wav"))
    print(f"{len(files)} files in {args.out} (list.txt says what each holds)")
    return 0 if len(files) == len(speaker.said) else 1
