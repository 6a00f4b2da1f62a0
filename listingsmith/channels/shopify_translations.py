"""Shopify translations in the shape of a Translate & Adapt CSV export: one row per field, locale
and product (and per option name and value), each with the SHA-256 digest of its default
content, which is how Shopify's translatable content names the source a translation is of."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from listingsmith.channels.report import ChannelReport, Refusal
from listingsmith.channels.run_outputs import RunListing
from listingsmith.channels.shopify_csv_writer import columns, shopify_fields
from listingsmith.text.cells import spreadsheet_row

TRANSLATIONS_FILE = "shopify-translations.csv"

Row = dict[str, object]


def content_digest(text: str) -> str:
    """Shopify's translatable content digest: SHA-256 of the default content, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def shop_locale(locale: str) -> str:
    """A BCP 47 locale as a Shopify shop locale (de-DE -> de; pt-BR stays)."""
    return locale if locale in columns()["regional_locales"] else locale.split("-")[0]


def _row(kind: str, ident: str, field: str, locale: str, default: str, translated: str) -> Row:
    headers = columns()["translation_headers"]
    values = [kind, ident, field, shop_locale(locale), "", "", default, translated]
    # The digest is of the content itself; the cells are made safe to open in a spreadsheet.
    return spreadsheet_row(dict(zip(headers, [*values, content_digest(default)], strict=True)))


def translation_rows(source: RunListing, item: RunListing, handle: str) -> list[Row]:
    """A locale's rows for one product: its fields, then its options' names and values."""
    locale = item.listing.locale
    defaults = shopify_fields(source.draft)
    rows = [
        _row("PRODUCT", handle, field, locale, defaults[field], text)
        for field, text in shopify_fields(item.draft).items()
        if defaults[field]
    ]
    for option in item.options:
        ident = f"{handle}/{option.name}"
        name, localized_name = option.name, option.localized_name
        rows.append(_row("PRODUCT_OPTION", ident, "name", locale, name, localized_name))
        rows += [
            _row("PRODUCT_OPTION_VALUE", f"{ident}/{value}", "name", locale, value, localized)
            for value, localized in option.values.items()
        ]
    return rows


def write_translations(
    translated: list[RunListing],
    sources: dict[str, RunListing],
    handles: dict[str, str],
    dest: Path,
    report: ChannelReport,
) -> None:
    """DEST/shopify-translations.csv for every listing of another locale than the source's
    whose source listing was written; the others are refused in `report`."""
    path = dest / TRANSLATIONS_FILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns()["translation_headers"])
        writer.writeheader()
        for item in translated:
            sku, locale = item.listing.sku, item.listing.locale
            if sku not in handles:
                why = "no source-locale listing was written to translate from"
                report.refused.append(Refusal(sku, locale, f"untranslatable: {why}"))
                continue
            writer.writerows(translation_rows(sources[sku], item, handles[sku]))
            report.written += 1
    report.files.append(path)
