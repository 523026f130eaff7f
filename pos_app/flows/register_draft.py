"""The register's draft: the basket being rung up and the sale sent from it, kept in a private
file beside the register's other output, so closing the register (or a crash) loses neither. A
draft that cannot be read is dropped with a warning: the register starts empty, never fails."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from pos_app.core.basket import Basket
from pos_app.core.errors import InvalidInput
from pos_app.core.files import write_private_bytes

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Draft:
    basket: Basket
    sale_id: str | None  # the sale sent to a kiosk from this basket, still followed


def draft_path(out_dir: Path, register: str) -> Path:
    return out_dir / f"{register}-draft.json"


def read_draft(path: Path) -> Draft | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sale_id = data.get("sale_id")
        return Draft(Basket.from_json(data["basket"]), str(sale_id) if sale_id else None)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, InvalidInput):
        log.warning("the register draft %s could not be read; starting empty", path)
        return None


def keep_draft(path: Path, basket: Basket, sale_id: str | None) -> None:
    """Write the draft whole (or remove it when the basket is empty)."""
    if not basket.lines:
        path.unlink(missing_ok=True)
        return
    data = {"basket": basket.to_json(), "sale_id": sale_id}
    try:
        write_private_bytes(path, json.dumps(data).encode("utf-8"))
    except OSError as exc:
        raise InvalidInput(f"the basket could not be kept in {path.parent}: {exc.strerror or exc}") from None
