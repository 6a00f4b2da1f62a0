"""The review page: sign in and out, the queue, one held listing with its findings, photos,
decisions. Every template is autoescaped; every form carries a CSRF token."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import time
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from listingsmith.api.auth import SignedIn, signed_in
from listingsmith.api.keys import Role
from listingsmith.api.protocol import DecisionRequest
from listingsmith.api.sessions import SESSION_COOKIE
from listingsmith.api.sources import wanted_of
from listingsmith.api.triage import QueueFilter, grouped_findings, warnings_only
from listingsmith.api.view import attribute_rows, category_view, field_diff, highlighted_fields
from listingsmith.api.visible import json_with_visible_controls, visible
from listingsmith.config import Settings
from listingsmith.domain import Draft, Listing
from listingsmith.images import image_type
from listingsmith.nodes.human_review import held_listing
from listingsmith.storage.held import HeldRow, Page

# Autoescape every template: Starlette's default escapes only *.html/*.htm/*.xml names; every
# value shown with its bidi controls visible (api/visible.py).
TEMPLATES = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(Path(__file__).parent.parent / "templates"),
        autoescape=True,
        finalize=visible,
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
    home = "/experiments" if principal.role is Role.SELLER else "/review"
    response = RedirectResponse(home, status_code=303)
    sessions.start(request, response, principal.name)
    return response


@router.post("/logout")
def logout(request: Request, visitor: Annotated[SignedIn, Depends(anyone)]) -> RedirectResponse:
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def page_size(settings: Settings, asked: int | None) -> int:
    """Listings a queue page shows: what the caller asked for, else review_paging.page_size,
    never more than review_paging.max_page_size."""
    paging = settings.review_paging
    return min(asked or paging.page_size, paging.max_page_size)


def page_links(wanted: QueueFilter, size: int | None, page: Page) -> dict[str, str | None]:
    """The links to the pages before and after this one, keeping the filter."""
    kept = {"locale": wanted.locale, "rule": wanted.rule, "age": wanted.min_age_hours or ""}
    kept |= {"size": size or ""}
    query = {key: value for key, value in kept.items() if value != ""}
    return {
        "previous": f"/review?{urlencode(query | {'before': page.previous})}"
        if page.previous
        else None,
        "next": f"/review?{urlencode(query | {'after': page.next})}" if page.next else None,
    }


@router.get("/review", response_class=HTMLResponse)
async def queue_page(
    request: Request,
    visitor: Annotated[SignedIn, Depends(reviewer)],
    locale: Annotated[str, Query(max_length=35)] = "",
    rule: Annotated[str, Query(max_length=200)] = "",
    age: Annotated[float, Query(ge=0, le=24 * 365)] = 0.0,
    after: Annotated[str, Query(max_length=2000)] = "",
    before: Annotated[str, Query(max_length=2000)] = "",
    size: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """One page of the held listings (oldest first), filtered by locale, rule id and minimum
    age in hours (on the index, server-side), each with its findings grouped and whether a bulk
    approve may take it; links to the pages before and after, and the counts."""
    sources = request.app.state.sources
    wanted = QueueFilter(locale, rule, age)
    shown = await sources.page(
        visitor.principal,
        wanted_of(visitor.principal, locale, rule, age),
        page_size(request.app.state.settings, size),
        after,
        before,
    )
    now, rows = time.time(), []
    for held in shown.page.rows:
        rows.append(
            {
                "job": held.job,
                "item": held,
                "hours": (now - held.since) / 3600,
                "findings": grouped_findings(held.payload.get("findings", [])),
                "bulk": warnings_only(held),
            }
        )
    context = {
        "rows": rows,
        "total": shown.total,
        "matching": shown.matching,
        "links": page_links(wanted, size, shown.page),
        "visitor": visitor,
        "wanted": wanted,
    }
    return render(request, "queue.html.jinja", context | shown.choices)


@router.post("/review/bulk-approve", response_class=HTMLResponse)
async def bulk_approve(
    request: Request, visitor: Annotated[SignedIn, Depends(reviewer)]
) -> Response:
    """Approve every ticked listing (the page's own: at most a page's worth) whose only
    findings are warnings, each one audited as the reviewer's own decision; any other listing
    is refused here, whatever the page sent."""
    most = request.app.state.settings.review_paging.max_page_size
    form = await request.form()
    picked = [str(value) for value in form.getlist("pick")][: most + 1]
    if len(picked) > most:
        context = {"visitor": visitor, "message": f"at most {most} listings at once"}
        return render(request, "refused.html.jinja", context, status=422)
    sources = request.app.state.sources
    approved, refusals = [], []
    for key in picked:  # job|locale|variant|sku: a sku may itself hold "|"
        job_id, locale, variant, sku = [*key.split("|", 3), "", "", ""][:4]
        item = sources.find(job_id, sku, locale, visitor.principal, variant)
        if item is None:
            refusals.append(f"{sku} {locale}: not held in {job_id}")
        elif not warnings_only(item):
            refusals.append(f"{sku} {locale}: has a fix or block finding, review it on its own")
        else:
            decision = DecisionRequest(action="approve", seen=item.interrupt_id)
            try:
                outcome = await sources.apply(
                    job_id, sku, locale, visitor.principal, decision, variant or None
                )
            except HTTPException as error:  # another decision came first: the rest go on
                refusals.append(f"{sku} {locale}: {error.detail}")
                continue
            if isinstance(outcome, Listing):
                approved.append(f"{sku} {locale}")
            else:
                refusals.append(f"{sku} {locale}: held again")
    context = {"visitor": visitor, "approved": approved, "refusals": refusals}
    return render(request, "bulk.html.jinja", context, status=422 if refusals else 200)


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
    # Served as the image its bytes are, never as its name says (a GIF named .html or .js).
    media_type = await run_in_threadpool(image_type, Path(images[index]))
    if media_type is None:
        raise HTTPException(404, "no such photo")
    return FileResponse(images[index], media_type=media_type)


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
    live, previous = item.payload.get("live"), item.payload.get("previous")
    events = sources.events(sku, visitor.principal, locale)
    unsure = request.app.state.settings.review_unsure_confidence
    return render(
        request,
        "item.html.jinja",
        {
            "job_id": job_id,
            "item": item,
            "product": item.product,
            "visitor": visitor,
            "fields": highlighted_fields(listing, item.payload.get("findings", [])),
            "groups": grouped_findings(item.payload.get("findings", [])),
            "live_diff": field_diff(Draft.model_validate(live) if live else None, listing),
            "attempt_diff": field_diff(
                Draft.model_validate(previous) if previous else None, listing
            ),
            "pivot_fields": item.pivot.fields() if item.pivot else {},
            "matches": sources.memory_matches(job_id, item),
            "listing_json": json_with_visible_controls(listing.model_dump_json(indent=2))
            if listing
            else "",
            "events": events,
            "category": category_view(events, job_id, locale),
            "attribute_rows": attribute_rows(
                item.payload.get("attributes", []), item.payload.get("suggestions", []), unsure
            ),
            "unsure_below": unsure,
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
    then: Annotated[str, Form(max_length=10)] = "queue",
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
    if then != "next":
        return RedirectResponse("/review", status_code=303)
    first = await sources.page(visitor.principal, wanted_of(visitor.principal), 1)
    return RedirectResponse(next_page(first.page.rows), status_code=303)


def next_page(rows: list[HeldRow]) -> str:
    """Where a decision leads: the first listing still held, or the queue when none is."""
    if not rows:
        return "/review"
    item = rows[0]
    path = "/review/" + "/".join(quote(part) for part in (item.job, item.sku, item.locale))
    return f"{path}?variant={quote(item.variant)}" if item.variant else path
