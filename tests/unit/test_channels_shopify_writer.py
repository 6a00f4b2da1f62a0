"""The Shopify writer: the seller's CSV changes only in the cells the run wrote, translations
carry the digest of their default content, and text becomes escaped HTML."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

from listingsmith.channels.export import ExportRequest, export_run
from listingsmith.channels.html_body import body_html
from listingsmith.channels.raw_csv import parse
from listingsmith.config import Settings
from listingsmith.domain import Draft, Status
from tests.unit.channel_runs import listing, write_run

# A Shopify export as Excel saves it: BOM, CRLF, a quoted line break, variant rows, a product
# the run did not ship, and a cell quoted though it need not be.
SHOP_CSV = (
    "\ufeffHandle,Title,Body (HTML),Vendor,Option1 Name,Option1 Value,Variant SKU,"
    "SEO Title,SEO Description\r\n"
    'steel-bottle,Old bottle,"<p>old</p>\r\nline two",Aqualo,Color,Red,BOT-R,'
    'Old SEO,"Old, desc"\r\n'
    "steel-bottle,,,,,Blue,BOT-B,,\r\n"
    'mug,Old mug,<p>mug</p>,"Aqualo",Title,Default Title,MUG-1,,\r\n'
)
WRITTEN = {"Title", "Body (HTML)", "SEO Title", "SEO Description"}


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline="")))


def _run(tmp_path: Path) -> Path:
    catalog = tmp_path / "products_export.csv"
    catalog.write_bytes(SHOP_CSV.encode("utf-8"))
    options = [
        {"name": "Color", "localized_name": "Farbe", "values": {"Red": "Rot", "Blue": "Blau"}}
    ]
    items = [
        listing("steel-bottle", "en-US", "Steel Bottle <750 ml>", description='Keeps "cold" & hot'),
        listing("steel-bottle", "de-DE", "Trinkflasche aus Stahl", description="Hält kalt"),
        listing("mug", "en-US", "Mug", status=Status.HELD, reason="needs a person"),
    ]
    return write_run(
        tmp_path / "run",
        items,
        ["en-US", "de-DE"],
        options={("steel-bottle", "de-DE"): options},
        catalog=catalog,
    )


def test_the_product_csv_changes_only_the_cells_the_run_wrote(tmp_path: Path) -> None:
    report = export_run(ExportRequest(_run(tmp_path), "shopify"), Settings())
    out = (tmp_path / "run" / "shopify-products.csv").read_bytes().decode("utf-8")
    before, after = _rows(SHOP_CSV), _rows(out)
    assert len(before) == len(after)
    changed = {
        (i, column)
        for i, (old, new) in enumerate(zip(before, after, strict=True))
        for column in old
        if old[column] != new[column]
    }
    assert {column for _, column in changed} == WRITTEN
    assert {i for i, _ in changed} == {0}  # the shipped product's first row only
    assert after[0]["Title"] == "Steel Bottle <750 ml>"
    # Every other row and the BOM are byte-identical; so is every cell of the changed row
    # that was not written.
    assert out.startswith("\ufeff")
    assert out.split("\r\n")[2:] == SHOP_CSV.split("\r\n")[3:]
    row = parse(out).rows[0]
    assert row.cells[3] == "Aqualo" and row.cells[6] == "BOT-R"
    assert [str(r) for r in report.refused] == [
        "mug en-US: not shipped: status held (needs a person)"
    ]


def test_translation_rows_carry_the_digest_of_their_default_content(tmp_path: Path) -> None:
    export_run(ExportRequest(_run(tmp_path), "shopify"), Settings())
    rows = _rows((tmp_path / "run" / "shopify-translations.csv").read_text(encoding="utf-8"))
    assert list(rows[0])[:8] == [
        "Type", "Identification", "Field", "Locale", "Market", "Status", "Default content",
        "Translated content",
    ]  # fmt: skip
    for row in rows:
        digest = hashlib.sha256(row["Default content"].encode("utf-8")).hexdigest()
        assert row["Default content digest"] == digest
        assert row["Locale"] == "de"
    by_field = {(r["Type"], r["Field"], r["Default content"]): r for r in rows}
    title = by_field[("PRODUCT", "title", "Steel Bottle <750 ml>")]
    assert title["Translated content"] == "Trinkflasche aus Stahl"
    assert title["Identification"] == "steel-bottle"
    assert by_field[("PRODUCT_OPTION", "name", "Color")]["Translated content"] == "Farbe"
    assert by_field[("PRODUCT_OPTION_VALUE", "name", "Blue")]["Translated content"] == "Blau"
    assert {r["Field"] for r in rows if r["Type"] == "PRODUCT"} == {
        "title", "body_html", "meta_title", "meta_description",
    }  # fmt: skip


def test_a_new_product_csv_when_the_catalogue_was_no_shopify_csv(tmp_path: Path) -> None:
    run = write_run(tmp_path / "run", [listing("BOT 1", "en-US", "Bottle")], ["en-US"])
    report = export_run(ExportRequest(run, "shopify"), Settings())
    rows = _rows((run / "shopify-products.csv").read_text(encoding="utf-8"))
    assert rows == [
        {
            "URL handle": "bot-1",
            "Title": "Bottle",
            "Description": "<p>A steel bottle.</p><ul><li>Capacity: 750 ml</li></ul>",
            "Vendor": "",
            "SKU": "BOT 1",
            "SEO title": "Bottle",
            "SEO description": "A steel bottle.",
        }
    ]
    assert report.written == 1 and report.refused == []


def test_html_in_a_listing_is_escaped() -> None:
    draft = Draft(
        title="t",
        description="<script>alert(1)</script> & more\n\nSecond <b>",
        bullets=['5" <i>wide</i>'],
    )
    assert body_html(draft) == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</p><p>Second &lt;b&gt;</p>"
        "<ul><li>5&#34; &lt;i&gt;wide&lt;/i&gt;</li></ul>"
    )


def test_a_listing_is_found_by_a_variant_sku_in_a_semicolon_file(tmp_path: Path) -> None:
    catalog = tmp_path / "export.csv"
    catalog.write_text("Handle;Title;Variant SKU\nmug;Old;M-1\nmug;;M-2\n", encoding="utf-8")
    run = write_run(tmp_path / "run", [listing("M-2", "en-US", "Mug; white")], ["en-US"])
    export_run(ExportRequest(run, "shopify", catalog=catalog), Settings())
    text = (run / "shopify-products.csv").read_text(encoding="utf-8")
    assert text == 'Handle;Title;Variant SKU\nmug;"Mug; white";M-1\nmug;;M-2\n'


def test_a_malformed_shopify_csv_is_one_line_naming_the_file(tmp_path: Path) -> None:
    catalog = tmp_path / "export.csv"
    catalog.write_text('Handle,Title\nmug,"never closed\n', encoding="utf-8")
    run = write_run(tmp_path / "run", [listing("mug", "en-US", "Mug")], ["en-US"])
    with pytest.raises(ValueError, match=r"^export.csv: line 2: a quoted cell is never closed$"):
        export_run(ExportRequest(run, "shopify", catalog=catalog), Settings())
