"""`facepay articles import`: a price list from a spreadsheet, checked whole before anything is
stored. Header row name,plu,ean,price,vat,group (any order; `;` as the separator also works, as
a Norwegian spreadsheet saves it). The price is in kroner, "12.50" or "12,50"; vat is 0, 12, 15
or 25; group is one of the article groups (empty: goods)."""

from __future__ import annotations

import csv
import io

from pos_app.core.errors import InvalidInput
from pos_app.core.money import Money
from pos_app.l10n_no.codes import DEFAULT_GROUP, GROUPS, VAT_CODES

COLUMNS = ("name", "plu", "ean", "price", "vat", "group")
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000


def _group(text: str) -> str:
    key = text.strip().lower()
    if not key:
        return DEFAULT_GROUP
    for name, code in GROUPS.items():  # the key, or the group's Norwegian or English name
        if key in (name, code.text_nb.lower(), code.text_en.lower()):
            return name
    raise InvalidInput(f"article group {text!r} is unknown; use one of {', '.join(GROUPS)}")


def read(data: bytes, currency: str = "NOK") -> list[dict[str, object]]:
    """The rows of a price-list file, each checked; the first bad one is refused with its line."""
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"the file is over {MAX_BYTES // (1024 * 1024)} MB; split it")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the file is not UTF-8 text; save it from the spreadsheet as CSV UTF-8") from None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InvalidInput("the file is empty; its first line must be: " + ",".join(COLUMNS)) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise InvalidInput(f"line 1: the header lacks {', '.join(missing)}; it must name " + ",".join(COLUMNS))
    at = {c: header.index(c) for c in COLUMNS}
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(f"line {line}: a file holds at most {MAX_ROWS} articles")
        if len(cells) < len(header):
            raise InvalidInput(f"line {line}: {len(cells)} fields where the header has {len(header)}")
        get = lambda c: cells[at[c]].strip()  # noqa: E731
        try:
            vat = int(get("vat").rstrip("%").strip())
        except ValueError:
            raise InvalidInput(f"line {line}: VAT {get('vat')!r} is not a rate; use 0, 12, 15 or 25") from None
        if vat not in VAT_CODES:
            raise InvalidInput(f"line {line}: VAT {vat} % is not a Norwegian rate; use 0, 12, 15 or 25")
        try:
            price = Money.parse(get("price"), currency)
            group = _group(get("group"))
        except InvalidInput as exc:
            raise InvalidInput(f"line {line}: {exc}") from None
        for key in (get("plu"), get("ean")):
            if key and key in seen:
                raise InvalidInput(f"line {line}: {key} is also on line {seen[key]}")
            if key:
                seen[key] = line
        rows.append({"line": line, "plu": get("plu"), "ean": get("ean") or None, "name": get("name"),
                     "group": group, "price": price, "vat_rate": vat})
    if not rows:
        raise InvalidInput("the file has a header but no articles")
    return rows
