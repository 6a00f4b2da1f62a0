"""GET /v1/audit on SQLite and on PostgreSQL: an auditor or an admin lists a tenant's events,
a deleted job's kept trail included (by tenant, by job); a key with a tenant lists only that
tenant's; a reviewer still lists only the jobs they may review; pages follow the Link header
to the last event, none twice, and a made-up cursor is a 422."""

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.config import AuditPaging, Settings
from tests.unit.fakes import DE_GOOD, EN_GOOD, fake_model, translations
from tests.unit.test_api import KEYS, as_, submit, wait_done

pytestmark = pytest.mark.usefixtures("db_url")

# An auditor of one tenant besides the service's usual keys.
AUDIT_KEYS = {**KEYS, "k-aud-acme": {"name": "ada", "role": "auditor", "tenant": "acme"}}


def service(tmp_path: Path, **settings_: object) -> TestClient:
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in AUDIT_KEYS.items()]}))
    settings = Settings(
        service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1, **settings_
    )
    model = fake_model([EN_GOOD] * 10, translations(DE_GOOD))
    return TestClient(create_app(settings, llm=lambda client: (model, "fake-model")))


def listed(client: TestClient, key: str, path: str = "/v1/audit", **query: str) -> list[dict]:
    response = client.get(path, headers=as_(key), params=query)
    assert response.status_code == 200, response.text
    return response.json()


def jobs_in(events: list[dict]) -> set[str]:
    return {event["job"] for event in events}


def test_auditors_list_a_tenants_events_with_its_deleted_jobs(tmp_path: Path) -> None:
    with service(tmp_path) as client:
        gone, kept = submit(client, "k-acme"), submit(client, "k-acme", sku="BOTTLE-2")
        other = submit(client, "k-globex")
        for job, key in ((gone, "k-acme"), (kept, "k-acme"), (other, "k-globex")):
            assert wait_done(client, job, key)["status"] == "done"
        assert client.delete(f"/v1/jobs/{gone}", headers=as_("k-acme")).status_code == 200

        for key in ("k-aud", "k-admin", "k-aud-acme"):
            events = listed(client, key, tenant="acme")
            assert jobs_in(events) == {gone, kept}, key
            nodes = {event["node"] for event in events if event["job"] == gone}
            assert {"run.start", "finalize", "job.deleted"} <= nodes, nodes
            one = listed(client, key, job=gone)
            assert jobs_in(one) and jobs_in(one) == {gone}
            assert len(one) == len([e for e in events if e["job"] == gone])
            # The sku's trail includes the deleted job's events too.
            trail = listed(client, key, "/v1/audit/BOTTLE-1", locale="de-DE")
            assert gone in jobs_in(trail)
        assert jobs_in(listed(client, "k-aud")) == {gone, kept, other}
        assert listed(client, "k-aud", tenant="globex", job=gone) == []

        # A key with a tenant lists only its own, whatever it asks for.
        assert listed(client, "k-aud-acme", tenant="globex") == []
        assert listed(client, "k-aud-acme", job=other) == []
        assert jobs_in(listed(client, "k-aud-acme")) == {gone, kept}
        # A reviewer lists the jobs they may review, a deleted one no more; a seller nothing.
        assert jobs_in(listed(client, "k-rev", tenant="acme")) == {kept}
        assert client.get("/v1/audit", headers=as_("k-acme")).status_code == 403


def pages(client: TestClient, key: str, first: str) -> list[list[dict]]:
    """Every page from `first` on, following the Link header's next page."""
    found, url = [], first
    while url:
        response = client.get(url, headers=as_(key))
        assert response.status_code == 200, response.text
        found.append(response.json())
        link = response.headers.get("link", "")
        assert not link or link.endswith('>; rel="next"'), link
        url = link[1 : -len('>; rel="next"')] if link else ""
    return found


def test_the_listing_comes_in_pages_that_follow_one_another(tmp_path: Path) -> None:
    paging = AuditPaging(page_size=4, max_page_size=6)
    with service(tmp_path, audit_paging=paging) as client:
        jobs = [submit(client, "k-acme", sku=f"BOTTLE-{n}") for n in (1, 2)]
        other = submit(client, "k-globex")
        for job in jobs:
            assert wait_done(client, job, "k-acme")["status"] == "done"
        assert wait_done(client, other, "k-globex")["status"] == "done"
        whole = [e for page in pages(client, "k-aud", "/v1/audit?limit=6") for e in page]
        assert jobs_in(whole) == {*jobs, other}
        places = [(e["job"], e["seq"]) for e in whole]
        assert len(set(places)) == len(places) > 12  # none twice, more than two pages

        acme = pages(client, "k-aud", "/v1/audit?tenant=acme")
        assert len(acme) > 1 and all(len(page) == 4 for page in acme[:-1])  # page_size
        assert [e for page in acme for e in page] == [e for e in whole if e["job"] in jobs]
        asked = pages(client, "k-aud", "/v1/audit?tenant=acme&limit=50")  # max_page_size
        assert len(asked) > 1 and all(len(page) == 6 for page in asked[:-1])
        assert [e for page in asked for e in page] == [e for page in acme for e in page]

        for made_up in ("nonsense", "job:-1", f"{jobs[0]}:", ":3"):
            response = client.get("/v1/audit", headers=as_("k-aud"), params={"after": made_up})
            assert response.status_code == 422, made_up
            assert response.json()["detail"]["field"] == "after"
