"""The price list. A price change is a new row and a journaled event (13021); the rows before it
stay, so what a line cost on any day can be shown. A price look-up is journaled too (13022).

An article is known by its PLU (the code a cashier types) and/or its EAN/GTIN (the code a
scanner reads); `code` holds the PLU, or the EAN when there is none."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from pos_app.core.basket import Line, make_line
from pos_app.core.db import Database
from pos_app.core.errors import InvalidInput, NotFound
from pos_app.core.models import Article
from pos_app.core.money import Money
from pos_app.core.operators import OperatorInfo
from pos_app.core.permissions import Permission
from pos_app.l10n_no import journal
from pos_app.l10n_no.gtin import decode_in_store, gtin_problem


@dataclass(frozen=True)
class Price:
    code: str
    name: str
    group: str
    price: Money
    vat_rate: int
    ean: str | None = None


def plu_problem(plu: str) -> str | None:
    if not plu or len(plu) > 32 or not plu.replace("-", "").isalnum():
        return f"PLU {plu!r} must be 1-32 letters, digits or dashes"
    return None


def _current(s: Session, code: str) -> Article | None:
    return s.scalar(select(Article).where(Article.code == code).order_by(Article.created_at.desc()).limit(1))


def _scanned(s: Session, scanned: str) -> Article | None:
    """The current row of the article a PLU or an EAN names. A row found by an EAN the article
    no longer carries is no match."""
    row = s.scalar(select(Article).where(or_(Article.code == scanned, Article.ean == scanned))
                   .order_by(Article.created_at.desc()).limit(1))
    if row is None or row.code == scanned:
        return row
    current = _current(s, row.code)
    return current if current is not None and current.ean == scanned else None


def _price(row: Article, currency: str) -> Price:
    return Price(row.code, row.name, row.group_code, Money(currency, row.price_minor), row.vat_rate, row.ean)


def _add(s: Session, who: OperatorInfo, terminal: str, *, plu: str, ean: str | None, name: str, group: str,
         price: Money, vat_rate: int) -> Price:
    """One checked price-list row and its journal event, in the caller's transaction."""
    plu, ean = plu.strip(), (ean or "").strip() or None
    if not plu and not ean:
        raise InvalidInput("an article needs a PLU or an EAN")
    if plu and (problem := plu_problem(plu)):
        raise InvalidInput(problem)
    if ean and (problem := gtin_problem(ean)):
        raise InvalidInput(problem)
    code = plu or ean or ""
    line = make_line(name, 1, price, vat_rate, group, code)  # the same rules as a rung-up line
    if ean:
        other = s.scalar(select(Article.code).where(Article.ean == ean, Article.code != code).limit(1))
        if other is not None and (current := _current(s, other)) is not None and current.ean == ean:
            raise InvalidInput(f"EAN {ean} already belongs to article {other}")
    before = _current(s, code)
    s.add(Article(code=code, ean=ean, name=line.name, group_code=group, price_minor=price.minor, vat_rate=vat_rate))
    journal.record(s, "price.change", actor=who.username, terminal=terminal, subject_type="article",
                   subject_id=code, after={"code": code, "ean": ean, "name": line.name, "group": group,
                                           "price_minor": price.minor, "vat_rate": vat_rate,
                                           "was_minor": before.price_minor if before else None})
    return Price(code, line.name, group, price, vat_rate, ean)


def set_price(db: Database, who: OperatorInfo, *, code: str, name: str, group: str, price: Money, vat_rate: int,
              terminal: str, ean: str | None = None) -> Price:
    """Add an article, or change one: a new row, journaled. ``code`` is its PLU ("" for an
    article known only by its EAN)."""
    who.require(Permission.CHANGE_PRICES)
    with db.session() as s:
        return _add(s, who, terminal, plu=code, ean=ean, name=name, group=group, price=price, vat_rate=vat_rate)


def change_price(db: Database, who: OperatorInfo, code: str, price: Money, *, terminal: str) -> Price:
    """A new price for an article, everything else kept."""
    who.require(Permission.CHANGE_PRICES)
    with db.session() as s:
        row = _scanned(s, code.strip())
        if row is None:
            raise NotFound(f"no article with PLU or EAN {code!r}")
        plu = row.code if row.code != row.ean else ""
        return _add(s, who, terminal, plu=plu, ean=row.ean, name=row.name, group=row.group_code, price=price,
                    vat_rate=row.vat_rate)


def add_many(db: Database, who: OperatorInfo, rows: list[dict[str, object]], *, terminal: str) -> int:
    """Rows already read (see article_csv): all in one transaction, so a refused row leaves the
    price list as it was."""
    who.require(Permission.CHANGE_PRICES)
    with db.session() as s:
        for row in rows:
            fields = {k: v for k, v in row.items() if k != "line"}
            try:
                _add(s, who, terminal, **fields)  # type: ignore[arg-type]  # a row read by article_csv, typed per field there
            except (InvalidInput, NotFound) as exc:
                raise InvalidInput(f"line {row.get('line', '?')}: {exc}") from None
    return len(rows)


def current_prices(db: Database, *, search: str = "", currency: str = "NOK", limit: int = 10_000) -> list[Price]:
    """The price list as it stands: each article's newest row, by name."""
    with db.session() as s:
        newest = (select(Article.code, func.max(Article.created_at).label("at")).group_by(Article.code).subquery())
        query = (select(Article).join(newest, (Article.code == newest.c.code) & (Article.created_at == newest.c.at))
                 .order_by(Article.name, Article.code).limit(limit))
        if search.strip():
            like = f"%{search.strip()}%"
            query = query.where(or_(Article.name.ilike(like), Article.code.ilike(like), Article.ean.ilike(like)))
        return [_price(row, currency) for row in s.scalars(query)]


def look_up(db: Database, who: OperatorInfo, code: str, *, terminal: str, currency: str = "NOK") -> Price:
    """A price look-up at the register: answered, and journaled."""
    with db.session() as s:
        row = _scanned(s, code.strip())
        if row is None:
            raise NotFound(f"no article with code {code!r}")
        journal.record(s, "price.lookup", actor=who.username, terminal=terminal, subject_type="article",
                       subject_id=row.code, after={"code": row.code, "group": row.group_code,
                                                   "price_minor": row.price_minor})
        return _price(row, currency)


def line_for(db: Database, scanned: str, *, weight_prefixes: tuple[str, ...] = ("23",), quantity: int = 1,
             currency: str = "NOK") -> Line:
    """The sale line a scanned or typed code rings up: the article at its current price, or for a
    scale's label (EAN-13 starting 20-29) the article its PLU names at the weight or price the
    label carries. NotFound when no article has the code."""
    scanned = scanned.strip()
    in_store = decode_in_store(scanned, weight_prefixes)
    with db.session() as s:
        row = _scanned(s, scanned)
        if row is None and in_store is not None:
            row = _current(s, in_store.plu)
            if row is None:
                raise NotFound(f"no article with PLU {in_store.plu} (from the scale's label {scanned})")
            if in_store.grams is not None:
                if in_store.grams <= 0:
                    raise InvalidInput(f"the scale's label {scanned} weighs nothing")
                total = (row.price_minor * in_store.grams + 500) // 1000  # the price is per kilo
                kilos = f"{in_store.grams / 1000:.3f}".replace(".", ",")
                return make_line(f"{row.name} {kilos} kg", 1, Money(currency, total), row.vat_rate,
                                 row.group_code, row.code)
            return make_line(row.name, 1, Money(currency, in_store.price_minor or 0), row.vat_rate, row.group_code,
                             row.code)
        if row is None:
            raise NotFound(f"no article with code {scanned!r}")
        return make_line(row.name, quantity, Money(currency, row.price_minor), row.vat_rate, row.group_code, row.code)
