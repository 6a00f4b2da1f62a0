"""DELETE /v1/jobs/{id} on SQLite and on PostgreSQL: a tenant frees its stored bytes (its
quota counts them no more, so a refused tenant may submit again); another tenant's job is "not
found"; a job that runs or whose listings await a decision is refused with 409; the job's
files, checkpoints and held-listings rows go, its audit trail stays and records the deletion."""

import json
from pathlib import Path

import psycopg
import pytest

from listingsmith.api.jobs import JobStore
from listingsmith.audit.backends import open_audit_log, verify_audit
from listingsmith.batch.job import audit_path
from listingsmith.config import Settings
from listingsmith.storage.held import HeldIndex
from tests.unit.fakes import BOTTLE, DE_GOOD, DISPUTED
from tests.unit.test_api import as_, submit, wait_done
from tests.unit.test_api_quotas import finished_job, refused, service, settings_for

pytestmark = pytest.mark.usefixtures("db_url")


def audit_location(settings: Settings, store: JobStore, job: str) -> str | Path:
    """Where the job's audit events are: the database, else the log in its folder."""
    return settings.database or audit_path(store.folder(job) / "state.sqlite")


def deletion_events(settings: Settings, store: JobStore, job: str) -> list[dict]:
    log = open_audit_log(audit_location(settings, store, job))
    try:
        return [e.payload for e in log.events("*") if e.run_id == job and e.node == "job.deleted"]
    finally:
        log.close()


def threads_of(url: str, job: str) -> int:
    """The job's checkpoint threads in the database."""
    with psycopg.connect(url) as db:
        sql = "SELECT count(DISTINCT thread_id) FROM checkpoints WHERE thread_id LIKE %s"
        return db.execute(sql, (f"{job}%",)).fetchone()[0]


def test_a_tenant_deletes_its_finished_job_and_may_submit_again(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    job, store, stored = finished_job(settings)
    assert stored > 0
    if settings.database:
        assert threads_of(settings.database, job) > 0

    tight = settings_for(tmp_path, stored_bytes=stored + 100)
    with service(tight) as client:
        assert refused(client, "k-acme", 507)["in_use"] == stored
        # Another tenant's job does not exist for them; a reviewer may not delete at all.
        other = client.delete(f"/v1/jobs/{job}", headers=as_("k-globex"))
        missing = client.delete("/v1/jobs/000000000000", headers=as_("k-globex"))
        assert other.status_code == missing.status_code == 404
        assert other.json()["detail"].replace(job, "X") == (
            missing.json()["detail"].replace("000000000000", "X")
        )
        assert client.delete(f"/v1/jobs/{job}", headers=as_("k-rev")).status_code == 403
        assert store.get(job) is not None

        deleted = client.delete(f"/v1/jobs/{job}", headers=as_("k-acme"))
        assert deleted.status_code == 200, deleted.text
        assert deleted.json() == {"job": job, "deleted": True, "bytes_freed": stored}
        assert client.get(f"/v1/jobs/{job}", headers=as_("k-acme")).status_code == 404
        assert client.delete(f"/v1/jobs/{job}", headers=as_("k-acme")).status_code == 404
        assert store.usage("acme").bytes == 0
        # Only the audit log is left of the job's files (in the database: nothing).
        left = {path.name for path in store.folder(job).iterdir()}
        assert all(name.startswith("audit.sqlite") for name in left), left
        assert not (store.folder(job) / "listings.jsonl").exists()
        if settings.database:
            assert threads_of(settings.database, job) == 0
        # acme has room again.
        again = submit(client, "k-acme")
        assert wait_done(client, again, "k-acme")["status"] == "done"

    (event,) = deletion_events(settings, store, job)
    assert event == {
        "job": job,
        "tenant": "acme",
        "by": "acme-seller",
        "role": "seller",
        "bytes_freed": stored,
    }
    checked, broken = verify_audit(audit_location(settings, store, job))
    assert broken is None and checked > 1  # the run's events are kept, the chain holds
    log = open_audit_log(audit_location(settings, store, job))
    try:
        assert any(e.run_id == job and e.node != "job.deleted" for e in log.events())
    finally:
        log.close()


def test_a_running_job_or_one_awaiting_a_decision_is_not_deleted(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    with service(settings) as client:
        store = client.app.state.store
        held = submit(client, "k-acme", product=DISPUTED)
        assert wait_done(client, held, "k-acme")["status"] == "done"
        busy = store.create("acme", [BOTTLE], ["de-DE"])  # another replica runs it
        store.set_status(busy, "running")

        running = client.delete(f"/v1/jobs/{busy}", headers=as_("k-acme"))
        assert running.status_code == 409 and "running" in running.json()["detail"]
        waiting = client.delete(f"/v1/jobs/{held}", headers=as_("k-admin"))
        assert waiting.status_code == 409, waiting.text
        assert "awaiting a decision" in waiting.json()["detail"]
        assert store.get(held) is not None and store.get(busy) is not None
        assert (store.folder(held) / "listings.jsonl").exists()

        decided = client.post(
            f"/v1/review/{held}/BOTTLE-1/de-DE",
            headers=as_("k-rev"),
            json={"action": "edit", "listing": DE_GOOD},
        )
        assert decided.json()["status"] == "fixed"
        gone = client.delete(f"/v1/jobs/{held}", headers=as_("k-admin"))
        assert gone.status_code == 200, gone.text
        assert "BOTTLE" not in json.dumps(deletion_events(settings, store, held))
        assert HeldIndex(store.records.location).runs().get(held) is None
