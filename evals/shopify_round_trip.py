"""The Shopify round trip measured: the seller's product CSV against the one a run wrote
(`run CATALOG.csv --format shopify`), cell by cell and re-imported through the catalogue
reader. Every changed cell must lie in a column the run writes; every row, handle, variant and
attribute must read back the same.

    python -m evals.shopify_round_trip CATALOG.csv OUT_DIR/shopify-products.csv
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from listingsmith.channels.catalog import read_catalog
from listingsmith.channels.raw_csv import parse
from listingsmith.channels.shopify_csv_writer import columns, read_raw
from listingsmith.config import Settings
from listingsmith.domain import Product


def written_headers() -> set[str]:
    """The headers of the columns a run writes (shopify_columns.yaml)."""
    return {header for entry in columns()["written"].values() for header in entry["headers"]}


def changed_cells(before: Path, after: Path) -> dict[str, Any]:
    """Rows of each file, lines that differ, and changed cells per column."""
    old, new = parse(read_raw(before)), parse(read_raw(after))
    header = [cell.strip('"') for cell in old.header.cells]
    cells: Counter[str] = Counter()
    rows = 0
    for old_row, new_row in zip(old.rows, new.rows, strict=False):
        differing = [
            header[i]
            for i in range(max(len(old_row.cells), len(new_row.cells)))
            if old_row.value(i) != new_row.value(i)
        ]
        rows += bool(differing)
        cells.update(differing)
    return {
        "rows_before": len(old.rows),
        "rows_after": len(new.rows),
        "header_same": old.header.cells == new.header.cells,
        "rows_changed": rows,
        "cells_changed_by_column": dict(cells),
    }


def _readback(product: Product) -> dict[str, Any]:
    """What a re-import must keep: everything but the fields the run writes."""
    return product.model_dump(exclude={"title", "description"})


def reimported(before: Path, after: Path) -> dict[str, Any]:
    """Both files read by the catalogue reader (the written one from the seller's folder):
    products, errors, and products whose fields other than title and description differ."""
    settings = Settings()
    old, old_errors = read_catalog(before, settings)
    # Re-imported beside the seller's file, where its relative photo paths point.
    with tempfile.NamedTemporaryFile(suffix=".csv", dir=before.parent) as beside:
        beside.write(after.read_bytes())
        beside.flush()
        new, new_errors = read_catalog(Path(beside.name), settings)
    by_sku = {p.sku: _readback(p) for p in new}
    return {
        "products_before": len(old),
        "products_after": len(new),
        "errors_before": len(old_errors),
        "errors_after": len(new_errors),
        "products_otherwise_changed": sorted(
            p.sku for p in old if by_sku.get(p.sku) != _readback(p)
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalog", type=Path)
    parser.add_argument("written", type=Path)
    args = parser.parse_args()
    cells = changed_cells(args.catalog, args.written)
    result = {
        **cells,
        "only_written_columns_changed": set(cells["cells_changed_by_column"]) <= written_headers(),
        **reimported(args.catalog, args.written),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
