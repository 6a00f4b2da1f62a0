"""Assisted writing (JSON API): the deterministic checks on a listing as it is written."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request

from listingsmith.api.assist import RequestError, assist_findings, parse_check
from listingsmith.api.auth import caller
from listingsmith.api.bounded import BoundedRoute
from listingsmith.api.keys import Principal

router = APIRouter(prefix="/v1/assist", tags=["assist"], route_class=BoundedRoute)


@router.post("/check")
async def post_check(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """The findings (rule id, severity, field, span, message, suggested fix) of a listing's
    policy, limit, language and fact checks; any signed-in role may ask; no model is called."""
    settings = request.app.state.settings
    try:
        body = json.loads(await request.body())
        checked = parse_check(body, settings.input_limits)
    except json.JSONDecodeError as error:
        raise HTTPException(422, f"body: not JSON ({error.msg})") from None
    except RequestError as error:
        raise HTTPException(422, str(error)) from None
    findings = assist_findings(checked, settings)
    return {"findings": [f.model_dump(mode="json") for f in findings]}
