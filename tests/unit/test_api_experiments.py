"""The experiments API: a seller ingests results and promotes a variant of their own finished
job, any role that may see the job reads the report, other tenants are told it does not exist,
and reviewers and auditors may not change it."""

import json
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.audit.log import AuditLog
from listingsmith.config import Settings
from listingsmith.experiments.promote import AUDIT_NODE
from tests.unit.experiment_runs import experiment_id, write_variant_run
from tests.unit.fakes import BOTTLE, fake_model
from tests.unit.test_api import KEYS, as_

EXP = experiment_id("BOT-1", "en-US")
RESULTS = f"experiment_id,variant_id,impressions,clicks,orders\n{EXP},A,2000,100,8\n"
RESULTS += f"{EXP},B,2000,140,50\n{EXP},C,5,9,1\n"


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "key"))
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys)
    app = create_app(settings, llm=lambda client: (fake_model([]), "fake-model"))
    with TestClient(app) as client:
        yield client


def finished_job(client: TestClient, tenant: str = "acme") -> str:
    """A done job of `tenant` whose folder holds a run with variants (written by hand)."""
    store = client.app.state.store
    job = store.create(tenant, [BOTTLE], ["en-US", "de-DE"])
    write_variant_run(store.folder(job))
    store.set_status(job, "done", None, {"counts": {}})
    return job


def upload(client: TestClient, job: str, key: str, text: str = RESULTS):
    files = {"file": ("results.csv", text.encode(), "text/csv")}
    return client.post(f"/v1/jobs/{job}/experiments/results", headers=as_(key), files=files)


def test_a_seller_ingests_names_bad_rows_and_the_second_upload_changes_nothing(
    service: TestClient,
) -> None:
    job = finished_job(service)
    first = upload(service, job, "k-acme")
    assert first.status_code == 200, first.text
    assert first.json() == {
        "new": True,
        "variants": 2,
        "errors": [{"line": 4, "column": "clicks", "message": "9 clicks exceed 5 impressions"}],
    }
    assert upload(service, job, "k-acme").json()["new"] is False


def test_the_report_is_json_for_every_role_that_sees_the_job(service: TestClient) -> None:
    job = finished_job(service)
    upload(service, job, "k-admin")
    for key in ("k-acme", "k-rev", "k-aud", "k-admin"):
        response = service.get(f"/v1/jobs/{job}/experiments/report", headers=as_(key))
        assert response.status_code == 200, key
    (experiment,) = response.json()["experiments"]
    assert (experiment["experiment_id"], experiment["sku"], experiment["winner"]) == (
        EXP,
        "BOT-1",
        "B",
    )
    assert sum(v["p_best"] for v in experiment["variants"]) == pytest.approx(1.0)


def test_other_tenants_and_read_only_roles_are_refused(service: TestClient) -> None:
    job = finished_job(service)
    assert (
        service.get(f"/v1/jobs/{job}/experiments/report", headers=as_("k-globex")).status_code
        == 404
    )
    assert upload(service, job, "k-globex").status_code == 404
    assert upload(service, job, "k-rev").status_code == 403
    assert upload(service, job, "k-aud").status_code == 403
    promote = f"/v1/jobs/{job}/experiments/{EXP}/promote"
    assert service.post(promote, headers=as_("k-rev"), json={}).status_code == 403
    assert service.get(f"/v1/jobs/{job}/experiments/report").status_code == 401


def test_a_seller_promotes_the_winner_and_the_audit_names_them(service: TestClient) -> None:
    job = finished_job(service)
    upload(service, job, "k-acme")
    response = service.post(
        f"/v1/jobs/{job}/experiments/{EXP}/promote", headers=as_("k-acme"), json={}
    )
    assert response.status_code == 200, response.text
    assert response.json()["variant_id"] == "B"
    listings = service.get(
        f"/v1/jobs/{job}/listings?sku=BOT-1&locale=en-US", headers=as_("k-acme")
    ).json()
    assert [x["title"] for x in listings] == ["Steel bottle BOT-1 for pro"]
    assert service.get(f"/v1/jobs/{job}", headers=as_("k-acme")).json()["report"]["counts"]
    folder = service.app.state.store.folder(job)
    log = AuditLog(folder / "audit.sqlite")
    (event,) = [e for e in log.events("BOT-1") if e.node == AUDIT_NODE]
    log.close()
    assert event.payload["reviewer"] == "acme-seller"


def test_promoting_a_held_variant_is_refused_with_why(service: TestClient) -> None:
    job = finished_job(service)
    response = service.post(
        f"/v1/jobs/{job}/experiments/{experiment_id('BOT-2', 'de-DE')}/promote",
        headers=as_("k-admin"),
        json={"variant_id": "C"},
    )
    assert response.status_code == 422
    assert "was not shipped (status held)" in response.json()["detail"]
    folder = service.app.state.store.folder(job)
    assert len((folder / "listings.jsonl").read_text().splitlines()) == 14
    assert json.loads((folder / "run.json").read_text())["run_id"] == "test-run"


def test_an_unfinished_job_has_no_experiments_yet(service: TestClient) -> None:
    store = service.app.state.store
    job = store.create("acme", [BOTTLE], ["en-US"])
    store.set_status(job, "running", None, None)
    response = service.get(f"/v1/jobs/{job}/experiments/report", headers=as_("k-acme"))
    assert response.status_code == 409


def test_a_second_results_file_is_refused_not_left_out(service: TestClient) -> None:
    job = finished_job(service)
    files = [
        ("file", ("a.csv", RESULTS.encode(), "text/csv")),
        ("file", ("b.csv", RESULTS.replace("2000", "3000").encode(), "text/csv")),
    ]
    answer = service.post(f"/v1/jobs/{job}/experiments/results", headers=as_("k-acme"), files=files)
    assert answer.status_code == 422 and answer.json()["detail"]["field"] == "file", answer.text
    assert upload(service, job, "k-acme").status_code == 200  # nothing was ingested before
