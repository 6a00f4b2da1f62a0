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
# The claim, fair between tenants: a cancelled job's products are never claimed; a tenant at its
# running-jobs limit is skipped (except for the
# products of its jobs already running: they start no new job), the tenant with the fewest
# running jobs goes first, oldest product first within it; SKIP LOCKED: two workers never take
# the same row. The count is the statement's snapshot's, so claims under a limit take CLAIM_LOCK
# first (see claim()).
CLAIM = f"""
WITH {LIVE}
UPDATE work.items SET state = 'leased', worker = %(worker)s, attempts = attempts + 1,
    lease_until = now() + make_interval(secs => %(lease)s)
WHERE id = (
    SELECT i.id FROM work.items i
    JOIN work.jobs j ON j.id = i.job_id
    LEFT JOIN running r ON r.tenant = coalesce(j.tenant, '')
    WHERE (i.state = 'queued' OR (i.state = 'leased' AND i.lease_until < now()))
        AND j.cancelled IS NULL
        AND (coalesce(r.jobs, 0) < %(running_jobs)s
             OR i.job_id IN (SELECT job_id FROM live))
    ORDER BY coalesce(r.jobs, 0), i.id LIMIT 1 FOR UPDATE OF i SKIP LOCKED
)
RETURNING id, job_id, sku, product, attempts
"""
NO_LIMIT = 2**31 - 1  # running jobs per tenant, for a claim that applies no quota
# Claims under a running-jobs limit queue on this transaction-scoped advisory lock ("lsclaims").
CLAIM_LOCK = 0x6C73_636C_6169_6D73
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
    oldest.

    Under a limit, claims are serialised on CLAIM_LOCK, held until the claim commits: CLAIM
    counts a tenant's running jobs in its own snapshot, so two workers claiming at the same
    instant would each start one of its jobs past the limit (12 racing workers, limit 2: 3 to 10
    jobs started in a round before). READ COMMITTED takes CLAIM's snapshot after the lock is
    granted, so it sees every claim committed before. One lock rather than one per tenant: the
    claim picks the tenant (the fairest) in the same statement that counts, and a per-tenant
    lock taken before picking would need a second pick; a claim is one short statement, far
    shorter than the product it starts. Not SERIALIZABLE with retries: racing workers would
    abort each other with serialization failures and retry, more work under exactly the load
    that races."""
    args = {"worker": worker, "lease": lease_s, "running_jobs": running_jobs}
    with db.transaction():
        if running_jobs < NO_LIMIT:
            db.execute("SELECT pg_advisory_xact_lock(%s)", (CLAIM_LOCK,))
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


# What a product given back becomes: queued again, or cancelled when its job was.
GIVEN_BACK = (
    "CASE WHEN (SELECT cancelled FROM work.jobs WHERE id = job_id) IS NULL "
    "THEN 'queued' ELSE 'cancelled' END"
)
# A cancelled job's products that no live claim holds (queued, or their lease run out).
UNCLAIMED = "job_id = %s AND (state = 'queued' OR (state = 'leased' AND lease_until < now()))"


def release(db: Db, item: Item, worker: str) -> bool:
    """Give the product back to the queue (a worker stopping); False when no longer held."""
    cursor = db.execute(
        f"UPDATE work.items SET state = {GIVEN_BACK}, worker = NULL, lease_until = NULL "
        f"WHERE {HELD}",
        item.held(worker),
    )
    return cursor.rowcount == 1


def cancel(db: Db, job_id: str) -> dict[str, int]:
    """Cancel a job: no product of it is claimed again, and those no live claim holds are
    'cancelled' (those in flight finish); returns its progress after. Called again (the
    job's status read), it cancels the products whose lease has run out since."""
    with db.transaction():
        db.execute(
            "UPDATE work.jobs SET cancelled = coalesce(cancelled, now()) WHERE id = %s", (job_id,)
        )
        db.execute(
            f"UPDATE work.items SET state = 'cancelled', worker = NULL, lease_until = NULL "
            f"WHERE {UNCLAIMED}",
            (job_id,),
        )
    return progress(db, job_id)


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
    """How many of a job's products are queued, leased, done and failed (and cancelled, when
    any are)."""
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
