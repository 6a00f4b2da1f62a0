"""The work queue on PostgreSQL (schema `work`, Alembic revision a0003): a job's products as
rows that workers claim with `FOR UPDATE SKIP LOCKED` and a lease, and the listings they write.

A claim bumps the row's `attempts`, which fences everything after it: releasing and finishing
name the attempt they hold, so a worker whose lease ran out and was claimed again can no longer
write. Finishing marks the row done and inserts its listings in the caller's
transaction (the worker appends the product's audit events in the same one), keyed by job,
product, locale and variant, so nothing is written twice."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg

from listingsmith.audit.postgres import connect

# Jobs with a product under a live lease, and each tenant's count of them (a job with no tenant,
# a CLI run's, counts as tenant '').
LIVE = """
live AS (
    SELECT DISTINCT i.job_id, coalesce(j.tenant, '') AS tenant
    FROM work.items i JOIN work.jobs j ON j.id = i.job_id
    WHERE i.state = 'leased' AND i.lease_until >= now()
),
running AS (SELECT tenant, count(*) AS jobs FROM live GROUP BY tenant)
"""
# The claim, fair between tenants: a tenant at its running-jobs limit is skipped (except for the
# products of its jobs already running: they start no new job), the tenant with the fewest
# running jobs goes first, oldest product first within it; SKIP LOCKED: two workers never take
# the same row. Counted in the statement's snapshot, so workers claiming at the same instant
# may each start one of a tenant's jobs past its limit.
CLAIM = f"""
WITH {LIVE}
UPDATE work.items SET state = 'leased', worker = %(worker)s, attempts = attempts + 1,
    lease_until = now() + make_interval(secs => %(lease)s)
WHERE id = (
    SELECT i.id FROM work.items i
    JOIN work.jobs j ON j.id = i.job_id
    LEFT JOIN running r ON r.tenant = coalesce(j.tenant, '')
    WHERE (i.state = 'queued' OR (i.state = 'leased' AND i.lease_until < now()))
        AND (coalesce(r.jobs, 0) < %(running_jobs)s
             OR i.job_id IN (SELECT job_id FROM live))
    ORDER BY coalesce(r.jobs, 0), i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED
)
RETURNING id, job_id, sku, product, attempts
"""
NO_LIMIT = 2**31 - 1  # running jobs per tenant, for a claim that applies no quota
# The row a claim holds, while it holds it (a later claim bumps attempts).
HELD = "id = %(id)s AND state = 'leased' AND worker = %(worker)s AND attempts = %(attempts)s"

Db = psycopg.Connection[Any]


@dataclass(frozen=True)
class Item:
    """One claimed product: its row, job, sku, product JSON and which claim of it this is."""

    id: int
    job_id: str
    sku: str
    product: str
    attempts: int

    def held(self, worker: str) -> dict[str, Any]:
        """The parameters of HELD for this claim."""
        return {"id": self.id, "worker": worker, "attempts": self.attempts}


@dataclass(frozen=True)
class QueuedJob:
    """A submitted job: its tenant, locales and the variants of its listings (JSON)."""

    id: str
    tenant: str | None
    locales: list[str]
    framings: list[dict[str, Any]]


@dataclass(frozen=True)
class Line:
    """One listing line a worker writes: sku, locale, variant id ('' for none), the JSON line."""

    sku: str
    locale: str
    variant: str
    line: dict[str, Any]


def open_queue(url: str) -> Db:
    """A connection to the database at `url`, its schemas migrated (audit/migrations)."""
    return connect(url)


def enqueue(
    db: Db,
    job: QueuedJob,
    products: Sequence[tuple[str, str]],
) -> int:
    """Store a job and its products (sku, product JSON); submitting the same job again adds
    nothing. Returns the items added."""
    db.execute(
        "INSERT INTO work.jobs (id, tenant, locales, framings, products) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
        (job.id, job.tenant, json.dumps(job.locales), json.dumps(job.framings), len(products)),
    )
    added = 0
    with db.cursor() as cursor:
        for sku, product in products:
            cursor.execute(
                "INSERT INTO work.items (job_id, sku, product) VALUES (%s, %s, %s) "
                "ON CONFLICT (job_id, sku) DO NOTHING",
                (job.id, sku, product),
            )
            added += cursor.rowcount
    return added


def claim(db: Db, worker: str, lease_s: float, running_jobs: int = NO_LIMIT) -> Item | None:
    """A product nobody holds (queued, or its lease run out), now leased to `worker`: of the
    tenant with the fewest jobs running among those under `running_jobs` (see CLAIM), its
    oldest."""
    args = {"worker": worker, "lease": lease_s, "running_jobs": running_jobs}
    row = db.execute(CLAIM, args).fetchone()
    return Item(*row) if row else None


def renew(db: Db, worker: str, lease_s: float) -> int:
    """Extend the lease of every product `worker` holds; returns how many it holds."""
    cursor = db.execute(
        "UPDATE work.items SET lease_until = now() + make_interval(secs => %s) "
        "WHERE state = 'leased' AND worker = %s",
        (lease_s, worker),
    )
    return cursor.rowcount


def release(db: Db, item: Item, worker: str) -> bool:
    """Give the product back to the queue (a worker stopping); False when no longer held."""
    cursor = db.execute(
        f"UPDATE work.items SET state = 'queued', worker = NULL, lease_until = NULL WHERE {HELD}",
        item.held(worker),
    )
    return cursor.rowcount == 1


def finish(db: Db, item: Item, worker: str, lines: Sequence[Line]) -> bool:
    """Mark the product done and insert its listings, in the caller's transaction; False (and
    nothing written) when this claim no longer holds it."""
    cursor = db.execute(
        f"UPDATE work.items SET state = 'done', worker = NULL, lease_until = NULL WHERE {HELD}",
        item.held(worker),
    )
    if cursor.rowcount != 1:
        return False
    with db.cursor() as insert:
        insert.executemany(
            "INSERT INTO work.listings (job_id, sku, locale, variant, position, line) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            [
                (item.job_id, x.sku, x.locale, x.variant, i, json.dumps(x.line, ensure_ascii=False))
                for i, x in enumerate(lines)
            ],
        )
    return True


def set_aside(db: Db, item: Item, worker: str) -> bool:
    """Mark a product failed, in the caller's transaction (it has stopped every worker that ran
    it: a crash or a kill each time); False when this claim no longer holds it."""
    cursor = db.execute(
        f"UPDATE work.items SET state = 'failed', worker = NULL, lease_until = NULL WHERE {HELD}",
        item.held(worker),
    )
    return cursor.rowcount == 1


def remove(db: Db, job_id: str) -> None:
    """Drop a job's products, listings and row from the queue (the job was deleted)."""
    with db.transaction():
        db.execute("DELETE FROM work.listings WHERE job_id = %s", (job_id,))
        db.execute("DELETE FROM work.items WHERE job_id = %s", (job_id,))
        db.execute("DELETE FROM work.jobs WHERE id = %s", (job_id,))


def job(db: Db, job_id: str) -> QueuedJob | None:
    """A submitted job, None when there is none by that id."""
    row = db.execute(
        "SELECT id, tenant, locales, framings FROM work.jobs WHERE id = %s", (job_id,)
    ).fetchone()
    return QueuedJob(row[0], row[1], json.loads(row[2]), json.loads(row[3])) if row else None


def progress(db: Db, job_id: str) -> dict[str, int]:
    """How many of a job's products are queued, leased, done and failed."""
    rows = db.execute(
        "SELECT state, count(*) FROM work.items WHERE job_id = %s GROUP BY state", (job_id,)
    ).fetchall()
    return {"queued": 0, "leased": 0, "done": 0, "failed": 0, **dict(rows)}


def listings(db: Db, job_id: str) -> list[dict[str, Any]]:
    """A job's listing lines, in product order, each product's in the order written."""
    rows = db.execute(
        "SELECT l.line FROM work.listings l JOIN work.items i ON (i.job_id, i.sku) = "
        "(l.job_id, l.sku) WHERE l.job_id = %s ORDER BY i.id, l.position",
        (job_id,),
    ).fetchall()
    return [json.loads(row[0]) for row in rows]
