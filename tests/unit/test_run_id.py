"""A run's default id: the same inputs resume the same run; other code, rules or decisive
settings make a new run, so an upgrade never ships listings the old rules approved."""

from pathlib import Path

import pytest

from listingsmith.batch import runner
from listingsmith.batch.runner import code_digest, default_run_id
from listingsmith.config import WHERE_AND_HOW_FAST, Settings

CATALOG = b'{"sku": "A1", "title": "Mug"}\n'


def test_same_inputs_same_run() -> None:
    assert default_run_id(CATALOG, ["en-US"], Settings()) == default_run_id(
        CATALOG, ["en-US"], Settings()
    )


@pytest.mark.parametrize(
    "changed",
    [
        {"max_attempts": 1},
        {"model": "other-model"},
        {"profile": "openai-compatible"},
        {"adapters": {}},
        {"paraphrase_claims": False},
        {"sign_off_locales": ["de-DE"]},
    ],
)
def test_a_decisive_setting_makes_another_run(changed: dict) -> None:
    assert default_run_id(CATALOG, ["en-US"], Settings(**changed)) != default_run_id(
        CATALOG, ["en-US"], Settings()
    )


@pytest.mark.parametrize(
    "changed",
    [
        {"llm_url": "http://127.0.0.1:9/v1"},
        {"max_model_concurrency": 2},
        {"request_timeout_s": 5.0},
        {"api_key": "sk-secret"},
        {"cache_dir": Path("elsewhere")},
    ],
)
def test_where_and_how_fast_resume_the_same_run(changed: dict) -> None:
    assert default_run_id(CATALOG, ["en-US"], Settings(**changed)) == default_run_id(
        CATALOG, ["en-US"], Settings()
    )


def test_other_catalogue_or_locales_make_another_run() -> None:
    first = default_run_id(CATALOG, ["en-US"], Settings())
    assert default_run_id(CATALOG + b"\n", ["en-US"], Settings()) != first
    assert default_run_id(CATALOG, ["en-US", "de-DE"], Settings()) != first


def test_every_excluded_name_is_a_setting() -> None:
    assert set(Settings.model_fields) >= WHERE_AND_HOW_FAST


def test_code_digest_reads_every_file_but_caches(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "listingsmith"
    (package / "policies" / "__pycache__").mkdir(parents=True)
    (package / "policies" / "amazon.yaml").write_text("rules: []\n")
    (package / "policies" / "__pycache__" / "x.cpython-312.pyc").write_bytes(b"\0")
    monkeypatch.setattr(runner.resources, "files", lambda name: package)

    def digest() -> str:
        code_digest.cache_clear()
        return code_digest()

    try:
        first = digest()
        (package / "policies" / "__pycache__" / "x.cpython-312.pyc").write_bytes(b"\1")
        assert digest() == first  # compiled files are not the code
        (package / "policies" / "amazon.yaml").write_text("rules: [banned]\n")
        changed = digest()
        assert changed != first  # an edited pack is other rules
        (package / "policies" / "amazon.yaml").rename(package / "amazon.yaml")
        assert digest() not in (first, changed)  # a moved file too
    finally:
        code_digest.cache_clear()
