"""The review page: sign in, the queue, one held listing with its findings, photos, decisions."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from listingsmith.api.auth import allow
from listingsmith.api.keys import Principal, Role
from listingsmith.api.protocol import DecisionRequest
from listingsmith.api.view import highlighted_fields
from listingsmith.domain import Draft

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent.parent / "templates"))
router = APIRouter(include_in_schema=False)
reviewer = allow(Role.REVIEWER, Role.ADMIN)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> HTMLResponse:
    return TEMPLATES.TemplateResponse(request, "login.html.jinja", {})


@router.post("/login")
def login(request: Request, key: Annotated[str, Form()]) -> RedirectResponse:
    if request.app.state.ring.find(key) is None:
        raise HTTPException(401, "unknown API key")
    response = RedirectResponse("/review", status_code=303)
    response.set_cookie("listingsmith_key", key, httponly=True, samesite="strict")
    return response


@router.get("/review", response_class=HTMLResponse)
async def queue_page(
    request: Request, principal: Annotated[Principal, Depends(reviewer)]
) -> HTMLResponse:
    items = await request.app.state.sources.queue()
    return TEMPLATES.TemplateResponse(
        request, "queue.html.jinja", {"items": items, "principal": principal}
    )


@router.get("/review/{job_id}/{sku}/{locale}", response_class=HTMLResponse)
async def item_page(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    principal: Annotated[Principal, Depends(reviewer)],
) -> HTMLResponse:
    sources = request.app.state.sources
    item = await sources.held(job_id, sku, locale)
    listing = Draft(**item.payload["listing"]) if item.payload.get("listing") else None
    return TEMPLATES.TemplateResponse(
        request,
        "item.html.jinja",
        {
            "job_id": job_id,
            "item": item,
            "product": item.product,
            "principal": principal,
            "fields": highlighted_fields(listing, item.payload.get("findings", [])),
            "listing_json": listing.model_dump_json(indent=2) if listing else "",
            "events": sources.events(sku, locale),
        },
    )


@router.get("/review/photo/{job_id}/{sku}/{locale}/{index}")
async def photo(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    index: int,
    principal: Annotated[Principal, Depends(reviewer)],
) -> FileResponse:
    images = (await request.app.state.sources.held(job_id, sku, locale)).product.images
    if not 0 <= index < len(images):
        raise HTTPException(404, "no such photo")
    return FileResponse(images[index])


@router.post("/review/{job_id}/{sku}/{locale}")
async def item_decide(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    action: Annotated[str, Form()],
    principal: Annotated[Principal, Depends(reviewer)],
    reason: Annotated[str | None, Form()] = None,
    listing: Annotated[str | None, Form()] = None,
) -> RedirectResponse:
    if action == "reject" and not reason:
        raise HTTPException(422, "a rejection needs a reason")
    edited = Draft.model_validate_json(listing) if action == "edit" and listing else None
    await request.app.state.sources.apply(
        job_id,
        sku,
        locale,
        principal,
        DecisionRequest(action=action, reason=reason or None, listing=edited),
    )
    return RedirectResponse("/review", status_code=303)
