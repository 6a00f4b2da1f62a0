"""The service's jobs: who submitted what, and how far it got, in the service's SQLite file or
the PostgreSQL database (storage/shared.py)."""

from __future__ import annotations

import json
import sqlite3
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from listingsmith.config import TenantQuotas
from listingsmith.storage.shared import Location, SharedStore

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY, tenant TEXT NOT NULL, status TEXT NOT NULL, created REAL NOT NULL,
    locales TEXT NOT NULL, products INTEGER NOT NULL, error TEXT, report TEXT,
    bytes INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS jobs_tenant ON jobs (tenant, created);
"""
COLUMNS = ("id", "tenant", "status", "created", "locales", "products", "error", "report")
# A job's bytes on disk came with revision a0004 (an older SQLite file gains the column).
ADD_BYTES = "ALTER TABLE jobs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0"
# One tenant's unfinished jobs and stored bytes (the index jobs_tenant finds its rows); a job
# told to stop runs until its next product boundary ('cancelling') and holds its place until then.
USAGE = (
    "SELECT count(CASE WHEN status = 'queued' THEN 1 END), "
    "count(CASE WHEN status IN ('running', 'cancelling') THEN 1 END), coalesce(sum(bytes), 0) "
    "FROM jobs WHERE tenant = ?"
)
# Cancelling a job, in one statement (a runner starting it at the same instant either finds it
# cancelled or is told to stop): a queued one that nothing has started (the first parameter)
# ends 'cancelled' at once; otherwise it is 'cancelling' until it stops. Returns the new status.
CANCEL = (
    "UPDATE jobs SET "
    "status = CASE WHEN status = 'queued' AND ? THEN 'cancelled' ELSE 'cancelling' END, "
    "report = CASE WHEN status = 'queued' AND ? THEN ? ELSE ? END "
    "WHERE id = ? AND status IN ('queued', 'running') RETURNING status"
)


@dataclass(frozen=True)
class Usage:
    """What one tenant holds of the service: jobs queued and running, bytes stored."""

    queued: int = 0
    running: int = 0
    bytes: int = 0

    @property
    def unfinished(self) -> int:
        """Jobs queued or running."""
        return self.queued + self.running


def over_quota(usage: Usage, adding: int, quotas: TenantQuotas) -> str | None:
    """The quota a new job of `adding` bytes would pass ("unfinished_jobs", "stored_bytes"),
    None when it fits."""
    if usage.unfinished >= quotas.unfinished_jobs:
        return "unfinished_jobs"
    if usage.bytes + adding > quotas.stored_bytes or usage.bytes >= quotas.stored_bytes:
        return "stored_bytes"
    return None


class OverQuota(Exception):
    """The tenant may not add this job (`quota` says which it would pass); nothing was added."""

    def __init__(self, quota: str, usage: Usage, adding: int) -> None:
        super().__init__(f"{quota}: {usage}")
        self.quota, self.usage, self.adding = quota, usage, adding


class JobRecords(SharedStore):
    """One row per job; every call opens its own connection, so threads, processes and
    (on a database) machines share it."""

    def __init__(self, location: Location) -> None:
        super().__init__(location, SCHEMA)
        if not self.on_database:
            with self._connection() as conn:
                names = {row[1] for row in conn.execute("PRAGMA table_info(jobs)")}
                if "bytes" not in names:
                    with suppress(sqlite3.OperationalError):  # another process added it
                        conn.execute(ADD_BYTES)

    def add(
        self,
        job_id: str,
        tenant: str,
        locales: list[str],
        products: int,
        stored: int = 0,
        quotas: TenantQuotas | None = None,
    ) -> None:
        """Register a job (of `stored` bytes so far) as queued; OverQuota, adding nothing, when
        it would pass one of the tenant's `quotas` (counted and added in one write transaction:
        two submissions at once cannot both take the last place)."""
        with self._transaction() as conn:
            if quotas is not None:
                usage = Usage(*map(int, conn.execute(USAGE, (tenant,)).fetchone()))
                passed = over_quota(usage, stored, quotas)
                if passed:
                    raise OverQuota(passed, usage, stored)
            conn.execute(
                "INSERT INTO jobs (id, tenant, status, created, locales, products, bytes) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (job_id, tenant, "queued", time.time(), json.dumps(locales), products, stored),
            )

    def usage(self, tenant: str) -> Usage:
        """The tenant's jobs queued and running and the bytes its jobs hold."""
        with self._connection() as conn:
            return Usage(*map(int, conn.execute(USAGE, (tenant,)).fetchone()))

    def unfinished(self, tenant: str) -> list[str]:
        """The ids of the tenant's jobs that are queued or running."""
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT id FROM jobs WHERE tenant = ? "
                "AND status IN ('queued', 'running', 'cancelling')",
                (tenant,),
            )
            return [row[0] for row in rows]

    def set_bytes(self, job_id: str, stored: int) -> None:
        """What the job's folder holds now (bytes)."""
        with self._connection() as conn:
            conn.execute("UPDATE jobs SET bytes = ? WHERE id = ?", (stored, job_id))

    def remove(self, job_id: str) -> int | None:
        """Delete a job's row; the bytes it counted to its tenant (None: there was no such row,
        another call removed it first)."""
        with self._connection() as conn:
            row = conn.execute(
                "DELETE FROM jobs WHERE id = ? RETURNING bytes", (job_id,)
            ).fetchone()
        return int(row[0]) if row else None

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

    def status(self, job_id: str) -> str | None:
        """A job's status now (None: no such job)."""
        with self._connection() as conn:
            row = conn.execute("SELECT status FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return row[0] if row else None

    def move(
        self,
        job_id: str,
        before: tuple[str, ...],
        status: str,
        error: str | None = None,
        report: dict[str, Any] | None = None,
    ) -> bool:
        """Move a job on only from one of the statuses `before` (one statement: of two callers
        moving it at once, one wins); whether it moved."""
        marks = ", ".join("?" for _ in before)
        with self._connection() as conn:
            row = conn.execute(
                f"UPDATE jobs SET status = ?, error = ?, report = ? "
                f"WHERE id = ? AND status IN ({marks}) RETURNING id",
                (status, error, json.dumps(report) if report else None, job_id, *before),
            ).fetchone()
        return row is not None

    def cancel(
        self, job_id: str, idle: bool, if_idle: dict[str, Any], if_busy: dict[str, Any]
    ) -> str | None:
        """Cancel a queued or running job (see CANCEL): 'cancelled' with the report `if_idle`
        when it was queued and `idle` (nothing of it started), else 'cancelling' with the
        report `if_busy`; None when it was neither queued nor running."""
        args = (idle, idle, json.dumps(if_idle), json.dumps(if_busy), job_id)
        with self._connection() as conn:
            row = conn.execute(CANCEL, args).fetchone()
        return row[0] if row else None

    def set_status(
        self, job_id: str, status: str, error: str | None, report: dict[str, Any] | None
    ) -> None:
        """Move a job on."""
        with self._connection() as conn:
            conn.execute(
                "UPDATE jobs SET status = ?, error = ?, report = ? WHERE id = ?",
                (status, error, json.dumps(report) if report else None, job_id),
            )
