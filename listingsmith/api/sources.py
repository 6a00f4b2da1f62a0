"""The runs under review (finished service jobs and named CLI runs), their held listings (a
page at a time, from the index storage/held.py keeps), their audit events, and applying a
reviewer's decision to one. Their checkpoints and audit logs are files beside each run, or all
in the database when one is set."""

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException

from listingsmith.api.audited import Audited, audited
from listingsmith.api.jobs import JobStore
from listingsmith.api.keys import Principal
from listingsmith.api.protocol import DecisionRequest
from listingsmith.audit.backends import open_audit_log
from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import audit_path
from listingsmith.batch.review import (
    HeldItem,
    Owner,
    ReviewConflict,
    ReviewError,
    decide,
    held_items,
    review_decision,
    thread_held,
)
from listingsmith.config import Settings
from listingsmith.domain import Listing
from listingsmith.storage.held import NO_TENANT, HeldIndex, HeldRow, Page, Wanted, key_of
from listingsmith.storage.memory import MemoryMatch, TranslationMemory, memory_beside, memory_tenant
from listingsmith.text.languages import language_of


@dataclass(frozen=True)
class QueuePage:
    """A page of the held listings a caller may review: the page, how many the filter takes,
    how many are held in all (for them), and the filter's menus."""

    page: Page
    matching: int
    total: int
    choices: dict[str, list[str]]


def wanted_of(
    principal: Principal, locale: str = "", rule: str = "", min_age_hours: float = 0.0
) -> Wanted:
    """The held listings a caller narrowed the queue to (their tenant's, for a key with one)."""
    oldest = time.time() - min_age_hours * 3600 if min_age_hours else None
    return Wanted(principal.tenant, locale, rule, oldest)


def cursor_key(cursor: str) -> tuple[float, str, str, str] | None:
    """The queue place a page link names (none: the first page); 422 for a made-up one."""
    if not cursor:
        return None
    try:
        return key_of(cursor)
    except ValueError as error:
        raise HTTPException(422, {"field": "cursor", "message": str(error)}) from error


EventPlace = tuple[str, int]
"""Where a page of audit events ends: its last event's job and seq."""


def event_place(cursor: str) -> EventPlace | None:
    """The place an audit page's link names ("JOB:SEQ"; none: the first page); 422 for a
    made-up one."""
    if not cursor:
        return None
    job, _, seq = cursor.rpartition(":")
    if not (job and seq.isascii() and seq.isdigit()):
        raise HTTPException(422, {"field": "after", "message": "not an audit page's cursor"})
    return job, int(seq)


class ReviewSources:
    """Finished service jobs plus the CLI runs that settings.review_dbs names (run0, run1, ...)."""

    def __init__(
        self, store: JobStore, settings: Settings, memory: TranslationMemory | None = None
    ) -> None:
        self.store = store
        self.settings = settings
        self.memory = memory  # the service's; a CLI run's is beside its checkpoints
        self.index = HeldIndex(store.records.location)

    def databases(self) -> dict[str, Path]:
        """Checkpoint file per job or run name, those that exist (with a database: those whose
        run folder exists, the checkpoints being in the database)."""
        found = {
            job["id"]: self.store.folder(job["id"]) / "state.sqlite"
            for job in self.store.all()
            if job["status"] in ("done", "cancelled")
        }
        found |= {f"run{i}": Path(db) for i, db in enumerate(self.settings.review_dbs)}
        return {name: db for name, db in found.items() if self._marker(db).exists()}

    def _marker(self, db: Path) -> Path:
        """The file that shows a run is there: its checkpoint file; with a database (which
        holds the checkpoints), its run.json."""
        return db.parent / "run.json" if self.settings.database else db

    def run_id(self, name: str, db: Path) -> str | None:
        """The run whose threads job or run `name` (checkpoints `db`) is: a job's id; a CLI
        run's own file may hold several (None), while a database holds every run's, so its
        run.json names it."""
        if self.store.get(name) is not None:
            return name
        if not self.settings.database:
            return None
        return json.loads(self._marker(db).read_text(encoding="utf-8"))["run_id"]

    def visible(self, principal: Principal) -> dict[str, Path]:
        """The checkpoint files a caller may review: a key naming a tenant sees that tenant's
        jobs only (CLI runs have no tenant); a key without one sees every job and run."""
        if principal.tenant is None:
            return self.databases()
        return {
            name: db
            for name, db in self.databases().items()
            if (job := self.store.get(name)) and job["tenant"] == principal.tenant
        }

    def require(self, job_id: str, principal: Principal) -> None:
        """404 unless the caller may review this job (or run)."""
        if job_id not in self.visible(principal):
            raise HTTPException(404, f"no job {job_id}")

    def _changed(self, name: str, db: Path) -> float:
        """What says a run changed since it was indexed: nothing for a service job (indexed
        once it is done; decisions keep its rows up to date), a CLI run's run.json's (else its
        checkpoint file's) last change."""
        if self.store.get(name) is not None:
            return 0.0
        marker = db.parent / "run.json"
        return (marker if marker.exists() else db).stat().st_mtime

    async def indexed(self) -> None:
        """Bring the index of held listings up to date: a run that is new to it (a job that
        finished, a CLI run that changed) is read once, a run gone is dropped."""
        known, found = self.index.runs(), self.databases()
        for name in known.keys() - found.keys():
            self.index.forget(name)
        for name, db in found.items():
            marker = self._changed(name, db)
            if known.get(name) == marker:
                continue
            job = self.store.get(name)
            tenant = job["tenant"] if job else NO_TENANT
            items = await held_items(db, self.settings, self.run_id(name, db))
            self.index.replace(name, tenant, self.since(name), items, marker)

    async def page(
        self,
        principal: Principal,
        wanted: Wanted,
        size: int,
        after: str = "",
        before: str = "",
    ) -> QueuePage:
        """One page of the held listings the caller may review, after (or before) a cursor."""
        await self.indexed()
        start, end = cursor_key(after), cursor_key(before)
        page = self.index.page(wanted, size, start, end)
        everything = Wanted(principal.tenant)
        return QueuePage(
            page,
            self.index.count(wanted),
            self.index.count(everything),
            self.index.choices(principal.tenant),
        )

    def find(
        self, job_id: str, sku: str, locale: str, principal: Principal, variant: str | None
    ) -> HeldRow | None:
        """The index's row of a held listing the caller may review (None: not held for them)."""
        if job_id not in self.visible(principal):
            return None
        return self.index.find(job_id, sku, locale, variant)

    def since(self, job_id: str) -> float:
        """When a job's (or run's) listings were held at the latest: the job's creation time, a
        CLI run's checkpoint file's (with a database, run.json's) last change (unix seconds)."""
        job = self.store.get(job_id)
        if job is not None:
            return float(job["created"])
        db = self.databases().get(job_id)
        if db is None:
            return 0.0
        return self._marker(db).stat().st_mtime

    async def held(
        self,
        job_id: str,
        sku: str,
        locale: str,
        principal: Principal,
        variant: str | None = None,
    ) -> HeldItem:
        """One held listing the caller may review (of `variant`, when given), its thread found
        on the index and read alone; 404 when it is not held (for them)."""
        self.require(job_id, principal)
        await self.indexed()
        db = self.visible(principal)[job_id]
        row = self.index.find(job_id, sku, locale, variant)
        if row is not None:
            for item in await thread_held(db, self.settings, row.thread_id):
                if item.locale == locale:
                    return item
            self.index.decided(job_id, sku, locale, row.variant)  # decided elsewhere (the CLI)
        raise HTTPException(404, f"{sku} {locale} is not held in {job_id}")

    async def _refresh(
        self, job_id: str, db: Path, sku: str, locale: str, variant: str | None
    ) -> None:
        """Bring a held listing's row up to date from its thread (a decision came from
        elsewhere: the CLI, another replica)."""
        row = self.index.find(job_id, sku, locale, variant)
        if row is None:
            return
        items = await thread_held(db, self.settings, row.thread_id)
        again = next((item for item in items if item.locale == locale), None)
        self.index.decided(job_id, sku, locale, row.variant, again)

    def events(
        self,
        sku: str | None,
        principal: Principal,
        locale: str | None = None,
        *,
        tenant: str | None = None,
        job: str | None = None,
        after: EventPlace | None = None,
        limit: int | None = None,
    ) -> list[dict[str, Any]]:
        """The audit events (of a sku, or all) across the jobs and runs the caller may list
        (api/audited.py: an auditor's and an admin's include deleted jobs'), of one tenant's
        jobs and of one job when asked; a key with a tenant lists only that tenant's. In
        order (a database's chain; else by job, then each job's chain), after the place
        `after`, at most `limit`."""
        runs = {
            name: run
            for name, run in audited(
                principal, self.visible(principal), self.store, self.settings
            ).items()
            if tenant in (None, run.tenant) and job in (None, name)
        }
        start, since = after or ("", 0)
        if self.settings.database:  # one log: each event's run says whose it is
            ids = {self._run_id(name, run): name for name, run in runs.items()}
            log = open_audit_log(self.settings.database)
            try:
                found = log.events(
                    sku, locale, runs=sorted(filter(None, ids)), after=since, limit=limit
                )
                return [{"job": ids[e.run_id], **e.__dict__} for e in found]
            finally:
                log.close()
        events: list[dict[str, Any]] = []
        for name in sorted(n for n in runs if n >= start):
            path = audit_path(runs[name].db)
            left = None if limit is None else limit - len(events)
            if left == 0:
                break
            if path.exists():
                log = AuditLog(path)
                seq = since if name == start else 0
                found = log.events(sku, locale, after=seq, limit=left)
                events += [{"job": name, **e.__dict__} for e in found]
                log.close()
        return events

    def _run_id(self, name: str, run: Audited) -> str | None:
        """The run id of a listed job (its name) or CLI run (its run.json's)."""
        return name if run.tenant is not None else self.run_id(name, run.db)

    def owner(self, job_id: str) -> Owner:
        """Whose memory a job's (or run's) reviewed translations go to: a service job's tenant
        and the service's memory; a CLI run's own memory, per product seller."""
        job = self.store.get(job_id)
        if job is None:
            return Owner()
        return Owner(job["tenant"], self.memory)

    def memory_matches(self, job_id: str, item: HeldItem) -> dict[str, list[MemoryMatch]]:
        """Per field of the held listing, the fuzzy memory matches of its pivot text."""
        db, owner = self.databases().get(job_id), self.owner(job_id)
        if item.pivot is None or db is None:
            return {}
        limits = self.settings.memory_limits
        memory = owner.memory or memory_beside(db.parent, self.settings)
        tenant = memory_tenant(owner.tenant, item.product)
        found = {
            name: memory.fuzzy(
                tenant, language_of(item.locale), text, limits.fuzzy_matches, limits.fuzzy_min_score
            )
            for name, text in item.pivot.fields().items()
        }
        return {name: matches for name, matches in found.items() if matches}

    async def apply(
        self,
        job_id: str,
        sku: str,
        locale: str,
        principal: Principal,
        body: DecisionRequest,
        variant: str | None = None,
    ) -> Listing | HeldItem:
        """Resume a held listing with the caller's decision and bring the job's counts up to
        date; 404 (no such job), 422 (an incomplete decision, or nothing held), 409 (another
        decision came first)."""
        db = self.databases().get(job_id)
        if db is None:
            raise HTTPException(404, f"no job {job_id}")
        job = self.store.get(job_id)
        run_id = self.run_id(job_id, db)
        try:
            decision = review_decision(
                action=body.action,
                reviewer=principal.name,
                reason=body.reason,
                listing=body.listing,
            )
            outcome = await decide(
                db,
                sku,
                locale,
                decision,
                self.settings,
                run_id,
                seen=body.seen,
                owner=self.owner(job_id),
                variant=variant,
            )
        except ReviewConflict as error:
            await self._refresh(job_id, db, sku, locale, variant)
            raise HTTPException(409, str(error)) from error
        except ReviewError as error:
            await self._refresh(job_id, db, sku, locale, variant)
            raise HTTPException(422, str(error)) from error
        again = outcome if isinstance(outcome, HeldItem) else None
        self.index.decided(job_id, sku, locale, variant, again)
        self.index.marked(job_id, self._changed(job_id, db))
        if job is not None and job["report"] is not None:
            run = json.loads((db.parent / "run.json").read_text(encoding="utf-8"))
            report = {**job["report"], "counts": run["counts"]}
            self.store.set_status(job_id, job["status"], job["error"], report)
        return outcome
