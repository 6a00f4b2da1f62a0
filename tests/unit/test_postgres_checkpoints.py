import json
from pathlib import Path

import psycopg
import pytest

from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.runner import SilentObserver
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations


async def test_a_run_checkpoints_into_postgres_when_a_database_url_is_set(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LISTINGSMITH_DATABASE_URL", postgres_url)
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "keys" / "audit"))
    settings = Settings()
    out = tmp_path / "out"
    await run_job(
        JobSpec([BOTTLE], ["de-DE"], out, "run1", db_path=out / "state.sqlite"),
        settings,
        model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model"),
        observer=SilentObserver(),
    )
    assert json.loads((out / "run.json").read_text())["counts"]
    assert not (out / "state.sqlite").exists()
    with psycopg.connect(postgres_url) as db:
        threads = {row[0] for row in db.execute("SELECT DISTINCT thread_id FROM checkpoints")}
    assert threads and all(thread.startswith("run1:") for thread in threads)
