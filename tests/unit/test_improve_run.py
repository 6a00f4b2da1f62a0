"""Improving live listings (`run --mode improve`): a live listing is checked as it is first, a
clean one ships untouched, and a failing one has only its failing fields rewritten, each change
recorded in the listing line and the audit trail."""

import json
from pathlib import Path

from listingsmith.audit.log import AuditLog
from listingsmith.batch.existing import read_existing
from listingsmith.batch.job import JobSpec, audit_path, run_job
from listingsmith.checks.verdict import listing_route
from listingsmith.config import Settings
from listingsmith.domain import Draft, Finding, Product, Severity
from listingsmith.nodes.live import as_live, field_changes, improved
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, fake_model, translations

LIVE = {
    "sku": "BOTTLE-1",
    "locale": "en-US",
    "status": "approved",
    "title": "Aqualo Steel Bottle, 750 ml",
    "bullets": ["Holds 750 ml", "Made of glass"],
    "description": "Keeps drinks cold for 48 h.",
    "keywords": ["bottle"],
    "attempts": 1,
    "source_digest": "an older source",
}


async def improve(
    folder: Path, product: Product, existing: dict | None = None
) -> tuple[dict, dict, AuditLog]:
    """An improving en-US run of `product` (against an earlier run's `existing` line)."""
    earlier = None
    if existing:
        (folder / "earlier.jsonl").write_text(json.dumps(existing) + "\n", encoding="utf-8")
        earlier = read_existing(folder / "earlier.jsonl")
    settings = Settings()
    spec = JobSpec(
        [product],
        ["en-US"],
        folder / "out",
        "improve1",
        [],
        folder / "state.sqlite",
        existing=earlier,
        improve=True,
    )
    llm = fake_model([EN_GOOD] * 3, translations(DE_GOOD))
    report = await run_job(spec, settings, model_client(settings, llm, "fake-model"))
    line = json.loads((folder / "out" / "listings.jsonl").read_text(encoding="utf-8"))
    return report, line, AuditLog(audit_path(folder / "state.sqlite"))


async def test_a_clean_live_listing_ships_untouched(tmp_path: Path) -> None:
    report, line, log = await improve(tmp_path, BOTTLE)
    log.close()
    assert line["status"] == "approved" and line["changes"] == []
    assert (line["title"], line["description"]) == (BOTTLE.title, BOTTLE.description)
    assert set(line["origins"].values()) == {"live"}
    assert report["model_usage"]["calls"] == 2  # extraction and the pivot draft; no rewrite


async def test_only_the_failing_fields_of_a_live_listing_are_rewritten(tmp_path: Path) -> None:
    report, line, log = await improve(tmp_path, BOTTLE, LIVE)
    finalize = [e.payload for e in log.events() if e.node == "finalize"]
    log.close()
    assert line["status"] == "fixed"
    # The contradicted description (48 h) is the model's again, the glass bullet composed from
    # data; the title, the other bullet and the keywords stay byte-identical.
    assert (line["title"], line["bullets"][0], line["keywords"]) == (
        LIVE["title"],
        LIVE["bullets"][0],
        LIVE["keywords"],
    )
    assert line["description"] == EN_GOOD["description"]
    assert line["bullets"][1] != "Made of glass"
    assert {c["field"]: c["before"] for c in line["changes"]} == {
        "description": LIVE["description"],
        "bullets[1]": "Made of glass",
    }
    assert finalize[-1]["changes"] == line["changes"]
    assert report["model_usage"]["calls"] == 3  # extraction, draft, one rewrite


async def test_the_catalogues_own_text_is_the_live_listing_and_code_fixes_it(
    tmp_path: Path,
) -> None:
    shouting = BOTTLE.model_copy(update={"title": "Aqualo Steel Bottle 750 ml - FREE SHIPPING"})
    _, line, log = await improve(tmp_path, shouting)
    log.close()
    assert line["status"] == "fixed"
    assert line["changes"] == [{"field": "title", "before": shouting.title, "after": line["title"]}]
    assert "SHIPPING" not in line["title"] and line["description"] == BOTTLE.description


def test_a_failing_live_field_goes_back_to_the_model_not_to_a_person() -> None:
    live = as_live(Draft(title="T", description="Keeps drinks cold for 48 h."))
    finding = Finding(
        rule_id="fact.quantity.contradicted",
        severity=Severity.FIX,
        locale="en-US",
        field="description",
        message="48 h",
    )
    assert listing_route([finding], 1, 3, False, live) == "localize"
    assert listing_route([finding], 3, 3, False, live) == "human_review"


def test_improved_keeps_every_field_that_did_not_fail() -> None:
    current = as_live(Draft(title="T", bullets=["a", "b", "c"], description="d", keywords=["k"]))
    candidate = Draft(title="T2", bullets=["x"], description="d2", keywords=["k2"])
    out = improved(current, candidate, {"bullets[0]", "bullets[2]", "description"})
    assert (out.title, out.bullets, out.description, out.keywords) == ("T", ["x", "b"], "d2", ["k"])
    assert out.origins["bullets[0]"] == "model" and out.origins["bullets[1]"] == "live"
    assert improved(current, candidate, {"*"}) == candidate
    assert [c.field for c in field_changes(current, out)] == [
        "description",
        "bullets[0]",
        "bullets[2]",
    ]
