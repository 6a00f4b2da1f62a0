"""Cancelling a job in the PostgreSQL work queue: no product of it is claimed after (a product
given back by a stopping worker is cancelled, not queued again), those in flight finish; the
service with a database ends a queued job 'cancelled' at once, and a running one once the
workers have finished what they held, with those products' listings."""

from pathlib import Path

from fastapi.testclient import TestClient

from listingsmith.batch.worker import serve_queue
from listingsmith.serving.connect import model_client
from listingsmith.storage.queue import (
    QueuedJob,
    cancel,
    claim,
    enqueue,
    finish,
    open_queue,
    progress,
)
from listingsmith.storage.queue import release as give_back
from tests.unit.test_api import as_
from tests.unit.test_queue_workers import InstantModel, isolated, line, queue_service

__all__ = ["isolated"]


def test_a_cancelled_jobs_products_are_claimed_no_more(postgres_url: str) -> None:
    with open_queue(postgres_url) as db:
        enqueue(db, QueuedJob("j1", "acme", ["en-US"], []), [(s, "{}") for s in "ABC"])
        enqueue(db, QueuedJob("j2", "acme", ["en-US"], []), [("D", "{}")])
        first = claim(db, "w1", 30)
        second = claim(db, "w2", 30)
        assert first is not None and second is not None and first.job_id == second.job_id == "j1"
        assert cancel(db, "j1") == {
            "queued": 0,
            "leased": 2,
            "done": 0,
            "failed": 0,
            "cancelled": 1,
        }
        nxt = claim(db, "w3", 30)
        assert nxt is not None and nxt.job_id == "j2"  # never C
        assert claim(db, "w4", 30) is None
        with db.transaction():  # a product in flight finishes
            assert finish(db, first, "w1", [line("A", "en-US")])
        assert give_back(db, second, "w2")  # a stopping worker's: cancelled, not queued
        assert progress(db, "j1") == {
            "queued": 0,
            "leased": 0,
            "done": 1,
            "failed": 0,
            "cancelled": 2,
        }
        assert claim(db, "w5", 30) is None


def two_products(client: TestClient) -> str:
    records = [
        {"sku": sku, "title": "Steel water bottle 750 ml", "description": "Keeps drinks cold."}
        for sku in ("A-1", "A-2")
    ]
    response = client.post(
        "/v1/jobs", headers=as_("k-acme"), json={"products": records, "locales": ["de-DE"]}
    )
    assert response.status_code == 202, response.text
    return response.json()["job"]


async def test_the_service_with_a_database_cancels_queued_and_running_jobs(
    postgres_url: str, isolated: dict[str, str], tmp_path: Path
) -> None:
    settings, app = queue_service(postgres_url, tmp_path)
    with TestClient(app) as client:
        queued, running = two_products(client), two_products(client)
        response = client.post(f"/v1/jobs/{queued}/cancel", headers=as_("k-acme"))
        assert response.status_code == 200 and response.json()["status"] == "cancelled"
        with open_queue(postgres_url) as db:
            held = claim(db, "w1", 30)  # a worker has started the running job
            assert held is not None and held.job_id == running
        response = client.post(f"/v1/jobs/{running}/cancel", headers=as_("k-acme"))
        assert response.status_code == 202 and response.json()["status"] == "cancelling"
        model = InstantModel(limits=settings.listing_limits)
        worker = model_client(settings, model, "instant")
        tally = await serve_queue(postgres_url, settings, worker, drain=True, say=lambda _: None)
        assert sum(tally.values()) == 0  # nothing of either job is claimed
        assert client.get(f"/v1/jobs/{running}", headers=as_("k-acme")).json()["status"] == (
            "cancelling"
        )
        with open_queue(postgres_url) as db, db.transaction():
            assert finish(db, held, "w1", [line(held.sku, "de-DE")])
        body = client.get(f"/v1/jobs/{running}", headers=as_("k-acme")).json()
        assert body["status"] == "cancelled", body
        assert body["report"]["products_done"] == 1 and body["report"]["products_not_run"] == 1
        listed = client.get(f"/v1/jobs/{running}/listings", headers=as_("k-acme")).json()
        assert [x["sku"] for x in listed] == [held.sku]
        body = client.get(f"/v1/jobs/{queued}", headers=as_("k-acme")).json()
        assert body["report"]["products_not_run"] == 2
        with open_queue(postgres_url) as db:
            assert progress(db, queued) == {
                "queued": 0,
                "leased": 0,
                "done": 0,
                "failed": 0,
                "cancelled": 2,
            }
        assert client.app.state.store.usage("acme").unfinished == 0
