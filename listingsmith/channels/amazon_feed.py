"""An Amazon JSON_LISTINGS_FEED of the run's text: one PATCH message per sku and locale that
replaces item_name, bullet_point, product_description and generic_keyword in the locale's store
and language. Each message is checked against the store's field limits, the feed's message
schema and the Product Type Definition before it is written; one that fails is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from listingsmith.channels.amazon_schemas import (
    attributes_validator,
    feed_validator,
    first_error,
    message_validator,
)
from listingsmith.channels.field_limits_check import limited_fields, over_limits
from listingsmith.channels.report import ChannelReport, Refusal
from listingsmith.channels.run_outputs import RunListing
from listingsmith.domain import Draft
from listingsmith.text.field_limits import channel_data, store_of

FEED_FILE = "amazon-listings-feed.json"
CHANNEL = "amazon"
PRODUCT_TYPE = "PRODUCT"
# PATCH replaces just these attributes of a live listing: the rest (brand, offers, images) stays
# as the seller has it, and none of the attributes an UPDATE must carry in full is needed.
OPERATION = "PATCH"
FEED_VERSION = "2.0"
# Search terms are one value, words apart (Amazon reads the whole value as its search terms).
KEYWORD_SEPARATOR = " "


def language_tag(locale: str) -> str:
    """Amazon's language tag of a BCP 47 locale (de-DE -> de_DE)."""
    return locale.replace("-", "_")


def listing_attributes(draft: Draft, marketplace_id: str, locale: str) -> dict[str, list]:
    """The listing's text as Amazon attributes for one store and language (empty ones left out)."""

    def values(*texts: str) -> list[dict[str, str]]:
        tag = language_tag(locale)
        return [{"value": t, "language_tag": tag, "marketplace_id": marketplace_id} for t in texts]

    attributes = {
        "item_name": values(draft.title),
        "bullet_point": values(*(b for b in draft.bullets if b.strip())),
        "product_description": values(draft.description) if draft.description.strip() else [],
        "generic_keyword": (
            values(KEYWORD_SEPARATOR.join(draft.keywords)) if draft.keywords else []
        ),
    }
    return {name: items for name, items in attributes.items() if items}


def patch_message(message_id: int, sku: str, attributes: dict[str, list]) -> dict[str, Any]:
    """A PATCH message replacing each of `attributes`."""
    return {
        "messageId": message_id,
        "sku": sku,
        "operationType": OPERATION,
        "productType": PRODUCT_TYPE,
        "patches": [
            {"op": "replace", "path": f"/attributes/{name}", "value": value}
            for name, value in attributes.items()
        ],
    }


def refusal_reason(item: RunListing, attributes: dict[str, list], message: dict) -> str | None:
    """Why a message may not be written (a field over its limit, a schema error), or None."""
    draft, locale = item.draft, item.listing.locale
    keywords = KEYWORD_SEPARATOR.join(draft.keywords)
    over = over_limits(limited_fields(draft, keywords), CHANNEL, locale)
    if over:
        return "over limit: " + "; ".join(over)
    error = first_error(message_validator(), message)
    if error:
        return f"feed message schema: {error}"
    error = first_error(attributes_validator(tuple(attributes)), attributes)
    return f"product type {PRODUCT_TYPE}: {error}" if error else None


def feed_messages(shipped: list[RunListing]) -> tuple[list[dict[str, Any]], list[Refusal]]:
    """The messages of every shipped listing that validates, and each refused one."""
    stores = channel_data(CHANNEL)["stores"]
    messages: list[dict[str, Any]] = []
    refused = []
    for item in shipped:
        sku, locale = item.listing.sku, item.listing.locale
        store = store_of(CHANNEL, locale)
        if store is None:
            refused.append(Refusal(sku, locale, "no store: no Amazon store sells in this locale"))
            continue
        attributes = listing_attributes(item.draft, stores[store]["marketplace_id"], locale)
        message = patch_message(len(messages) + 1, sku, attributes)
        reason = refusal_reason(item, attributes, message)
        if reason:
            refused.append(Refusal(sku, locale, reason))
        else:
            messages.append(message)
    return messages, refused


def write_amazon_feed(
    shipped: list[RunListing], dest: Path, seller_id: str, report: ChannelReport
) -> None:
    """DEST/amazon-listings-feed.json with every message that validates (the whole feed checked
    against the feed schema too); the refused ones go to `report`."""
    messages, refused = feed_messages(shipped)
    report.refused += refused
    if not messages:
        return
    feed = {
        "header": {"sellerId": seller_id, "version": FEED_VERSION},
        "messages": messages,
    }
    error = first_error(feed_validator(), feed)
    if error:
        raise ValueError(f"the feed does not validate against the feed schema: {error}")
    path = dest / FEED_FILE
    path.write_text(json.dumps(feed, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    report.files.append(path)
    report.written += len(messages)
