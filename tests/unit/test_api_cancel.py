"""POST /v1/jobs/{id}/cancel on SQLite and on PostgreSQL (the service running its jobs itself):
a queued job never starts; a running one stops at its next product boundary, keeping the
listings of the products it finished, and ends 'cancelled' with the products done and not run
in its report; either frees its tenant's quota places; a job that has ended is a 409 with the
reason; another tenant's job is "not found"; an audit event records who cancelled which job,
also when the run breaks off while stopping, or the service restarts before it has stopped."""

import asyncio
import json
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from listingsmith.api import jobs as api_jobs
from listingsmith.api.app import create_app
from listingsmith.api.jobs import JobStore
from listingsmith.audit.backends import open_audit_log
from listingsmith.config import Settings
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, Gate, HeldModel, translations
from tests.unit.test_api import as_, submit
from tests.unit.test_api_job_deletion import audit_location
from tests.unit.test_api_quotas import refused, settings_for

pytestmark = pytest.mark.usefixtures("db_url")


def held_service(settings: Settings, gate: Gate) -> TestClient:
    model = HeldModel(responses=[json.dumps(EN_GOOD)] * 20, lines=translations(DE_GOOD), gate=gate)
    return TestClient(create_app(settings, llm=lambda client: (model, "fake-model")))


def status_of(client: TestClient, job: str) -> dict:
    return client.get(f"/v1/jobs/{job}", headers=as_("k-admin")).json()


def wait_ended(client: TestClient, job: str) -> dict:
    for _ in range(400):
        body = status_of(client, job)
        if body["status"] in ("done", "failed", "cancelled"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"job {job} did not end: {body}")


def cancel_events(settings: Settings, store, job: str) -> list[dict]:
    log = open_audit_log(audit_location(settings, store, job))
    try:
        return [e.payload for e in log.events("*") if e.run_id == job and e.node == "job.cancelled"]
    finally:
        log.close()


def started(settings: Settings, store, job: str) -> bool:
    """Whether the job's run began (its run.start event)."""
    path = audit_location(settings, store, job)
    if not settings.database and not Path(path).exists():
        return False
    log = open_audit_log(path)
    try:
        return any(e.run_id == job and e.node == "run.start" for e in log.events("*"))
    finally:
        log.close()


def three_products(client: TestClient, key: str) -> str:
    records = [{**BOTTLE.model_dump(mode="json"), "sku": f"BOTTLE-{n}"} for n in range(1, 4)]
    response = client.post(
        "/v1/jobs", headers=as_(key), json={"products": records, "locales": ["de-DE"]}
    )
    assert response.status_code == 202, response.text
    return response.json()["job"]


def test_a_running_job_stops_at_its_next_product_and_keeps_what_it_finished(
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path).model_copy(update={"max_product_concurrency": 1})
    gate = Gate()
    with held_service(settings, gate) as client:
        store = client.app.state.store
        job = three_products(client, "k-acme")
        assert gate.waiting.acquire(timeout=30)  # the first product is inside the model
        assert client.post(f"/v1/jobs/{job}/cancel", headers=as_("k-globex")).status_code == 404
        assert client.post(f"/v1/jobs/{job}/cancel", headers=as_("k-rev")).status_code == 403
        response = client.post(f"/v1/jobs/{job}/cancel", headers=as_("k-acme"))
        assert response.status_code == 202, response.text
        assert response.json() == {"job": job, "status": "cancelling"}
        assert status_of(client, job)["status"] == "cancelling"
        assert store.usage("acme").running == 1  # its place is held until it stops
        again = client.post(f"/v1/jobs/{job}/cancel", headers=as_("k-acme"))
        assert again.status_code == 409 and "cancelling" in again.json()["detail"]
        gate.go.set()
        body = wait_ended(client, job)
        assert body["status"] == "cancelled", body
        assert body["report"]["products_done"] == 1 and body["report"]["products_not_run"] == 2
        assert body["report"]["counts"]["de-DE"] == {"approved": 1}
        listed = client.get(f"/v1/jobs/{job}/listings", headers=as_("k-acme")).json()
        assert [x["sku"] for x in listed] == ["BOTTLE-1"]
        assert store.usage("acme").unfinished == 0
        ended = client.post(f"/v1/jobs/{job}/cancel", headers=as_("k-admin"))
        assert ended.status_code == 409
        assert ended.json()["detail"] == (
            f"job {job} is cancelled: only a queued or running job can be cancelled"
        )
        # An ended job may be deleted.
        assert client.delete(f"/v1/jobs/{job}", headers=as_("k-acme")).status_code == 200
    (event,) = cancel_events(settings, store, job)
    who = {"job": job, "tenant": "acme", "by": "acme-seller", "role": "seller"}
    assert event == {
        **who,
        "products": 3,
        "products_done": 1,
        "products_not_run": 2,
        "ended": "cancelled",
    }


def test_a_queued_job_never_starts_and_frees_its_quota_place(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, running_jobs=1, unfinished_jobs=2)
    gate = Gate()
    with held_service(settings, gate) as client:
        store = client.app.state.store
        running = submit(client, "k-acme")
        assert gate.waiting.acquire(timeout=30)
        waiting = submit(client, "k-acme")  # behind acme's running place
        assert refused(client, "k-acme", 429)["in_use"] == 2
        response = client.post(f"/v1/jobs/{waiting}/cancel", headers=as_("k-admin"))
        assert response.status_code == 200, response.text
        assert response.json() == {"job": waiting, "status": "cancelled"}
        body = status_of(client, waiting)
        assert body["status"] == "cancelled"
        assert body["report"] == {
            "cancellation": {"by": "root", "role": "admin"},
            "products_done": 0,
            "products_not_run": 1,
        }
        assert store.usage("acme").unfinished == 1
        later = submit(client, "k-acme")  # the place is free again
        gate.go.set()
        assert wait_ended(client, running)["status"] == "done"
        assert wait_ended(client, later)["status"] == "done"
        assert status_of(client, waiting)["status"] == "cancelled"
        assert client.get(f"/v1/jobs/{waiting}/listings", headers=as_("k-acme")).json() == []
        done = client.post(f"/v1/jobs/{running}/cancel", headers=as_("k-acme"))
        assert done.status_code == 409 and "is done" in done.json()["detail"]
    assert not started(settings, store, waiting)
    (event,) = cancel_events(settings, store, waiting)
    assert event["by"] == "root" and event["products_not_run"] == 1
    assert "BOTTLE" not in json.dumps(event)


def test_a_run_that_breaks_off_while_stopping_fails_and_keeps_who_cancelled_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = Gate()

    async def breaks_off(*args: object) -> None:
        gate.waiting.release()
        await asyncio.to_thread(gate.go.wait, 60)
        raise OSError("no space left writing to https://seller:hunter2@store.example/x")

    monkeypatch.setattr(api_jobs, "run_job", breaks_off)
    settings = settings_for(tmp_path)
    with held_service(settings, gate) as client:
        store = client.app.state.store
        job = three_products(client, "k-acme")
        assert gate.waiting.acquire(timeout=30)
        response = client.post(f"/v1/jobs/{job}/cancel", headers=as_("k-acme"))
        assert response.json() == {"job": job, "status": "cancelling"}
        gate.go.set()
        body = wait_ended(client, job)
        assert body["status"] == "failed", body
        assert "no space left" in body["error"] and "hunter2" not in body["error"]
        assert body["report"] == {
            "counts": {},
            "cancellation": {"by": "acme-seller", "role": "seller"},
            "products_done": 0,
            "products_not_run": 3,
        }
        assert store.usage("acme").unfinished == 0
    (event,) = cancel_events(settings, store, job)
    assert event["by"] == "acme-seller" and event["ended"] == "failed"
    assert event["products_not_run"] == 3 and "hunter2" not in json.dumps(event)


def test_a_job_still_stopping_at_a_restart_ends_cancelled_with_what_it_finished(
    tmp_path: Path,
) -> None:
    settings = settings_for(tmp_path)
    store = JobStore(settings.service_dir, settings.database)
    records = [{**BOTTLE.model_dump(mode="json"), "sku": f"BOTTLE-{n}"} for n in (1, 2)]
    job = store.create("acme", [BOTTLE.model_validate(r) for r in records], ["de-DE"])
    store.set_status(job, "running")
    by = {"by": "acme-seller", "role": "seller"}
    assert store.cancel(job, by, idle=False, settings=settings) == "cancelling"
    finished = {"sku": "BOTTLE-1", "locale": "de-DE", "status": "approved"}
    (store.folder(job) / "listings.jsonl").write_text(json.dumps(finished) + "\n")
    # the process died here; the next one must not run the job's products again
    with TestClient(create_app(settings, llm=lambda client: (None, "unused"))) as client:
        body = wait_ended(client, job)
    assert body["status"] == "cancelled", body
    assert body["report"] == {
        "counts": {"de-DE": {"approved": 1}},
        "cancellation": by,
        "products_done": 1,
        "products_not_run": 1,
    }
    (event,) = cancel_events(settings, store, job)
    assert event["ended"] == "cancelled" and event["products_done"] == 1
