"""Assisted writing (JSON API): the deterministic checks on a listing as it is written, and a
proposal for one field, checked the same way."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import json
from typing import Annotated, Any

import openai
from fastapi import APIRouter, Depends, HTTPException, Request

from listingsmith.api.assist import RequestError, assist_findings, parse_check
from listingsmith.api.auth import caller
from listingsmith.api.bounded import BoundedRoute
from listingsmith.api.keys import Principal
from listingsmith.api.suggest import parse_suggest, propose
from listingsmith.serving.client import ModelOutputError

router = APIRouter(prefix="/v1/assist", tags=["assist"], route_class=BoundedRoute)


@router.post("/check")
async def post_check(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """The findings (rule id, severity, field, span, message, suggested fix) of a listing's
    policy, limit, language and fact checks; any signed-in role may ask; no model is called."""
    settings = request.app.state.settings
    try:
        checked = parse_check(await _json(request), settings.input_limits)
    except RequestError as error:
        raise HTTPException(422, str(error)) from None
    findings = assist_findings(checked, settings)
    return {"findings": [f.model_dump(mode="json") for f in findings]}


@router.post("/suggest")
async def post_suggest(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """A proposal for one field ("shorter", "more formal", "lead with the material" or a short
    free-text instruction, for an audience if named), its findings and whether it is clean."""
    settings = request.app.state.settings
    try:
        asked, checked = parse_suggest(await _json(request), settings)
    except RequestError as error:
        raise HTTPException(422, str(error)) from None
    async with openai.DefaultAsyncHttpxClient() as http:
        try:
            return await propose(asked, checked, settings, request.app.state.runner.clients(http))
        except ModelOutputError as error:
            raise HTTPException(502, f"the model gave no proposal: {error}") from None


async def _json(request: Request) -> Any:
    """The request's JSON body, or a 422 naming the body."""
    try:
        return json.loads(await request.body())
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HTTPException(422, f"body: not JSON ({error})") from None
