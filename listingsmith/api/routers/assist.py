"""Assisted writing: the deterministic checks on a listing as it is written, and a proposal
for one field checked the same way; as JSON API routes (X-API-Key) and as the review page's
editor routes (session cookie, CSRF token, the JSON request in the form's `body`)."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import json
from typing import Annotated, Any

import openai
from fastapi import APIRouter, Depends, Form, HTTPException, Request

from listingsmith.api.assist import RequestError, assist_findings, parse_check, stored_product
from listingsmith.api.auth import SignedIn, caller, signed_in
from listingsmith.api.bounded import BoundedRoute
from listingsmith.api.keys import Principal, Role
from listingsmith.api.suggest import parse_suggest, propose
from listingsmith.serving.client import ModelOutputError

router = APIRouter(prefix="/v1/assist", tags=["assist"], route_class=BoundedRoute)
page_router = APIRouter(prefix="/review/assist", include_in_schema=False, route_class=BoundedRoute)
reviewer = signed_in(Role.REVIEWER, Role.ADMIN)


@router.post("/check")
async def post_check(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """The findings (rule id, severity, field, span, message, suggested fix) of a listing's
    policy, limit, language and fact checks; any signed-in role may ask; no model is called."""
    return check(request, _json(await request.body()), principal)


@router.post("/suggest")
async def post_suggest(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """A proposal for one field ("shorter", "more formal", "lead with the material" or a short
    free-text instruction, for an audience if named), its findings and whether it is clean."""
    return await suggest(request, _json(await request.body()), principal)


@page_router.post("/check")
async def page_check(
    request: Request, body: Annotated[str, Form()], visitor: Annotated[SignedIn, Depends(reviewer)]
) -> dict[str, Any]:
    """The editor's checks as the reviewer types."""
    return check(request, _json(body), visitor.principal)


@page_router.post("/suggest")
async def page_suggest(
    request: Request, body: Annotated[str, Form()], visitor: Annotated[SignedIn, Depends(reviewer)]
) -> dict[str, Any]:
    """The editor's "suggest" on one field."""
    return await suggest(request, _json(body), visitor.principal)


def check(request: Request, body: Any, principal: Principal) -> dict[str, Any]:
    """The findings of the check request `body` (fact-checked against the sku's product in the
    caller's tenant's store when it is there, else the stated facts), or a one-line 422."""
    settings = request.app.state.settings
    try:
        checked = parse_check(body, settings.input_limits)
    except RequestError as error:
        raise HTTPException(422, str(error)) from None
    product = stored_product(request.app.state.store, principal.tenant, checked.sku)
    findings = assist_findings(checked, settings, product)
    return {"findings": [f.model_dump(mode="json") for f in findings]}


async def suggest(request: Request, body: Any, principal: Principal) -> dict[str, Any]:
    """The proposal for the suggest request `body`, or a one-line 422 (502 without one)."""
    settings = request.app.state.settings
    try:
        asked, checked = parse_suggest(body, settings)
    except RequestError as error:
        raise HTTPException(422, str(error)) from None
    product = stored_product(request.app.state.store, principal.tenant, asked.sku)
    async with openai.DefaultAsyncHttpxClient() as http:
        client = request.app.state.runner.clients(http)
        try:
            return await propose(asked, checked, settings, client, product)
        except ModelOutputError as error:
            raise HTTPException(502, f"the model gave no proposal: {error}") from None


def _json(body: bytes | str) -> Any:
    """The JSON request, or a 422 naming the body."""
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise HTTPException(422, f"body: not JSON ({error})") from None
