"""The review page: sign in and out, the queue, one held listing with its findings, photos,
decisions. Every template is autoescaped; every form carries a CSRF token."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import ValidationError

from listingsmith.api.auth import SignedIn, signed_in
from listingsmith.api.keys import Role
from listingsmith.api.protocol import DecisionRequest
from listingsmith.api.sessions import SESSION_COOKIE
from listingsmith.api.view import category_view, highlighted_fields
from listingsmith.domain import Draft
from listingsmith.nodes.human_review import held_listing

# Autoescape every template: Starlette's default escapes only *.html/*.htm/*.xml names.
TEMPLATES = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).parent.parent / "templates"), autoescape=True
    )
)
router = APIRouter(include_in_schema=False)
reviewer = signed_in(Role.REVIEWER, Role.ADMIN)
anyone = signed_in(*Role)


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    """A page from its template."""
    return TEMPLATES.TemplateResponse(request, name, context, status_code=status)


def refused(error: ValidationError) -> str:
    """A validation error as one line: where and what."""
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return f"{where}: {first['msg']}" if where else first["msg"]


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request) -> Response:
    sessions = request.app.state.sessions
    token = sessions.login_token()
    response = render(request, "login.html.jinja", {"login_token": token})
    sessions.offer_login(request, response, token)
    return response


@router.post("/login")
def login(
    request: Request, key: Annotated[str, Form()], token: Annotated[str, Form()] = ""
) -> RedirectResponse:
    sessions = request.app.state.sessions
    if not sessions.login_ok(request, token):
        raise HTTPException(403, "the sign-in form expired or came from elsewhere: reload it")
    principal = request.app.state.ring.find(key)
    if principal is None:
        raise HTTPException(401, "unknown API key")
    response = RedirectResponse("/review", status_code=303)
    sessions.start(request, response, principal.name)
    return response


@router.post("/logout")
def logout(request: Request, visitor: Annotated[SignedIn, Depends(anyone)]) -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/review", response_class=HTMLResponse)
async def queue_page(request: Request, visitor: Annotated[SignedIn, Depends(reviewer)]) -> Response:
    items = await request.app.state.sources.queue(visitor.principal)
    return render(request, "queue.html.jinja", {"items": items, "visitor": visitor})


@router.get("/review/photo/{job_id}/{sku:path}/{locale}/{index}")
async def photo(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    index: int,
    visitor: Annotated[SignedIn, Depends(reviewer)],
    variant: str | None = None,
) -> FileResponse:
    sources = request.app.state.sources
    held = await sources.held(job_id, sku, locale, visitor.principal, variant)
    images = held.product.images
    if not 0 <= index < len(images):
        raise HTTPException(404, "no such photo")
    return FileResponse(images[index])


@router.get("/review/{job_id}/{sku:path}/{locale}", response_class=HTMLResponse)
async def item_page(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    visitor: Annotated[SignedIn, Depends(reviewer)],
    variant: str | None = None,
) -> Response:
    sources = request.app.state.sources
    item = await sources.held(job_id, sku, locale, visitor.principal, variant)
    listing = held_listing(item.payload).listing
    events = sources.events(sku, visitor.principal, locale)
    return render(
        request,
        "item.html.jinja",
        {
            "job_id": job_id,
            "item": item,
            "product": item.product,
            "visitor": visitor,
            "fields": highlighted_fields(listing, item.payload.get("findings", [])),
            "matches": sources.memory_matches(job_id, item),
            "listing_json": listing.model_dump_json(indent=2) if listing else "",
            "events": events,
            "category": category_view(events, job_id, locale),
        },
    )


@router.post("/review/{job_id}/{sku:path}/{locale}")
async def item_decide(
    request: Request,
    job_id: str,
    sku: str,
    locale: str,
    action: Annotated[str, Form()],
    visitor: Annotated[SignedIn, Depends(reviewer)],
    reason: Annotated[str | None, Form()] = None,
    listing: Annotated[str | None, Form()] = None,
    seen: Annotated[str | None, Form()] = None,
    variant: str | None = None,
) -> Response:
    sources = request.app.state.sources
    sources.require(job_id, visitor.principal)
    try:
        edited = Draft.model_validate_json(listing) if action == "edit" and listing else None
        decision = DecisionRequest(action=action, reason=reason or None, listing=edited, seen=seen)
    except ValidationError as error:
        context = {"visitor": visitor, "message": f"{sku} {locale}: {refused(error)}"}
        return render(request, "refused.html.jinja", context, status=422)
    await sources.apply(job_id, sku, locale, visitor.principal, decision, variant)
    return RedirectResponse("/review", status_code=303)
