"""Jobs through the work queue: submit one (its products enqueued and a `job.submit` audit event,
in one transaction), see how far it got, and write its listings.jsonl once workers are done."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from listingsmith.audit.pending import Pending
from listingsmith.audit.postgres import PostgresAuditLog
from listingsmith.audit.signing import load_or_create_signer
from listingsmith.batch.catalog import RecordError
from listingsmith.batch.job import RUN_SKU
from listingsmith.config import Settings
from listingsmith.domain import Product
from listingsmith.prompts.framing import Framing
from listingsmith.storage.queue import Db, QueuedJob, enqueue, listings, open_queue, progress


def submit_job(
    url: str,
    settings: Settings,
    job_id: str,
    products: list[Product],
    locales: list[str],
    *,
    tenant: str | None = None,
    framings: tuple[Framing, ...] = (),
    bad_records: list[RecordError] | None = None,
) -> int:
    """Enqueue a job's products for the workers; returns how many were new (a job submitted
    again adds none)."""
    if ":" in job_id:  # the first ":" of a thread id ends the run id
        raise ValueError(f"job id {job_id!r}: ':' is not allowed in a job id")
    queued = QueuedJob(job_id, tenant, locales, [f.model_dump() for f in framings])
    payload = {
        "locales": locales,
        "variants": queued.framings,
        "products": len(products),
        "bad_records": [str(e) for e in bad_records or []],
        "tenant": tenant,
    }
    pairs = [(p.sku, p.model_dump_json()) for p in products]
    added: list[int] = []

    def enqueued(db: Db) -> bool:  # the event is recorded when products were added
        added.append(enqueue(db, queued, pairs))
        return added[0] > 0

    signer = load_or_create_signer(settings.signing_key_path)
    audit = PostgresAuditLog(url, signer, settings.audit_anchor_every)
    try:
        audit.append_with(
            [Pending(job_id, RUN_SKU, "job.submit", payload)],
            enqueued,
        )
    finally:
        audit.close()
    return added[0]


def wait_and_write(
    url: str,
    job_id: str,
    out_dir: Path,
    poll_s: float,
    seen: Callable[[dict[str, int]], None],
) -> Counter[tuple[str, str]]:
    """Wait until workers have finished every product of the job (`seen` gets each progress
    reading), then write OUT_DIR/listings.jsonl; returns the listings by (locale, status)."""
    with open_queue(url) as db:
        while True:
            now = progress(db, job_id)
            seen(now)
            if finished(now):
                break
            time.sleep(poll_s)
        return write_listings(db, job_id, out_dir)


def finished(now: dict[str, int]) -> bool:
    """Whether a job's progress reading says every product is done."""
    return now["queued"] == now["leased"] == 0


def write_listings(db: Db, job_id: str, out_dir: Path) -> Counter[tuple[str, str]]:
    """Write the job's listings to OUT_DIR/listings.jsonl; returns them by (locale, status)."""
    lines = listings(db, job_id)
    out_dir.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)
    (out_dir / "listings.jsonl").write_text(text, encoding="utf-8")
    return Counter((line["locale"], line["status"]) for line in lines)
