"""Files the application reads at run time (consent texts, styles, translations), installed as
the package ``facepay_resources``."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    node = files(__name__)
    for part in parts:
        node = node / part
    return node
