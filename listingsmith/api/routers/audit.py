"""Audit events (JSON API): of a sku, or of a tenant's jobs and of one job, deleted jobs' kept
trail included for auditors and admins."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Auditing = Annotated[Principal, Depends(allow(Role.AUDITOR, Role.REVIEWER, Role.ADMIN))]


@router.get("")
def audit_events(
    request: Request,
    principal: Auditing,
    tenant: str | None = None,
    job: str | None = None,
    sku: str | None = None,
    locale: str | None = None,
) -> list[dict[str, Any]]:
    """The audit events of the jobs the caller may list, of one tenant and one job when asked
    (and of one sku and locale): an auditor's or an admin's include deleted jobs' events; a key
    with a tenant lists only that tenant's (asking for another's lists nothing)."""
    sources = request.app.state.sources
    return sources.events(sku, principal, locale, tenant=tenant, job=job)


@router.get("/{sku:path}")
def audit_trail(
    request: Request,
    sku: str,
    principal: Auditing,
    locale: str | None = None,
) -> list[dict[str, Any]]:
    """The audit events of a sku across the jobs the caller may see (a key with a tenant:
    that tenant's). A sku may contain "/" (percent-encode "%", "?", "#")."""
    return request.app.state.sources.events(sku, principal, locale)
