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
# Added by migration 0006, with the guards a row trigger cannot give (see install_guards).
TABLES_0006 = ("saft_keys",)
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
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS facepay_append_only() CASCADE")  # and the 0006 guards using it


def _unique_keys(table: str) -> list[list[str]]:
    """The column sets that identify a row of ``table``: its primary key and unique constraints."""
    from sqlalchemy import UniqueConstraint

    from pos_app.core.models import Base
    from pos_app.l10n_no import models  # noqa: F401 - the legal tables join Base.metadata

    t = Base.metadata.tables[table]
    keys = [[c.name for c in t.primary_key.columns]]
    keys += [[c.name for c in con.columns] for con in t.constraints if isinstance(con, UniqueConstraint)]
    keys += [[c.name] for c in t.columns if c.unique]
    return [k for k in keys if k]


def install_guards(conn: Any, dialect: str) -> None:
    """What a row trigger misses (migration 0006):
    - PostgreSQL: TRUNCATE fires no row trigger, so a statement trigger refuses it on every
      append-only table and on the journal's head; the head itself only moves forward.
    - SQLite: INSERT OR REPLACE deletes the row it collides with without firing DELETE triggers
      (unless recursive_triggers is on, which a console does not set): an INSERT that would
      collide with an existing row's key is refused before it happens."""
    tables = (*TABLES, *TABLES_0006)
    if dialect == "postgresql":
        for table in tables:
            if table in TABLES_0006:
                for op in ("UPDATE", "DELETE"):
                    conn.exec_driver_sql(f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                                         "FOR EACH ROW EXECUTE FUNCTION facepay_append_only()")
        for table in (*tables, "audit_head"):
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                                 "FOR EACH STATEMENT EXECUTE FUNCTION facepay_append_only()")
        conn.exec_driver_sql("""
            CREATE OR REPLACE FUNCTION facepay_head_forward() RETURNS trigger AS $$
            BEGIN
              IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN
                RAISE EXCEPTION 'audit_head only moves forward';
              END IF;
              RETURN NEW;
            END; $$ LANGUAGE plpgsql""")
        conn.exec_driver_sql("CREATE TRIGGER audit_head_forward BEFORE UPDATE OR DELETE ON audit_head "
                             "FOR EACH ROW EXECUTE FUNCTION facepay_head_forward()")
        return
    for table in TABLES_0006:
        for op in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
                                 f"BEGIN SELECT RAISE(ABORT, '{table} {MESSAGE}'); END")
    for table in tables:
        # "=" as UNIQUE itself compares: two NULLs never collide (provisional receipts have no nr).
        collides = " OR ".join("(" + " AND ".join(f"{c} = NEW.{c}" for c in key) + ")" for key in _unique_keys(table))
        conn.exec_driver_sql(f"CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table} "
                             f"WHEN EXISTS (SELECT 1 FROM {table} WHERE {collides}) "
                             f"BEGIN SELECT RAISE(ABORT, '{table} {MESSAGE}'); END")
    conn.exec_driver_sql("CREATE TRIGGER audit_head_forward BEFORE UPDATE ON audit_head "
                         "WHEN NEW.seq < OLD.seq BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END")
    conn.exec_driver_sql("CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head "
                         "BEGIN SELECT RAISE(ABORT, 'audit_head only moves forward'); END")


def remove_guards(conn: Any, dialect: str) -> None:
    tables = (*TABLES, *TABLES_0006)
    if dialect == "postgresql":
        for table in (*tables, "audit_head"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        for table in TABLES_0006:
            for op in ("update", "delete"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{op} ON {table}")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_head_forward ON audit_head")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS facepay_head_forward()")
        return
    for table in tables:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_replace")
    for table in TABLES_0006:
        for op in ("update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_head_forward")
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_head_no_delete")
