"""Jobs: a submitted batch, owned by a tenant, run in the background with bounded concurrency,
resumed from its checkpoints after a restart."""

from __future__ import annotations

import asyncio
import json
import shutil
import uuid
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import openai
from langchain_core.language_models import BaseLanguageModel

from listingsmith.batch.job import JobSpec, append_job_event, audit_path, run_job
from listingsmith.config import Settings, TenantQuotas, described
from listingsmith.domain import Product
from listingsmith.prompts.framing import Framing
from listingsmith.serving.client import ModelClient
from listingsmith.storage.jobs import JobRecords, Usage
from listingsmith.storage.memory import TranslationMemory
from listingsmith.storage.shared import store_location

# A job told to stop is 'cancelling' until its products in flight have finished, then
# 'cancelled' (storage/jobs.py CANCEL).
UNFINISHED = ("queued", "running", "cancelling")
CANCELLED = "job.cancelled"  # the audit events' nodes: a job cancelled, a job deleted
DELETED = "job.deleted"
# Beside products.jsonl in a job's folder: the variants of its listings, when it has any.
VARIANTS_FILE = "variants.json"


def folder_bytes(folder: Path) -> int:
    """The bytes of the files under a folder (0 when it is gone)."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


class JobStore:
    """Jobs' files under the service folder, and their rows in service.sqlite there or in the
    database when one is set."""

    def __init__(self, root: Path, database: str | None = None) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.records = JobRecords(store_location(root / "service.sqlite", database))

    def folder(self, job_id: str) -> Path:
        """Where a job's inputs, checkpoints, audit log and outputs live."""
        return self.root / "jobs" / job_id

    def reserve(self) -> str:
        """A new job's id and folder, before the job is stored (its photos are written there)."""
        job_id = uuid.uuid4().hex[:12]
        self.folder(job_id).mkdir(parents=True)
        return job_id

    def discard(self, job_id: str) -> None:
        """Remove the folder of a reserved job that was refused."""
        shutil.rmtree(self.folder(job_id), ignore_errors=True)

    def remove(self, job_id: str) -> int | None:
        """Delete a job's row and every file of its folder but its audit log (the trail is
        kept); the bytes its tenant's quota counted, None when there was no such job."""
        freed = self.records.remove(job_id)
        if freed is None:
            return None
        kept = audit_path(self.folder(job_id) / "state.sqlite").name
        for path in self.folder(job_id).iterdir():
            if path.name.startswith(kept):  # the log and its WAL files
                continue
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        return freed

    def create(
        self,
        tenant: str,
        products: list[Product],
        locales: list[str],
        job_id: str | None = None,
        framings: Sequence[Framing] = (),
        quotas: TenantQuotas | None = None,
    ) -> str:
        """Store the batch (in the reserved job's folder, when given), with the variants of its
        listings if any, and register it as queued with the bytes its folder holds;
        storage.jobs.OverQuota when it would pass one of the tenant's `quotas`."""
        job_id = job_id or self.reserve()
        folder = self.folder(job_id)
        lines = [p.model_dump_json() for p in products]
        (folder / "products.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if framings:
            body = json.dumps([framing.model_dump() for framing in framings])
            (folder / VARIANTS_FILE).write_text(body + "\n", encoding="utf-8")
        stored = folder_bytes(folder)
        self.records.add(job_id, tenant, locales, len(products), stored, quotas)
        return job_id

    def usage(self, tenant: str) -> Usage:
        """What the tenant holds now: jobs queued and running, bytes stored."""
        return self.records.usage(tenant)

    def get(self, job_id: str) -> dict[str, Any] | None:
        """One job's row."""
        return self.records.get(job_id)

    def all(self, tenant: str | None = None) -> list[dict[str, Any]]:
        """Jobs, newest first, of one tenant or all."""
        return [job for job in map(self.get, self.records.ids(tenant)) if job]

    def set_status(
        self,
        job_id: str,
        status: str,
        error: str | None = None,
        report: dict[str, Any] | None = None,
    ) -> None:
        """Move a job on; a job that has ended (or whose outputs a decision rewrote) is
        measured again: its checkpoints and outputs count to its tenant's stored bytes."""
        self.records.set_status(job_id, status, error, report)
        if status not in UNFINISHED:
            self.records.set_bytes(job_id, folder_bytes(self.folder(job_id)))

    def move(self, job_id: str, before: tuple[str, ...], status: str, **row: Any) -> bool:
        """set_status (`row`: its error and report), only from one of the statuses `before`;
        whether it moved."""
        if not self.records.move(job_id, before, status, **row):
            return False
        if status not in UNFINISHED:
            self.records.set_bytes(job_id, folder_bytes(self.folder(job_id)))
        return True

    def cancel(self, job_id: str, by: dict[str, str], idle: bool, settings: Settings) -> str | None:
        """Cancel a queued or running job (storage/jobs.py CANCEL): 'cancelled' at once, with
        its audit event, when it was queued and `idle` (nothing of it started), else
        'cancelling' until it stops; None when it was neither."""
        job = self.records.get(job_id)
        if job is None:
            return None
        unrun = {"products_done": 0, "products_not_run": job["products"]}
        status = self.records.cancel(
            job_id, idle, {"cancellation": by, **unrun}, {"cancellation": by}
        )
        if status == "cancelled":
            self.records.set_bytes(job_id, folder_bytes(self.folder(job_id)))
            cancel_event(self.folder(job_id), settings, job, by, unrun)
        return status

    def stop_cancelled(
        self,
        job_id: str,
        settings: Settings,
        summary: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> bool:
        """End a 'cancelling' job that has stopped: 'cancelled', or 'failed' with `error` when
        the run broke off; its report (`summary`, else its listings.jsonl's counts, with who
        cancelled it and how many products were done and not run) and its audit event; False
        when it was not cancelling (another caller ended it)."""
        job = self.records.get(job_id)
        if job is None or job["status"] != "cancelling":
            return False
        written = listings_written(self.folder(job_id) / "listings.jsonl")
        done = len({line["sku"] for line in written})
        counts = {"products_done": done, "products_not_run": job["products"] - done}
        by = (job["report"] or {}).get("cancellation", {})
        kinds = Counter((line["locale"], line["status"]) for line in written)
        summary = summary or {"counts": by_locale(kinds)}
        report = {**summary, "cancellation": by, **counts}
        status = "failed" if error else "cancelled"
        if not self.move(job_id, ("cancelling",), status, error=error, report=report):
            return False
        cancel_event(self.folder(job_id), settings, job, by, {**counts, "ended": status})
        return True

    def framings(self, job_id: str) -> tuple[Framing, ...]:
        """The variants of the batch's listings (none: one listing per locale)."""
        path = self.folder(job_id) / VARIANTS_FILE
        if not path.is_file():
            return ()
        return tuple(Framing.model_validate(f) for f in json.loads(path.read_text("utf-8")))

    def products(self, job_id: str) -> list[Product]:
        """The batch as submitted."""
        text = (self.folder(job_id) / "products.jsonl").read_text(encoding="utf-8")
        return [Product.model_validate_json(line) for line in text.splitlines() if line]


def listings_written(listings: Path) -> list[dict[str, Any]]:
    """The lines of a listings.jsonl (none when it is not there)."""
    if not listings.is_file():
        return []
    lines = listings.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def by_locale(counts: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """{locale: {status: listings}} from counts by (locale, status)."""
    table: dict[str, dict[str, int]] = {}
    for (locale, status), count in sorted(counts.items()):
        table.setdefault(locale, {})[status] = count
    return table


def cancel_event(
    folder: Path,
    settings: Settings,
    job: dict[str, Any],
    by: dict[str, str],
    counts: dict[str, int],
) -> None:
    """The audit event of a job's cancellation: who, which job, its products done and not run
    (no content)."""
    payload = {"job": job["id"], "tenant": job["tenant"], **by, "products": job["products"]}
    append_job_event(folder, settings, job["id"], CANCELLED, {**payload, **counts})


LlmFactory = Callable[[httpx.AsyncClient], tuple[BaseLanguageModel, str]]
"""A model and its name for one job, talking through that job's HTTP client (a test's fake)."""
ClientFactory = Callable[[httpx.AsyncClient], ModelClient]
"""The model client for one job, talking through that job's HTTP client (bound to its loop)."""


class Runner(ABC):
    """What the service asks of whatever runs its jobs."""

    store: JobStore

    @abstractmethod
    def start(self, job_id: str) -> None:
        """Have the job run (again after a restart: nothing is done twice)."""

    def resume_unfinished(self) -> list[str]:
        """Start every job a previous process left queued or running."""
        pending = [job["id"] for job in self.store.all() if job["status"] in UNFINISHED]
        for job_id in pending:
            self.start(job_id)
        return pending


class JobRunner(Runner):
    """Runs jobs in the background, at most `max_concurrent_jobs` at once (and at most
    `tenant_quotas.running_jobs` of one tenant's), each on a thread and
    event loop of its own so that the pipeline's CPU-bound checks never stall the service."""

    def __init__(
        self,
        store: JobStore,
        settings: Settings,
        clients: ClientFactory,
        memory: TranslationMemory | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.clients = clients
        self.memory = memory  # the service's (None: each job's own, beside its checkpoints)
        self._slots = asyncio.Semaphore(settings.max_concurrent_jobs)
        self._by_tenant: dict[str, asyncio.Semaphore] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    def start(self, job_id: str) -> None:
        """Schedule a job (new, or unfinished before a restart: it resumes from checkpoints)."""
        task = asyncio.create_task(self._run(job_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def wait(self) -> None:
        """Until every scheduled job has ended (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _tenant_slots(self, tenant: str) -> asyncio.Semaphore:
        """The places of one tenant's jobs among the running ones (tenant_quotas.running_jobs):
        a tenant's many jobs wait their turn behind each other, not in every other tenant's."""
        quota = self.settings.tenant_quotas.running_jobs
        return self._by_tenant.setdefault(tenant, asyncio.Semaphore(quota))

    async def _run(self, job_id: str) -> None:
        job = self.store.get(job_id)
        assert job is not None
        async with self._tenant_slots(job["tenant"]), self._slots:
            if not self.store.move(job_id, ("queued", "running"), "running"):
                # cancelled while queued (it never starts), or while running before a restart
                self.store.stop_cancelled(job_id, self.settings)
                return
            try:
                report = await asyncio.to_thread(asyncio.run, self._pipeline(job_id, job))
            except Exception as error:  # the job fails, the service goes on
                failed = described(error)
                if not self.store.move(job_id, ("running",), "failed", error=failed):
                    self.store.stop_cancelled(job_id, self.settings, error=failed)  # told to stop
                return
            summary = {
                "counts": report["counts"],
                "wall_seconds": report["wall_seconds"],
                "failed_products": report["failed_products"],
                **{k: report[k] for k in ("audiences",) if k in report},
            }
            if not self.store.move(job_id, ("running",), "done", report=summary):
                self.store.stop_cancelled(job_id, self.settings, summary)  # told to stop

    async def _pipeline(self, job_id: str, job: dict[str, Any]) -> dict[str, Any]:
        """The job itself, on the worker thread's loop, with an HTTP client of that loop."""
        folder = self.store.folder(job_id)
        async with openai.DefaultAsyncHttpxClient() as http:
            spec = JobSpec(
                self.store.products(job_id),
                job["locales"],
                folder,
                job_id,
                tenant=job["tenant"],
                memory=self.memory,
                framings=self.store.framings(job_id),
                stopped=lambda: self.store.records.status(job_id) == "cancelling",
            )
            return await run_job(spec, self.settings, self.clients(http))
