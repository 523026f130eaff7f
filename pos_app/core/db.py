"""Database access: one engine per process, short transactions, Alembic migrations."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pos_app.core.errors import StorageError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and route them to the psycopg 3 driver we ship."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record) -> None:
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see on_begin).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages: an erased template or
        # token must not be carved out of the file. Some SQLite builds default to it; not all.
        cur.execute("PRAGMA secure_delete=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn) -> None:
        # IMMEDIATE takes the write lock up front: two terminals that read-then-write (the audit
        # chain head, a refund total) wait for each other instead of failing with SQLITE_BUSY.
        conn.exec_driver_sql("BEGIN IMMEDIATE")


# The newest migration's revision: the schema this program runs on (a test holds it to Alembic's
# own head, so a new migration cannot be forgotten here).
SCHEMA_HEAD = "0009"


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = normalise_url(url)
        self.backend = make_url(self.url).get_backend_name()
        if self.backend == "sqlite":
            self._ensure_sqlite_dir()
            # hide_parameters: a database error must never print a PIN hash, a name or a phone.
            self.engine = create_engine(self.url, echo=echo, hide_parameters=True, connect_args={"timeout": 15})
            _configure_sqlite(self.engine)
        else:
            self.engine = create_engine(
                self.url, echo=echo, hide_parameters=True, pool_pre_ping=True, connect_args={"connect_timeout": 5}
            )
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        # What signs a legal receipt in the transaction that issues it (l10n_no/signing),
        # set by whoever opens the database for the application; None: not set up on this machine.
        self.signer: object | None = None
        # Where the signing key is looked for: a kiosk started before a register on its machine made
        # the key finds it there later (l10n_no/signing.can_issue).
        self.signer_path: object | None = None

    @property
    def safe_url(self) -> str:
        return make_url(self.url).render_as_string(hide_password=True)

    def _ensure_sqlite_dir(self) -> None:
        path = make_url(self.url).database
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Created 0600 before SQLite would create it under the umask (0644 by default); SQLite
            # gives its -wal and -shm files the database file's mode. An older, wider one is narrowed.
            if not os.path.exists(path):  # never opened (and closed) beside a live connection: closing
                # any descriptor drops this process's POSIX locks on the file, SQLite's among them
                try:
                    os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    pass
            from pos_app.core.files import tighten

            for side in (Path(path), Path(path + "-wal"), Path(path + "-shm")):
                if side.exists():
                    tighten(side)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One unit of work: committed together, or rolled back together on any error."""
        try:
            with self._sessions() as sess, sess.begin():
                sess.info["signer"] = self.signer
                yield sess
        except OperationalError as exc:
            raise StorageError(f"database error at {self.safe_url}: {_first_line(exc)}") from exc

    def purge_freed(self) -> None:
        """After an erasure: copy the write-ahead log into the database (whose freed pages
        secure_delete has zeroed) and truncate it, so the deleted rows' old page images are gone
        from every file while the store runs. On PostgreSQL the rows are sealed and the token
        revoked at the bank; see docs/security.md."""
        if self.backend != "sqlite":
            return
        raw = self.engine.raw_connection()  # outside SQLAlchemy's BEGIN: a checkpoint runs between transactions
        try:
            cur = raw.cursor()
            busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            cur.close()
        finally:
            raw.close()
        if busy:  # a reader held an old snapshot; the next erasure or checkpoint finishes the job
            import logging
            logging.getLogger(__name__).warning("the write-ahead log could not be truncated yet (a reader is busy)")

    def check_reachable(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except DBAPIError as exc:
            raise StorageError(
                f"cannot reach the database at {self.safe_url}: {_first_line(exc)}",
                hint="check db_url / FACEPAY_DB_URL and that the server is running",
            ) from None

    # --- migrations -------------------------------------------------------------------------
    def _alembic_config(self):
        from alembic.config import Config

        from pos_app.core import fiscal

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        # One revision chain over two folders: core's, and the fiscal rules' own tables.
        cfg.set_main_option("path_separator", "os")
        cfg.set_main_option("version_locations", os.pathsep.join(
            str(p).replace("%", "%%") for p in (MIGRATIONS_DIR / "versions", fiscal.rules().migrations)))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def schema_at_head(self) -> bool:
        """One query: is the schema this program's head? (Alembic itself reads every migration
        script to say so, 0.4-0.5 s at each start.) No version table, or any other answer: no."""
        try:
            with self.engine.connect() as conn:
                return conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [SCHEMA_HEAD]
        except DBAPIError:
            return False

    def upgrade_if_needed(self) -> bool:
        """Migrate only when the schema is not at the head; True when it ran the migrations."""
        if self.schema_at_head():
            return False
        self.upgrade()
        return True

    def upgrade(self, revision: str = "head") -> None:
        from alembic import command

        self.check_reachable()
        cfg = self._alembic_config()
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)

    def downgrade(self, revision: str) -> None:
        """Back to an earlier schema: how a failed upgrade is rolled back to the previous bundle.
        Refused when it would drop the cash register's legal records and the database holds any:
        the rules forbid deleting them (kassasystemforskrifta; docs/cash-register.md)."""
        from alembic import command
        from alembic.util import CommandError

        self.check_reachable()
        cfg = self._alembic_config()
        held = self._legal_records_dropped_by(cfg, revision)
        if held:
            raise StorageError(
                f"going back to schema {revision} would delete records that must be kept ({held}); "
                "refused: the cash-register rules forbid deleting them",
                hint="run the newer program on this database, or restore the older program with a database of its own")
        try:
            with self.engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.downgrade(cfg, revision)
        except CommandError as exc:
            raise StorageError(f"cannot go back to schema {revision!r}: {exc}") from None

    def _legal_records_dropped_by(self, cfg, revision: str) -> str:
        """What the migrations undone on the way to ``revision`` would drop that must be kept
        (each lists its tables in PRESERVES); "" when nothing."""
        from alembic.script import ScriptDirectory
        from alembic.util import CommandError

        current = self.current_revision()
        if current is None:
            return ""
        from alembic.script.revision import ResolutionError

        try:
            steps = list(ScriptDirectory.from_config(cfg).iterate_revisions(current, revision))
        except (CommandError, ResolutionError) as exc:
            raise StorageError(f"cannot go back to schema {revision!r}: {exc}") from None
        kept = [pair for step in steps if step.revision != revision for pair in getattr(step.module, "PRESERVES", ())]
        names, counts = set(self.table_names()), []
        with self.engine.connect() as conn:
            for table, what, *query in kept:
                count = query[0] if query else f"SELECT count(*) FROM {table}"  # noqa: S608 - from the migrations
                if table in names and (n := conn.execute(text(count)).scalar()):
                    counts.append(f"{n} {what}")
        return ", ".join(counts)

    def backup(self, target: Path) -> Path:
        """A consistent copy of the SQLite file (the online backup API; writers may carry on)."""
        import sqlite3

        if not self.url.startswith("sqlite"):
            raise StorageError("only the SQLite file is backed up here",
                               hint="back up PostgreSQL with pg_dump, as for any shared database")
        source = self.url.split("///", 1)[1]
        partial = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
                src.backup(dst)
            partial.replace(target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise StorageError(f"cannot back up {source} to {target}: {exc}") from None
        return target

    def head_revision(self) -> str:
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic_config()).get_current_head()
        assert head is not None
        return head

    def current_revision(self) -> str | None:
        """The schema's revision (None: an empty database), read with one query as Alembic keeps
        it: asking Alembic's MigrationContext imported 0.2 s of Alembic, Mako and Pygments at
        every kiosk start, only to journal the schema."""
        self.check_reachable()
        try:
            with self.engine.connect() as conn:
                found = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        except DBAPIError:
            return None  # no version table: nothing was ever migrated here
        if len(found) > 1:
            raise StorageError(f"the database has {len(found)} schema versions ({', '.join(sorted(found))}); "
                               "it was not migrated by FacePay", hint="restore it from a backup")
        return found[0] if found else None

    def require_current_schema(self) -> None:
        if self.schema_at_head():  # one query; Alembic is asked only to say what is wrong
            return
        current, head = self.current_revision(), self.head_revision()
        if current != head:
            raise StorageError(
                f"the database schema is at {current or 'nothing (empty database)'}, this program needs {head}",
                hint="run: facepay db upgrade",
            )

    def table_names(self) -> list[str]:
        return inspect(self.engine).get_table_names()

    def dispose(self) -> None:
        self.engine.dispose()


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


def affected(result: object) -> int:
    """How many rows an UPDATE or DELETE changed. Session.execute is typed as returning a plain
    Result; for these statements it is a CursorResult, which counts them."""
    from sqlalchemy.engine import CursorResult

    assert isinstance(result, CursorResult)
    return result.rowcount
