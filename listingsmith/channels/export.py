"""A finished run's shipped listings written for one channel (`run --format`, `export`): the
listings that ship go in, every other one is reported with the reason. A run with variants
writes each experiment's control in DEST and each variant's files in DEST/variant-ID
(channels/variants.py); the jsonl format keeps every variant in one file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from listingsmith.batch.catalog import read_catalog
from listingsmith.batch.outputs import listing_line
from listingsmith.channels.amazon_feed import write_amazon_feed
from listingsmith.channels.google_merchant import write_google_feeds
from listingsmith.channels.report import ChannelReport, Refusal
from listingsmith.channels.run_outputs import RunListing, RunOutputs, read_run, split_shipped
from listingsmith.channels.shopify_csv_writer import is_shopify_csv, write_products
from listingsmith.channels.shopify_translations import write_translations
from listingsmith.channels.variants import split_variants, variant_folder
from listingsmith.config import Settings
from listingsmith.domain import Product

FORMATS = ("jsonl", "shopify", "amazon", "google")
SHIPPED_FILE = "shipped-listings.jsonl"
# Where run.json records the catalogue a run read (`export` finds it there).
CATALOG_KEY = "catalog"


def recorded_catalog(outputs: RunOutputs) -> Path | None:
    """The catalogue the run recorded, when it is still there."""
    recorded = outputs.run.get(CATALOG_KEY)
    return Path(recorded) if recorded and Path(recorded).is_file() else None


def catalog_products(catalog: Path | None, settings: Settings) -> dict[str, Product]:
    """The catalogue's products by sku (none for a Shopify CSV, which is rewritten as a file)."""
    if catalog is None or is_shopify_csv(catalog):
        return {}
    products, _ = read_catalog(catalog, settings)
    return {p.sku: p for p in products}


def source_listings(
    shipped: list[RunListing], outputs: RunOutputs, products: dict[str, Product]
) -> dict[str, RunListing]:
    """Each product's listing in its source locale (the product's own where the run wrote it,
    else the run's first locale), by sku."""
    locales = outputs.run["locales"]

    def source_of(sku: str) -> str:
        product = products.get(sku)
        own = product.source_locale if product else None
        return own if own in locales else outputs.source_locale()

    return {i.listing.sku: i for i in shipped if i.listing.locale == source_of(i.listing.sku)}


def _shopify(
    shipped: list[RunListing],
    outputs: RunOutputs,
    catalog: Path | None,
    products: dict[str, Product],
    dest: Path,
    report: ChannelReport,
) -> None:
    sources = source_listings(shipped, outputs, products)
    handles = write_products(sources, dest, catalog, products, report)
    chosen = {id(item) for item in sources.values()}
    translated = [item for item in shipped if id(item) not in chosen]
    write_translations(translated, sources, handles, dest, report)


def _jsonl(shipped: list[RunListing], dest: Path, report: ChannelReport) -> None:
    path = dest / SHIPPED_FILE
    lines = (json.dumps(listing_line(i.listing), ensure_ascii=False) + "\n" for i in shipped)
    path.write_text("".join(lines), encoding="utf-8")
    report.files.append(path)
    report.written = len(shipped)


def check_format(fmt: str, seller_id: str | None) -> None:
    """A one-line ValueError for a format that cannot be written (checked before a run)."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    if fmt == "amazon" and not seller_id:
        raise ValueError("the amazon format needs the seller id (--seller-id) for its header")


@dataclass(frozen=True)
class ExportRequest:
    """What to export: RUN_DIR's shipped listings in `fmt`, written to DEST (default RUN_DIR),
    with CATALOG (default: the one run.json records) and the Amazon seller id."""

    run_dir: Path
    fmt: str = "jsonl"
    dest: Path | None = None
    catalog: Path | None = None
    seller_id: str | None = None


def export_run(request: ExportRequest, settings: Settings) -> ChannelReport:
    """The request's files and report; a one-line ValueError when the run or an option is
    wrong."""
    run_dir, fmt, seller_id = request.run_dir, request.fmt, request.seller_id
    check_format(fmt, seller_id)
    outputs = read_run(run_dir)
    shipped, refused = split_shipped(outputs.listings)
    report = ChannelReport(fmt, refused=refused)
    dest = request.dest or run_dir
    dest.mkdir(parents=True, exist_ok=True)
    catalog = request.catalog or recorded_catalog(outputs)
    products = catalog_products(catalog, settings)
    if fmt == "jsonl":  # every line carries its experiment and variant ids
        _jsonl(shipped, dest, report)
        return report
    main, by_variant = split_variants(shipped)
    writer = ChannelWriter(fmt, outputs, catalog, products, seller_id or "", report)
    writer.write(main, dest)
    for variant_id, items in by_variant.items():
        try:
            folder = variant_folder(dest, variant_id)
        except ValueError as error:
            report.refused += [Refusal(i.listing.sku, i.listing.locale, str(error)) for i in items]
            continue
        folder.mkdir(exist_ok=True)
        writer.write(items, folder)
    return report


@dataclass(frozen=True)
class ChannelWriter:
    """One format's writer for a run, writing a set of its shipped listings to a folder."""

    fmt: str
    outputs: RunOutputs
    catalog: Path | None
    products: dict[str, Product]
    seller_id: str
    report: ChannelReport

    def write(self, shipped: list[RunListing], dest: Path) -> None:
        """DEST's files of these listings, counted in the report."""
        if self.fmt == "shopify":
            _shopify(shipped, self.outputs, self.catalog, self.products, dest, self.report)
        elif self.fmt == "amazon":
            write_amazon_feed(shipped, dest, self.seller_id, self.report)
        else:
            write_google_feeds(shipped, self.products, dest, self.report)
