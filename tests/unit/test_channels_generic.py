"""A generic CSV/TSV catalogue through the shipped column mapping (columns.yaml) or a seller's
own (`--columns`): bullets from one split column or numbered ones, attributes by prefix or by
name, photos from the catalogue's folder (a URL is never fetched), errors by line and column."""

from pathlib import Path

import pytest
from PIL import Image

from listingsmith.channels.catalog import read_catalog
from listingsmith.channels.generic import column_map
from listingsmith.channels.table import CatalogError
from listingsmith.config import InputLimits, Settings


def test_the_shipped_mapping_reads_a_spreadsheet(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "blue").save(tmp_path / "mug.png")
    (tmp_path / "catalog.tsv").write_text(
        "Item SKU\tProduct Name\tBrand\tBullet Point 2\tBullet Point 1\tattr:capacity\tColour"
        "\tImages\tNotes\n"
        "M-1\tSteel Mug\tAqualo\tDishwasher safe\tHolds 300 ml\t300 ml\tblue"
        "\tmug.png|https://cdn.example.com/mug-2.jpg\tinternal\n",
        encoding="utf-8",
    )
    (mug,), errors = read_catalog(tmp_path / "catalog.tsv", Settings())
    assert errors == []
    assert (mug.sku, mug.title, mug.brand) == ("M-1", "Steel Mug", "Aqualo")
    assert mug.bullets == ["Holds 300 ml", "Dishwasher safe"]  # numbered columns in order
    assert mug.attributes == {"capacity": "300 ml", "Colour": "blue"}  # "Notes" is not mapped
    assert [Path(p).name for p in mug.images] == ["mug.png"]


def test_one_bullets_column_split_on_its_separator(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        'sku,title,bullets\nB-1,Bottle,"Holds 750 ml | Keeps cold 24 h |"\n', encoding="utf-8"
    )
    (bottle,), _ = read_catalog(tmp_path / "c.csv", Settings())
    assert bottle.bullets == ["Holds 750 ml", "Keeps cold 24 h"]


def test_bad_values_are_named_by_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text(
        "sku,title,marketplace,images\n"
        "G-1,Good,amazon.de,\n"
        "G-2,,amazon,\n"
        "G-3,Bad market,nowhere,\n"
        "G-4,Missing photo,,gone.jpg\n",
        encoding="utf-8",
    )
    products, errors = read_catalog(tmp_path / "c.csv", Settings())
    assert [(p.sku, p.marketplace) for p in products] == [("G-1", "amazon")]
    found = [(e.line, e.column, e.field) for e in errors]
    assert found == [
        (3, "title", "title"),
        (4, "marketplace", "marketplace"),
        (5, "images", "images[0]"),
    ]


def test_a_sellers_mapping_replaces_the_keys_it_gives(tmp_path: Path) -> None:
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(
        "fields: {sku: [Artikelnummer]}\nbullets: {columns: [Merkmale], separator: ';'}\n",
        encoding="utf-8",
    )
    merged = column_map(mapping)
    assert merged.fields["sku"] == ["Artikelnummer"] and merged.fields["title"][0] == "title"
    assert merged.bullets.separator == ";" and merged.bullets.numbered == []
    assert merged.images == column_map().images


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("fields: {price: [Preis]}", "not a product field: price"),
        ("bullets: {numbered: ['bullet']}", 'names its number as "{n}"'),
        ("- a list", "must be a mapping"),
        ("fields: {sku: [", "not YAML"),
    ],
)
def test_a_bad_mapping_file_is_one_line_error(tmp_path: Path, text: str, said: str) -> None:
    mapping = tmp_path / "columns.yaml"
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match="columns file") as refused:
        column_map(mapping)
    assert said in str(refused.value) and "\n" not in str(refused.value)


def test_a_missing_required_column_names_what_it_looked_for(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("sku,name_of_thing\n1,x\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"no column for title \(one of: title, "):
        read_catalog(tmp_path / "c.csv", Settings())


def test_too_many_bullets_names_their_column(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text('sku,title,features\nL-1,Lamp,"a|b|c"\n', encoding="utf-8")
    settings = Settings(input_limits=InputLimits(list_items=2))
    products, (error,) = read_catalog(tmp_path / "c.csv", settings)
    assert products == []
    assert (error.line, error.column, error.field) == (2, "features", "bullets")


# Amazon flat files (inventory file templates saved as tab-delimited text), an older template
# and a current one: the template's settings line, the labels for people (repeated), then the
# attribute names, which are the header.
AMAZON_FLAT_FILES = {
    "older": (
        "TemplateType=fptcustom\tVersion=2021.1104\tTemplateSignature=S0lUQ0hFTg==\t"
        "The top 3 rows are for Amazon.com use only. Do not modify or delete the top 3 rows.\n"
        "Seller SKU\tProduct Type\tItem Name\tBrand Name\tProduct Description\t"
        "Key Product Features\tKey Product Features\n"
        "item_sku\tfeed_product_type\titem_name\tbrand_name\tproduct_description\t"
        "bullet_point1\tbullet_point2\n"
    ),
    "current": (
        "TemplateType=fptcustom\tVersion=2024.0101\tTemplateSignature=Qk9UVExF\t"
        "settings=contentLanguageTag=en_US\n"
        "SKU\tProduct Type\tItem Name\tBrand Name\tProduct Description\tBullet Point\t"
        "Bullet Point\n"
        "contribution_sku#1.value\tproduct_type#1.value\titem_name#1.value\tbrand#1.value\t"
        "product_description#1.value\tbullet_point#1.value\tbullet_point#2.value\n"
    ),
}


@pytest.mark.parametrize("template", list(AMAZON_FLAT_FILES))
def test_an_amazon_flat_file_is_read_by_its_attribute_names(tmp_path: Path, template: str) -> None:
    rows = (
        "BOT-1\tbottle\tSteel Bottle 750 ml\tAqualo\tKeeps cold for 24 h.\tVacuum insulated\t"
        "Leak proof\n"
        "BOT-2\tbottle\t\tAqualo\t\t\t\n"
    )
    path = tmp_path / "Flat.File.Kitchen.txt"
    path.write_text(AMAZON_FLAT_FILES[template] + rows, encoding="utf-8")
    products, errors = read_catalog(path, Settings())
    ((product,), (error,)) = products, errors
    assert (product.sku, product.title, product.brand, product.category) == (
        "BOT-1",
        "Steel Bottle 750 ml",
        "Aqualo",
        "bottle",
    )
    assert product.description == "Keeps cold for 24 h."
    assert product.bullets == ["Vacuum insulated", "Leak proof"]
    # The file's own line numbers: three template lines, then the rows from line 4.
    assert error.line == 5 and error.field == "title"
