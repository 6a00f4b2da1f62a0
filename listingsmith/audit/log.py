"""The audit log: every event carries the hash of the previous one, so an edited, deleted or
reordered event breaks the chain at a place `verify` names. SQLite triggers refuse UPDATE and
DELETE; the chain catches what bypasses them (another tool, a copied file); signed anchors of
its head (`anchors`) catch a chain rewritten whole."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from listingsmith.audit.anchors import (
    ANCHOR_SCHEMA,
    Anchor,
    anchor_at,
    insert_anchor,
    sign_head,
)
from listingsmith.audit.signing import Signer

GENESIS = "0" * 64
SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY,
    ts REAL NOT NULL,
    run_id TEXT NOT NULL,
    sku TEXT NOT NULL,
    locale TEXT,
    node TEXT NOT NULL,
    attempt INTEGER,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_sku ON events (sku, locale);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
FIELDS = ("seq", "ts", "run_id", "sku", "locale", "node", "attempt", "payload")


@dataclass(frozen=True)
class AuditEvent:
    """One recorded step: who/what acted on which listing, with what result."""

    seq: int
    ts: float
    run_id: str
    sku: str
    locale: str | None
    node: str
    attempt: int | None
    payload: dict[str, Any]
    prev_hash: str
    hash: str


def content_hash(value: Any) -> str:
    """SHA-256 of a value's canonical JSON."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def event_hash(row: dict[str, Any], prev_hash: str) -> str:
    """The chain link: hash of the previous link and this event's fields."""
    return content_hash({"prev": prev_hash, **{k: row[k] for k in FIELDS}})


def next_event(
    last: tuple[int, str] | None,
    run_id: str,
    sku: str,
    node: str,
    payload: dict[str, Any],
    locale: str | None,
    attempt: int | None,
) -> tuple[dict[str, Any], str, str]:
    """(the event's fields, the previous hash, its own hash) after the chain's head `last`
    ((seq, hash), None for an empty log)."""
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    row = {
        "seq": seq,
        "ts": round(time.time(), 6),
        "run_id": run_id,
        "sku": sku,
        "locale": locale,
        "node": node,
        "attempt": attempt,
        "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str),
    }
    return row, prev, event_hash(row, prev)


def anchor_due(
    signer: Signer | None, every: int, row: dict[str, Any], digest: str
) -> Anchor | None:
    """The anchor to store with event `row` (hash `digest`): every `every` events, if signing."""
    if signer is None or not every or row["seq"] % every:
        return None
    return sign_head(signer, row["seq"], digest, row["ts"])


class EventReader:
    """events() of either backend: its connection (`_db`) and its query's parameter mark."""

    _db: Any
    MARK: ClassVar[str] = "?"

    def events(
        self,
        sku: str | None = None,
        locale: str | None = None,
        *,
        runs: Sequence[str] | None = None,
        after: int = 0,
        limit: int | None = None,
    ) -> Iterator[AuditEvent]:
        """Events in chain order (see select_events)."""
        cursor = self._db.execute(*select_events(self.MARK, sku, locale, runs, after, limit))
        names = [column[0] for column in cursor.description or ()]
        for values in cursor:
            yield row_event(dict(zip(names, values, strict=True)))


class AuditLog(EventReader):
    """An audit log file; safe to share between the batch's coroutines and threads. With a
    signer, the chain's head is signed every `anchor_every` events and on `anchor()`."""

    def __init__(self, path: Path, signer: Signer | None = None, anchor_every: int = 0) -> None:
        self.path = path
        self.signer = signer
        self.anchor_every = anchor_every
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        # WAL + synchronous=NORMAL: a commit no longer waits for the disk (it cost ~6 ms per
        # event, more than every check of a listing); a program crash loses nothing, a power
        # cut at most the last events, and the chain stays whole either way.
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA + ANCHOR_SCHEMA)
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
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                last = self._db.execute(
                    "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                row, prev, digest = next_event(last, run_id, sku, node, payload, locale, attempt)
                self._db.execute(
                    "INSERT INTO events (seq, ts, run_id, sku, locale, node, attempt, payload, "
                    "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*(row[k] for k in FIELDS), prev, digest),
                )
                due = anchor_due(self.signer, self.anchor_every, row, digest)
                if due is not None:
                    insert_anchor(self._db, due)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return row_event({**row, "prev_hash": prev, "hash": digest})

    def anchor(self) -> Anchor | None:
        """Sign the chain's current head (once: an anchor already there is returned); None
        for an empty log."""
        if self.signer is None:
            raise ValueError(f"{self.path}: no signing key to anchor the audit chain with")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                head = self._db.execute(
                    "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                anchor = None
                if head is not None:
                    anchor = anchor_at(self._db, head[0])
                    if anchor is None:
                        anchor = sign_head(self.signer, head[0], head[1], round(time.time(), 6))
                        insert_anchor(self._db, anchor)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return anchor

    def close(self) -> None:
        """Close the file."""
        self._db.close()


def select_events(
    mark: str,
    sku: str | None,
    locale: str | None,
    runs: Sequence[str] | None,
    after: int,
    limit: int | None,
) -> tuple[str, list[Any]]:
    """The query (`mark` for each parameter) of the events in chain order after seq `after`:
    of one sku when given (and locale: its events and the product-level ones), of the runs
    `runs` when given, at most `limit`."""
    where, args = [f"seq > {mark}"], [after]
    if sku is not None:
        where.append(f"sku = {mark}")
        args.append(sku)
        if locale is not None:
            where.append(f"(locale = {mark} OR locale IS NULL)")
            args.append(locale)
    if runs is not None:
        where.append(f"run_id IN ({', '.join(mark for _ in runs) or 'NULL'})")
        args += runs
    query = f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY seq"
    if limit is not None:
        query += f" LIMIT {int(limit)}"
    return query, args


def row_event(row: dict[str, Any]) -> AuditEvent:
    payload = row["payload"]
    return AuditEvent(
        **{**row, "payload": json.loads(payload) if isinstance(payload, str) else payload}
    )


def verify(path: Path) -> tuple[int, str | None]:
    """(events checked, None) if the chain holds; else the first bad event and why."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        cursor = db.execute(
            f"SELECT {', '.join(FIELDS)}, prev_hash, hash FROM events ORDER BY rowid"
        )
        return check_chain(cursor)
    finally:
        db.close()


def check_chain(rows: Iterable[Sequence[Any]]) -> tuple[int, str | None]:
    """Walk rows of (*FIELDS, prev_hash, hash) in stored order: (events checked, None) if the
    chain holds; else the first bad event and why."""
    prev, expected_seq, count = GENESIS, 1, 0
    for values in rows:
        row = dict(zip((*FIELDS, "prev_hash", "hash"), values, strict=True))
        count += 1
        if row["seq"] != expected_seq:
            gap = f"expected event {expected_seq} here"
            return count, f"event {row['seq']}: {gap} (deleted or reordered)"
        if row["prev_hash"] != prev:
            order = f"does not follow event {row['seq'] - 1}"
            return count, f"event {row['seq']}: {order} (deleted or reordered)"
        if event_hash(row, prev) != row["hash"]:
            return count, f"event {row['seq']}: content does not match its hash (edited)"
        prev, expected_seq = row["hash"], expected_seq + 1
    return count, None
