"""A run with LISTINGSMITH_DATABASE_URL set: checkpoints and the audit log in PostgreSQL."""

import json
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from listingsmith.audit.signing import public_key_path
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.runner import SilentObserver
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations
from tests.unit.test_channels_run import EXAMPLE, fake_server

__all__ = ["fake_server"]  # a fixture


async def test_a_run_keeps_checkpoints_and_audit_in_postgres(
    tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The test server trusts local connections, so the password is only there to be hidden.
    url = postgres_url.replace("postgres@", "postgres:hunter2@")
    monkeypatch.setenv("LISTINGSMITH_DATABASE_URL", url)
    key = tmp_path / "keys" / "audit"
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(key))
    settings = Settings()
    out = tmp_path / "out"
    await run_job(
        JobSpec([BOTTLE], ["de-DE"], out, "run1", db_path=out / "state.sqlite"),
        settings,
        model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model"),
        observer=SilentObserver(),
    )
    report = (out / "run.json").read_text()
    assert json.loads(report)["audit"]["path"] == postgres_url
    assert not (out / "state.sqlite").exists() and not (out / "audit.sqlite").exists()
    with psycopg.connect(postgres_url) as db:
        threads = {row[0] for row in db.execute("SELECT DISTINCT thread_id FROM checkpoints")}
        payloads = " ".join(row[0] for row in db.execute("SELECT payload FROM audit.events"))
    assert threads and all(thread.startswith("run1:") for thread in threads)
    assert "hunter2" not in report + payloads

    public = str(public_key_path(key))
    result = CliRunner().invoke(app, ["audit", "verify", url, "--key", public])
    assert result.exit_code == 0, result.output
    assert "audit log intact" in result.output and "1 signed anchor(s) valid" in result.output


def test_run_takes_a_database_url_as_its_db(
    tmp_path: Path, postgres_url: str, fake_server: None
) -> None:
    out = tmp_path / "out"
    args = ["run", str(EXAMPLE), "--out", str(out), "--locales", "en-US", "--db", postgres_url]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "run.json").read_text())["audit"]["path"] == postgres_url
    with psycopg.connect(postgres_url) as db:
        skus = {row[0] for row in db.execute("SELECT DISTINCT sku FROM audit.events")}
    assert len(skus - {"*"}) == 5
    assert CliRunner().invoke(app, ["audit", "verify", postgres_url]).exit_code == 0
