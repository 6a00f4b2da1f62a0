"""The review queue and a reviewer's decision on a held listing (JSON API)."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role
from listingsmith.api.protocol import DecisionRequest
from listingsmith.domain import Listing

router = APIRouter(prefix="/v1/review", tags=["review"])
reviewer = allow(Role.REVIEWER, Role.ADMIN)


@router.get("/queue")
async def review_queue(
    request: Request, principal: Annotated[Principal, Depends(reviewer)]
) -> list[dict[str, Any]]:
    """Every held listing the caller may review (a key with a tenant: that tenant's), with why
    it was held."""
    return [
        {
            "job": job_id,
            "sku": i.sku,
            "locale": i.locale,
            "interrupt_id": i.interrupt_id,
            **i.payload,
        }
        for job_id, i in await request.app.state.sources.queue(principal)
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
