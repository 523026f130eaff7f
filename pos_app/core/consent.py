"""Versioned consent texts. A consent record stores the SHA-256 of the exact text the shopper saw."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from pos_app.core.errors import InvalidInput

CURRENT_VERSION = "v1"
LANGUAGES = ("nb", "en")


@dataclass(frozen=True)
class ConsentText:
    version: str
    language: str
    text: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def load_consent(language: str, version: str = CURRENT_VERSION) -> ConsentText:
    from facepay_resources import resource

    if language not in LANGUAGES:
        raise InvalidInput(f"no consent text in {language!r}; choose {' or '.join(LANGUAGES)}")
    node = resource("consent", version, f"{language}.md")
    if not node.is_file():
        raise InvalidInput(f"consent text version {version!r} does not exist")
    return ConsentText(version, language, node.read_text(encoding="utf-8"))
