"""Rows the cash-register rules say may never change: database triggers that refuse UPDATE and
DELETE on them, installed by migration 0004 on SQLite and PostgreSQL alike. The application has
no code path that changes them; the triggers make sure a later one, or a hand-typed statement in
a database console, cannot either. (Someone who owns the database can drop a trigger; the audit
chain and its keyed anchors are what catch that.)"""

from __future__ import annotations

from typing import Any

# The electronic journal (the audit trail) and everything a receipt or report documents.
TABLES = ("audit_events", "audit_anchors", "legal_receipts", "receipt_copies", "receipt_prints",
          "receipt_signatures", "z_reports", "articles")
MESSAGE = "is append-only: a correction is a new, journaled record"


def install(conn: Any, dialect: str) -> None:
    if dialect == "postgresql":
        conn.exec_driver_sql(f"""
            CREATE OR REPLACE FUNCTION facepay_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '%% {MESSAGE}', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""")
    for table in TABLES:
        for op in ("UPDATE", "DELETE"):
            name = f"{table}_no_{op.lower()}"
            if dialect == "postgresql":
                conn.exec_driver_sql(f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
                                     "FOR EACH ROW EXECUTE FUNCTION facepay_append_only()")
            else:
                conn.exec_driver_sql(f"CREATE TRIGGER {name} BEFORE {op} ON {table} "
                                     f"BEGIN SELECT RAISE(ABORT, '{table} {MESSAGE}'); END")


def remove(conn: Any, dialect: str) -> None:
    for table in TABLES:
        for op in ("update", "delete"):
            suffix = f" ON {table}" if dialect == "postgresql" else ""
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{op}{suffix}")
    if dialect == "postgresql":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS facepay_append_only()")
