"""Which runs' audit events a caller may list: the jobs and runs they may review, and for an
auditor or an admin every job of the tenants they may see, deleted jobs included (a deleted
job's trail stays: in its folder's log, or in the database's, and its `job.deleted` event names
its tenant)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from listingsmith.api.jobs import DELETED, JobStore
from listingsmith.api.keys import Principal, Role
from listingsmith.audit.backends import open_audit_log
from listingsmith.batch.job import RUN_SKU, audit_path
from listingsmith.config import Settings

# The roles that audit: they list every job's events, a deleted job's too.
AUDITING = (Role.AUDITOR, Role.ADMIN)


@dataclass(frozen=True)
class Audited:
    """One run whose events a caller may list: its tenant (None: a CLI run) and checkpoint
    file (its audit log is beside it, or in the database)."""

    tenant: str | None
    db: Path


def deleted_jobs(store: JobStore, settings: Settings) -> dict[str, str]:
    """The deleted jobs whose trail is kept, by id, with their tenants (their `job.deleted`
    event's)."""
    if settings.database:
        return tenants_deleted(settings.database)
    found: dict[str, str] = {}
    folders = store.root / "jobs"
    for folder in folders.iterdir() if folders.is_dir() else ():
        log = audit_path(folder / "state.sqlite")
        if log.exists() and store.records.status(folder.name) is None:
            found |= tenants_deleted(log)
    return found


def tenants_deleted(location: str | Path) -> dict[str, str]:
    """Job id -> tenant of every `job.deleted` event in the audit log at `location`."""
    log = open_audit_log(location)
    try:
        return {e.run_id: e.payload["tenant"] for e in log.events(RUN_SKU) if e.node == DELETED}
    finally:
        log.close()


def audited(
    principal: Principal,
    reviewed: dict[str, Path],
    store: JobStore,
    settings: Settings,
) -> dict[str, Audited]:
    """The runs (by job or run name) whose events the caller may list: those they may review
    (`reviewed`), and for an auditor or an admin every job of their tenant (all tenants': a
    key without one), deleted ones included."""
    tenants = {job["id"]: job["tenant"] for job in store.all()}
    runs = {name: Audited(tenants.get(name), db) for name, db in reviewed.items()}
    if principal.role not in AUDITING:
        return runs
    tenants |= deleted_jobs(store, settings)
    for job_id, tenant in tenants.items():
        if principal.tenant in (None, tenant) and job_id not in runs:
            runs[job_id] = Audited(tenant, store.folder(job_id) / "state.sqlite")
    return runs
