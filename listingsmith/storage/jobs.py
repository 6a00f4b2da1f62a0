"""The service's jobs: who submitted what, and how far it got, in the service's SQLite file or
the PostgreSQL database (storage/shared.py)."""

from __future__ import annotations

import json
import time
from typing import Any

from listingsmith.storage.shared import Location, SharedStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL,
    locales TEXT NOT NULL, products INTEGER NOT NULL, error TEXT, report TEXT
);
"""
COLUMNS = ("id", "tenant", "status", "created", "locales", "products", "error", "report")


class JobRecords(SharedStore):
    """One row per job; every call opens its own connection, so threads, processes and
    (on a database) machines share it."""

    def __init__(self, location: Location) -> None:
        super().__init__(location, SCHEMA)

    def add(self, job_id: str, tenant: str, locales: list[str], products: int) -> None:
        """Register a job as queued."""
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO jobs (id, tenant, status, created, locales, products) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (job_id, tenant, "queued", time.time(), json.dumps(locales), products),
            )

    def get(self, job_id: str) -> dict[str, Any] | None:
        """One job's row, its locales and report decoded."""
        with self._connection() as conn:
            row = conn.execute(
                f"SELECT {', '.join(COLUMNS)} FROM jobs WHERE id = ?", (job_id,)
            ).fetchone()
        if row is None:
            return None
        job = dict(zip(COLUMNS, row, strict=True))
        job["locales"] = json.loads(job["locales"])
        job["report"] = json.loads(job["report"]) if job["report"] else None
        return job

    def ids(self, tenant: str | None = None) -> list[str]:
        """Job ids, newest first, of one tenant or all."""
        query, args = "SELECT id FROM jobs", ()
        if tenant is not None:
            query, args = query + " WHERE tenant = ?", (tenant,)
        with self._connection() as conn:
            return [row[0] for row in conn.execute(query + " ORDER BY created DESC", args)]

    def set_status(
        self, job_id: str, status: str, error: str | None, report: dict[str, Any] | None
    ) -> None:
        """Move a job on."""
        with self._connection() as conn:
            conn.execute(
                "UPDATE jobs SET status = ?, error = ?, report = ? WHERE id = ?",
                (status, error, json.dumps(report) if report else None, job_id),
            )
