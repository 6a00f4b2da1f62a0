"""The audit trail of a sku (JSON API)."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/{sku:path}")
def audit_trail(
    request: Request,
    sku: str,
    principal: Annotated[Principal, Depends(allow(Role.AUDITOR, Role.REVIEWER, Role.ADMIN))],
    locale: str | None = None,
) -> list[dict[str, Any]]:
    """The audit events of a sku across the jobs the caller may see (a key with a tenant:
    that tenant's). A sku may contain "/" (percent-encode "%", "?", "#")."""
    return request.app.state.sources.events(sku, principal, locale)
