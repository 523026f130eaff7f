"""The SAF-T export of a busy quarter: N signed transactions (100,000 by default) with their
journal events on one register, exported by `facepay saft export` in a process of its own, on
SQLite and PostgreSQL. Reports wall time and the export process's peak memory, beside a floor
measured in the same run (reading every receipt row once), so the figure holds on a busy machine.

    python benchmarks/saft_export.py [--n 100000] [--pg postgresql://postgres@127.0.0.1:5432/test]

The receipts are written straight into the tables (signed in a real chain with a real key, each
with its receipt event), because issuing 100,000 sales one by one would measure the till, not
the export.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SELLER = {"FACEPAY_COMPANY_NAME": "Nærbutikken AS", "FACEPAY_COMPANY_ORG_NUMBER": "923609016",
          "FACEPAY_COMPANY_ADDRESS": "Storgata 1, 0155 Oslo"}


def fill(db_url: str, data_dir: Path, n: int) -> None:
    from sqlalchemy import insert

    from pos_app.core.db import Database
    from pos_app.core.models import AuditEvent, AuditHead
    from pos_app.l10n_no.models import LegalReceipt, ReceiptSignature
    from pos_app.l10n_no import signing
    from pos_app.core.terminals import ensure_terminal

    db = Database(db_url)
    db.upgrade()
    key = signing.attach(db, data_dir / "keys" / "saft-signing.pem", create=True)
    assert key is not None
    register = ensure_terminal(db, "register-1", "register")
    start = datetime.now(timezone.utc).replace(hour=6, minute=0, second=0, microsecond=0)
    previous, batch_r, batch_s, batch_e = signing.FIRST, [], [], []
    with db.session() as s:
        head = s.get(AuditHead, 1)
        seq, last_hash = head.seq, head.hash
    for nr in range(1, n + 1):
        rid = str(uuid.uuid4())
        at = start + timedelta(milliseconds=nr * 300)
        content = {"title": "Salgskvittering", "series": "sale", "number": nr, "nr": nr, "register": "register-1",
                   "cashier": "kari", "time": at.isoformat(), "transaction_id": None,
                   "lines": [{"name": "Melk 1 l", "article": "", "group": "food", "quantity": 2,
                              "unit_price_minor": 2190, "vat_rate": 15, "total_minor": 4380}],
                   "vat": [{"rate": 15, "gross_minor": 4380, "vat_minor": 571}], "total_minor": 4380,
                   "payments": [{"method": "cash", "code": "CASH", "predefined": "12001", "text": "Kontant",
                                 "reference": "", "amount_minor": 4380}], "training": False}
        row = LegalReceipt(id=rid, terminal_id=register, series="sale", number=nr, nr=nr, source=f"bench-{nr}",
                           transaction_id=None, cashier="kari", amount_minor=4380, vat_minor=571, created_at=at,
                           content=json.dumps(content))
        previous = key.sign(signing.signed_text(previous, row))
        batch_r.append({c.name: getattr(row, c.name) for c in LegalReceipt.__table__.columns})
        batch_s.append({"receipt_id": rid, "terminal_id": register, "nr": nr, "signature": previous, "key_version": key.version})
        seq += 1
        batch_e.append({"seq": seq, "at": at.isoformat(timespec="microseconds"), "actor": "kari", "action": "receipt.sale",
                        "terminal": "register-1", "subject_type": "receipt", "subject_id": rid, "before": "null",
                        "after": json.dumps(content), "prev_hash": last_hash, "hash": f"{seq:064x}"})
        last_hash = f"{seq:064x}"  # a chain the export does not check (audit verify would)
        if len(batch_r) == 2000 or nr == n:
            with db.session() as s:
                s.execute(insert(LegalReceipt), batch_r)
                s.execute(insert(ReceiptSignature), batch_s)
                s.execute(insert(AuditEvent), batch_e)
            batch_r, batch_s, batch_e = [], [], []
    with db.session() as s:  # the journal's head moves to the last event, as audit.record would
        head = s.get(AuditHead, 1)
        head.seq, head.hash = seq, last_hash
    db.dispose()


def floor(db_url: str) -> float:
    """Reading every receipt row once, in the same run: what any export must at least do."""
    from sqlalchemy import text

    from pos_app.core.db import Database

    db = Database(db_url)
    t0 = time.perf_counter()
    with db.engine.connect() as conn:
        for _ in conn.execution_options(stream_results=True).execute(text("SELECT content FROM legal_receipts")):
            pass
    db.dispose()
    return time.perf_counter() - t0


def export(db_url: str, data_dir: Path, out: Path) -> tuple[float, float]:
    env = {**os.environ, **SELLER, "FACEPAY_DB_URL": db_url, "FACEPAY_DATA_DIR": str(data_dir)}
    day = datetime.now(timezone.utc).date().isoformat()
    code = (
        "import resource, sys, runpy; sys.argv = ['facepay', 'saft', 'export', '--from', %r, '--to', %r, '--out', %r];"
        "from pos_app.cli.main import main; rc = main(sys.argv[1:]);"
        "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)"
    ) % (day, day, str(out))
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if done.returncode:
        raise SystemExit(done.stderr)
    peak_kib = int(done.stderr.rsplit("PEAK", 1)[1].split()[0])
    return seconds, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument(
        "--pg", default="postgresql://postgres@127.0.0.1:5432/test", help="an admin URL; a database is made and dropped"
    )
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        urls = {"sqlite": f"sqlite:///{root / 'sqlite' / 'facepay.db'}"}
        pg_name = f"facepay_bench_{uuid.uuid4().hex[:8]}"
        from sqlalchemy import create_engine, text

        admin = create_engine(args.pg.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{pg_name}"'))
        urls["postgresql"] = args.pg.rsplit("/", 1)[0] + "/" + pg_name
        try:
            for kind, url in urls.items():
                data = root / kind
                data.mkdir(exist_ok=True)
                t0 = time.perf_counter()
                fill(url, data, args.n)
                filled = time.perf_counter() - t0
                base = floor(url)
                seconds, peak = export(url, data, root / f"{kind}.xml")
                size = (root / f"{kind}.xml").stat().st_size / 1e6
                results[kind] = {"transactions": args.n, "export_s": round(seconds, 1), "peak_mb": round(peak),
                                 "floor_read_s": round(base, 2), "ratio_to_floor": round(seconds / base, 1),
                                 "file_mb": round(size), "fill_s": round(filled)}
                print(kind, json.dumps(results[kind]), flush=True)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)'))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
