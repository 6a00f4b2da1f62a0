"""`listingsmith export RUN_DIR --format ...` on a finished run's outputs."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from listingsmith.cli import app
from listingsmith.domain import Status
from tests.unit.channel_runs import listing, write_run


def _run(tmp_path: Path) -> Path:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(
        json.dumps({"sku": "BOT-1", "title": "Bottle", "brand": "Aqualo"}) + "\n", encoding="utf-8"
    )
    items = [
        listing("BOT-1", "en-US", "Steel Bottle"),
        listing("BOT-1", "de-DE", "Trinkflasche", status=Status.FIXED),
        listing("BOT-2", "en-US", "Mug", status=Status.REJECTED, reason="wrong product"),
    ]
    return write_run(tmp_path / "run", items, ["en-US", "de-DE"], catalog=catalog)


def test_export_writes_the_shipped_listings_and_reports_the_rest(tmp_path: Path) -> None:
    run = _run(tmp_path)
    result = CliRunner().invoke(app, ["export", str(run), "--format", "shopify"])
    assert result.exit_code == 0, result.output
    assert "not written BOT-2 en-US: not shipped: status rejected (wrong product)" in result.output
    assert "shopify: 2 written, 1 not written (1 not shipped)" in result.output
    products = (run / "shopify-products.csv").read_text(encoding="utf-8")
    # The catalogue run.json recorded gives the vendor.
    assert "bot-1,Steel Bottle" in products and ",Aqualo," in products


def test_export_writes_a_jsonl_of_what_shipped(tmp_path: Path) -> None:
    run = _run(tmp_path)
    result = CliRunner().invoke(app, ["export", str(run), "--out", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "x" / "shipped-listings.jsonl").read_text(encoding="utf-8").splitlines()
    assert [(json.loads(x)["sku"], json.loads(x)["status"]) for x in lines] == [
        ("BOT-1", "approved"),
        ("BOT-1", "fixed"),
    ]


def test_export_refuses_a_bad_format_or_folder_in_one_line(tmp_path: Path) -> None:
    run = _run(tmp_path)
    bad = CliRunner().invoke(app, ["export", str(run), "--format", "ebay"])
    assert bad.exit_code == 2
    assert "format 'ebay' is not one of jsonl, shopify, amazon, google" in bad.output
    seller = CliRunner().invoke(app, ["export", str(run), "--format", "amazon"])
    assert seller.exit_code == 2 and "--seller-id" in seller.output
    empty = tmp_path / "empty"
    empty.mkdir()
    missing = CliRunner().invoke(app, ["export", str(empty)])
    assert missing.exit_code == 2 and "no run.json" in missing.output
    assert "Traceback" not in missing.output


def test_run_refuses_a_format_before_any_model_runs(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps({"sku": "A", "title": "Bottle"}) + "\n", encoding="utf-8")
    args = ["run", str(catalog), "--out", str(tmp_path / "out"), "--format", "amazon"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "the amazon format needs the seller id (--seller-id)" in result.output
    assert not (tmp_path / "out").exists()
