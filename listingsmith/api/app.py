"""The FastAPI app: JSON API under /v1 (X-API-Key) and the review page under /review."""
# No "from __future__ import annotations": FastAPI must see the closures in the signatures.

import json
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path
from typing import Annotated, Any

import httpx
from fastapi import Depends, FastAPI, Form, HTTPException, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse
from fastapi.security import APIKeyCookie, APIKeyHeader
from fastapi.templating import Jinja2Templates
from langchain_core.language_models import BaseLanguageModel
from pydantic import BaseModel, Field, ValidationError

from listingsmith.api.jobs import JobRunner, JobStore, LlmFactory
from listingsmith.api.keys import KeyRing, Principal, Role
from listingsmith.api.view import highlighted_fields
from listingsmith.audit.log import AuditLog
from listingsmith.batch.catalog import parse_record
from listingsmith.batch.job import audit_path
from listingsmith.batch.review import HeldItem, ReviewError, decide, held_items
from listingsmith.config import Settings
from listingsmith.domain import Draft, LocaleListing, Product
from listingsmith.nodes.human_review import ReviewDecision
from listingsmith.serving.launch import model_endpoint
from listingsmith.serving.llm import make_llm

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
header_key = APIKeyHeader(name="X-API-Key", auto_error=False)
cookie_key = APIKeyCookie(name="listingsmith_key", auto_error=False)


class JobRequest(BaseModel):
    """A batch: products (catalogue records) and target locales."""

    products: list[dict[str, Any]] = Field(min_length=1)
    locales: list[str] = Field(min_length=1)
    tenant: str | None = None  # admin only: whose batch it is


class DecisionRequest(BaseModel):
    """A reviewer's decision; the reviewer is the caller."""

    action: str
    reason: str | None = None
    listing: Draft | None = None


def create_app(
    settings: Settings, llm: LlmFactory | None = None, keys: KeyRing | None = None
) -> FastAPI:
    """The service; without `llm` it serves the settings' model (starting the embedded one)."""
    store = JobStore(settings.service_dir)
    ring = keys or KeyRing.load(settings.api_keys_file)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        with ExitStack() as stack:
            factory = llm
            if factory is None:
                endpoint = stack.enter_context(model_endpoint(settings))

                def factory(client: httpx.AsyncClient) -> tuple[BaseLanguageModel, str]:
                    llm = make_llm(endpoint.profile, endpoint.url, endpoint.model, settings, client)
                    return llm, endpoint.model

            app.state.runner = JobRunner(store, settings, factory)
            app.state.runner.resume_unfinished()
            yield
            await app.state.runner.wait()

    app = FastAPI(
        title="listingsmith",
        lifespan=lifespan,
        description="Per-locale marketplace listings, checked and audited.",
    )
    app.state.store = store

    def caller(
        key: Annotated[str | None, Depends(header_key)],
        cookie: Annotated[str | None, Depends(cookie_key)],
    ) -> Principal:
        principal = ring.find(key or cookie)
        if principal is None:
            raise HTTPException(401, "missing or unknown API key")
        return principal

    def allow(*roles: Role) -> Callable[[Principal], Principal]:
        def check(principal: Annotated[Principal, Depends(caller)]) -> Principal:
            if principal.role not in roles:
                raise HTTPException(403, f"role {principal.role.value} may not do this")
            return principal

        return check

    def own_job(job_id: str, principal: Principal) -> dict[str, Any]:
        job = store.get(job_id)
        # A seller is told "not found" for another tenant's job: it does not exist for them.
        if job is None or (principal.role is Role.SELLER and job["tenant"] != principal.tenant):
            raise HTTPException(404, f"no job {job_id}")
        return job

    def submit(
        principal: Principal, products: list[Product], locales: list[str], tenant: str | None
    ) -> dict[str, Any]:
        if principal.role is Role.SELLER:
            tenant = principal.tenant
        elif not tenant:
            raise HTTPException(422, "an admin must name the tenant of a batch")
        job_id = store.create(tenant, products, locales)
        app.state.runner.start(job_id)
        return {"job": job_id, "status": "queued"}

    @app.post("/v1/jobs", status_code=202, tags=["jobs"])
    async def create_job(
        body: JobRequest, principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))]
    ) -> dict[str, Any]:
        """Submit a batch as JSON; every bad record is named by index and field."""
        products, problems = [], []
        for index, record in enumerate(body.products):
            try:
                products.append(Product.model_validate(record))
            except ValidationError as error:
                first = error.errors()[0]
                field = ".".join(str(p) for p in first["loc"])
                problems.append(
                    {
                        "index": index,
                        "sku": record.get("sku"),
                        "field": field,
                        "message": first["msg"],
                    }
                )
        if problems:
            raise HTTPException(422, {"bad_records": problems})
        return submit(principal, products, body.locales, body.tenant)

    @app.post("/v1/jobs/upload", status_code=202, tags=["jobs"])
    async def upload_job(
        file: UploadFile,
        locales: Annotated[str, Form()],
        principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
        tenant: Annotated[str | None, Form()] = None,
    ) -> dict[str, Any]:
        """Submit a JSONL catalogue file; every bad record is named by line and field."""
        text = (await file.read()).decode("utf-8")
        products, problems = [], []
        for line_no, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            product, error = parse_record(line_no, line, Path("."), settings.max_image_pixels)
            if error:
                problems.append(
                    {
                        "line": error.line,
                        "sku": error.sku,
                        "field": error.field,
                        "message": error.message,
                    }
                )
            elif product:
                products.append(product)
        if problems or not products:
            raise HTTPException(422, {"bad_records": problems or [{"message": "no records"}]})
        return submit(principal, products, [x.strip() for x in locales.split(",")], tenant)

    @app.get("/v1/jobs", tags=["jobs"])
    def list_jobs(principal: Annotated[Principal, Depends(caller)]) -> list[dict[str, Any]]:
        """Jobs the caller may see (a seller: their tenant's)."""
        tenant = principal.tenant if principal.role is Role.SELLER else None
        return store.all(tenant)

    @app.get("/v1/jobs/{job_id}", tags=["jobs"])
    def get_job(job_id: str, principal: Annotated[Principal, Depends(caller)]) -> dict[str, Any]:
        """A job's status and counts."""
        return own_job(job_id, principal)

    @app.get("/v1/jobs/{job_id}/listings", tags=["jobs"])
    def get_listings(
        job_id: str,
        principal: Annotated[Principal, Depends(caller)],
        sku: str | None = None,
        locale: str | None = None,
    ) -> list[dict[str, Any]]:
        """A job's listings (filter by sku and locale)."""
        own_job(job_id, principal)
        path = store.folder(job_id) / "listings.jsonl"
        rows = [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []
        return [r for r in rows if sku in (None, r["sku"]) and locale in (None, r["locale"])]

    def sources() -> dict[str, Path]:
        """Checkpoint files under review: finished service jobs, and the CLI runs that
        settings.review_dbs names (as run0, run1, ...)."""
        found = {
            job["id"]: store.folder(job["id"]) / "state.sqlite"
            for job in store.all()
            if job["status"] == "done"
        }
        found |= {f"run{i}": Path(db) for i, db in enumerate(settings.review_dbs)}
        return {name: db for name, db in found.items() if db.exists()}

    async def queue() -> list[tuple[str, HeldItem]]:
        items = []
        for name, db in sources().items():
            items += [(name, item) for item in await held_items(db)]
        return items

    async def held(job_id: str, sku: str, locale: str) -> HeldItem:
        for name, item in await queue():
            if (name, item.sku, item.locale) == (job_id, sku, locale):
                return item
        raise HTTPException(404, f"{sku} {locale} is not held in {job_id}")

    @app.get("/v1/review/queue", tags=["review"])
    async def review_queue(
        principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
    ) -> list[dict[str, Any]]:
        """Every held listing, with why it was held."""
        return [
            {"job": job_id, "sku": i.sku, "locale": i.locale, **i.payload}
            for job_id, i in await queue()
        ]

    async def apply(
        job_id: str, sku: str, locale: str, principal: Principal, body: DecisionRequest
    ) -> LocaleListing | HeldItem:
        db = sources().get(job_id)
        if db is None:
            raise HTTPException(404, f"no job {job_id}")
        try:
            decision = ReviewDecision(
                action=body.action,
                reviewer=principal.name,
                reason=body.reason,
                listing=body.listing,
            )
            run_id = job_id if store.get(job_id) else None
            return await decide(db, sku, locale, decision, settings, run_id)
        except (ReviewError, ValidationError) as error:
            raise HTTPException(422, str(error)) from error

    @app.post("/v1/review/{job_id}/{sku}/{locale}", tags=["review"])
    async def post_decision(
        job_id: str,
        sku: str,
        locale: str,
        body: DecisionRequest,
        principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
    ) -> dict[str, Any]:
        """Approve, reject (with a reason) or edit a held listing; an edit is checked again."""
        if body.action == "reject" and not body.reason:
            raise HTTPException(422, "a rejection needs a reason")
        outcome = await apply(job_id, sku, locale, principal, body)
        if isinstance(outcome, LocaleListing):
            return {
                "status": outcome.decision.status.value,
                "listing": outcome.model_dump(mode="json"),
            }
        return {"status": "held", "findings": outcome.payload.get("findings", [])}

    def sku_events(sku: str, locale: str | None = None) -> list[dict[str, Any]]:
        events = []
        for name, db in sources().items():
            path = audit_path(db)
            if path.exists():
                log = AuditLog(path)
                events += [{"job": name, **e.__dict__} for e in log.events(sku, locale)]
                log.close()
        return events

    @app.get("/v1/audit/{sku}", tags=["audit"])
    def audit_trail(
        sku: str,
        principal: Annotated[Principal, Depends(allow(Role.AUDITOR, Role.REVIEWER, Role.ADMIN))],
        locale: str | None = None,
    ) -> list[dict[str, Any]]:
        """The audit events of a sku across jobs and tenants."""
        return sku_events(sku, locale)

    # ---- the review page (cookie listingsmith_key, set by /login) ----

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return TEMPLATES.TemplateResponse(request, "login.html.jinja", {})

    @app.post("/login", include_in_schema=False)
    def login(key: Annotated[str, Form()]) -> RedirectResponse:
        if ring.find(key) is None:
            raise HTTPException(401, "unknown API key")
        response = RedirectResponse("/review", status_code=303)
        response.set_cookie("listingsmith_key", key, httponly=True, samesite="strict")
        return response

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    async def queue_page(
        request: Request,
        principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
    ) -> HTMLResponse:
        items = await queue()
        return TEMPLATES.TemplateResponse(
            request, "queue.html.jinja", {"items": items, "principal": principal}
        )

    @app.get(
        "/review/{job_id}/{sku}/{locale}", response_class=HTMLResponse, include_in_schema=False
    )
    async def item_page(
        request: Request,
        job_id: str,
        sku: str,
        locale: str,
        principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
    ) -> HTMLResponse:
        item = await held(job_id, sku, locale)
        product = item.product
        listing = Draft(**item.payload["listing"]) if item.payload.get("listing") else None
        return TEMPLATES.TemplateResponse(
            request,
            "item.html.jinja",
            {
                "job_id": job_id,
                "item": item,
                "product": product,
                "principal": principal,
                "fields": highlighted_fields(listing, item.payload.get("findings", [])),
                "listing_json": listing.model_dump_json(indent=2) if listing else "",
                "events": sku_events(sku, locale),
            },
        )

    @app.get("/review/photo/{job_id}/{sku}/{locale}/{index}", include_in_schema=False)
    async def photo(
        job_id: str,
        sku: str,
        locale: str,
        index: int,
        principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
    ) -> FileResponse:
        images = (await held(job_id, sku, locale)).product.images
        if not 0 <= index < len(images):
            raise HTTPException(404, "no such photo")
        return FileResponse(images[index])

    @app.post("/review/{job_id}/{sku}/{locale}", include_in_schema=False)
    async def item_decide(
        job_id: str,
        sku: str,
        locale: str,
        action: Annotated[str, Form()],
        principal: Annotated[Principal, Depends(allow(Role.REVIEWER, Role.ADMIN))],
        reason: Annotated[str | None, Form()] = None,
        listing: Annotated[str | None, Form()] = None,
    ) -> RedirectResponse:
        if action == "reject" and not reason:
            raise HTTPException(422, "a rejection needs a reason")
        edited = Draft.model_validate_json(listing) if action == "edit" and listing else None
        await apply(
            job_id,
            sku,
            locale,
            principal,
            DecisionRequest(action=action, reason=reason or None, listing=edited),
        )
        return RedirectResponse("/review", status_code=303)

    return app
