"""What the kiosk says, screen by screen, in Norwegian Bokmål or English: plain data in, one
sentence string out, so a test can read every line in both languages without Qt or a sound card.

The words follow the screen (the same messages, prompts and hints), then say how to choose: the
kiosk's choices are whatever buttons the screen shows, named in their reading order."""

from __future__ import annotations

from liveness.cues import PROMPTS
from pos_app.core.catalogue import translate
from pos_app.core.money import MINOR_UNIT_DIGITS, Money
from pos_app.flows.checkout_screen import Screen, Stage
from pos_app.vision.hints import instruction as quality_instruction
from pos_app.vision.hints import QualityReason

LINES: dict[str, str] = {
    "idle_register": "Welcome to FacePay. The cashier will send your total to this screen.",
    "idle_demo": "Welcome to FacePay. Type the basket total on the number keys, then press Enter.",
    "amount_due": "Amount due: {amount}.",
    "claim_pass": "Hold your FacePay pass up to the camera, with the square code facing the screen. "
                  "A sound tells you when it has been read.",
    "claim_phone": "Type your phone number on the number keys, then press Enter.",
    "capture": "Face the screen. The kiosk will tell you what to do, and a sound confirms each step.",
    "verifying": "Checking. Please wait.",
    "approved": "Payment approved. {amount} was charged to the account ending {account}. Thank you.",
    # Out loud (no headset), the account stays on the screen only (EN 301 549 5.1.3.9).
    "approved_aloud": "Payment approved. {amount} was charged. Thank you.",
    "declined": "Payment declined.",
    "error": "Payment not completed.",
    "locked": "Face payment is paused.",
    "another_way": "Please pay another way: at the register, with a card or cash. You have not been charged.",
    "cancelled": "Cancelled. You have not been charged.",
    "choices": "Choices: {choices}. Arrow keys move, Enter chooses.",
    "one_choice": "Press Enter for: {choice}.",
    "or": " or ",
    "focus": "{name}. {description}",
    "speech_on": "Speech is on. Arrow keys move between choices, Enter chooses, Escape cancels. "
                 "Slash repeats, plus changes the volume, minus calls staff, and star turns speech off.",
    "volume": "Volume {level} of {levels}.",
    "warning": "Time is nearly up. Press Enter for more time.",
    "more_time": "You have more time.",
    "help": "Staff have been called and are on their way.",
    "other_challenge": "Let us try another way to check that you are here.",
    "step_up": "One more movement, please, so that we are sure it is you.",
}

# Names of a currency's units when spoken, (one, many) for each.
UNITS: dict[str, dict[str, tuple[tuple[str, str], tuple[str, str]]]] = {
    "NOK": {"en": (("krone", "kroner"), ("øre", "øre")), "nb": (("krone", "kroner"), ("øre", "øre"))},
    "SEK": {"en": (("krona", "kronor"), ("öre", "öre")), "nb": (("krone", "kroner"), ("øre", "øre"))},
    "DKK": {"en": (("krone", "kroner"), ("øre", "øre")), "nb": (("krone", "kroner"), ("øre", "øre"))},
    "EUR": {"en": (("euro", "euro"), ("cent", "cent")), "nb": (("euro", "euro"), ("cent", "cent"))},
}


def line(key: str, language: str, **values: str) -> str:
    words = translate(LINES[key], language)
    return words.format(**values) if values else words


def spoken_amount(money: Money, language: str) -> str:
    """'125 kroner og 50 øre': a voice reads 'NOK 125.50' as letters and a decimal point."""
    digits = MINOR_UNIT_DIGITS[money.currency]
    major, minor = divmod(abs(money.minor), 10 ** digits)
    sign = "minus " if money.minor < 0 else ""
    units = UNITS.get(money.currency, {}).get(language)
    if units is None:
        number = f"{major}.{minor:0{digits}d}" if digits and minor else str(major)
        return f"{sign}{number} {money.currency}"
    (one, many), (cent_one, cent_many) = units
    text = f"{sign}{major} {one if major == 1 else many}"
    if minor:
        text += f" {'and' if language == 'en' else 'og'} {minor} {cent_one if minor == 1 else cent_many}"
    return text


def instruction(key: str, language: str) -> str:
    """A capture instruction: a quality hint or a liveness prompt, as the screen shows it."""
    if key in QualityReason._value2member_map_:
        return quality_instruction(QualityReason(key), language)
    if key in PROMPTS:
        return translate(PROMPTS[key], language)
    return ""


def choices(names: list[str], language: str) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return line("one_choice", language, choice=names[0])
    listed = ", ".join(names[:-1]) + line("or", language) + names[-1]
    return line("choices", language, choices=listed)


def screen_speech(screen: Screen, language: str, *, key_mode: str = "shopper", demo: bool = False,
                  buttons: list[str] | None = None, private: bool = False) -> str:
    """Everything a screen says when it appears: what it shows, then the choices it offers.
    `private`: a headset is plugged in, so personal data (the account's last digits) may be said."""
    amount = spoken_amount(screen.amount, language) if screen.amount is not None else ""
    stage = screen.stage
    parts: list[str]
    if stage is Stage.IDLE:
        parts = [line("idle_demo" if demo else "idle_register", language)]
    elif stage is Stage.AMOUNT_DUE:
        parts = [line("amount_due", language, amount=amount)]
    elif stage is Stage.CLAIM:
        parts = [line("claim_pass" if key_mode == "shopper" else "claim_phone", language)]
    elif stage is Stage.CAPTURE:
        parts = [line("capture", language), instruction(screen.hint or screen.prompt, language)]
    elif stage is Stage.VERIFYING:
        parts = [line("verifying", language)]
    elif stage is Stage.APPROVED:
        account = str(screen.detail.get("account", ""))[-4:]
        parts = [line("approved", language, amount=amount, account=" ".join(account)) if private
                 else line("approved_aloud", language, amount=amount)]
    elif stage is Stage.ANOTHER_WAY:
        parts = [line("another_way", language)]
    elif stage is Stage.CANCELLED:
        parts = [line("cancelled", language)]
    else:  # declined, error, locked: the headline, then the reason in plain words
        parts = [line(stage.value, language), screen.text(language)]
    parts.append(choices(buttons or [], language))
    return " ".join(p if p[-1] in ".!?:" else p + "." for p in parts if p)


def capture_speech(screen: Screen, language: str) -> str:
    """During capture only the instruction is spoken, each time it changes."""
    return instruction(screen.hint or screen.prompt, language)
