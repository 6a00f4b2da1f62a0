"""Per-tenant quotas at submission (config.TenantQuotas; counted by storage/jobs.py): a tenant
at its unfinished jobs is told 429 with a Retry-After; one whose stored bytes this job would
pass, 507 (413 when the job alone is larger than the whole quota). Each refusal is one JSON
object naming the tenant's own limit and use, never another tenant's."""

from __future__ import annotations

from fastapi import HTTPException

from listingsmith.config import TenantQuotas
from listingsmith.storage.jobs import OverQuota, Usage, over_quota


def refusal(tenant: str, over: OverQuota, quotas: TenantQuotas) -> HTTPException:
    """The refusal: {"detail": {"quota", "tenant", "limit", "in_use", "message"}}."""
    usage, adding = over.usage, over.adding
    if over.quota == "unfinished_jobs":
        status, limit, in_use = 429, quotas.unfinished_jobs, usage.unfinished
        message = (
            f"tenant {tenant} has {in_use} jobs queued or running, its limit is {limit}: "
            "submit again when one has ended"
        )
    else:
        limit, in_use = quotas.stored_bytes, usage.bytes
        status = 413 if adding > limit else 507
        message = f"tenant {tenant} stores {in_use} bytes of its {limit}; this job needs {adding}"
    detail = {"quota": over.quota, "tenant": tenant, "limit": limit, "in_use": in_use}
    headers = {"Retry-After": str(quotas.retry_after_s)} if status == 429 else None
    return HTTPException(status, {**detail, "message": message}, headers)


def admit(tenant: str, usage: Usage, quotas: TenantQuotas) -> None:
    """Refuse a submission before its body is read when the tenant may add no job at all."""
    passed = over_quota(usage, 0, quotas)
    if passed:
        raise refusal(tenant, OverQuota(passed, usage, 0), quotas)
