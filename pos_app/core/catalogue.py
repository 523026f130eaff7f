"""Every text a shopper or an operator reads, in their language, from one catalogue:
resources/translations/facepay_nb.ts. Source strings are English. The screens read the catalogue
compiled (facepay_nb.qm) through Qt's translator (ui/i18n); everything without Qt (the checkout
flow's messages, the kiosk's speech, the quality and liveness prompts, slips, passes and the command
line) reads the same file here, so a sentence is translated once, in one place.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET
from typing import Callable

LANGUAGES = ("nb", "en")


@functools.cache
def _catalogue(language: str) -> dict[str, str]:
    """The finished translations of ``language`` (our own packaged file, not outside input)."""
    from importlib.resources import as_file

    from facepay_resources import resource

    with as_file(resource("translations", f"facepay_{language}.ts")) as path:
        root = ET.parse(path).getroot()
    out = {}
    for message in root.iter("message"):
        translation = message.find("translation")
        if translation is not None and translation.get("type") in (None, "") and translation.text:
            out[message.findtext("source") or ""] = translation.text
    return out


def translate(text: str, language: str) -> str:
    """``text`` (English) in ``language``; English when it is English or has no translation yet
    (tests/core/test_catalogue.py keeps every table the code reads translated)."""
    if language == "en" or not text:
        return text
    return _catalogue(language).get(text, text)


def translate_reason(reason: str, language: str) -> str:
    """A reason given as "what: detail" (liveness's "timed out waiting for: blink"): the first part
    translated, the detail (a name, a path) kept as it is."""
    return whole_or_lead(reason, lambda text: translate(text, language))


def whole_or_lead(text: str, lookup: Callable[[str], str]) -> str:
    """``text`` translated whole when the catalogue has it, else its lead-in before ": " with the
    detail after it as written. The screens pass Qt's lookup, the rest ``translate``."""
    whole = lookup(text)
    if whole != text or ": " not in text:
        return whole
    head, _, detail = text.partition(": ")
    return f"{lookup(head)}: {detail}"
