"""Batches: submit (JSON or a JSONL upload), list, status, listings."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool

from listingsmith.api.auth import allow, caller
from listingsmith.api.bounded import BoundedRoute, refuse_repeated
from listingsmith.api.errors import shown_job, shown_listing
from listingsmith.api.jobs import JobStore
from listingsmith.api.keys import Principal, Role
from listingsmith.api.protocol import JobRequest, job_framings
from listingsmith.api.quotas import admit, refusal
from listingsmith.api.removal import delete_job
from listingsmith.batch.catalog import (
    RecordError,
    clip,
    gather,
    parse_batch_record,
    parse_record,
    read_lines,
)
from listingsmith.batch.photos import JobPhotos, PhotoRefused
from listingsmith.config import Settings
from listingsmith.domain import Product, locale_tags
from listingsmith.prompts.framing import Framing
from listingsmith.storage.jobs import OverQuota

router = APIRouter(prefix="/v1/jobs", tags=["jobs"], route_class=BoundedRoute)
# The upload's form fields that come once (images and videos come once per file).
SINGLE_FIELDS = ("file", "locales", "tenant", "audiences", "variants")


def own_job(store: JobStore, job_id: str, principal: Principal) -> dict[str, Any]:
    """The job, when the caller may see it; a seller is told "not found" for another
    tenant's job: it does not exist for them."""
    job = store.get(job_id)
    if job is None or (principal.role is Role.SELLER and job["tenant"] != principal.tenant):
        raise HTTPException(404, f"no job {job_id}")
    return job


@contextmanager
def reserved_job(store: JobStore) -> Iterator[str]:
    """A new job's id and folder; the folder goes again when the submission is refused."""
    job_id = store.reserve()
    try:
        yield job_id
    except BaseException:
        store.discard(job_id)
        raise


def refuse(errors: list[RecordError], where: str) -> HTTPException:
    """422 naming every bad record by `where` ("index" or "line"), sku and field."""
    problems = [
        {where: e.line, "sku": e.sku, "field": e.field, "message": e.message} for e in errors
    ]
    return HTTPException(422, {"bad_records": problems or [{"message": "no records"}]})


def job_tenant(principal: Principal, tenant: str | None) -> str:
    """Whose batch it is: a seller's own tenant's; an admin names it."""
    if principal.role is Role.SELLER:
        if not principal.tenant:
            raise HTTPException(403, "this seller key names no tenant")
        return principal.tenant
    if not tenant:
        raise HTTPException(422, "an admin must name the tenant of a batch")
    return tenant


def admitted(request: Request, tenant: str) -> None:
    """Refuse (429, 507) before the body is read a tenant that may add no job now."""
    quotas = request.app.state.settings.tenant_quotas
    admit(tenant, request.app.state.store.usage(tenant), quotas)


def submit(
    request: Request,
    products: list[Product],
    locales: list[str],
    tenant: str,
    job_id: str,
    framings: Sequence[Framing] = (),
) -> dict[str, Any]:
    """Store the batch in its reserved job within the tenant's quotas, start it."""
    quotas = request.app.state.settings.tenant_quotas
    try:
        request.app.state.store.create(tenant, products, locales, job_id, framings, quotas)
    except OverQuota as over:
        raise refusal(tenant, over, quotas) from over
    request.app.state.runner.start(job_id)
    return {"job": job_id, "status": "queued"}


def job_photos(folder: Path, settings: Settings) -> JobPhotos:
    """The job's photos and videos, stored in its folder within the seller's limits."""
    limits = settings.input_limits
    return JobPhotos(
        folder / "photos", limits.image_bytes, limits.video_bytes, settings.video.formats
    )


@router.post("", status_code=202)
async def create_job(
    request: Request,
    body: JobRequest,
    principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
) -> dict[str, Any]:
    """Submit a batch as JSON; photos are data: URLs (base64); every bad record is named by
    index and field."""
    settings = request.app.state.settings
    store = request.app.state.store
    tenant = job_tenant(principal, body.tenant)
    admitted(request, tenant)
    with reserved_job(store) as job_id:
        photos = job_photos(store.folder(job_id), settings)
        products, errors = await run_in_threadpool(
            gather,
            enumerate(body.products),
            partial(parse_batch_record, photos=photos, settings=settings),
            settings.input_limits.records_per_job,
        )
        if errors:
            raise refuse(errors, "index")
        framings = body.framings()
        return submit(request, products, body.locales, tenant, job_id, framings)


@router.post("/upload", status_code=202)
async def upload_job(
    request: Request,
    file: UploadFile,
    locales: Annotated[str, Form()],
    principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
    tenant: Annotated[str | None, Form()] = None,
    audiences: Annotated[str | None, Form(description="comma-separated, e.g. gift,pro")] = None,
    variants: Annotated[int | None, Form(description="variants per listing, 2..5")] = None,
    images: Annotated[
        list[UploadFile] | None, File(description="photos that records name by file name")
    ] = None,
    videos: Annotated[
        list[UploadFile] | None, File(description="videos that records name by file name")
    ] = None,
) -> dict[str, Any]:
    """Submit a JSONL catalogue file with its photos and videos; every bad record is named by
    line and field, a refused photo or video by its file name. A field taken once that comes
    twice is refused: a second catalogue file was left out of the job without a word."""
    await refuse_repeated(request, SINGLE_FIELDS)
    try:
        chosen = locale_tags([x.strip() for x in locales.split(",")])
    except ValueError as error:
        raise HTTPException(422, {"field": "locales", "message": str(error)}) from error
    try:
        framings = job_framings(audiences, variants)
    except ValueError as error:
        field = "variants" if str(error).startswith("variants") else "audiences"
        raise HTTPException(422, {"field": field, "message": str(error)}) from error
    settings = request.app.state.settings
    limits = settings.input_limits
    store = request.app.state.store
    owner = job_tenant(principal, tenant)
    admitted(request, owner)
    with reserved_job(store) as job_id:
        photos = job_photos(store.folder(job_id), settings)
        uploads = [(photos.add, upload) for upload in images or []]
        uploads += [(photos.add_video, upload) for upload in videos or []]
        for add, upload in uploads:
            name = upload.filename or ""
            try:
                await run_in_threadpool(add, name, upload.file)
            except PhotoRefused as refused:
                problem = {"file": clip(name), "message": str(refused)}
                raise HTTPException(422, {"bad_images": [problem]}) from refused
        products, errors = await run_in_threadpool(
            gather,
            read_lines(file.file, limits.record_bytes),
            partial(parse_record, photos=photos, settings=settings),
            limits.records_per_job,
        )
        if errors or not products:
            raise refuse(errors, "line")
        return submit(request, products, chosen, owner, job_id, framings)


@router.get("")
def list_jobs(
    request: Request, principal: Annotated[Principal, Depends(caller)]
) -> list[dict[str, Any]]:
    """Jobs the caller may see (a seller: their tenant's)."""
    tenant = principal.tenant if principal.role is Role.SELLER else None
    folder = request.app.state.settings.service_dir
    return [shown_job(job, folder) for job in request.app.state.store.all(tenant)]


@router.get("/{job_id}")
def get_job(
    request: Request, job_id: str, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """A job's status and counts."""
    job = own_job(request.app.state.store, job_id, principal)
    return shown_job(job, request.app.state.settings.service_dir)


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
    chosen = [r for r in rows if sku in (None, r["sku"]) and locale in (None, r["locale"])]
    return [shown_listing(row, request.app.state.settings.service_dir) for row in chosen]


@router.delete("/{job_id}")
async def remove_job(
    request: Request,
    job_id: str,
    principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
) -> dict[str, Any]:
    """Delete a job that has ended, freeing its stored bytes (a seller: their tenant's; another
    tenant's is "not found"); 409 while it runs or listings of it await a decision. Its audit
    trail is kept and records the deletion."""
    state = request.app.state
    job = await run_in_threadpool(own_job, state.store, job_id, principal)
    return await delete_job(job, principal, state.store, state.sources, state.settings)


@router.post("/{job_id}/cancel")
def cancel_job(
    request: Request,
    response: Response,
    job_id: str,
    principal: Annotated[Principal, Depends(allow(Role.SELLER, Role.ADMIN))],
) -> dict[str, Any]:
    """Cancel a queued or running job (a seller: their tenant's; another tenant's is "not
    found"): a queued one never starts ("cancelled"); a running one starts no further product
    and ends "cancelled" once those in flight are done (202, "cancelling"), keeping its
    finished and held listings. Its report counts the products done and not run; an audit
    event records who cancelled it. 409 for a job that has ended."""
    state = request.app.state
    own_job(state.store, job_id, principal)
    by = {"by": principal.name, "role": principal.role.value}
    status = state.store.cancel(job_id, by, True, state.settings)
    if status is None:
        now = state.store.get(job_id)
        shown = now["status"] if now else "deleted"
        raise HTTPException(
            409, f"job {job_id} is {shown}: only a queued or running job can be cancelled"
        )
    if status == "cancelling":
        response.status_code = 202
    return {"job": job_id, "status": status}
