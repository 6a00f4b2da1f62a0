"""evals/build_shopify_catalog.py: the same seed gives the same file, and the Shopify reader
reads every product it writes back with its title, description, category and variants."""

import json
from pathlib import Path

from PIL import Image

from evals.build_shopify_catalog import build, handle_of
from listingsmith.channels.catalog import read_catalog
from listingsmith.config import Settings


def test_a_seeded_build_reads_back_whole(tmp_path: Path) -> None:
    data = tmp_path / "products"
    (data / "images").mkdir(parents=True)
    Image.new("RGB", (8, 8), "red").save(data / "images" / "r0.jpg")
    records = [
        {
            "id": f"set:R{i}",
            "title": f"Record {i} <b>&amp; co</b>",
            "description": f"Line one of {i}.\nA < B & C." if i % 2 else None,
            "category": "Vases",
            "image": "images/r0.jpg" if i == 0 else None,
        }
        for i in range(12)
    ]
    (data / "set.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    first, second = tmp_path / "out" / "a.csv", tmp_path / "out" / "b.csv"
    rows = build(data, first, 10, seed=3)
    assert build(data, second, 10, seed=3) == rows and first.read_bytes() == second.read_bytes()
    products, errors = read_catalog(first, Settings())
    assert errors == [] and len(products) == 10
    by_handle = {handle_of(r): r for r in records}
    for product in products:
        record = by_handle[product.sku]
        assert product.title == record["title"] and product.category == "Vases"
        assert " ".join(product.description.split()) == " ".join(
            (record["description"] or "").split()
        )
        assert 1 <= len(product.variants) <= 3  # a SKU on every row
        photos = [Path(image).name for image in product.images]
        assert photos == (["r0.jpg"] if record["image"] else [])
    assert sum(len(p.variants) for p in products) == rows
