"""The service's job rows on both backends: what a job is, and how far it got."""

from pathlib import Path

from listingsmith.storage.jobs import JobRecords


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
