"""The experiments page: a seller's finished jobs with variants, a job's report (each variant's
conversion with its credible interval and the probability that it is best) and a promote
button per variant. Autoescaped templates; every form carries the session's CSRF token."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import Response

from listingsmith.api.auth import SignedIn, signed_in
from listingsmith.api.keys import Role
from listingsmith.api.routers.experiments import job_report, promote_in_job
from listingsmith.api.routers.pages import render
from listingsmith.batch.shipped import SHIPPED

router = APIRouter(prefix="/experiments", include_in_schema=False)
editor = signed_in(Role.SELLER, Role.ADMIN)


@router.get("")
def jobs_page(request: Request, visitor: Annotated[SignedIn, Depends(editor)]) -> Response:
    """The caller's jobs (a seller's tenant's; an admin's all) that wrote variants."""
    store = request.app.state.store
    principal = visitor.principal
    tenant = principal.tenant if principal.role is Role.SELLER else None
    jobs = [job for job in store.all(tenant) if store.framings(job["id"])]
    return render(request, "experiments.html.jinja", {"jobs": jobs, "visitor": visitor})


@router.get("/{job_id}")
def report_page(
    request: Request, job_id: str, visitor: Annotated[SignedIn, Depends(editor)]
) -> Response:
    """One job's experiment report, with a promote button per variant that shipped."""
    return _report(request, job_id, visitor)


def _report(
    request: Request, job_id: str, visitor: SignedIn, promoted: dict[str, str] | None = None
) -> Response:
    report = job_report(request, job_id, visitor.principal)
    context = {
        "job_id": job_id,
        "report": report,
        "visitor": visitor,
        "promoted": promoted,
        "shipped": {status.value for status in SHIPPED},
    }
    return render(request, "experiment_report.html.jinja", context)


@router.post("/{job_id}/{experiment_id}/promote")
def promote_page(
    request: Request,
    job_id: str,
    experiment_id: str,
    visitor: Annotated[SignedIn, Depends(editor)],
    variant_id: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Promote the variant named (none: the most likely best) and show the report again, with
    what was promoted (the experiment has ended: its listing is the promoted variant)."""
    try:
        done = promote_in_job(request, job_id, experiment_id, variant_id or None, visitor.principal)
    except HTTPException as error:
        if error.status_code != 422:
            raise
        message = f"{experiment_id}: {error.detail}"
        context = {"visitor": visitor, "message": message}
        return render(request, "refused.html.jinja", context, status=422)
    promoted = {"experiment_id": experiment_id, "variant_id": done["variant_id"]}
    return _report(request, job_id, visitor, promoted)
