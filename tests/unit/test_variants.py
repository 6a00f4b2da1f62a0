"""Variants of a listing (`run --audiences`, `--variants`): framings, shared facts, framed
bullets and descriptions, tags in listings, run.json and the audit trail."""

import json
from pathlib import Path

import pytest

from listingsmith.audit.log import AuditLog
from listingsmith.batch.job import JobSpec, audit_path, run_job
from listingsmith.config import Settings
from listingsmith.prompts.audience import parse_audiences
from listingsmith.prompts.framing import experiment_id, plan_framings
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, EXTRACTION_END, FakeModel, fake_model, translations


async def variant_job(tmp_path: Path, llm: FakeModel, audiences: str | None, variants: int | None):
    settings = Settings()
    framings = plan_framings(parse_audiences(audiences) if audiences else [], variants)
    report = await run_job(
        JobSpec(
            [BOTTLE],
            ["en-US", "de-DE"],
            tmp_path / "out",
            "run1",
            [],
            tmp_path / "state.sqlite",
            framings=tuple(framings),
        ),
        settings,
        model_client(settings, llm, "fake-model"),
    )
    lines = [json.loads(x) for x in (tmp_path / "out" / "listings.jsonl").read_text().splitlines()]
    return report, lines


async def test_audiences_share_the_facts_and_frame_the_bullets(tmp_path: Path) -> None:
    llm = fake_model([EN_GOOD], translations(DE_GOOD))
    report, lines = await variant_job(tmp_path, llm, "gift,pro", None)
    print(json.dumps(lines, indent=1, ensure_ascii=False))
    print(json.dumps(report, indent=1))
    print([p[-300:] for p in llm.prompts])
