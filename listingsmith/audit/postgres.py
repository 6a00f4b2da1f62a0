"""The audit log on PostgreSQL: the SQLite log's chain, anchors and checks, shared by every
process that appends. The chain stays linear because each append takes a transaction-scoped
advisory lock (pg_advisory_xact_lock) before it reads the head and inserts after it, so
appenders in any process queue one behind another; seq's primary key refuses a fork anyway."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg

from listingsmith.audit.anchors import Anchor, anchor_at, insert_anchor, read_anchors, sign_head
from listingsmith.audit.log import (
    FIELDS,
    AuditEvent,
    EventReader,
    anchor_due,
    check_chain,
    next_event,
    row_event,
)
from listingsmith.audit.migrations import upgrade
from listingsmith.audit.pending import Pending
from listingsmith.audit.signing import Signer

# The advisory lock key every appender of a database queues on.
CHAIN_LOCK = 0x6C69_7374_6175_6474  # "listaudt"
HEAD = "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"


def lock_chain(db: psycopg.Connection[Any]) -> None:
    """Wait for, then hold until the transaction ends, the lock every appender takes."""
    db.execute("SELECT pg_advisory_xact_lock(%s)", (CHAIN_LOCK,))


def connect(url: str) -> psycopg.Connection[Any]:
    """A connection to the audit schema of the database at `url`, migrated to the newest
    revision first (Alembic, audit/migrations)."""
    upgrade(url, CHAIN_LOCK)
    return psycopg.connect(url, autocommit=True, options="-c search_path=audit")


class PostgresAuditLog(EventReader):
    """The audit log in a PostgreSQL database; AuditLog's methods, safe across threads and
    processes."""

    MARK = "%s"

    def __init__(self, url: str, signer: Signer | None = None, anchor_every: int = 0) -> None:
        self.path = url
        self.signer = signer
        self.anchor_every = anchor_every
        self._db = connect(url)
        self._lock = threading.Lock()

    def append(
        self,
        run_id: str,
        sku: str,
        node: str,
        payload: dict[str, Any],
        locale: str | None = None,
        attempt: int | None = None,
    ) -> AuditEvent:
        """Add one event at the end of the chain."""
        with self._lock, self._db.transaction():
            lock_chain(self._db)
            return self._insert(Pending(run_id, sku, node, payload, locale, attempt))

    def append_with(
        self, events: Sequence[Pending], first: Callable[[psycopg.Connection[Any]], bool]
    ) -> bool:
        """Run `first` on this log's connection, then add `events`, in one transaction: all
        of it, or (when `first` says False) none of it. A worker finishes a product this way."""
        with self._lock, self._db.transaction():
            if not first(self._db):
                raise psycopg.Rollback
            lock_chain(self._db)
            for event in events:
                self._insert(event)
            return True
        return False

    def _insert(self, event: Pending) -> AuditEvent:
        """Insert one event after the head, inside a transaction holding the chain's lock."""
        last = self._db.execute(HEAD).fetchone()
        row, prev, digest = next_event(last, *event)
        self._db.execute(
            f"INSERT INTO events ({', '.join(FIELDS)}, prev_hash, hash) "
            f"VALUES ({', '.join(['%s'] * (len(FIELDS) + 2))})",
            (*(row[k] for k in FIELDS), prev, digest),
        )
        due = anchor_due(self.signer, self.anchor_every, row, digest)
        if due is not None:
            insert_anchor(self._db, due, mark="%s")
        return row_event({**row, "prev_hash": prev, "hash": digest})

    def anchor(self) -> Anchor | None:
        """Sign the chain's current head (once); None for an empty log."""
        if self.signer is None:
            raise ValueError("no signing key to anchor the audit chain with")
        with self._lock, self._db.transaction():
            lock_chain(self._db)
            head = self._db.execute(HEAD).fetchone()
            if head is None:
                return None
            anchor = anchor_at(self._db, head[0], mark="%s")
            if anchor is None:
                anchor = sign_head(self.signer, head[0], head[1], round(time.time(), 6))
                insert_anchor(self._db, anchor, mark="%s")
            return anchor

    def close(self) -> None:
        """Close the connection."""
        self._db.close()


def verify_url(url: str) -> tuple[int, str | None]:
    """verify() of the audit log in the database at `url`."""
    with connect(url) as db:
        rows = db.execute(f"SELECT {', '.join(FIELDS)}, prev_hash, hash FROM events ORDER BY seq")
        return check_chain(rows.fetchall())


def anchors_and_heads_url(url: str) -> tuple[list[Anchor], dict[int, str]]:
    """The database's anchors and each event's hash by seq."""
    with connect(url) as db:
        heads = dict(db.execute("SELECT seq, hash FROM events").fetchall())
        return read_anchors(db), heads
