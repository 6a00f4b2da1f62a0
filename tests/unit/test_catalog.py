import json
from pathlib import Path

from PIL import Image

from listingsmith.batch.catalog import read_catalog
from listingsmith.config import Settings

SETTINGS = Settings(max_image_pixels=1_000_000)


def write_catalog(folder: Path, lines: list[str]) -> Path:
    path = folder / "catalog.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_records_are_named_by_line_and_field_and_the_rest_is_read(tmp_path: Path) -> None:
    Image.new("RGB", (8, 8), "red").save(tmp_path / "ok.png")
    (tmp_path / "broken.jpg").write_bytes(b"not an image")
    good = {"sku": "A1", "title": "Red mug 300 ml", "images": ["ok.png"]}
    lines = [
        json.dumps(good),
        json.dumps({"title": "no sku"}),
        "{not json",
        json.dumps({"sku": "A3", "title": "Mug", "attributes": ["wrong", "type"]}),
        json.dumps({"sku": "A4", "title": "Mug", "images": ["broken.jpg"]}),
        json.dumps({"sku": "A5", "title": "Mug", "images": ["missing.jpg"]}),
        json.dumps(good),
        json.dumps({"sku": "A6", "title": "Blue mug"}),
    ]
    products, errors = read_catalog(write_catalog(tmp_path, lines), SETTINGS)
    assert [p.sku for p in products] == ["A1", "A6"]
    assert products[0].images == [str((tmp_path / "ok.png").resolve())]
    found = {(e.line, e.field) for e in errors}
    assert found == {
        (2, "sku"),
        (3, None),
        (4, "attributes"),
        (5, "images[0]"),
        (6, "images[0]"),
        (7, "sku"),
    }
    assert "line 5 (sku A4), field images[0]" in str(errors[3])


def test_oversized_image_is_refused(tmp_path: Path) -> None:
    Image.new("RGB", (2000, 1000)).save(tmp_path / "big.png")
    line = json.dumps({"sku": "B1", "title": "Poster", "images": ["big.png"]})
    products, errors = read_catalog(write_catalog(tmp_path, [line]), SETTINGS)
    assert products == [] and "pixels" in errors[0].message


def test_example_catalogue_is_valid() -> None:
    products, errors = read_catalog(Path("examples/catalog.jsonl"), SETTINGS)
    assert errors == [] and 4 <= len(products) <= 6
    assert all(p.images for p in products)
