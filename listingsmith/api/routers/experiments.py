"""A/B experiments of a finished job (JSON API): ingest a results file, the report, promote a
variant. A seller sees and changes only their tenant's jobs; an admin any."""
# No "from __future__ import annotations": FastAPI must see the types in the signatures.

import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from listingsmith.api.auth import allow, caller
from listingsmith.api.bounded import BoundedRoute, refuse_repeated
from listingsmith.api.keys import Principal, Role
from listingsmith.api.routers.jobs import own_job
from listingsmith.channels.run_outputs import read_run
from listingsmith.experiments.ingest import ingest
from listingsmith.experiments.promote import PromoteError, promote
from listingsmith.experiments.report import build_report, report_json
from listingsmith.experiments.results_file import ResultsFileError
from listingsmith.experiments.runs import Experiment, run_experiments
from listingsmith.storage.experiments import ResultsStore, results_beside

router = APIRouter(prefix="/v1/jobs", tags=["experiments"], route_class=BoundedRoute)
editor = allow(Role.SELLER, Role.ADMIN)


class PromoteRequest(BaseModel):
    """The variant to promote (None: the one most likely to convert best)."""

    variant_id: str | None = None


def job_run(request: Request, job_id: str, principal: Principal) -> tuple[Path, dict]:
    """The job's folder and row when the caller may see it and it has finished."""
    store = request.app.state.store
    job = own_job(store, job_id, principal)
    if job["status"] != "done":
        raise HTTPException(409, f"job {job_id} is {job['status']}: experiments need it done")
    return store.folder(job_id), job


def _experiments(folder: Path) -> dict[str, Experiment]:
    try:
        return run_experiments(read_run(folder))
    except ValueError as error:
        raise HTTPException(409, str(error)) from error


def _store(request: Request, folder: Path) -> ResultsStore:
    return ResultsStore(results_beside(folder, request.app.state.settings))


@router.post("/{job_id}/experiments/results")
async def post_results(
    request: Request,
    job_id: str,
    file: UploadFile,
    principal: Annotated[Principal, Depends(editor)],
) -> dict[str, Any]:
    """Ingest a results CSV (experiment_id,variant_id,impressions,clicks,orders: totals to
    date); each bad row is named by line and column, the rest is read; the same file twice
    changes nothing; a second file is refused, never left out."""
    folder, _ = job_run(request, job_id, principal)
    await refuse_repeated(request, ("file",))
    settings = request.app.state.settings
    data = await file.read()
    try:
        done = await run_in_threadpool(
            ingest,
            data,
            _store(request, folder),
            settings.experiments.results_rows,
            _experiments(folder),
        )
    except ResultsFileError as error:
        raise HTTPException(422, {"file": str(error)}) from error
    return {
        "new": done.new,
        "variants": len(done.file.counts),
        "errors": [
            {"line": e.line, "column": e.column, "message": e.message} for e in done.file.errors
        ],
    }


def job_report(request: Request, job_id: str, principal: Principal) -> dict[str, Any]:
    """The job's experiment report (as `experiment report --json`) when the caller may see it."""
    folder, _ = job_run(request, job_id, principal)
    experiments = _experiments(folder)
    counts = _store(request, folder).counts(set(experiments))
    reports, overall = build_report(counts, request.app.state.settings.experiments, experiments)
    return report_json(reports, overall)


def promote_in_job(
    request: Request, job_id: str, experiment_id: str, variant_id: str | None, by: Principal
) -> dict[str, Any]:
    """Make a shipped variant (the winner, or the one named) the job's listing of its sku x
    locale, audited with `by`'s name, and bring the job's counts up to date; 422 when it
    cannot be."""
    folder, job = job_run(request, job_id, by)
    settings = request.app.state.settings
    try:
        done = promote(folder, experiment_id, variant_id, by.name, settings)
    except (PromoteError, ValueError) as error:
        raise HTTPException(422, str(error)) from error
    if job["report"] is not None:
        run = json.loads((folder / "run.json").read_text(encoding="utf-8"))
        report = {**job["report"], "counts": run["counts"]}
        request.app.state.store.set_status(job_id, job["status"], job["error"], report)
    return {
        "variant_id": done.variant_id,
        "listing": done.listing.model_dump(mode="json"),
        "promoted_by": done.by,
    }


@router.get("/{job_id}/experiments/report")
def get_report(
    request: Request, job_id: str, principal: Annotated[Principal, Depends(caller)]
) -> dict[str, Any]:
    """Per listing and overall: each variant's conversion and click rate with credible
    intervals and the probability that it is best."""
    return job_report(request, job_id, principal)


@router.post("/{job_id}/experiments/{experiment_id}/promote")
def post_promote(
    request: Request,
    job_id: str,
    experiment_id: str,
    body: PromoteRequest,
    principal: Annotated[Principal, Depends(editor)],
) -> dict[str, Any]:
    """Make a shipped variant (the winner, or the one named) the job's listing of its sku x
    locale, audited with the caller's name; 422 when it cannot be."""
    return promote_in_job(request, job_id, experiment_id, body.variant_id, principal)
