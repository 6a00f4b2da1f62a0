"""Google Merchant Center text feeds (TSV), one per locale: id, structured_title and
structured_description, whose digital_source_type is trained_algorithmic_media where the text
was written by the model (Draft.origins), link and image_link where the catalogue has them, and a
variant's experiment and variant ids as custom labels 0 and 1.
TSV rather than XML: a text feed is what a seller opens in a spreadsheet, and the structured
attributes have a one-cell form there (type:"content"); so every cell is made safe to open in
a spreadsheet (text.cells: a sku like "=HYPERLINK(...)" is not run as a formula)."""

from __future__ import annotations

import re
from pathlib import Path

from listingsmith.channels.field_limits_check import limited_fields, over_limits
from listingsmith.channels.report import ChannelReport, Refusal
from listingsmith.channels.run_outputs import RunListing
from listingsmith.domain import Draft, Origin, Product, VariantTag
from listingsmith.text.cells import spreadsheet_text

CHANNEL = "google"
# custom_label_0 and _1: a variant's experiment and variant ids, so Merchant Center and Shopping
# campaigns report each variant's traffic apart (empty on an ordinary listing).
HEADERS = [
    "id",
    "structured_title",
    "structured_description",
    "link",
    "image_link",
    "custom_label_0",
    "custom_label_1",
]
# Who wrote text that Google must be told is AI-generated: the model, now or in an earlier run
# whose translation the memory reused. Data-composed and reviewer-written text is not.
MODEL_WRITTEN: frozenset[Origin] = frozenset({"model", "memory"})
AI_GENERATED, NOT_AI = "trained_algorithmic_media", "default"
# A text feed cell is one line: tabs and line breaks become spaces.
_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
_WEB = re.compile(r"^https?://", re.IGNORECASE)


def feed_file(locale: str) -> str:
    """The feed of one locale (Merchant Center wants one language per feed)."""
    return f"google-merchant-{locale}.tsv"


def cell(text: str) -> str:
    """`text` on one line of a text feed."""
    return _BREAKS.sub(" ", text).strip()


def structured(text: str, origin: Origin) -> str:
    """A structured attribute's text-feed value: digital_source_type:"content" (quotes in the
    content doubled)."""
    kind = AI_GENERATED if origin in MODEL_WRITTEN else NOT_AI
    content = cell(text).replace('"', '""')
    return f'{kind}:"{content}"'


def feed_row(
    draft: Draft, sku: str, product: Product | None, tag: VariantTag | None = None
) -> dict[str, str]:
    """One item's cells (a variant's with its experiment and variant ids as custom labels)."""
    image = next((i for i in (product.images if product else []) if _WEB.match(i)), "")
    link = product.attributes.get("link", "") if product else ""
    return {
        "id": cell(sku),
        "structured_title": structured(draft.title, draft.origins.get("title", "model")),
        "structured_description": structured(
            draft.description, draft.origins.get("description", "model")
        ),
        "link": cell(link) if _WEB.match(link) else "",
        "image_link": cell(image),
        "custom_label_0": cell(tag.experiment_id) if tag else "",
        "custom_label_1": cell(tag.variant_id) if tag else "",
    }


def write_google_feeds(
    shipped: list[RunListing], products: dict[str, Product], dest: Path, report: ChannelReport
) -> None:
    """DEST/google-merchant-LOCALE.tsv for each locale with a listing within Google's limits;
    listings over a limit are refused in `report`."""
    rows: dict[str, list[dict[str, str]]] = {}
    for item in shipped:
        sku, locale, draft = item.listing.sku, item.listing.locale, item.draft
        over = over_limits(limited_fields(draft, ", ".join(draft.keywords)), CHANNEL, locale)
        if over:
            report.refused.append(Refusal(sku, locale, "over limit: " + "; ".join(over)))
            continue
        row = feed_row(draft, sku, products.get(sku), item.listing.variant)
        rows.setdefault(locale, []).append(row)
    for locale, items in rows.items():
        path = dest / feed_file(locale)
        lines = [HEADERS, *([spreadsheet_text(row[h]) for h in HEADERS] for row in items)]
        path.write_text("".join("\t".join(line) + "\n" for line in lines), encoding="utf-8")
        report.files.append(path)
        report.written += len(items)
