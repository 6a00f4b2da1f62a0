"""The HTTP API with FastAPI's test client: every route, every role, tenants kept apart."""

import base64
import json
import time
from pathlib import Path

import psycopg
import pytest
import yaml
from fastapi.testclient import TestClient
from PIL import Image
from typer.testing import CliRunner

from listingsmith.api.app import create_app
from listingsmith.api.jobs import JobStore
from listingsmith.cli import app as cli
from listingsmith.config import Settings
from listingsmith.domain import Product
from tests.unit.fakes import (
    BOTTLE,
    DE_GOOD,
    DE_WRONG_HOURS,
    DISPUTED,
    EN_GOOD,
    Gate,
    HeldModel,
    fake_model,
    translations,
)
from tests.unit.test_api_sessions import sign_in

KEYS = {
    "k-acme": {"name": "acme-seller", "role": "seller", "tenant": "acme"},
    "k-globex": {"name": "globex-seller", "role": "seller", "tenant": "globex"},
    "k-rev": {"name": "rita", "role": "reviewer"},
    "k-aud": {"name": "otto", "role": "auditor"},
    "k-admin": {"name": "root", "role": "admin"},
}


pytestmark = pytest.mark.usefixtures("db_url")


def as_(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


@pytest.fixture
def service(tmp_path: Path):
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    model = fake_model([EN_GOOD] * 10, translations(DE_WRONG_HOURS))
    app = create_app(settings, llm=lambda client: (model, "fake-model"))
    with TestClient(app) as client:
        yield client


def wait_done(client: TestClient, job: str, key: str) -> dict:
    for _ in range(200):
        body = client.get(f"/v1/jobs/{job}", headers=as_(key)).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError("job did not finish")


def data_url(path: Path) -> str:
    """A PNG photo as the JSON route takes it."""
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()


def submit(
    client: TestClient,
    key: str,
    sku: str = "BOTTLE-1",
    images: list[str] = (),
    product: Product = BOTTLE,
) -> str:
    """A job of `product` (as `sku`, with `images`) to de-DE; its id. DISPUTED is held."""
    record = {**product.model_dump(mode="json"), "sku": sku, "images": list(images)}
    response = client.post(
        "/v1/jobs", headers=as_(key), json={"products": [record], "locales": ["de-DE"]}
    )
    assert response.status_code == 202, response.text
    return response.json()["job"]


def test_keys_and_roles_are_enforced(service: TestClient) -> None:
    assert service.get("/v1/jobs").status_code == 401
    assert service.get("/v1/jobs", headers=as_("nope")).status_code == 401
    assert service.get("/v1/review/queue", headers=as_("k-acme")).status_code == 403
    assert service.get("/v1/audit/X", headers=as_("k-acme")).status_code == 403
    assert (
        service.post(
            "/v1/jobs", headers=as_("k-rev"), json={"products": [{}], "locales": ["de-DE"]}
        ).status_code
        == 403
    )
    assert (
        service.post(
            "/v1/jobs", headers=as_("k-aud"), json={"products": [{}], "locales": ["de-DE"]}
        ).status_code
        == 403
    )


def test_bad_records_are_named(service: TestClient) -> None:
    response = service.post(
        "/v1/jobs",
        headers=as_("k-acme"),
        json={"products": [{"sku": "A", "title": "ok"}, {"title": "no sku"}], "locales": ["de-DE"]},
    )
    assert response.status_code == 422
    assert response.json()["detail"]["bad_records"] == [
        {"index": 1, "sku": None, "field": "sku", "message": "Field required"}
    ]


def test_a_seller_never_sees_another_tenants_data(service: TestClient) -> None:
    job = submit(service, "k-acme")
    wait_done(service, job, "k-acme")
    assert service.get(f"/v1/jobs/{job}", headers=as_("k-globex")).status_code == 404
    assert service.get(f"/v1/jobs/{job}/listings", headers=as_("k-globex")).status_code == 404
    assert service.get("/v1/jobs", headers=as_("k-globex")).json() == []
    assert [j["id"] for j in service.get("/v1/jobs", headers=as_("k-acme")).json()] == [job]
    assert [j["id"] for j in service.get("/v1/jobs", headers=as_("k-admin")).json()] == [job]


def test_submit_poll_fetch_review_and_audit(service: TestClient) -> None:
    job = submit(service, "k-acme", product=DISPUTED)
    done = wait_done(service, job, "k-acme")
    assert done["status"] == "done" and done["report"]["counts"] == {"de-DE": {"held": 1}}
    (listing,) = service.get(f"/v1/jobs/{job}/listings?locale=de-DE", headers=as_("k-acme")).json()
    assert listing["status"] == "held"

    (held,) = service.get("/v1/review/queue", headers=as_("k-rev")).json()
    assert (held["job"], held["sku"], held["locale"]) == (job, "BOTTLE-1", "de-DE")
    assert held["findings"][0]["rule_id"] == "fact.quantity.contradicted"
    assert "attribute-conflict" in {f["rule_id"] for f in held["findings"]}

    bad_edit = service.post(
        f"/v1/review/{job}/BOTTLE-1/de-DE",
        headers=as_("k-rev"),
        json={"action": "edit", "listing": DE_WRONG_HOURS},
    )
    assert bad_edit.json()["status"] == "held"
    assert (
        service.post(
            f"/v1/review/{job}/BOTTLE-1/de-DE", headers=as_("k-rev"), json={"action": "reject"}
        ).status_code
        == 422
    )
    good_edit = service.post(
        f"/v1/review/{job}/BOTTLE-1/de-DE",
        headers=as_("k-rev"),
        json={"action": "edit", "listing": DE_GOOD},
    )
    assert good_edit.json()["status"] == "fixed"
    assert good_edit.json()["listing"]["decision"]["reviewer"] == "rita"
    assert service.get("/v1/review/queue", headers=as_("k-rev")).json() == []

    trail = service.get("/v1/audit/BOTTLE-1?locale=de-DE", headers=as_("k-aud")).json()
    nodes = [e["node"] for e in trail]
    assert nodes[:4] == ["extract", "categorize", "draft", "check_draft"]
    assert nodes[-1] == "finalize"
    decisions = [e["payload"]["action"] for e in trail if e["node"] == "human_review"]
    assert decisions == ["edit", "edit"]


def test_upload_a_catalogue_file(service: TestClient) -> None:
    lines = [json.dumps({**BOTTLE.model_dump(mode="json"), "sku": "U1"}), "{broken"]
    response = service.post(
        "/v1/jobs/upload",
        headers=as_("k-acme"),
        data={"locales": "de-DE"},
        files={"file": ("c.jsonl", "\n".join(lines), "application/jsonl")},
    )
    assert response.status_code == 422
    assert response.json()["detail"]["bad_records"][0]["line"] == 2
    ok = service.post(
        "/v1/jobs/upload",
        headers=as_("k-acme"),
        data={"locales": "de-DE"},
        files={"file": ("c.jsonl", lines[0], "application/jsonl")},
    )
    assert ok.status_code == 202


def test_admin_must_name_the_tenant(service: TestClient) -> None:
    product = BOTTLE.model_dump(mode="json")
    response = service.post(
        "/v1/jobs", headers=as_("k-admin"), json={"products": [product], "locales": ["de-DE"]}
    )
    assert response.status_code == 422


def test_review_page_queue_item_and_decision(service: TestClient, tmp_path: Path) -> None:
    photo = tmp_path / "bottle.png"
    Image.new("RGB", (16, 16), "blue").save(photo)
    job = submit(service, "k-acme", images=[data_url(photo)], product=DISPUTED)
    wait_done(service, job, "k-acme")
    assert service.get("/review").status_code == 401
    csrf = sign_in(service, "k-rev")
    queue = service.get("/review")
    assert queue.status_code == 200 and f"/review/{job}/BOTTLE-1/de-DE" in queue.text
    page = service.get(f"/review/{job}/BOTTLE-1/de-DE")
    assert "<mark" in page.text and "12 h" in page.text and "Approve" in page.text
    assert str(tmp_path) not in page.text  # photos are served, not shown as file paths
    image = service.get(f"/review/photo/{job}/BOTTLE-1/de-DE/0")
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    done = service.post(f"/review/{job}/BOTTLE-1/de-DE", data={"action": "approve", "csrf": csrf})
    assert done.status_code == 200 and "Nothing is held." in done.text


def test_openapi_lists_the_routes(service: TestClient) -> None:
    paths = set(service.get("/openapi.json").json()["paths"])
    assert {
        "/v1/jobs",
        "/v1/jobs/upload",
        "/v1/jobs/{job_id}",
        "/v1/jobs/{job_id}/listings",
        "/v1/review/queue",
        "/v1/review/{job_id}/{sku}/{locale}",
        "/v1/audit/{sku}",
    } <= paths


def test_the_service_answers_while_a_job_holds_its_thread(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    gate = Gate()  # the model's call holds its thread, event loop included
    model = HeldModel(responses=[json.dumps(EN_GOOD)], lines=translations(DE_GOOD), gate=gate)
    with TestClient(create_app(settings, llm=lambda client: (model, "fake-model"))) as client:
        job = submit(client, "k-acme")
        assert gate.waiting.acquire(timeout=30)
        # Answered at once, not after the job's thread lets go (that was CI's ReadTimeout).
        assert client.get(f"/v1/jobs/{job}", headers=as_("k-acme")).json()["status"] == "running"
        gate.go.set()
        done = wait_done(client, job, "k-acme")
    assert done["status"] == "done", done
    assert done["report"]["counts"] == {"de-DE": {"approved": 1}}


def test_a_restart_resumes_unfinished_jobs(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, max_attempts=1)
    store = JobStore(settings.service_dir, settings.database)
    job = store.create("acme", [BOTTLE], ["de-DE"])
    store.set_status(job, "running")  # the process died here
    model = fake_model([EN_GOOD], translations(DE_GOOD))
    with TestClient(create_app(settings, llm=lambda client: (model, "fake-model"))) as client:
        done = wait_done(client, job, "k-acme")
    assert done["status"] == "done" and done["report"]["counts"] == {"de-DE": {"approved": 1}}


def test_the_review_page_serves_a_cli_runs_held_listings(tmp_path: Path) -> None:
    from tests.unit.test_review_cli import held_run

    db = held_run(tmp_path / "cli")
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    settings = Settings(service_dir=tmp_path / "service", api_keys_file=keys, review_dbs=[db])
    with TestClient(create_app(settings, llm=lambda client: (None, "unused"))) as client:
        queue = client.get("/v1/review/queue", headers=as_("k-rev")).json()
        assert sorted((q["job"], q["sku"]) for q in queue) == [
            ("run0", "BOTTLE-1"),
            ("run0", "BOTTLE-2"),
        ]
        done = client.post(
            "/v1/review/run0/BOTTLE-1/de-DE", headers=as_("k-rev"), json={"action": "approve"}
        )
        assert done.json()["status"] == "approved"
        assert len(client.get("/v1/review/queue", headers=as_("k-rev")).json()) == 1


def test_the_review_page_shows_a_photo_that_contradicts_the_seller(
    service: TestClient, tmp_path: Path
) -> None:
    photo = tmp_path / "red.png"
    Image.new("RGB", (16, 16), "red").save(photo)  # the seller says blue
    job = submit(service, "k-acme", images=[data_url(photo)])
    wait_done(service, job, "k-acme")
    sign_in(service, "k-rev")
    page = service.get(f"/review/{job}/BOTTLE-1/de-DE").text
    assert "Attribute conflicts" in page and "attribute-conflict (block)" in page
    assert "seller says <q>blue</q>" in page and "pixels says <q>red</q>" in page


def test_serve_takes_the_database_url(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    served = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: served.append(app))
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    monkeypatch.setenv("LISTINGSMITH_API_KEYS_FILE", str(keys))
    monkeypatch.setenv("LISTINGSMITH_SERVICE_DIR", str(tmp_path / "service"))
    refused = CliRunner().invoke(cli, ["serve", "--db", "service.sqlite"])
    assert refused.exit_code == 2 and "not a postgresql:// URL" in refused.output
    started = CliRunner().invoke(cli, ["serve", "--db", postgres_url])
    assert started.exit_code == 0, started.output
    (service,) = served
    assert service.state.settings.database == postgres_url
    service.state.store.create("acme", [BOTTLE], ["de-DE"])
    with psycopg.connect(postgres_url) as db:
        assert db.execute("SELECT tenant FROM store.jobs").fetchall() == [("acme",)]
