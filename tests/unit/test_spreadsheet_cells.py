"""Formula injection: every CSV/TSV the product writes from seller or model text (Shopify
products and translations, Google Merchant feeds, the audit export) is safe to open in a
spreadsheet; a cell that would run as a formula starts with an apostrophe."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.audit.log import AuditLog
from listingsmith.channels.export import ExportRequest, export_run
from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.text.cells import FORMULA_STARTS, spreadsheet_row, spreadsheet_text
from tests.unit.channel_runs import listing, write_run

SKU = '=HYPERLINK("http://evil.example/x","click")'
BRAND = "+cmd|' /C calc'!A0"
TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"
DE_TITLE = "-2+3+cmd|' /C calc'!A0"
DESCRIPTION = "=1+1 all day"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-5", "-5"),
        ("+3.5", "+3.5"),
        ("-20%", "-20%"),
        ("Steel bottle = 750 ml", "Steel bottle = 750 ml"),
        ("", ""),
    ],
)
def test_a_cell_that_would_run_as_a_formula_is_text(text: str, safe: str) -> None:
    assert spreadsheet_text(text) == safe


def test_a_row_keeps_its_numbers_and_nones() -> None:
    assert spreadsheet_row({"a": 3, "b": None, "c": "=1", "d": "x"}) == {
        "a": 3,
        "b": None,
        "c": "'=1",
        "d": "x",
    }


def _cells(path: Path, delimiter: str = ",") -> list[str]:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [cell for row in rows[1:] for cell in row]


def _assert_no_formula(cells: list[str]) -> None:
    runs = [c for c in cells if c[:1] in FORMULA_STARTS and spreadsheet_text(c) != c]
    assert runs == []


def _run(tmp_path: Path, catalog: Path) -> Path:
    items = [
        listing(SKU, "en-US", TITLE, description=DESCRIPTION),
        listing(SKU, "de-DE", DE_TITLE, description="=2+2"),
    ]
    options = [{"name": "=Color", "localized_name": "=Farbe", "values": {"@Red": "+Rot"}}]
    return write_run(
        tmp_path / "run",
        items,
        ["en-US", "de-DE"],
        options={(SKU, "de-DE"): options},
        catalog=catalog,
    )


def test_a_new_shopify_csv_and_its_translations_run_no_formula(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps({"sku": SKU, "title": "Bottle", "brand": BRAND}) + "\n")
    run = _run(tmp_path, catalog)
    report = export_run(ExportRequest(run, "shopify"), Settings())
    assert report.written == 2
    products = _cells(run / "shopify-products.csv")
    _assert_no_formula(products)
    assert {"'" + SKU, "'" + BRAND, "'" + TITLE, "'" + DESCRIPTION} <= set(products)
    translations = list(
        csv.DictReader(io.StringIO((run / "shopify-translations.csv").read_text(), newline=""))
    )
    _assert_no_formula([cell for row in translations for cell in row.values()])
    title = next(r for r in translations if r["Field"] == "title")
    assert (title["Default content"], title["Translated content"]) == ("'" + TITLE, "'" + DE_TITLE)
    # The digest stays that of the content itself, which Shopify compares with its own.
    assert title["Default content digest"] == hashlib.sha256(TITLE.encode("utf-8")).hexdigest()


def test_the_rewritten_shopify_csv_writes_no_formula(tmp_path: Path) -> None:
    catalog = tmp_path / "products_export.csv"
    catalog.write_text(
        "Handle,Title,Body (HTML),Vendor,Variant SKU,SEO Title,SEO Description\n"
        f'bottle,Old,<p>old</p>,Aqualo,"{SKU.replace(chr(34), chr(34) * 2)}",Old SEO,Old desc\n',
        encoding="utf-8",
    )
    run = _run(tmp_path, catalog)
    export_run(ExportRequest(run, "shopify"), Settings())
    rows = list(csv.DictReader(io.StringIO((run / "shopify-products.csv").read_text())))
    assert rows[0]["Title"] == "'" + TITLE and rows[0]["SEO Title"] == "'" + TITLE
    assert rows[0]["SEO Description"] == "'" + DESCRIPTION
    assert rows[0]["Variant SKU"] == SKU  # the seller's own cells are kept byte for byte


def test_google_feeds_run_no_formula(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.jsonl"
    catalog.write_text(json.dumps({"sku": SKU, "title": "Bottle"}) + "\n")
    run = _run(tmp_path, catalog)
    export_run(ExportRequest(run, "google"), Settings())
    for locale in ("en-US", "de-DE"):
        cells = _cells(run / f"google-merchant-{locale}.tsv", "\t")
        _assert_no_formula(cells)
        assert cells[0] == "'" + SKU


def test_the_audit_csv_export_runs_no_formula(tmp_path: Path) -> None:
    db = tmp_path / "audit.sqlite"
    log = AuditLog(db)
    log.append("run1", SKU, "review", {"verdict": "finalize"}, "de-DE", 1)
    log.close()
    exported = CliRunner().invoke(app, ["audit", "export", "--db", str(db), "--format", "csv"])
    assert exported.exit_code == 0, exported.output
    cells = _cells_of_text(exported.output)
    _assert_no_formula(cells)
    assert "'" + SKU in cells


def _cells_of_text(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return [cell for row in rows[1:] for cell in row]
