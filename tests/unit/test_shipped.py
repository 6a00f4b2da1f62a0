"""What shipped without a person, in run.json, the run's summary table and after a reviewer's
decision; a seller profile through run_job and the CLI's --seller."""

import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.outputs import listing_from_line, listing_line, rewrite_listing
from listingsmith.batch.runner import SilentObserver
from listingsmith.batch.seller import SellerProfile, read_seller_profile
from listingsmith.batch.shipped import ShippedTally, field_origins
from listingsmith.cli import app
from listingsmith.cli.run import summary_table
from listingsmith.config import InputLimits, Settings
from listingsmith.domain import Draft, Listing, ListingRecord, Status, VariantTag
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import model_client
from tests.unit.fakes import BOTTLE, DE_GOOD, EN_GOOD, LEGAL, fake_model, translations

EXAMPLE = Path("examples/seller-eu.yaml")
UNDISCLOSED = BOTTLE.model_copy(
    update={"attributes": {k: v for k, v in BOTTLE.attributes.items() if k not in LEGAL}}
)


def item(locale: str, status: Status, origins: dict, reviewer: str | None = None) -> Listing:
    draft = Draft(title="t", bullets=["b"], description="d", keywords=[], origins=origins)
    record = ListingRecord(status=status, attempts=1, reviewer=reviewer)
    return Listing(sku="s", locale=locale, listing=draft, decision=record)


def test_unnamed_and_empty_fields() -> None:
    draft = Draft(title="t", bullets=["b"], description="", origins={"title": "data"})
    assert field_origins(draft) == ["data", "model"]  # empty description and keywords skipped


def test_shipped_share_counts_only_what_shipped_without_a_person() -> None:
    tally = ShippedTally()
    tally.add(item("de-DE", Status.FIXED, {"title": "data", "bullets[0]": "data"}))
    tally.add(item("de-DE", Status.APPROVED, {}))
    tally.add(item("de-DE", Status.APPROVED, {"title": "data"}, reviewer="rita"))
    tally.add(item("de-DE", Status.HELD, {"title": "data"}))
    tally.add(item("ja-JP", Status.HELD, {}))
    assert tally.per_locale() == {
        "de-DE": {
            "listings": 4,
            "shipped": 2,
            "shipped_share": 0.5,
            "data_composed_share": round(2 / 6, 4),
            "model_written_share": round(4 / 6, 4),
        },
        "ja-JP": {
            "listings": 1,
            "shipped": 0,
            "shipped_share": 0.0,
            "data_composed_share": None,
            "model_written_share": None,
        },
    }


def test_a_line_reads_back_as_its_listing() -> None:
    listing = item("de-DE", Status.FIXED, {"title": "data"})
    line = listing_line(listing)
    assert (line["experiment_id"], line["variant_id"], line["audience"]) == (None, None, None)
    assert listing_from_line(json.loads(json.dumps(line))) == listing


def test_a_variant_line_reads_back_with_its_experiment_and_audience() -> None:
    tag = VariantTag(experiment_id="exp-1", variant_id="gift", audience="gift")
    listing = item("de-DE", Status.APPROVED, {"title": "data"}).model_copy(update={"variant": tag})
    line = json.loads(json.dumps(listing_line(listing)))
    tagged = [line["experiment_id"], line["variant_id"], line["audience"]]
    assert tagged == ["exp-1", "gift", "gift"]
    assert listing_from_line(line) == listing


async def run(tmp_path: Path, seller: SellerProfile | None) -> tuple[dict, list[dict]]:
    settings = Settings()
    out = tmp_path / "out"
    report = await run_job(
        JobSpec([UNDISCLOSED], ["de-DE"], out, "run1", db_path=out / "state.sqlite", seller=seller),
        settings,
        model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model"),
        observer=SilentObserver(),
    )
    lines = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    return report, lines


async def test_a_profile_ships_what_its_absence_holds(tmp_path: Path) -> None:
    report, lines = await run(tmp_path / "without", None)
    assert lines[0]["status"] == "held"
    assert report["shipped"]["de-DE"]["shipped_share"] == 0.0

    profile = read_seller_profile(EXAMPLE, InputLimits())
    report, lines = await run(tmp_path / "with", profile)
    assert lines[0]["status"] in {"approved", "fixed"}, lines[0]["findings"]
    assert "Hersteller: Harrowgate Home & Kitchen Ltd." in lines[0]["description"]
    assert report["shipped"]["de-DE"]["shipped_share"] == 1.0
    run_json = json.loads((tmp_path / "with" / "out" / "run.json").read_text())
    assert run_json["shipped"] == report["shipped"]


def test_summary_table_shows_the_shipped_and_data_composed_shares() -> None:
    report = {
        "run_id": "r",
        "wall_seconds": 1.0,
        "locales": ["de-DE", "ja-JP"],
        "counts": {"de-DE": {"fixed": 3, "held": 1}, "ja-JP": {"held": 1}},
        "shipped": {
            "de-DE": {"shipped_share": 0.75, "data_composed_share": 0.4},
            "ja-JP": {"shipped_share": 0.0, "data_composed_share": None},
        },
    }
    console = Console(width=200, record=True)
    console.print(summary_table(report))
    text = console.export_text()
    assert "shipped" in text and "data-composed" in text
    (de,) = [line for line in text.splitlines() if "de-DE" in line]
    (ja,) = [line for line in text.splitlines() if "ja-JP" in line]
    assert "75%" in de and "40%" in de
    assert "0%" in ja and "-" in ja


def test_a_reviewers_decision_recounts_the_shipped_shares(tmp_path: Path) -> None:
    held = item("de-DE", Status.HELD, {})
    (tmp_path / "listings.jsonl").write_text(json.dumps(listing_line(held)) + "\n")
    (tmp_path / "run.json").write_text(json.dumps({"run_id": "r", "counts": {}}))
    approved = item("de-DE", Status.APPROVED, {}, reviewer="rita")
    assert rewrite_listing(tmp_path, "r", approved)
    body = json.loads((tmp_path / "run.json").read_text())
    assert body["counts"] == {"de-DE": {"approved": 1}}
    assert body["shipped"]["de-DE"]["shipped"] == 0  # a person decided it


@pytest.mark.parametrize("command", ["run", "eval"])
def test_cli_refuses_a_bad_profile_in_one_line(tmp_path: Path, command: str) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(BOTTLE.model_dump_json() + "\n")
    seller = tmp_path / "seller.yaml"
    seller.write_text("manufacturer: {name: X}\n")
    out = tmp_path / "out"
    args = [command, str(catalog), "--out", str(out), "--seller", str(seller)]
    result = CliRunner().invoke(app, [*args, *(["--task", "listing"] if command == "eval" else [])])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert (
        lines[0].startswith("error: seller profile") and "manufacturer.postal_address" in lines[0]
    )
    assert not out.exists()


def test_cli_run_applies_the_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "key"))

    @contextmanager
    def fake_connect(settings: Settings) -> Iterator[ModelClient]:
        yield model_client(settings, fake_model([EN_GOOD], translations(DE_GOOD)), "fake-model")

    # The module, not the `run` command that the cli package exports under the same name.
    monkeypatch.setattr(importlib.import_module("listingsmith.cli.run"), "connect", fake_connect)
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(UNDISCLOSED.model_dump_json() + "\n")
    out = tmp_path / "out"
    args = ["run", str(catalog), "--out", str(out), "--locales", "de-DE"]
    result = CliRunner().invoke(app, [*args, "--seller", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    line = json.loads((out / "listings.jsonl").read_text())
    assert line["status"] in {"approved", "fixed"} and "Harrowgate" in line["description"]
    assert "shipped" in result.output and "100%" in result.output
