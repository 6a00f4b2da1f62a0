"""The review queue and a reviewer's decision on a held listing (JSON API)."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request, Response

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role
from listingsmith.api.protocol import DecisionRequest
from listingsmith.api.sources import wanted_of
from listingsmith.domain import Listing

router = APIRouter(prefix="/v1/review", tags=["review"])
reviewer = allow(Role.REVIEWER, Role.ADMIN)


@router.get("/queue")
async def review_queue(
    request: Request,
    response: Response,
    principal: Annotated[Principal, Depends(reviewer)],
    limit: Annotated[int | None, Query(ge=1)] = None,
    after: Annotated[str, Query(max_length=2000)] = "",
    before: Annotated[str, Query(max_length=2000)] = "",
    locale: Annotated[str, Query(max_length=35)] = "",
    rule: Annotated[str, Query(max_length=200)] = "",
) -> list[dict[str, Any]]:
    """One page (oldest first) of the held listings the caller may review (a key with a
    tenant: that tenant's), with why each was held: `limit` of them (review_paging), after or
    before a cursor; the Link header names the next and previous pages, X-Total-Count how many
    the filter takes."""
    paging = request.app.state.settings.review_paging
    size = min(limit or paging.page_size, paging.max_page_size)
    wanted = wanted_of(principal, locale, rule)
    shown = await request.app.state.sources.page(principal, wanted, size, after, before)
    kept = {"limit": size, **{k: v for k, v in (("locale", locale), ("rule", rule)) if v}}
    links = [
        f'<{request.url.path}?{urlencode(kept | {where: cursor})}>; rel="{rel}"'
        for rel, where, cursor in (
            ("next", "after", shown.page.next),
            ("prev", "before", shown.page.previous),
        )
        if cursor
    ]
    if links:
        response.headers["Link"] = ", ".join(links)
    response.headers["X-Total-Count"] = str(shown.matching)
    return [
        {
            "job": row.job,
            "sku": row.sku,
            "locale": row.locale,
            "interrupt_id": row.interrupt_id,
            **row.payload,
        }
        for row in shown.page.rows
    ]


@router.post("/{job_id}/{sku:path}/{locale}")
async def post_decision(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    body: DecisionRequest,
    principal: Annotated[Principal, Depends(reviewer)],
    variant: str | None = None,
) -> dict[str, Any]:
    """Approve, reject (with a reason) or edit (with the listing) a held listing; an edit is
    checked again. A sku may contain "/" (percent-encode the others: "%", "?", "#"). In a job
    with variants, `?variant=` names which (the queue gives each item's `variant`)."""
    sources = request.app.state.sources
    sources.require(job_id, principal)
    outcome = await sources.apply(job_id, sku, locale, principal, body, variant)
    if isinstance(outcome, Listing):
        return {
            "status": outcome.decision.status.value,
            "listing": outcome.model_dump(mode="json"),
        }
    return {"status": "held", "findings": outcome.payload.get("findings", [])}
