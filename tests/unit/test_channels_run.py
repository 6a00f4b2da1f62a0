"""`listingsmith run` reads a Shopify product CSV (the shipped example) and writes each
product's options, localised, into every listings.jsonl line; a table it cannot read is refused
in one line."""

import importlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from listingsmith.cli import app
from listingsmith.config import Settings
from listingsmith.serving.client import ModelClient
from listingsmith.serving.connect import model_client
from tests.unit.fakes import EN_GOOD, fake_model

EXAMPLE = Path("examples/shopify_products.csv")


@pytest.fixture
def fake_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's model is the fake one (every draft EN_GOOD; translations echo nothing)."""
    monkeypatch.setenv("LISTINGSMITH_AUDIT_SIGNING_KEY", str(tmp_path / "key"))

    @contextmanager
    def fake_connect(settings: Settings) -> Iterator[ModelClient]:
        yield model_client(settings, fake_model([EN_GOOD]), "fake-model")

    monkeypatch.setattr(importlib.import_module("listingsmith.cli.run"), "connect", fake_connect)


def test_run_reads_the_shopify_example_and_writes_its_options(
    tmp_path: Path, fake_server: None
) -> None:
    out = tmp_path / "out"
    args = ["run", str(EXAMPLE), "--out", str(out), "--locales", "en-US,de-DE"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "bad record" not in result.output
    lines = [json.loads(line) for line in (out / "listings.jsonl").read_text().splitlines()]
    assert len(lines) == 5 * 2
    curtains = {
        line["locale"]: line["options"] for line in lines if line["sku"].startswith("duck-river")
    }
    assert curtains["en-US"][0] == {
        "name": "Color",
        "localized_name": "Color",
        "values": {"Aqua Blue": "Aqua Blue", "Navy": "Navy"},
    }
    color, size = curtains["de-DE"]
    assert color["localized_name"] == "Farbe" and color["values"]["Navy"] == "Marineblau"
    assert size["localized_name"] == "Größe" and set(size["values"]) == {"40 x 84 in", "40 x 63 in"}
    others = [line["options"] for line in lines if not line["sku"].startswith("duck-river")]
    assert others == [[]] * 8


def test_run_refuses_a_table_without_a_sku_column_in_one_line(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.csv"
    catalog.write_text("name,description\nMug,A mug\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["run", str(catalog), "--out", str(out)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: catalog.csv: the header has no column")
    assert "sku" in lines[0] and not out.exists()


def test_run_reads_a_csv_through_a_sellers_column_mapping(
    tmp_path: Path, fake_server: None
) -> None:
    catalog = tmp_path / "katalog.csv"
    catalog.write_text(
        "Artikelnummer;Bezeichnung;Farbe\nMUG-1;Aqualo Steel Bottle 750 ml;blue\n", encoding="utf-8"
    )
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(
        "fields: {sku: [Artikelnummer], title: [Bezeichnung]}\n"
        "attributes: {prefixes: [], columns: [Farbe]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["run", str(catalog), "--out", str(out), "--locales", "en-US", "--columns", str(mapping)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    (line,) = [json.loads(x) for x in (out / "listings.jsonl").read_text().splitlines()]
    assert line["sku"] == "MUG-1" and line["options"] == []
