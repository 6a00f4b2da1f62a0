"""Build a Shopify product CSV (current headers) of N products drawn, seeded, from the dev data
(../shared/data/products/*.jsonl), for the channel round trip (Shopify CSV -> run -> re-import).
Titles, descriptions (as body HTML), categories and photos are the records' own; a seeded quarter
of the products get Size variants (S/M/L: invented, only to give the file multi-row handles).
Gold attributes are left out: a seller's export does not carry them.
Run: python -m evals.build_shopify_catalog OUT.csv [--data ../shared/data/products] [-n 200]"""

from __future__ import annotations

import argparse
import csv
import html
import json
import os
import random
import re
from pathlib import Path
from typing import Any

HEADER = [
    "Title", "URL handle", "Description", "Vendor", "Product category", "Type", "Tags",
    "Published on online store", "Status", "SKU", "Barcode", "Option1 name", "Option1 value",
    "Option1 Linked To", "Option2 name", "Option2 value", "Option2 Linked To", "Option3 name",
    "Option3 value", "Option3 Linked To", "Price", "Compare-at price", "Cost per item",
    "Charge tax", "Inventory tracker", "Inventory quantity", "Continue selling when out of stock",
    "Weight value (grams)", "Weight unit for display", "Requires shipping", "Fulfillment service",
    "Product image URL", "Image position", "Image alt text", "Variant image URL", "Gift card",
    "SEO title", "SEO description",
]  # fmt: skip
SIZES = ["S", "M", "L"]
VARIANT_SHARE = 0.25
SEED = 17


def handle_of(record: dict[str, Any]) -> str:
    """A URL handle from the record's id (dataset:original id), unique within the data."""
    return re.sub(r"[^a-z0-9]+", "-", record["id"].lower()).strip("-")


def product_rows(
    record: dict[str, Any], data: Path, out_dir: Path, sizes: list[str]
) -> list[dict[str, str]]:
    """The record's rows: its product row (one variant), then one row per further size."""
    handle = handle_of(record)
    image = ""
    if record.get("image"):
        image = os.path.relpath(data / record["image"], out_dir)
    description = record.get("description") or ""
    first = dict.fromkeys(HEADER, "")
    first.update(
        {
            "Title": record["title"],
            "URL handle": handle,
            "Description": f"<p>{html.escape(description)}</p>" if description else "",
            "Type": record.get("category") or "",
            "Published on online store": "TRUE",
            "Status": "active",
            "SKU": handle.upper(),
            "Option1 name": "Size" if sizes else "Title",
            "Option1 value": sizes[0] if sizes else "Default Title",
            "Price": "10.00",
            "Inventory tracker": "shopify",
            "Inventory quantity": "10",
            "Continue selling when out of stock": "DENY",
            "Requires shipping": "TRUE",
            "Fulfillment service": "manual",
            "Product image URL": image,
            "Image position": "1" if image else "",
            "Gift card": "FALSE",
        }
    )
    rest = [
        {
            **dict.fromkeys(HEADER, ""),
            "URL handle": handle,
            "SKU": f"{handle.upper()}-{size}",
            "Option1 value": size,
            "Price": "10.00",
        }
        for size in sizes[1:]
    ]
    if sizes:
        first["SKU"] = f"{handle.upper()}-{sizes[0]}"
    return [first, *rest]


def build(data: Path, out: Path, count: int, seed: int = SEED) -> int:
    """Write OUT with `count` products drawn from the data's records; returns the rows written."""
    records = [
        json.loads(line)
        for path in sorted(data.glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(seed)
    chosen = rng.sample(records, min(count, len(records)))
    rows: list[dict[str, str]] = []
    for record in chosen:
        sizes = SIZES[: rng.choice([2, 3])] if rng.random() < VARIANT_SHARE else []
        rows += product_rows(record, data, out.parent.resolve(), sizes)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--data", type=Path, default=Path("../shared/data/products"))
    parser.add_argument("-n", "--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    written = build(args.data.resolve(), args.out, args.count, args.seed)
    print(f"{args.out}: {args.count} products in {written} rows")


if __name__ == "__main__":
    main()
