"""A scanned article into a sale, with a price list of 20,000 articles (issue 29: under 50 ms).

    python benchmarks/scan_speed.py [--articles 20000] [--scans 2000] [--pg postgresql://postgres@127.0.0.1:5432/test]

The price list is imported the way a shop does it (`facepay articles import`'s path: one CSV,
checked whole, every row journaled), then random EANs, PLUs and scale labels are rung up through
`AdminServices.ring_up` into a basket, as the register does after its scanner filter hands over
a code. Beside it, in turn, the floor: one primary-key read of an article row on the same
database, so the ratio holds on a busy machine.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def price_list(n: int) -> bytes:
    from pos_app.l10n_no.gtin import check_digit

    rows = ["name,plu,ean,price,vat,group"]
    for i in range(n):
        body = f"70{i:010d}"
        rows.append(f"Vare {i},{i + 1000},{body}{check_digit(body)},{10 + i % 90}.90,{(25, 15, 0)[i % 3]},goods")
    return ("\n".join(rows) + "\n").encode()


def spread(ms: list[float]) -> str:
    ordered = sorted(ms)
    return (f"median {statistics.median(ordered):.2f} ms, p95 {ordered[int(0.95 * len(ordered))]:.2f} ms, "
            f"max {ordered[-1]:.2f} ms")


def run(db_url: str, args: argparse.Namespace, tmp: Path) -> bool:
    from sqlalchemy import select

    from pos_app.core.basket import Basket
    from pos_app.core.config import Settings
    from pos_app.core.db import Database
    from pos_app.core.models import Article
    from pos_app.core.operators import add_operator, authenticate
    from pos_app.l10n_no import article_csv
    from pos_app.l10n_no.articles import add_many
    from pos_app.l10n_no.gtin import check_digit
    from pos_app.flows.store_admin import AdminServices

    db = Database(db_url)
    db.upgrade()
    add_operator(db, username="mona", display_name="Mona", role="manager", secret="2468", actor="bench")
    mona = authenticate(db, "mona", "2468")
    started = time.perf_counter()
    rows = article_csv.read(price_list(args.articles))
    add_many(db, mona, rows, terminal="register-1")
    print(f"  imported {args.articles} articles (checked, stored, journaled) in {time.perf_counter() - started:.1f} s")
    services = AdminServices.open(db, Settings(data_dir=tmp / "data", db_url=db_url), tmp / "config.toml",
                                  None)  # type: ignore[arg-type]
    with db.session() as s:
        ids = s.scalars(select(Article.id)).all()
    rng = random.Random(7)
    scans, floor = [], []
    for n in range(args.scans):
        i = rng.randrange(args.articles)
        body = f"70{i:010d}"
        kind = n % 3
        code = (f"{body}{check_digit(body)}" if kind == 0 else str(i + 1000) if kind == 1
                else (lambda b: b + str(check_digit(b)))(f"23{(i + 1000) % 100000:05d}00512"))
        if kind == 2 and (i + 1000) >= 100000:
            code = f"{body}{check_digit(body)}"
        basket = Basket()
        t0 = time.perf_counter()
        basket.add(services.ring_up(code))
        scans.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        with db.session() as s:
            s.get(Article, ids[i])
        floor.append((time.perf_counter() - t0) * 1000)
    ratio = statistics.median(scans) / statistics.median(floor)
    print(f"  scan -> line in the basket: {spread(scans)}")
    print(f"  floor (one article row by primary key): {spread(floor)}")
    print(f"  ratio of medians {ratio:.2f}x; target: p95 under {args.target_ms:g} ms")
    db.dispose()
    return sorted(scans)[int(0.95 * len(scans))] < args.target_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--scans", type=int, default=2_000)
    parser.add_argument("--target-ms", type=float, default=50)
    parser.add_argument("--pg", help="also on this PostgreSQL server (a database is made and dropped)")
    args = parser.parse_args()
    ok = True
    with tempfile.TemporaryDirectory(prefix="scan-speed-") as tmp:
        print("SQLite:")
        ok &= run(f"sqlite:///{Path(tmp) / 'facepay.db'}", args, Path(tmp))
        if args.pg:
            import psycopg

            name = f"scan_speed_{int(time.time())}"
            admin = args.pg.replace("postgresql+psycopg", "postgresql")
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            try:
                print("PostgreSQL:")
                url = admin.rsplit("/", 1)[0] + "/" + name
                ok &= run(url.replace("postgresql://", "postgresql+psycopg://"), args, Path(tmp))
            finally:
                with psycopg.connect(admin, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
