"""Per-tenant quotas (config.TenantQuotas) through the service, on SQLite and on PostgreSQL: a
tenant at its unfinished jobs is told 429 with a Retry-After, one past its stored bytes 507 (413
for a job larger than the whole quota), each refusal naming only that tenant's limit and use;
the use is counted from the store, so a restart resets nothing, and another tenant is never
refused for it; a tenant's many jobs do not take every running place."""

import json
import time
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from listingsmith.api.app import create_app
from listingsmith.api.jobs import JobStore
from listingsmith.config import Settings, TenantQuotas
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, Gate, HeldModel, fake_model, translations
from tests.unit.test_api import KEYS, as_, submit, wait_done

pytestmark = pytest.mark.usefixtures("db_url")


def settings_for(tmp_path: Path, **quotas: int) -> Settings:
    keys = tmp_path / "keys.yaml"
    keys.write_text(yaml.safe_dump({"keys": [{"key": k, **v} for k, v in KEYS.items()]}))
    return Settings(
        service_dir=tmp_path / "service",
        api_keys_file=keys,
        max_attempts=1,
        tenant_quotas=TenantQuotas(**quotas),
    )


def service(settings: Settings) -> TestClient:
    model = fake_model([EN_GOOD] * 10, translations(DE_GOOD))
    return TestClient(create_app(settings, llm=lambda client: (model, "fake-model")))


def refused(client: TestClient, key: str, status: int) -> dict:
    """A submission refused with `status`: its one-line JSON detail."""
    record = BOTTLE.model_dump(mode="json")
    response = client.post(
        "/v1/jobs", headers=as_(key), json={"products": [record], "locales": ["de-DE"]}
    )
    assert response.status_code == status, response.text
    assert "\n" not in response.text
    return response.json()["detail"]


def job_folders(settings: Settings) -> int:
    return len(list((settings.service_dir / "jobs").iterdir()))


def test_a_tenant_at_its_unfinished_jobs_is_told_429_and_another_is_not(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, unfinished_jobs=2, retry_after_s=30)
    with service(settings) as client:
        # Two jobs another replica stored and has not run: the store counts them.
        other = JobStore(settings.service_dir, settings.database)
        waiting = [other.create("acme", [BOTTLE], ["de-DE"]) for _ in range(2)]
        folders = job_folders(settings)
        record = BOTTLE.model_dump(mode="json")
        response = client.post(
            "/v1/jobs", headers=as_("k-acme"), json={"products": [record], "locales": ["de-DE"]}
        )
        assert response.status_code == 429, response.text
        assert response.headers["retry-after"] == "30"
        detail = response.json()["detail"]
        assert {k: detail[k] for k in ("quota", "tenant", "limit", "in_use")} == {
            "quota": "unfinished_jobs",
            "tenant": "acme",
            "limit": 2,
            "in_use": 2,
        }
        assert "globex" not in response.text
        assert job_folders(settings) == folders  # nothing of the refused job is left
        upload = client.post(
            "/v1/jobs/upload",
            headers=as_("k-acme"),
            files={"file": ("c.jsonl", json.dumps(record).encode())},
            data={"locales": "de-DE"},
        )
        assert upload.status_code == 429, upload.text
        # Another tenant is not refused for acme's jobs; an admin naming acme is.
        job = submit(client, "k-globex")
        assert wait_done(client, job, "k-globex")["status"] == "done"
        admin = client.post(
            "/v1/jobs",
            headers=as_("k-admin"),
            json={"products": [record], "locales": ["de-DE"], "tenant": "acme"},
        )
        assert admin.status_code == 429
        assert sorted(j["id"] for j in client.get("/v1/jobs", headers=as_("k-acme")).json()) == (
            sorted(waiting)
        )
        other.set_status(waiting[0], "failed", "stopped")  # one ends: acme may submit again
        assert wait_done(client, submit(client, "k-acme"), "k-acme")["status"] == "done"


def finished_job(settings: Settings) -> tuple[str, JobStore, int]:
    """A job of acme's run to its end by a service that then stopped: its id, the store, and
    the bytes acme stores."""
    with service(settings) as client:
        job = submit(client, "k-acme")
        assert wait_done(client, job, "k-acme")["status"] == "done"
    store = JobStore(settings.service_dir, settings.database)
    return job, store, store.usage("acme").bytes


def test_stored_bytes_are_counted_from_the_store_across_a_restart(tmp_path: Path) -> None:
    first, store, stored = finished_job(settings_for(tmp_path))
    on_disk = sum(p.stat().st_size for p in store.folder(first).rglob("*") if p.is_file())
    assert stored == on_disk > 0  # the outputs and checkpoints count, not only the upload

    # Restarted with room for less than one more job of that size.
    tight = settings_for(tmp_path, stored_bytes=stored + 100)
    with service(tight) as client:
        detail = refused(client, "k-acme", 507)
        assert detail["quota"] == "stored_bytes" and detail["tenant"] == "acme"
        assert detail["limit"] == stored + 100 and detail["in_use"] == stored
        assert job_folders(tight) == 1
        job = submit(client, "k-globex")  # globex stores nothing yet
        assert wait_done(client, job, "k-globex")["status"] == "done"

    # A job larger than the whole quota is 413, whatever the tenant stores.
    with service(settings_for(tmp_path, stored_bytes=100)) as client:
        detail = refused(client, "k-admin", 422)  # an admin must still name the tenant
        record = BOTTLE.model_dump(mode="json")
        response = client.post(
            "/v1/jobs",
            headers=as_("k-admin"),
            json={"products": [record], "locales": ["de-DE"], "tenant": "initech"},
        )
        assert response.status_code == 413, response.text
        assert response.json()["detail"]["in_use"] == 0


def test_one_tenants_jobs_leave_running_places_to_another(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, running_jobs=1).model_copy(update={"max_concurrent_jobs": 2})
    gate = Gate()
    model = HeldModel(responses=[json.dumps(EN_GOOD)] * 10, lines=translations(DE_GOOD), gate=gate)
    with TestClient(create_app(settings, llm=lambda client: (model, "fake-model"))) as client:
        acme = [submit(client, "k-acme"), submit(client, "k-acme")]
        globex = submit(client, "k-globex")
        for _ in range(2):  # two jobs are running (inside the model)
            assert gate.waiting.acquire(timeout=30)
        time.sleep(0.3)
        status = {
            j: client.get(f"/v1/jobs/{j}", headers=as_("k-admin")).json()["status"]
            for j in [*acme, globex]
        }
        gate.go.set()
        for job in acme:
            assert wait_done(client, job, "k-acme")["status"] == "done"
        assert wait_done(client, globex, "k-globex")["status"] == "done"
    assert status[globex] == "running", status
    assert sorted(status[j] for j in acme) == ["queued", "running"], status
