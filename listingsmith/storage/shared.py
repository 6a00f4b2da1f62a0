"""A SQLite store file shared by threads and processes: WAL, and a connection of its own for
every call."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

# How long a write waits for another connection's (seconds).
BUSY_SECONDS = 30.0


class SharedFile:
    """A store file with its schema created on first use."""

    def __init__(self, path: Path, schema: str) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(schema)

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        with closing(
            sqlite3.connect(self.path, timeout=BUSY_SECONDS, isolation_level=None)
        ) as conn:
            yield conn
