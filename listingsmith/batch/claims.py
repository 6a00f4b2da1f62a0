"""One decision per held listing: a lock per thread within the process, and a claim on the
interrupt in the checkpoint file that another process sees (the first claim wins)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_claims (
    interrupt_id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,
    claimed_at REAL NOT NULL
);
"""
BUSY_SECONDS = 30.0  # how long a claim waits for another process's short write

_guard = threading.Lock()
_in_flight: set[tuple[Path, str]] = set()  # (checkpoint file, thread) deciding in this process


class ClaimTaken(Exception):
    """Another decision holds (or held) this listing: `by` says whose."""

    def __init__(self, by: str) -> None:
        super().__init__(by)
        self.by = by


@contextmanager
def immediate(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A write transaction on the checkpoint file (BEGIN IMMEDIATE): one writer at a time across
    processes; committed on leaving, rolled back on an error."""
    with closing(sqlite3.connect(db_path, timeout=BUSY_SECONDS, isolation_level=None)) as conn:
        conn.executescript(SCHEMA)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _claim(
    db_path: Path, interrupt_id: str, thread_id: str, reviewer: str, action: str, stale: float
) -> float:
    now = time.time()
    with immediate(db_path) as conn:
        row = conn.execute(
            "SELECT reviewer, action, claimed_at FROM review_claims WHERE interrupt_id = ?",
            (interrupt_id,),
        ).fetchone()
        if row is not None and now - row[2] < stale:
            raise ClaimTaken(f"{row[1]} by {row[0]}")
        # No claim, or one left by a process that died before resuming (the interrupt is still
        # pending, so that decision never happened).
        conn.execute(
            "INSERT OR REPLACE INTO review_claims VALUES (?, ?, ?, ?, ?)",
            (interrupt_id, thread_id, reviewer, action, now),
        )
    return now


@contextmanager
def claim_decision(
    db_path: Path, thread_id: str, interrupt_id: str, reviewer: str, action: str, stale: float
) -> Iterator[None]:
    """Hold the thread for one decision on its pending interrupt; ClaimTaken when another
    decision is in flight or has claimed the interrupt. The claim stays once the body succeeds
    (the interrupt is answered) and is withdrawn when it fails."""
    key = (db_path.resolve(), thread_id)
    with _guard:
        if key in _in_flight:
            raise ClaimTaken("another decision in flight")
        _in_flight.add(key)
    try:
        claimed_at = _claim(db_path, interrupt_id, thread_id, reviewer, action, stale)
        try:
            yield
        except BaseException:
            with immediate(db_path) as conn:
                conn.execute(
                    "DELETE FROM review_claims WHERE interrupt_id = ? AND claimed_at = ?",
                    (interrupt_id, claimed_at),
                )
            raise
    finally:
        with _guard:
            _in_flight.discard(key)
