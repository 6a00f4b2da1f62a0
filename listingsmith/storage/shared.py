"""A store shared by threads and processes, chosen by its location: an SQLite file (WAL), or a
PostgreSQL database URL (the schema `store`, made by the Alembic migrations in
audit/migrations). Stores write their SQL once, with `?` placeholders. Every call has a
connection of its own: a new one to a file, one from the process's pool for the database."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import psycopg
from psycopg_pool import ConnectionPool

from listingsmith.audit.backends import is_database_url
from listingsmith.audit.migrations import upgrade
from listingsmith.audit.postgres import CHAIN_LOCK

# How long a write waits for another connection's (seconds).
BUSY_SECONDS = 30.0
# The PostgreSQL schema every store's tables live in (audit/migrations/versions/a0002).
SCHEMA = "store"

Location = str | Path
"""A store's place: a postgresql:// URL, or an SQLite file path."""


def store_location(file: Path, database: str | None) -> Location:
    """Where a store lives: the database when one is set, else its SQLite file."""
    return database or file


# Connections a process keeps open to one database (a new one costs several milliseconds, more
# than a store's query).
POOL_SIZE = 8


@cache
def _pool(url: str) -> ConnectionPool:
    """The process's connections to the database at `url`, migrated to the newest revision
    first (once: a store is made per request in places)."""
    upgrade(url, CHAIN_LOCK)
    settings = {"autocommit": True, "options": f"-c search_path={SCHEMA}"}
    return ConnectionPool(
        url,
        min_size=1,
        max_size=POOL_SIZE,
        kwargs=settings,
        check=ConnectionPool.check_connection,
        num_workers=1,
        open=True,
    )


class Cursor(Protocol):
    """What the stores read from a statement."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the stores do on either backend."""

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any: ...


class _Postgres:
    """A psycopg connection speaking the stores' `?` placeholders."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, args: Sequence[Any] = ()) -> Cursor:
        return self.conn.execute(sql.replace("?", "%s"), args)  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Any:
        with self.conn.cursor() as cursor:
            cursor.executemany(sql.replace("?", "%s"), rows)  # type: ignore[arg-type]


class SharedStore:
    """A store with its schema in place on first use: `schema` (SQLite DDL) runs on a file,
    the Alembic migrations on a database."""

    def __init__(self, location: Location, schema: str) -> None:
        self.location = location
        # Writers of one store queue on this key (a transaction-scoped advisory lock).
        self._lock_key = zlib.crc32(f"{SCHEMA}.{type(self).__name__}".encode())
        if is_database_url(location):
            _pool(str(location))
            return
        path = Path(location)
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(schema)  # type: ignore[attr-defined]

    @property
    def on_database(self) -> bool:
        """Whether the store lives in a PostgreSQL database."""
        return is_database_url(self.location)

    @contextmanager
    def _connection(self) -> Iterator[Connection]:
        """A connection of this call's own, each statement committed as it runs."""
        if self.on_database:
            with _pool(str(self.location)).connection() as conn:
                yield _Postgres(conn)
            return
        with closing(
            sqlite3.connect(self.location, timeout=BUSY_SECONDS, isolation_level=None)
        ) as conn:
            yield conn

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        """One write transaction at a time across processes (SQLite's BEGIN IMMEDIATE, the
        store's advisory lock on PostgreSQL): committed on leaving, rolled back on an error."""
        with self._connection() as conn:
            if isinstance(conn, _Postgres):
                with conn.conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(?)", (self._lock_key,))
                    yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
