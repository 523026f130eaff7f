"""`facepay articles list|add|price|import`: the register's price list from the command line (the
Price list screen does the same). Changes need a manager's name and PIN and are journaled (13021)."""

from __future__ import annotations

import argparse
from pathlib import Path

from pos_app.cli.context import open_database, print_json, read_pin, settings_from
from pos_app.core.errors import InvalidInput


def register(sub: argparse._SubParsersAction) -> None:
    articles = sub.add_parser("articles", help="the register's price list: list, add, change a price, import CSV"
                              ).add_subparsers(dest="articles_command", required=True)
    show = articles.add_parser("list", help="the price list as it stands")
    show.add_argument("--search", default="", help="part of a name, PLU or EAN")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_list)
    add = articles.add_parser("add", help="add an article (or replace one with the same PLU)")
    add.add_argument("--name", required=True)
    add.add_argument("--plu", default="", help="the code a cashier types")
    add.add_argument("--ean", default="", help="the EAN/GTIN a scanner reads (its check digit is checked)")
    add.add_argument("--price", required=True, help="in kroner: 24.90 or 24,90 (per kilo for a scale's article)")
    add.add_argument("--vat", required=True, type=int, choices=(0, 12, 15, 25))
    add.add_argument("--group", default="goods", help="article group: goods, food, drinks, other_drinks, tobacco, other")
    _manager(add)
    add.set_defaults(handler=cmd_add)
    price = articles.add_parser("price", help="a new price for an article, found by PLU or EAN")
    price.add_argument("code")
    price.add_argument("price", help="in kroner: 24.90 or 24,90")
    _manager(price)
    price.set_defaults(handler=cmd_price)
    imp = articles.add_parser("import", help="read a CSV price list (name,plu,ean,price,vat,group); all or nothing")
    imp.add_argument("file", type=Path)
    _manager(imp)
    imp.set_defaults(handler=cmd_import)


def _manager(p: argparse.ArgumentParser) -> None:
    p.add_argument("--by", required=True, metavar="USER", help="the manager making the change (asked for a PIN)")
    p.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input")


def _signed_in(args: argparse.Namespace):
    from pos_app.core.operators import authenticate

    settings = settings_from(args)
    db = open_database(settings)
    return settings, db, authenticate(db, args.by, read_pin(args.pin_stdin), terminal=settings.register_name)


def _row(p) -> dict[str, object]:
    return {"plu": p.code if p.code != p.ean else "", "ean": p.ean or "", "name": p.name, "price_minor": p.price.minor,
            "vat": p.vat_rate, "group": p.group}


def cmd_list(args: argparse.Namespace) -> int:
    from pos_app.l10n_no.articles import current_prices

    settings = settings_from(args)
    prices = current_prices(open_database(settings), search=args.search, currency=settings.currency)
    if args.json:
        print_json([_row(p) for p in prices])
        return 0
    if not prices:
        print("no articles" + (f" match {args.search!r}" if args.search else " yet: facepay articles add or import"))
    for p in prices:
        print(f"{(p.code if p.code != p.ean else ''):<10} {(p.ean or ''):<14} {p.name:<40} "
              f"{p.price.format(settings.language):>14}  {p.vat_rate:>2} %  {p.group}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from pos_app.core.money import Money
    from pos_app.l10n_no.articles import set_price

    settings, db, who = _signed_in(args)
    price = Money.parse(args.price, settings.currency)
    added = set_price(db, who, code=args.plu, ean=args.ean or None, name=args.name, group=args.group, price=price,
                      vat_rate=args.vat, terminal=settings.register_name)
    print(f"{added.name} ({added.code}): {added.price.format(settings.language)}, VAT {added.vat_rate} %")
    return 0


def cmd_price(args: argparse.Namespace) -> int:
    from pos_app.core.money import Money
    from pos_app.l10n_no.articles import change_price

    settings, db, who = _signed_in(args)
    changed = change_price(db, who, args.code, Money.parse(args.price, settings.currency),
                           terminal=settings.register_name)
    print(f"{changed.name} ({changed.code}) now costs {changed.price.format(settings.language)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from pos_app.l10n_no import article_csv
    from pos_app.l10n_no.articles import add_many

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {args.file}: {exc.strerror or exc}") from None
    settings = settings_from(args)
    rows = article_csv.read(data, settings.currency)  # the whole file is checked before a PIN is asked
    settings, db, who = _signed_in(args)
    count = add_many(db, who, rows, terminal=settings.register_name)
    print(f"imported {count} articles from {args.file.name}")
    return 0
