"""Review decisions through the HTTP API: an incomplete one is a 422 that wedges nothing, two at
once give one 200 and one 409, and the seller's listings and counts follow the decision."""

import threading
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.config import Settings
from tests.unit.fakes import DE_WRONG_HOURS, DISPUTED, EN_GOOD, fake_model, translations
from tests.unit.test_api import KEYS, as_, submit, wait_done

pytestmark = pytest.mark.usefixtures("db_url")


@pytest.fixture
def held(tmp_path: Path):
    """The service with one finished job whose de-DE listing is held (a GTIN conflict, and 12 h
    against 24 h); yields (client, job)."""
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD] * 10, translations(DE_WRONG_HOURS))
    with TestClient(create_app(settings, llm=lambda client: (model, "fake-model"))) as client:
        job = submit(client, "k-acme", product=DISPUTED)
        wait_done(client, job, "k-acme")
        yield client, job


def human_decisions(client: TestClient) -> list[str]:
    trail = client.get("/v1/audit/BOTTLE-1?locale=de-DE", headers=as_("k-aud")).json()
    return [e["payload"]["action"] for e in trail if e["node"] == "human_review"]


def test_an_edit_without_a_listing_is_refused_and_wedges_nothing(held) -> None:
    client, job = held
    route = f"/v1/review/{job}/BOTTLE-1/de-DE"
    for _ in range(2):
        refused = client.post(route, headers=as_("k-rev"), json={"action": "edit"})
        assert refused.status_code == 422
        assert "an edit needs the edited listing" in str(refused.json()["detail"])
    approved = client.post(route, headers=as_("k-rev"), json={"action": "approve"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert human_decisions(client) == ["approve"]


def test_two_decisions_at_once_give_one_200_and_one_409(held) -> None:
    client, job = held
    route = f"/v1/review/{job}/BOTTLE-1/de-DE"
    start = threading.Barrier(2)
    codes: list[int] = []

    def post(body: dict) -> None:
        start.wait()
        codes.append(client.post(route, headers=as_("k-rev"), json=body).status_code)

    bodies = ({"action": "approve"}, {"action": "reject", "reason": "12 h is wrong"})
    threads = [threading.Thread(target=post, args=(b,)) for b in bodies]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(codes) == [200, 409]
    assert len(human_decisions(client)) == 1


def test_the_seller_sees_the_decision(held) -> None:
    client, job = held
    client.post(
        f"/v1/review/{job}/BOTTLE-1/de-DE", headers=as_("k-rev"), json={"action": "approve"}
    )
    (listing,) = client.get(f"/v1/jobs/{job}/listings", headers=as_("k-acme")).json()
    assert (listing["status"], listing["reviewer"]) == ("approved", "rita")
    counts = client.get(f"/v1/jobs/{job}", headers=as_("k-acme")).json()["report"]["counts"]
    assert counts == {"de-DE": {"approved": 1}}


def test_a_decision_on_what_the_reviewer_no_longer_sees_is_409(held) -> None:
    client, job = held
    (entry,) = client.get("/v1/review/queue", headers=as_("k-rev")).json()
    route = f"/v1/review/{job}/BOTTLE-1/de-DE"
    stale = {"action": "approve", "seen": "an-interrupt-since-replaced"}
    assert client.post(route, headers=as_("k-rev"), json=stale).status_code == 409
    assert human_decisions(client) == []
    current = {"action": "approve", "seen": entry["interrupt_id"]}
    assert client.post(route, headers=as_("k-rev"), json=current).status_code == 200


def test_each_tenants_reviewer_sees_and_decides_only_its_own_held_listings(
    tmp_path: Path,
) -> None:
    """On a database every job's checkpoints share one table: the queue is still per job."""
    keys = tmp_path / "keys.yaml"
    tenants = {
        f"k-rev-{t}": {"name": f"rev-{t}", "role": "reviewer", "tenant": t}
        for t in ("acme", "globex")
    }
    every = [{"key": k, **v} for k, v in {**KEYS, **tenants}.items()]
    keys.write_text(yaml.safe_dump({"keys": every}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD] * 10, translations(DE_WRONG_HOURS))
    with TestClient(create_app(settings, llm=lambda client: (model, "fake-model"))) as client:
        jobs = {t: submit(client, f"k-{t}", product=DISPUTED) for t in ("acme", "globex")}
        for tenant, job in jobs.items():
            wait_done(client, job, f"k-{tenant}")
        queue = client.get("/v1/review/queue", headers=as_("k-rev")).json()
        assert sorted(item["job"] for item in queue) == sorted(jobs.values())
        for tenant, job in jobs.items():
            (item,) = client.get("/v1/review/queue", headers=as_(f"k-rev-{tenant}")).json()
            assert (item["job"], item["sku"]) == (job, "BOTTLE-1")
        route = f"/v1/review/{jobs['globex']}/BOTTLE-1/de-DE"
        foreign = client.post(route, headers=as_("k-rev-acme"), json={"action": "approve"})
        assert foreign.status_code == 404
        mine = client.post(route, headers=as_("k-rev-globex"), json={"action": "approve"})
        assert mine.status_code == 200, mine.text
        (left,) = client.get("/v1/review/queue", headers=as_("k-rev")).json()
        assert left["job"] == jobs["acme"]
