"""The Shopify product CSV reader on real-shaped exports (classic and current headers): one
product per handle with its variants and images, body HTML read as text, metafields as
attributes, bad rows named by line and column while the rest is read."""

import csv
import io
from pathlib import Path

import pytest
from PIL import Image

from listingsmith.channels.catalog import catalog_format, read_catalog
from listingsmith.config import InputLimits, Settings

CLASSIC = [
    "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
    "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name",
    "Option3 Value", "Variant SKU", "Variant Grams", "Variant Inventory Qty", "Variant Price",
    "Variant Barcode", "Image Src", "Image Position", "Image Alt Text", "Gift Card", "SEO Title",
    "SEO Description", "Google Shopping / Gender", "Variant Image",
    "Material (product.metafields.custom.material)", "Status",
]  # fmt: skip
CURRENT = [
    "Title", "URL handle", "Description", "Vendor", "Product category", "Type", "Tags",
    "Published on online store", "Status", "SKU", "Barcode", "Option1 name", "Option1 value",
    "Option1 Linked To", "Option2 name", "Option2 value", "Option2 Linked To", "Price",
    "Product image URL", "Image position", "Image alt text", "Variant image URL", "SEO title",
    "SEO description", "Color (product.metafields.shopify.color-pattern)",
    "product.metafields.custom.care_instructions",
]  # fmt: skip
CDN = "https://cdn.shopify.com/s/files/1/0001/files/"
TEES = "Apparel & Accessories > Clothing > Clothing Tops > T-Shirts"
TEE_BODY = (
    "<p>Soft <strong>organic cotton</strong> tee.</p><ul><li>Crew neck</li>"
    "<li>Machine wash &amp; dry</li></ul><script>alert('x')</script>"
)
CLASSIC_ROWS = [
    {"Handle": "organic-tee", "Title": "Organic Cotton Tee", "Body (HTML)": TEE_BODY,
     "Vendor": "Northwind", "Product Category": TEES,
     "Type": "T-Shirts", "Tags": "cotton, summer", "Published": "TRUE", "Option1 Name": "Size",
     "Option1 Value": "S", "Option2 Name": "Color", "Option2 Value": "Red",
     "Variant SKU": "TEE-S-RED", "Variant Barcode": "4006381333931", "Variant Price": "19.00",
     "Image Src": f"{CDN}tee-red.jpg", "Image Position": "1", "Google Shopping / Gender": "female",
     "Material (product.metafields.custom.material)": "cotton", "Status": "active"},
    {"Handle": "organic-tee", "Option1 Value": "M", "Option2 Value": "Navy",
     "Variant SKU": "TEE-M-NAVY", "Variant Price": "19.00", "Image Src": f"{CDN}tee-navy.jpg",
     "Image Position": "2", "Variant Image": f"{CDN}tee-navy.jpg"},
    {"Handle": "organic-tee", "Image Src": "tee-back.png", "Image Position": "3"},
    {"Handle": "steel-mug", "Title": "Steel Mug", "Body (HTML)": "Keeps coffee hot.",
     "Vendor": "Northwind", "Type": "Mugs", "Option1 Name": "Title",
     "Option1 Value": "Default Title", "Variant SKU": "MUG-1", "Variant Barcode": "4006381333948",
     "Image Src": "mug.png", "Status": "active"},
]  # fmt: skip


def write_csv(path: Path, header: list[str], rows: list[dict], **options: str) -> Path:
    """A file as a spreadsheet or Shopify writes one (every row padded to the header)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, header, restval="", lineterminator="\n", **options)
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def photos(tmp_path: Path) -> Path:
    for name in ("tee-back.png", "mug.png"):
        Image.new("RGB", (8, 8), "white").save(tmp_path / name)
    return tmp_path


def test_classic_export_one_product_per_handle_with_variants_and_images(photos: Path) -> None:
    path = write_csv(photos / "products_export.csv", CLASSIC, CLASSIC_ROWS)
    assert catalog_format(path, Settings()) == "shopify"
    products, errors = read_catalog(path, Settings())
    assert errors == []
    tee, mug = products
    assert (tee.sku, tee.title, tee.brand, tee.category) == (
        "organic-tee", "Organic Cotton Tee", "Northwind", "T-Shirts",
    )  # fmt: skip
    assert tee.category_id and tee.category_id.startswith("aa-")
    assert "organic cotton tee" in tee.description and "Machine wash & dry" in tee.description
    assert "<" not in tee.description and "alert" not in tee.description
    assert tee.attributes == {"tags": "cotton, summer", "gender": "female", "Material": "cotton"}
    assert [v.options for v in tee.variants] == [
        {"Size": "S", "Color": "Red"},
        {"Size": "M", "Color": "Navy"},
    ]
    assert [v.sku for v in tee.variants] == ["TEE-S-RED", "TEE-M-NAVY"]
    assert tee.variants[1].image == f"{CDN}tee-navy.jpg"  # kept for the writers, never fetched
    assert [Path(p).name for p in tee.images] == ["tee-back.png"]  # the seller's own file
    assert "gtin" not in tee.attributes  # two variants: a barcode is a variant's, not the product's
    assert mug.variants[0].options == {} and mug.attributes["gtin"] == "4006381333948"


def test_current_headers_read_the_same_way(photos: Path) -> None:
    rows = [
        {"Title": "Organic Cotton Tee", "URL handle": "organic-tee", "Description": TEE_BODY,
         "Vendor": "Northwind", "Type": "T-Shirts", "SKU": "TEE-S", "Barcode": "4006381333931",
         "Option1 name": "Size", "Option1 value": "S", "Product image URL": f"{CDN}a.jpg",
         "Color (product.metafields.shopify.color-pattern)": "red; navy",
         "product.metafields.custom.care_instructions": '["Machine wash", "gid://shopify/Metaobject/1"]'},
        {"URL handle": "organic-tee", "SKU": "TEE-M", "Option1 value": "M",
         "Product image URL": "tee-back.png", "Variant image URL": f"{CDN}b.jpg"},
    ]  # fmt: skip
    path = write_csv(photos / "products.csv", CURRENT, rows)
    (tee,), errors = read_catalog(path, Settings())
    assert errors == []
    assert tee.sku == "organic-tee" and tee.brand == "Northwind"
    assert tee.attributes == {"Color": "red; navy", "care instructions": "Machine wash"}
    assert [(v.sku, v.options) for v in tee.variants] == [
        ("TEE-S", {"Size": "S"}),
        ("TEE-M", {"Size": "M"}),
    ]
    assert [Path(p).name for p in tee.images] == ["tee-back.png"]


def test_bad_rows_are_named_by_line_and_column_and_the_rest_is_read(photos: Path) -> None:
    rows = [
        *CLASSIC_ROWS,
        {"Handle": "no-title", "Variant SKU": "X-1"},
        {"Handle": "orphan-option", "Title": "Orphan", "Option2 Value": "Blue"},
        {"Handle": "huge", "Title": "Huge", "Body (HTML)": "<p>" + "x" * 300 + "</p>"},
    ]
    path = write_csv(photos / "export.csv", CLASSIC, rows)
    limits = InputLimits(field_chars=200)
    products, errors = read_catalog(path, Settings(input_limits=limits))
    assert [p.sku for p in products] == ["organic-tee", "steel-mug"]
    found = {(e.line, e.column, e.field) for e in errors}
    assert found == {
        (6, "Title", "title"),
        (7, "Option2 Value", "variants"),
        (8, "Body (HTML)", "description"),
    }
    said = [str(e) for e in errors]
    assert said[0].startswith("line 6 (sku no-title), column Title, field title:")
    assert all("\n" not in line for line in said)


def test_a_repeated_handle_later_in_the_file_is_the_same_product(photos: Path) -> None:
    rows = [CLASSIC_ROWS[0], CLASSIC_ROWS[3], CLASSIC_ROWS[1]]
    path = write_csv(photos / "export.csv", CLASSIC, rows)
    products, errors = read_catalog(path, Settings())
    assert errors == [] and [p.sku for p in products] == ["organic-tee", "steel-mug"]
    assert len(products[0].variants) == 2


def test_formula_looking_cells_are_kept_as_text(photos: Path) -> None:
    row = {"Handle": "f", "Title": '=HYPERLINK("http://x","win")', "Tags": "@SUM(1+1)"}
    rows = [{**row, "Vendor": "+cmd|' /C calc'!A0", "Variant SKU": "-2+3"}]
    path = write_csv(photos / "export.csv", CLASSIC, rows)
    (product,), _ = read_catalog(path, Settings())
    assert product.title == '=HYPERLINK("http://x","win")'
    assert product.brand == "+cmd|' /C calc'!A0" and product.attributes["tags"] == "@SUM(1+1)"
    assert product.variants[0].sku == "-2+3"


def test_the_shipped_example_reads_without_errors() -> None:
    products, errors = read_catalog(Path("examples/shopify_products.csv"), Settings())
    assert errors == [] and len(products) == 5
    curtains = products[-1]
    assert len(curtains.variants) == 4 and curtains.images  # several images, one of them a file
    assert {tuple(v.options) for v in curtains.variants} == {("Color", "Size")}


def test_a_handle_and_a_title_are_all_a_shopify_file_needs(tmp_path: Path) -> None:
    path = tmp_path / "minimal.csv"
    path.write_text("Handle,Title\nmug,Steel Mug\nmug,\n", encoding="utf-8")
    (mug,), errors = read_catalog(path, Settings())
    assert errors == [] and (mug.sku, mug.title, mug.variants, mug.images) == (
        "mug", "Steel Mug", [], [],
    )  # fmt: skip


@pytest.mark.parametrize("depth", [254, 256, 1000])
def test_body_html_nested_deep_keeps_its_text(tmp_path: Path, depth: int) -> None:
    body = "<div>" * depth + "Keeps coffee hot." + "</div>" * depth
    path = write_csv(
        tmp_path / "export.csv", CLASSIC, [{"Handle": "mug", "Title": "Mug", "Body (HTML)": body}]
    )
    (mug,), errors = read_catalog(path, Settings())
    assert errors == [] and mug.description == "Keeps coffee hot."


def test_body_html_nested_past_the_parser_is_one_error_naming_the_cell(tmp_path: Path) -> None:
    deep = "<div>" * 3000 + "Keeps coffee hot." + "</div>" * 3000
    rows = [
        {"Handle": "deep", "Title": "Deep", "Body (HTML)": deep},
        {"Handle": "mug", "Title": "Mug", "Body (HTML)": "<p>Keeps tea hot.</p>"},
    ]
    path = write_csv(tmp_path / "export.csv", CLASSIC, rows)
    (mug,), (error,) = read_catalog(path, Settings())
    assert mug.description == "Keeps tea hot."
    assert (error.line, error.sku, error.column, error.field) == (
        2,
        "deep",
        "Body (HTML)",
        "description",
    )
    assert "depth" in error.message and "\n" not in str(error)
