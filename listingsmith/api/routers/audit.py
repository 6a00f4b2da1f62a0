"""Audit events (JSON API): of a sku, or of a tenant's jobs and of one job, deleted jobs' kept
trail included for auditors and admins."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role
from listingsmith.api.sources import event_place

router = APIRouter(prefix="/v1/audit", tags=["audit"])
Auditing = Annotated[Principal, Depends(allow(Role.AUDITOR, Role.REVIEWER, Role.ADMIN))]


@router.get("")
def audit_events(
    request: Request,
    response: Response,
    principal: Auditing,
    tenant: str | None = None,
    job: str | None = None,
    sku: str | None = None,
    locale: str | None = None,
    limit: Annotated[int | None, Query(ge=1)] = None,
    after: Annotated[str, Query(max_length=2000)] = "",
) -> list[dict[str, Any]]:
    """One page of the audit events of the jobs the caller may list, of one tenant and one job
    when asked (and of one sku and locale): an auditor's or an admin's include deleted jobs'
    events; a key with a tenant lists only that tenant's (asking for another's lists
    nothing). `limit` events (audit_paging) after a cursor; the Link header names the next
    page while there is one."""
    paging = request.app.state.settings.audit_paging
    size = min(limit or paging.page_size, paging.max_page_size)
    sources = request.app.state.sources
    events = sources.events(
        sku, principal, locale, tenant=tenant, job=job, after=event_place(after), limit=size + 1
    )
    if len(events) > size:
        events = events[:size]
        asked = {"tenant": tenant, "job": job, "sku": sku, "locale": locale}
        kept = {k: v for k, v in asked.items() if v is not None}
        cursor = f"{events[-1]['job']}:{events[-1]['seq']}"
        query = urlencode({**kept, "limit": size, "after": cursor})
        response.headers["Link"] = f'<{request.url.path}?{query}>; rel="next"'
    return events


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
