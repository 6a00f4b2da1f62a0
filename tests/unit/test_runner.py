"""Batch runs on a real SQLite checkpoint file: outputs, a bad record, resume, no redo."""

import json
from pathlib import Path
from typing import Any

from listingsmith.batch.catalog import RecordError
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.config import Settings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, FakeModel, fake_model, translations


class Quiet:
    def __init__(self) -> None:
        self.done: list[tuple[str, str, str]] = []

    def product_started(self, sku: str, locales: list[str]) -> None:
        pass

    def locale_done(self, sku: str, locale: str, status: str) -> None:
        self.done.append((sku, locale, status))


class FailsAfterDraft(FakeModel):
    """Answers the attribute extraction and the draft (the seller's category needs no pick),
    then fails like a server that went away mid-run."""

    calls: int = 0

    def _call(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        self.calls += 1
        if self.calls > 2:
            raise ValueError("server went away")
        return super()._call(prompt, *args, **kwargs)

    async def _acall(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        return self._call(prompt, *args, **kwargs)


async def job(
    tmp_path: Path,
    llm: FakeModel,
    errors: list[RecordError] | None = None,
    locales: tuple[str, ...] = ("de-DE",),
):
    observer = Quiet()
    settings = Settings()
    report = await run_job(
        JobSpec(
            [BOTTLE],
            list(locales),
            tmp_path / "out",
            "run1",
            errors or [],
            tmp_path / "state.sqlite",
        ),
        settings,
        model_client(settings, llm, "fake-model"),
        observer=observer,
    )
    lines = [json.loads(x) for x in (tmp_path / "out" / "listings.jsonl").read_text().splitlines()]
    return report, lines, observer


async def test_outputs_and_a_rerun_redoes_nothing(tmp_path: Path) -> None:
    bad = RecordError(3, None, "sku", "Field required")
    report, lines, observer = await job(
        tmp_path, fake_model([EN_GOOD], translations(DE_GOOD)), [bad]
    )
    assert [(x["sku"], x["locale"], x["status"]) for x in lines] == [
        ("BOTTLE-1", "de-DE", "approved")
    ]
    assert lines[0]["title"] == DE_GOOD["title"] and lines[0]["model_id"] == "fake-model"
    assert report["counts"] == {"de-DE": {"approved": 1}}
    assert report["bad_records"][0]["line"] == 3
    # extraction + draft + the translated description (the seller names the category; title,
    # bullets and keywords are composed from data)
    assert report["model_usage"]["calls"] == 3
    assert {"extract", "draft", "localize", "checks", "finalize"} <= set(report["node_seconds"])
    run_json = json.loads((tmp_path / "out" / "run.json").read_text())
    assert run_json["products"] == {"new": 1, "resumed": 0, "reused": 0, "unchanged": 0}
    assert observer.done == [("BOTTLE-1", "de-DE", "approved")]

    report2, lines2, _ = await job(tmp_path, fake_model([{"junk": True}]))
    assert report2["model_usage"]["calls"] == 0
    assert report2["products"] == {"new": 0, "resumed": 0, "reused": 1, "unchanged": 0}
    assert lines2 == lines


async def test_a_failed_run_resumes_where_it_stopped(tmp_path: Path) -> None:
    report, lines, _ = await job(tmp_path, FailsAfterDraft(responses=[json.dumps(EN_GOOD)]))
    assert lines[0]["status"] == "failed"
    assert "server went away" in report["failed_products"]["BOTTLE-1"]

    report2, lines2, _ = await job(tmp_path, fake_model([], translations(DE_GOOD)))
    assert report2["products"]["resumed"] == 1
    assert report2["model_usage"]["calls"] == 1  # the description only: nothing before redone
    assert lines2[0]["status"] == "approved"


async def test_a_failing_locale_fails_only_itself_and_a_rerun_redoes_only_it(
    tmp_path: Path,
) -> None:
    # No German lines: the fake model raises on the de-DE branch's translation.
    report, lines, observer = await job(tmp_path, fake_model([EN_GOOD]), locales=("en-US", "de-DE"))
    assert [(x["locale"], x["status"]) for x in lines] == [
        ("en-US", "approved"),
        ("de-DE", "failed"),
    ]
    assert lines[1]["reason"].startswith("KeyError")
    assert observer.done == [("BOTTLE-1", "en-US", "approved"), ("BOTTLE-1", "de-DE", "failed")]
    assert report["failed_products"]["BOTTLE-1"].startswith("de-DE: KeyError")
    assert (tmp_path / "out" / "run.json").exists()

    report2, lines2, observer2 = await job(
        tmp_path, fake_model([], translations(DE_GOOD)), locales=("en-US", "de-DE")
    )
    assert report2["products"]["resumed"] == 1
    assert report2["model_usage"]["calls"] == 1  # de-DE's translated description only
    assert [x["status"] for x in lines2] == ["approved", "approved"]
    assert lines2[0] == lines[0] and report2["failed_products"] == {}
    assert sorted(observer2.done) == [
        ("BOTTLE-1", "de-DE", "approved"),
        ("BOTTLE-1", "en-US", "approved"),
    ]


class FailsWithItsUrl(FailsAfterDraft):
    """Fails like a client whose error names the model server's URL, password and all."""

    def _call(self, prompt: str, *args: Any, **kwargs: Any) -> str:
        self.calls += 1
        if self.calls > 2:
            raise ValueError("cannot reach https://bob:pw-7f3c@gpu.example/v1")
        return FakeModel._call(self, prompt, *args, **kwargs)


async def test_a_failure_is_recorded_without_a_url_password(tmp_path: Path) -> None:
    report, _, _ = await job(tmp_path, FailsWithItsUrl(responses=[json.dumps(EN_GOOD)]))
    said = report["failed_products"]["BOTTLE-1"]
    assert "https://bob:***@gpu.example/v1" in said and "pw-7f3c" not in said
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            assert b"pw-7f3c" not in path.read_bytes(), path.name
