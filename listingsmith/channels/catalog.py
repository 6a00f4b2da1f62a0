"""The catalogue module: any catalogue a seller sends (JSONL, a generic CSV/TSV, a Shopify
product CSV) read into Products and the bad records, the format told by extension and header."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from listingsmith.batch.catalog import RecordError
from listingsmith.batch.catalog import read_catalog as read_jsonl
from listingsmith.channels.generic import ColumnMap, column_map, generic_records
from listingsmith.channels.records import read_records
from listingsmith.channels.shopify import is_shopify, shopify_records
from listingsmith.channels.table import CatalogError, read_table
from listingsmith.config import Settings
from listingsmith.domain import Product

Format = Literal["jsonl", "csv", "shopify"]
# Extensions of each kind of file.
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TABLE_SUFFIXES = frozenset({".csv", ".tsv", ".txt"})


def catalog_format(path: Path, settings: Settings) -> Format:
    """JSONL by extension; a table by extension, Shopify's when its header has a handle and a
    title column; a CatalogError for any other extension."""
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    if suffix not in TABLE_SUFFIXES:
        known = ", ".join(sorted(JSONL_SUFFIXES | TABLE_SUFFIXES))
        raise CatalogError(f"a catalogue's extension is one of {known}, not {suffix or 'none'!r}")
    with path.open("rb") as handle:
        header, _ = read_table(handle, settings.input_limits, _delimiter(path))
    return "shopify" if is_shopify(header) else "csv"


def read_catalog(
    path: Path, settings: Settings, columns: ColumnMap | None = None
) -> tuple[list[Product], list[RecordError]]:
    """Every good product of the catalogue and every bad record (line, and column in a table);
    `columns` maps a generic table's headers (default: channels/columns.yaml). A CatalogError
    when the file cannot be read at all (its extension, header, a required column)."""
    kind = catalog_format(path, settings)
    if kind == "jsonl":
        return read_jsonl(path, settings)
    if kind == "shopify":
        return read_records(path, settings, shopify_records)
    return read_records(path, settings, generic_records(columns or column_map()), _delimiter(path))


def _delimiter(path: Path) -> str | None:
    """A TSV's tab; any other table's delimiter is told by its header."""
    return "\t" if path.suffix.lower() == ".tsv" else None
