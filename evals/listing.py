"""The whole-flow evaluation (--task listing): the graph on every record turned into a product;
per locale the status counts, fact-check findings per listing, policy pass rate, what shipped
without a person (its share, the claims left on it, language ID, who wrote its fields), time
and calls."""

from __future__ import annotations

import html
import statistics
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from evals.localize import run_graph
from listingsmith.batch.runner import ProductOutcome
from listingsmith.batch.seller import SellerProfile
from listingsmith.batch.shipped import SHIPPED, ShippedTally
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord
from listingsmith.domain import Finding, Listing
from listingsmith.facts.verify import Verdict
from listingsmith.locale.glossary import protected_terms
from listingsmith.locale.langid import language_findings

FACT_PREFIX = "fact."
# Findings of the pipeline's own checks; every other rule id belongs to a policy pack.
NON_POLICY_PREFIXES = (FACT_PREFIX, "model.", "locale.", "adequacy.")


def is_policy(finding: Finding) -> bool:
    """Whether a finding comes from a compliance policy pack."""
    return not finding.rule_id.startswith(NON_POLICY_PREFIXES)


def is_claim(finding: Finding, verdict: Verdict) -> bool:
    """Whether a finding is a fact-check claim of that verdict left unfixed."""
    rule = finding.rule_id
    return rule.startswith(FACT_PREFIX) and rule.endswith(f".{verdict.value}") and not finding.fixed


def shipped_measures(
    items: list[Listing], settings: Settings, terms: Mapping[str, list[str]]
) -> dict[str, Any]:
    """Of one locale's shipped listings (approved or fixed): the unsupported and contradicted
    claims left on them, and the share whose every field passes language ID (read as the checks
    read it: without the product's protected terms, `terms` by sku)."""
    shipped = [
        (item, item.listing)
        for item in items
        if item.listing is not None and item.decision.status in SHIPPED
    ]
    passing = [
        not language_findings(
            draft,
            item.locale,
            settings.language_min_confidence,
            settings.language_min_field_chars,
            terms.get(item.sku, []),
        )
        for item, draft in shipped
    ]
    findings = [f for item, _ in shipped for f in item.decision.findings]
    return {
        "shipped_unsupported_claims": sum(is_claim(f, Verdict.UNSUPPORTED) for f in findings),
        "shipped_contradicted_claims": sum(is_claim(f, Verdict.CONTRADICTED) for f in findings),
        "langid_pass": round(sum(passing) / len(passing), 4) if passing else None,
    }


def listing_tally(
    outcomes: list[ProductOutcome], settings: Settings, terms: Mapping[str, list[str]]
) -> dict[str, dict[str, Any]]:
    """Per locale: status counts, fact-check findings per listing (all, and left unfixed), the
    share of listings with no unfixed policy finding, and what shipped without a person
    (`terms`: each sku's protected terms)."""
    by_locale: dict[str, list[Listing]] = defaultdict(list)
    shipped = ShippedTally()
    for outcome in outcomes:
        for item in outcome.listings:
            by_locale[item.locale].append(item)
            shipped.add(item)
    shares = shipped.per_locale()
    per_locale = {}
    for locale, items in sorted(by_locale.items()):
        findings = [i.decision.findings for i in items]
        facts = [[f for f in found if f.rule_id.startswith(FACT_PREFIX)] for found in findings]
        policy_pass = [not any(is_policy(f) and not f.fixed for f in found) for found in findings]
        count = len(items) or 1
        per_locale[locale] = {
            "listings": len(items),
            "statuses": dict(Counter(i.decision.status.value for i in items)),
            "fact_findings_per_listing": round(sum(map(len, facts)) / count, 3),
            "fact_findings_unfixed_per_listing": round(
                sum(sum(not f.fixed for f in found) for found in facts) / count, 3
            ),
            "policy_pass_rate": round(sum(policy_pass) / count, 4),
            **{k: v for k, v in shares[locale].items() if k != "listings"},
            **shipped_measures(items, settings, terms),
        }
    return per_locale


def _record_seconds(outcomes: list[ProductOutcome]) -> dict[str, float]:
    seconds = sorted(sum(s for _, s in o.timings) for o in outcomes) or [0.0]
    return {
        "mean_s": round(statistics.fmean(seconds), 2),
        "p50_s": round(seconds[len(seconds) // 2], 2),
        "max_s": round(seconds[-1], 2),
    }


def evaluate_listing(
    records_by_dataset: dict[str, list[GoldRecord]],
    locales: list[str],
    out_dir: Path,
    settings: Settings,
    seller: SellerProfile | None = None,
) -> dict[str, Any]:
    """Run the graph on every record, with the seller profile's values where a record lacks
    them (embedded model unless settings name a server)."""
    records = [r for part in records_by_dataset.values() for r in part]
    products, outcomes, report, model = run_graph(
        records, locales, out_dir, settings, "eval-listing", seller
    )
    # The protected terms the checks read language ID without, extracted brands included.
    terms = {o.sku: protected_terms(products[o.sku], o.attributes) for o in outcomes}
    count = len(products) or 1
    return {
        "per_locale": listing_tally(outcomes, settings, terms),
        "model": model,
        "model_calls_per_record": round(report["model_usage"]["calls"] / count, 3),
        "latency_per_record": _record_seconds(outcomes),
        "wall_seconds_per_record": round(report["wall_seconds"] / count, 2),
        "model_usage": report["model_usage"],
        "failed_products": [o.sku for o in outcomes if o.error],
    }


def listing_sections(metrics: dict[str, Any]) -> str:
    """Time and model calls per record, and the products that failed, as HTML."""
    latency = metrics["latency_per_record"]
    failed = ", ".join(html.escape(s) for s in metrics["failed_products"]) or "none"
    return (
        f"<h2>Speed</h2><p>graph time per record: mean {latency['mean_s']} s, "
        f"p50 {latency['p50_s']} s, max {latency['max_s']} s; wall per record "
        f"{metrics['wall_seconds_per_record']} s; model calls per record "
        f"{metrics['model_calls_per_record']} ({html.escape(str(metrics['model']))})</p>"
        f"<p>failed products: {failed}</p>"
    )
