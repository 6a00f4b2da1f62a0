"""The service's jobs with a database (`serve --db postgresql://...`): a submitted job is only
enqueued for `listingsmith worker` processes, and its status, counts and listings.jsonl come
from the queue once they have finished it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from listingsmith.api.jobs import UNFINISHED, JobStore, Runner, by_locale
from listingsmith.batch.queued import finished, submit_job, write_listings
from listingsmith.config import Settings
from listingsmith.storage.jobs import Usage
from listingsmith.storage.queue import cancel, open_queue, progress


class QueuedJobStore(JobStore):
    """A JobStore whose unfinished jobs take their status from the work queue: running while
    workers hold or have finished some products, done (listings.jsonl written into the job's
    folder, counts in its report) once they have finished all."""

    def __init__(self, root: Path, url: str, settings: Settings) -> None:
        super().__init__(root, url)
        self.url, self.settings = url, settings

    def cancel(self, job_id: str, by: dict[str, str], idle: bool, settings: Settings) -> str | None:
        """Cancel the job in the queue first (no product of it is claimed after), then its
        row: 'cancelled' at once when no worker had started any product of it, else
        'cancelling' until those in flight are finished (get() ends it)."""
        if self.records.status(job_id) not in ("queued", "running"):
            return None
        with open_queue(self.url) as db:
            now = cancel(db, job_id)
        idle = idle and not (now["leased"] or now["done"] or now["failed"])
        status = super().cancel(job_id, by, idle, settings)
        if status == "cancelling":
            self.get(job_id)  # ends it now when nothing is in flight
        return status

    def get(self, job_id: str) -> dict[str, Any] | None:
        """One job's row, brought up to date from the queue while it is unfinished."""
        job = super().get(job_id)
        if job is None or job["status"] not in UNFINISHED:
            return job
        if job["status"] == "cancelling":
            return self._stopping(job)
        with open_queue(self.url) as db:
            now = progress(db, job_id)
            if not any(now.values()):  # not enqueued yet
                return job
            if not finished(now):
                status = "running" if now["leased"] or now["done"] else "queued"
                if status != job["status"]:
                    self.set_status(job_id, status)
                return {**job, "status": status, "progress": now}
            counts = write_listings(db, job_id, self.folder(job_id))
        self.set_status(job_id, "done", report={"counts": by_locale(counts)})
        return super().get(job_id)

    def _stopping(self, job: dict[str, Any]) -> dict[str, Any] | None:
        """A cancelled job that products in flight held: still 'cancelling' while workers
        hold some, else 'cancelled' with the listings of those they finished."""
        job_id = job["id"]
        with open_queue(self.url) as db:
            now = cancel(db, job_id)  # a lease that ran out meanwhile is cancelled too
            if now["leased"]:
                return {**job, "progress": now}
            counts = write_listings(db, job_id, self.folder(job_id))
        self.stop_cancelled(job_id, self.settings, {"counts": by_locale(counts)})
        return super().get(job_id)

    def usage(self, tenant: str) -> Usage:
        """The tenant's use, its unfinished jobs' status first brought up to date from the
        queue (a job the workers finished while nobody asked counts as done)."""
        for job_id in self.records.unfinished(tenant):
            self.get(job_id)
        return super().usage(tenant)


class QueueRunner(Runner):
    """JobRunner's face for a service with a database: starting a job enqueues it."""

    def __init__(self, store: JobStore, settings: Settings, url: str) -> None:
        self.store, self.settings, self.url = store, settings, url

    def start(self, job_id: str) -> None:
        """Enqueue the job's products (again after a restart: nothing is added twice)."""
        job = self.store.get(job_id)
        assert job is not None, job_id
        submit_job(
            self.url,
            self.settings,
            job_id,
            self.store.products(job_id),
            job["locales"],
            tenant=job["tenant"],
            framings=self.store.framings(job_id),
        )

    async def wait(self) -> None:
        """Nothing runs here: the workers do the jobs."""
