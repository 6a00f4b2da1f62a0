"""A secret set in the environment (the API key, a password in the model server's URL) reaches
the model client and nothing else: not the audit log, run.json, listings.jsonl, checkpoints or
any log line."""

import json
import logging
from pathlib import Path

import pytest

from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import RUN_SKU, JobSpec, run_job
from listingsmith.batch.runner import SilentObserver
from listingsmith.config import SECRET_SET, Settings
from listingsmith.serving.connect import model_client
from listingsmith.serving.llm import make_llm
from listingsmith.serving.profiles import get_profile
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations

SECRET = "sk-planted-7f3c9e1d-do-not-leak"


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTINGSMITH_API_KEY", SECRET)


def test_settings_hide_the_key(secret_env: None) -> None:
    settings = Settings()
    assert settings.api_key.get_secret_value() == SECRET
    assert SECRET not in repr(settings) and SECRET not in str(settings)
    assert SECRET not in json.dumps(settings.without_secrets())
    assert settings.without_secrets()["api_key"] == SECRET_SET


@pytest.mark.parametrize("profile", ["embedded-cpu", "production"])
def test_the_model_client_gets_the_key(secret_env: None, profile: str) -> None:
    llm = make_llm(get_profile(profile), "http://model.test/v1", "m", Settings())
    assert llm.openai_api_key.get_secret_value() == SECRET


async def test_a_run_records_and_logs_no_secret(
    secret_env: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "keys" / "audit"))
    # A model server behind a proxy's basic auth: its password is a secret too.
    monkeypatch.setenv("LISTINGSMITH_LLM_URL", f"https://bob:{SECRET}@model.test/v1")
    caplog.set_level(logging.DEBUG)
    out = tmp_path / "out"
    settings = Settings()
    await run_job(
        JobSpec([BOTTLE], ["de-DE"], out, "run1", db_path=tmp_path / "state.sqlite"),
        settings,
        model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model"),
        observer=SilentObserver(),
    )
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {"audit.sqlite", "run.json", "listings.jsonl", "state.sqlite"} <= {
        p.name for p in written
    }
    for path in written:
        assert SECRET.encode() not in path.read_bytes(), path.name
    captured = capsys.readouterr()
    assert SECRET not in caplog.text + captured.out + captured.err
    log = AuditLog(tmp_path / "audit.sqlite")
    start = next(e for e in log.events(RUN_SKU) if e.node == "run.start")
    log.close()
    assert start.payload["settings"]["api_key"] == SECRET_SET
    assert start.payload["settings"]["llm_url"] == "https://bob:***@model.test/v1"
