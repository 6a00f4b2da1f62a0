"""The service's job rows on both backends: what a job is, and how far it got."""

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from listingsmith.config import TenantQuotas
from listingsmith.storage.jobs import JobRecords, OverQuota, Usage


def test_jobs_are_kept_per_tenant_newest_first_and_move_on(db_location: str | Path) -> None:
    jobs = JobRecords(db_location)
    jobs.add("j1", "acme", ["de-DE"], 2)
    jobs.add("j2", "globex", ["fr-FR", "ja-JP"], 1)
    jobs.add("j3", "acme", ["de-DE"], 5)
    assert jobs.ids("acme") == ["j3", "j1"] and jobs.ids() == ["j3", "j2", "j1"]
    assert jobs.get("j2") == {
        **(jobs.get("j2") or {}),
        "tenant": "globex",
        "status": "queued",
        "locales": ["fr-FR", "ja-JP"],
        "products": 1,
        "report": None,
    }
    jobs.set_status("j1", "done", None, {"counts": {"de-DE": {"approved": 2}}})
    jobs.set_status("j3", "failed", "RuntimeError: the model went away", None)
    assert jobs.get("j1")["report"] == {"counts": {"de-DE": {"approved": 2}}}  # type: ignore[index]
    failed = jobs.get("j3") or {}
    assert (failed["status"], failed["error"]) == ("failed", "RuntimeError: the model went away")
    assert jobs.get("nope") is None
    # A second store on the same place (another process, another machine) sees the same rows.
    assert JobRecords(db_location).ids("globex") == ["j2"]


def test_a_tenants_use_is_counted_and_a_job_past_its_quota_is_not_added(
    db_location: str | Path,
) -> None:
    jobs = JobRecords(db_location)
    quotas = TenantQuotas(unfinished_jobs=2, stored_bytes=1000)
    jobs.add("a1", "acme", ["de-DE"], 1, 300, quotas)
    jobs.add("a2", "acme", ["de-DE"], 1, 300, quotas)
    jobs.add("g1", "globex", ["de-DE"], 1, 900, quotas)
    with pytest.raises(OverQuota) as refused:
        jobs.add("a3", "acme", ["de-DE"], 1, 10, quotas)
    assert refused.value.quota == "unfinished_jobs" and jobs.get("a3") is None
    jobs.set_status("a1", "running", None, None)
    assert jobs.usage("acme") == Usage(queued=1, running=1, bytes=600)
    jobs.set_status("a1", "done", None, None)
    jobs.set_bytes("a1", 650)
    with pytest.raises(OverQuota) as refused:
        jobs.add("a3", "acme", ["de-DE"], 1, 400, quotas)  # 650 + 300 + 400 > 1000
    assert refused.value.quota == "stored_bytes" and refused.value.usage.bytes == 950
    jobs.add("a3", "acme", ["de-DE"], 1, 50, quotas)
    assert jobs.usage("globex") == Usage(queued=1, running=0, bytes=900)
    assert sorted(jobs.unfinished("acme")) == ["a2", "a3"]


def test_an_older_sqlite_file_gains_the_bytes_column(tmp_path: Path) -> None:
    path = tmp_path / "service.sqlite"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute(
            "CREATE TABLE jobs (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, status TEXT NOT NULL, "
            "created REAL NOT NULL, locales TEXT NOT NULL, products INTEGER NOT NULL, "
            "error TEXT, report TEXT)"
        )
        conn.execute("INSERT INTO jobs VALUES ('old', 'acme', 'done', 1.0, '[]', 1, NULL, NULL)")
        conn.commit()
    jobs = JobRecords(path)
    assert jobs.usage("acme") == Usage(queued=0, running=0, bytes=0)
    jobs.set_bytes("old", 42)
    assert JobRecords(path).usage("acme").bytes == 42
