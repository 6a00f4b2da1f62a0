"""What shipped without a person, and who wrote it: per locale, the share of listings approved
or fixed by the checks alone, and the share of their fields composed from data or written by
the model (Draft.origins), for a run's summary and the listing eval."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from listingsmith.domain import Draft, Listing, ListingRecord, Status

SHIPPED = frozenset({Status.APPROVED, Status.FIXED})


def shipped_alone(record: ListingRecord) -> bool:
    """Whether a listing shipped without a person: approved or fixed, and no reviewer decided."""
    return record.status in SHIPPED and record.reviewer is None


def field_origins(draft: Draft) -> list[str]:
    """Who wrote each non-empty field of a listing; a field origins does not name is the
    model's."""
    return [
        draft.origins.get(name, "model") for name, text in draft.fields().items() if text.strip()
    ]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@dataclass
class ShippedTally:
    """Running counts per locale: listings, those shipped alone, their fields by origin."""

    listings: Counter[str] = field(default_factory=Counter)
    shipped: Counter[str] = field(default_factory=Counter)
    origins: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, item: Listing, key: str | None = None) -> None:
        """Count one listing under `key` (default: its locale), and its fields' origins when it
        shipped alone."""
        key = key or item.locale
        self.listings[key] += 1
        if item.listing is not None and shipped_alone(item.decision):
            self.shipped[key] += 1
            self.origins[key].update(field_origins(item.listing))

    def per_locale(self) -> dict[str, dict[str, Any]]:
        """Per locale (or other key): listings, shipped, shipped_share, and the shipped fields'
        data_composed_share and model_written_share (None when no field shipped)."""
        out = {}
        for locale, count in sorted(self.listings.items()):
            origins = self.origins[locale]
            fields = sum(origins.values())
            out[locale] = {
                "listings": count,
                "shipped": self.shipped[locale],
                "shipped_share": _share(self.shipped[locale], count),
                "data_composed_share": _share(origins["data"], fields),
                "model_written_share": _share(origins["model"], fields),
            }
        return out
