"""The Shopify product CSV of the source locale: the seller's own file with only the cells the
run wrote replaced (title, body HTML, SEO title and description), or a new file. Every cell
written is safe to open in a spreadsheet (text.cells)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from listingsmith.channels.html_body import body_html
from listingsmith.channels.raw_csv import RawRow, RawTable, parse
from listingsmith.channels.report import ChannelReport, Refusal
from listingsmith.channels.run_outputs import RunListing
from listingsmith.domain import Draft, Product
from listingsmith.lexicons import load_data
from listingsmith.text.cells import spreadsheet_row, spreadsheet_text

PRODUCTS_FILE = "shopify-products.csv"
_NOT_HANDLE = re.compile(r"[^a-z0-9]+")


def columns() -> dict:
    """shopify_columns.yaml."""
    return load_data(__package__, "shopify_columns.yaml")


def shopify_fields(draft: Draft) -> dict[str, str]:
    """The product's translatable fields the run writes, by Translate & Adapt field name."""
    return {
        "title": draft.title,
        "body_html": body_html(draft),
        "meta_title": draft.title,
        "meta_description": " ".join(draft.description.split()),
    }


def handle_of(sku: str) -> str:
    """A Shopify handle for a product without one (lower case, digits and dashes)."""
    return _NOT_HANDLE.sub("-", sku.casefold()).strip("-") or "product"


def read_raw(path: Path) -> str:
    """A file's text with its line ends as they are."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def is_shopify_csv(path: Path) -> bool:
    """Whether `path` is a CSV file whose header (first line) names a Shopify handle and
    title."""
    if path.suffix.casefold() not in {".csv", ".tsv", ".txt"} or not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            table = parse(handle.readline())
    except (ValueError, UnicodeDecodeError):
        return False
    spec = columns()
    return table.column(spec["handle"]) is not None and table.column(["Title"]) is not None


def _product_rows(table: RawTable) -> dict[str, tuple[str, RawRow]]:
    """Each sku the file names (its handle and every variant SKU) -> (handle, the product's
    first row, which holds its title and body)."""
    spec = columns()
    handle_at = table.column(spec["handle"])
    sku_at = table.column(spec["variant_sku"])
    found: dict[str, tuple[str, RawRow]] = {}
    first: dict[str, RawRow] = {}
    for row in table.rows:
        handle = row.value(handle_at).strip() if handle_at is not None else ""
        if not handle:
            continue
        head = first.setdefault(handle, row)
        found.setdefault(handle, (handle, head))
        sku = row.value(sku_at).strip() if sku_at is not None else ""
        if sku:
            found.setdefault(sku, (handle, head))
    return found


def rewrite_products(
    source: Path, shipped: dict[str, RunListing], dest: Path
) -> tuple[dict[str, str], list[Refusal]]:
    """DEST/shopify-products.csv: SOURCE with the written cells of each shipped product
    replaced; returns the handle of each product written and the listings not found."""
    try:
        table = parse(read_raw(source))
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(f"{source.name}: {error}") from None
    written = {name: table.column(spec["headers"]) for name, spec in columns()["written"].items()}
    rows = _product_rows(table)
    handles, refused = {}, []
    for sku, item in shipped.items():
        if sku not in rows:
            refused.append(Refusal(sku, item.listing.locale, f"not in {source.name}"))
            continue
        handle, row = rows[sku]
        for name, text in shopify_fields(item.draft).items():
            if written[name] is not None:
                table.replace(row, written[name], spreadsheet_text(text))
        handles[sku] = handle
    (dest / PRODUCTS_FILE).write_text(table.text(), encoding="utf-8", newline="")
    return handles, refused


def new_products(
    shipped: dict[str, RunListing], products: dict[str, Product], dest: Path
) -> dict[str, str]:
    """DEST/shopify-products.csv written anew with Shopify's current headers; returns the
    handle of each product."""
    headers = columns()["new_product_headers"]
    handles = {}
    with (dest / PRODUCTS_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(headers.values()))
        writer.writeheader()
        for sku, item in shipped.items():
            product = products.get(sku)
            handles[sku] = handle_of(sku)
            values = {
                **shopify_fields(item.draft),
                "handle": handles[sku],
                "vendor": product.brand if product and product.brand else "",
                "sku": sku,
            }
            writer.writerow(spreadsheet_row({h: values[name] for name, h in headers.items()}))
    return handles


def write_products(
    source_listings: dict[str, RunListing],
    dest: Path,
    catalog: Path | None,
    products: dict[str, Product],
    report: ChannelReport,
) -> dict[str, str]:
    """The product CSV (rewritten when CATALOG is a Shopify CSV, else new), counted in
    `report`; returns each written product's handle."""
    if catalog is not None and is_shopify_csv(catalog):
        handles, refused = rewrite_products(catalog, source_listings, dest)
        report.refused += refused
    else:
        handles = new_products(source_listings, products, dest)
    report.files.append(dest / PRODUCTS_FILE)
    report.written += len(handles)
    return handles
