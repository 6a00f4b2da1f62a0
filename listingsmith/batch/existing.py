"""A previous run's listings, by product and locale, with the source digest each was made
from: what an update run (`run --existing`) keeps instead of redoing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from listingsmith.batch.catalog import RecordError
from listingsmith.batch.outputs import listing_from_line
from listingsmith.batch.recheck import new_rules
from listingsmith.batch.runner import Kept
from listingsmith.config import Settings
from listingsmith.domain import Draft, Listing, Product, Status

LISTINGS = "listings.jsonl"


class ExistingError(ValueError):
    """The previous run's outputs cannot be read at all (missing, not a file of listings)."""


@dataclass
class ExistingListings:
    """Listings of a previous run keyed by sku, then locale, with each sku's source digest."""

    listings: dict[str, dict[str, Listing]] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    categories: dict[str, str] = field(default_factory=dict)  # sku -> taxonomy category id
    errors: list[RecordError] = field(default_factory=list)
    fingerprint: str = ""  # SHA-256 of the listings file: a run on other listings is another run

    def kept(self, sku: str, digest: str, locales: list[str]) -> dict[str, Listing]:
        """The locales of `sku` a run need not redo: made from the same source (same digest)
        and settled (anything but failed)."""
        if self.digests.get(sku) != digest:
            return {}
        found = self.listings.get(sku, {})
        return {
            locale: found[locale]
            for locale in locales
            if locale in found and found[locale].decision.status is not Status.FAILED
        }

    def kept_today(
        self, product: Product, digest: str, locales: list[str], settings: Settings
    ) -> Kept:
        """`kept`, less the listings today's policy packs now fail (recheck.new_rules): those
        are redone, with the rules that failed them."""
        found = self.kept(product.sku, digest, locales)
        category = self.categories.get(product.sku)
        failing = {
            locale: new_rules(listing, product, settings, category)
            for locale, listing in found.items()
        }
        redone = {locale: rules for locale, rules in failing.items() if rules}
        return Kept({k: v for k, v in found.items() if k not in redone}, redone, category)

    def live(self, product: Product) -> dict[str, dict[str, Any]]:
        """The product's live listings to improve, by locale (Draft dumps): this run's earlier
        listings, and in its source locale the catalogue's own text where there is none."""
        found = {
            locale: listing.listing.model_dump(mode="json", exclude={"origins"})
            for locale, listing in self.listings.get(product.sku, {}).items()
            if listing.listing is not None
        }
        if product.source_locale not in found:
            own = Draft(
                title=product.title, bullets=product.bullets, description=product.description
            )
            found[product.source_locale] = own.model_dump(mode="json", exclude={"origins"})
        return found


def _listings_file(path: Path) -> Path:
    """A run's output folder or its listings.jsonl."""
    found = path / LISTINGS if path.is_dir() else path
    if not found.is_file():
        raise ExistingError(f"{path}: no {LISTINGS} of a previous run there")
    return found


def _add_line(existing: ExistingListings, number: int, text: str) -> None:
    """One listings.jsonl line into `existing`, or its one-line error."""
    try:
        line = json.loads(text)
        listing = listing_from_line(line)
    except (json.JSONDecodeError, ValidationError, KeyError, TypeError) as error:
        missing = error.args[0] if isinstance(error, KeyError) else None
        message = "missing" if missing else str(error).splitlines()[0]
        existing.errors.append(RecordError(number, None, missing, message))
        return
    digest = line.get("source_digest")
    if not isinstance(digest, str):  # made before digests: never taken as unchanged
        return
    existing.digests[listing.sku] = digest
    category = line.get("category_id")
    if isinstance(category, str):
        existing.categories[listing.sku] = category
    existing.listings.setdefault(listing.sku, {})[listing.locale] = listing


def read_existing(path: Path) -> ExistingListings:
    """A previous run's listings (PATH: its output folder or listings.jsonl); a bad line is
    reported by number and skipped, the rest is read."""
    data = _listings_file(path).read_bytes()
    existing = ExistingListings(fingerprint=hashlib.sha256(data).hexdigest())
    lines = data.decode("utf-8", errors="replace").split("\n")
    for number, text in enumerate(lines, start=1):
        if text.strip():
            _add_line(existing, number, text)
    return existing
