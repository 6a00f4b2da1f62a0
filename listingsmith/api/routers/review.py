"""The review queue and a reviewer's decision on a held listing (JSON API)."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role
from listingsmith.api.protocol import DecisionRequest
from listingsmith.domain import LocaleListing

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get("/queue")
async def review_queue(
    request: Request,
    principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
) -> list[dict[str, Any]]:
    """Every held listing, with why it was held."""
    return [
        {"job": job_id, "sku": i.sku, "locale": i.locale, **i.payload}
        for job_id, i in await request.app.state.sources.queue()
    ]


@router.post("/{job_id}/{sku}/{locale}")
async def post_decision(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    body: DecisionRequest,
    principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
) -> dict[str, Any]:
    """Approve, reject (with a reason) or edit a held listing; an edit is checked again."""
    if body.action == "reject" and not body.reason:
        raise HTTPException(422, "a rejection needs a reason")
    outcome = await request.app.state.sources.apply(job_id, sku, locale, principal, body)
    if isinstance(outcome, LocaleListing):
        return {
            "status": outcome.decision.status.value,
            "listing": outcome.model_dump(mode="json"),
        }
    return {"status": "held", "findings": outcome.payload.get("findings", [])}
