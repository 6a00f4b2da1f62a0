"""A finished run's outputs as the channel writers read them: its listings (with the option
names and values a Shopify catalogue gave them), which ship, and why the others do not."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from listingsmith.batch.outputs import listing_from_line
from listingsmith.batch.shipped import SHIPPED
from listingsmith.channels.report import Refusal
from listingsmith.domain import Draft, Listing


class OptionNames(NamedTuple):
    """A product option as a locale names it: its name and its values (source -> localized)."""

    name: str
    localized_name: str
    values: dict[str, str]


@dataclass(frozen=True)
class RunListing:
    """One listings.jsonl line: the listing, and its product's options in its locale."""

    listing: Listing
    options: list[OptionNames] = field(default_factory=list)

    @property
    def draft(self) -> Draft:
        """The text that ships (a listing without text never ships: split_shipped)."""
        if self.listing.listing is None:
            raise ValueError(f"{self.listing.sku} {self.listing.locale} has no text")
        return self.listing.listing


@dataclass(frozen=True)
class RunOutputs:
    """run.json's body and every listing of the run, in file order."""

    run: dict[str, Any]
    listings: list[RunListing]

    def source_locale(self) -> str:
        """The locale the others are translations of: the run's first."""
        return self.run["locales"][0]


def _options(raw: Any) -> list[OptionNames]:
    """The line's "options" key (absent: none)."""
    return [
        OptionNames(o["name"], o.get("localized_name") or o["name"], dict(o.get("values") or {}))
        for o in raw or []
    ]


def read_run(out_dir: Path) -> RunOutputs:
    """DIR/run.json and DIR/listings.jsonl, or a one-line ValueError naming what is missing or
    which line is bad."""
    run_json, listings = out_dir / "run.json", out_dir / "listings.jsonl"
    for path in (run_json, listings):
        if not path.is_file():
            raise ValueError(f"{out_dir}: no {path.name}; is it the output folder of a run?")
    run = json.loads(run_json.read_text(encoding="utf-8"))
    found = []
    for number, text in enumerate(listings.read_text(encoding="utf-8").splitlines(), 1):
        if not text.strip():
            continue
        try:
            line = json.loads(text)
            found.append(RunListing(listing_from_line(line), _options(line.get("options"))))
        except (ValueError, KeyError, TypeError) as error:
            reason = " ".join(str(error).split())[:200]
            raise ValueError(f"{listings}: line {number}: {reason}") from None
    return RunOutputs(run, found)


def split_shipped(items: list[RunListing]) -> tuple[list[RunListing], list[Refusal]]:
    """The listings that ship (approved or fixed, with text), and why each other one does not."""
    shipped, refused = [], []
    for item in items:
        record = item.listing.decision
        if record.status in SHIPPED and item.listing.listing is not None:
            shipped.append(item)
            continue
        why = f"status {record.status.value}" + (f" ({record.reason})" if record.reason else "")
        refused.append(Refusal(item.listing.sku, item.listing.locale, f"not shipped: {why}"))
    return shipped, refused
