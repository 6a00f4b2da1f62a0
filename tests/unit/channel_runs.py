"""A finished run's outputs written by hand (run.json, listings.jsonl) for the channel tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from listingsmith.batch.outputs import listing_line
from listingsmith.domain import Draft, Listing, ListingRecord, Status


def listing(
    sku: str,
    locale: str,
    title: str,
    *,
    status: Status = Status.APPROVED,
    origins: dict[str, Any] | None = None,
    **text: Any,
) -> Listing:
    """One listing with the given text (bullets, description, keywords default to short ones)."""
    draft = Draft(
        title=title,
        bullets=text.get("bullets", ["Capacity: 750 ml"]),
        description=text.get("description", "A steel bottle."),
        keywords=text.get("keywords", ["bottle"]),
        origins=origins or {},
    )
    return Listing(
        sku=sku,
        locale=locale,
        listing=draft,
        decision=ListingRecord(status=status, attempts=1, reason=text.get("reason")),
    )


def write_run(
    out: Path,
    items: list[Listing],
    locales: list[str],
    *,
    options: dict[tuple[str, str], list[dict[str, Any]]] | None = None,
    catalog: Path | None = None,
) -> Path:
    """OUT/run.json and OUT/listings.jsonl as a run writes them (options on lines that have
    them, as the Shopify reader adds them); returns OUT."""
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for item in items:
        line = listing_line(item)
        extra = (options or {}).get((item.sku, item.locale))
        if extra is not None:
            line["options"] = extra
        lines.append(json.dumps(line, ensure_ascii=False) + "\n")
    (out / "listings.jsonl").write_text("".join(lines), encoding="utf-8")
    run: dict[str, Any] = {"run_id": "test-run", "locales": locales}
    if catalog is not None:
        run["catalog"] = str(catalog)
    (out / "run.json").write_text(json.dumps(run), encoding="utf-8")
    return out
