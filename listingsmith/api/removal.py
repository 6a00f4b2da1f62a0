"""Deleting a finished job (DELETE /v1/jobs/{id}), so that a tenant frees its stored bytes: its
row, uploads, outputs and checkpoints, its rows in the held-listings index and, with a
database, its checkpoint threads and work-queue rows go; its audit trail stays, and gains an
event that records who deleted which job and the bytes freed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import HTTPException
from fastapi.concurrency import run_in_threadpool

from listingsmith.api.jobs import DELETED, UNFINISHED, JobStore
from listingsmith.api.keys import Principal
from listingsmith.api.sources import ReviewSources
from listingsmith.batch.job import append_job_event
from listingsmith.batch.runner import thread_prefixes
from listingsmith.config import Settings
from listingsmith.storage.checkpoints import drop_threads
from listingsmith.storage.queue import open_queue, remove


async def refuse_busy(job: dict[str, Any], sources: ReviewSources) -> None:
    """409 while the job may still change: it runs, or listings of it await a decision."""
    if job["status"] in UNFINISHED:
        raise HTTPException(
            409, f"job {job['id']} is {job['status']}: a job is deleted once it has ended"
        )
    await sources.indexed()
    held = sources.index.held_in(job["id"])
    if held:
        raise HTTPException(
            409,
            f"job {job['id']} has {held} listings awaiting a decision: decide them, then delete",
        )


def forget(
    job: dict[str, Any], principal: Principal, freed: int, settings: Settings, folder: Path
) -> None:
    """What is left of a removed job beside its files (`folder`): its work-queue rows (with a
    database); then the audit event of its deletion (in the job's own log, without one)."""
    job_id = job["id"]
    if settings.database:
        with open_queue(settings.database) as db:
            remove(db, job_id)
    payload = {
        "job": job_id,
        "tenant": job["tenant"],
        "by": principal.name,
        "role": principal.role.value,
        "bytes_freed": freed,
    }
    append_job_event(folder, settings, job_id, DELETED, payload)


async def delete_job(
    job: dict[str, Any],
    principal: Principal,
    store: JobStore,
    sources: ReviewSources,
    settings: Settings,
) -> dict[str, Any]:
    """Delete a job the caller may see (see the module); 409 while it is busy, 404 when another
    call deleted it first. Returns {"job", "deleted", "bytes_freed"}."""
    await refuse_busy(job, sources)
    job_id = job["id"]
    freed = await run_in_threadpool(store.remove, job_id)
    if freed is None:
        raise HTTPException(404, f"no job {job_id}")
    await run_in_threadpool(sources.index.forget, job_id)
    if settings.database:
        await drop_threads(settings.database, thread_prefixes(job_id))
    folder = store.folder(job_id)
    await run_in_threadpool(forget, job, principal, freed, settings, folder)
    return {"job": job_id, "deleted": True, "bytes_freed": freed}
