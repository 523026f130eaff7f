"""Names people type: checked the same way on every database, before they are stored.

SQLite stores a 5,000-character name in a 128-character column, PostgreSQL refuses it; a name
read from a non-UTF-8 terminal arrives with lone surrogates that no database can encode; and
bidirectional control characters can make a name read differently on a receipt or a screen than
it is stored (a "Trojan Source"-style spoof). All three are handled here, once.
"""

from __future__ import annotations

import unicodedata

from pos_app.core.errors import InvalidInput

# Explicit embeddings, overrides and isolates, and the invisible direction marks.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(value: str, what: str, max_length: int, *, allow_empty: bool = False) -> str:
    """The value as it will be stored: NFC, without control or bidirectional control characters,
    trimmed; or InvalidInput naming ``what`` when it is not valid text, empty, or too long."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidInput(f"{what} is not valid UTF-8 text (check the terminal's character set)") from None
    cleaned = "".join(c for c in unicodedata.normalize("NFC", value)
                      if c not in BIDI_CONTROLS and unicodedata.category(c) != "Cc").strip()
    if not cleaned and not allow_empty:
        raise InvalidInput(f"{what} is empty")
    if len(cleaned) > max_length:
        raise InvalidInput(f"{what} is longer than {max_length} characters")
    return cleaned
