"""One decision per held listing: a lock per thread within the process, and a claim on the
interrupt that another process sees (the first claim wins), in the run's checkpoint file or the
database its checkpoints are in (storage/shared.py)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from listingsmith.config import Settings
from listingsmith.storage.shared import Connection, SharedStore, store_location

SCHEMA = """
CREATE TABLE IF NOT EXISTS review_claims (
    interrupt_id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    action TEXT NOT NULL,
    claimed_at REAL NOT NULL
);
"""
CLAIM = """
INSERT INTO review_claims VALUES (?, ?, ?, ?, ?)
ON CONFLICT (interrupt_id) DO UPDATE SET thread_id = excluded.thread_id,
    reviewer = excluded.reviewer, action = excluded.action, claimed_at = excluded.claimed_at
"""

_guard = threading.Lock()
_in_flight: set[tuple[str, str]] = set()  # (claims store, thread) deciding in this process


class ClaimTaken(Exception):
    """Another decision holds (or held) this listing: `by` says whose."""

    def __init__(self, by: str) -> None:
        super().__init__(by)
        self.by = by


class ReviewClaims(SharedStore):
    """The claims on a run's held listings, beside its checkpoints."""

    def __init__(self, db_path: Path, settings: Settings) -> None:
        location = store_location(db_path, settings.database)
        super().__init__(location, SCHEMA)
        self.key = location if isinstance(location, str) else str(location.resolve())

    @contextmanager
    def exclusive(self) -> Iterator[Connection]:
        """A write transaction: one writer at a time across processes (a run's outputs are
        rewritten under it too); committed on leaving, rolled back on an error."""
        with self._transaction() as conn:
            yield conn

    def claim(
        self, interrupt_id: str, thread_id: str, reviewer: str, action: str, stale: float
    ) -> float:
        """Claim an interrupt (when its claim was made); ClaimTaken when a claim younger than
        `stale` seconds holds it."""
        now = time.time()
        with self.exclusive() as conn:
            row = conn.execute(
                "SELECT reviewer, action, claimed_at FROM review_claims WHERE interrupt_id = ?",
                (interrupt_id,),
            ).fetchone()
            if row is not None and now - row[2] < stale:
                raise ClaimTaken(f"{row[1]} by {row[0]}")
            # No claim, or one left by a process that died before resuming (the interrupt is
            # still pending, so that decision never happened).
            conn.execute(CLAIM, (interrupt_id, thread_id, reviewer, action, now))
        return now

    def withdraw(self, interrupt_id: str, claimed_at: float) -> None:
        """Drop the claim made at `claimed_at` (its decision failed)."""
        with self.exclusive() as conn:
            conn.execute(
                "DELETE FROM review_claims WHERE interrupt_id = ? AND claimed_at = ?",
                (interrupt_id, claimed_at),
            )


@contextmanager
def claim_decision(
    claims: ReviewClaims,
    thread_id: str,
    interrupt_id: str,
    reviewer: str,
    action: str,
    stale: float,
) -> Iterator[None]:
    """Hold the thread for one decision on its pending interrupt; ClaimTaken when another
    decision is in flight or has claimed the interrupt. The claim stays once the body succeeds
    (the interrupt is answered) and is withdrawn when it fails."""
    key = (claims.key, thread_id)
    with _guard:
        if key in _in_flight:
            raise ClaimTaken("another decision in flight")
        _in_flight.add(key)
    try:
        claimed_at = claims.claim(interrupt_id, thread_id, reviewer, action, stale)
        try:
            yield
        except BaseException:
            claims.withdraw(interrupt_id, claimed_at)
            raise
    finally:
        with _guard:
            _in_flight.discard(key)
