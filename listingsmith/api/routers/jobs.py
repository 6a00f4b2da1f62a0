"""Batches: submit (JSON or a JSONL upload), list, status, listings."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request, UploadFile
from pydantic import ValidationError

from listingsmith.api.auth import allow, caller
from listingsmith.api.jobs import JobStore
from listingsmith.api.keys import Principal, Role
from listingsmith.api.protocol import JobRequest
from listingsmith.batch.catalog import parse_record
from listingsmith.domain import Product, locale_tags

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


def own_job(store: JobStore, job_id: str, principal: Principal) -> dict[str, Any]:
    """The job, when the caller may see it; a seller is told "not found" for another
    tenant's job: it does not exist for them."""
    job = store.get(job_id)
    if job is None or (principal.role is Role.SELLER and job["tenant"] != principal.tenant):
        raise HTTPException(404, f"no job {job_id}")
    return job


def submit(
    request: Request,
    principal: Principal,
    products: list[Product],
    locales: list[str],
    tenant: str | None,
) -> dict[str, Any]:
    """Store the batch for the caller's tenant (an admin names it) and start it."""
    if principal.role is Role.SELLER:
        tenant = principal.tenant
    elif not tenant:
        raise HTTPException(422, "an admin must name the tenant of a batch")
    job_id = request.app.state.store.create(tenant, products, locales)
    request.app.state.runner.start(job_id)
    return {"job": job_id, "status": "queued"}


@router.post("", status_code=202)
async def create_job(
    request: Request,
    body: JobRequest,
    principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
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
    return submit(request, principal, products, body.locales, body.tenant)


@router.post("/upload", status_code=202)
async def upload_job(
    request: Request,
    file: UploadFile,
    locales: Annotated[str, Form()],
    principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
    tenant: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Submit a JSONL catalogue file; every bad record is named by line and field."""
    try:
        chosen = locale_tags([x.strip() for x in locales.split(",")])
    except ValueError as error:
        raise HTTPException(422, {"field": "locales", "message": str(error)}) from error
    settings = request.app.state.settings
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
    return submit(request, principal, products, chosen, tenant)


@router.get("")
def list_jobs(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> list[dict[str, Any]]:
    """Jobs the caller may see (a seller: their tenant's)."""
    tenant = principal.tenant if principal.role is Role.SELLER else None
    return request.app.state.store.all(tenant)


@router.get("/{job_id}")
def get_job(
    request: Request, job_id: str, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """A job's status and counts."""
    return own_job(request.app.state.store, job_id, principal)


@router.get("/{job_id}/listings")
def get_listings(
    request: Request,
    job_id: str,
    principal: Annotated[Principal, Depends(caller)],
    sku: str | None = None,
    locale: str | None = None,
) -> list[dict[str, Any]]:
    """A job's listings (filter by sku and locale)."""
    store = request.app.state.store
    own_job(store, job_id, principal)
    path = store.folder(job_id) / "listings.jsonl"
    rows = [json.loads(x) for x in path.read_text().splitlines()] if path.exists() else []
    return [r for r in rows if sku in (None, r["sku"]) and locale in (None, r["locale"])]
