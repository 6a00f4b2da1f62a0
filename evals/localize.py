"""Localisation evaluation: run the whole graph on dataset records and score each locale's
listings: language ID, protected terms, numbers against the attributes, attempts."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from pathlib import Path
from typing import Any

from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.runner import ProductOutcome
from listingsmith.batch.seller import SellerProfile, with_profile
from listingsmith.checks.listing import Checks, check_listing
from listingsmith.config import Settings
from listingsmith.datasets import GoldRecord, to_product
from listingsmith.domain import Product, Status
from listingsmith.locale.glossary import PROTECTED_TERM_RULE
from listingsmith.locale.langid import LANGUAGE_RULE
from listingsmith.serving.connect import connect

QUANTITY_RULES = "fact.quantity."


def localize_metrics(
    products: dict[str, Product], outcomes: list[ProductOutcome], settings: Settings
) -> dict[str, Any]:
    """Per locale: shares of listings passing language ID, keeping protected terms, with every
    number matching the attributes the graph used; mean attempts; status counts."""
    tallies: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(float))
    for outcome in outcomes:
        product = products[outcome.sku]
        for item in outcome.listings:
            tally = tallies[item.locale]
            tally[f"status:{item.decision.status.value}"] += 1
            if item.listing is None or item.decision.status is Status.FAILED:
                tally["no_listing"] += 1
                continue
            tally["listings"] += 1
            tally["attempts"] += item.decision.attempts
            findings = check_listing(
                item.listing,
                product,
                outcome.attributes,
                item.locale,
                settings,
                outcome.pivot,
                Checks.LANGUAGE | Checks.TERMS | Checks.FACTS,
            ).findings
            rules = {f.rule_id for f in findings}
            tally["langid_pass"] += LANGUAGE_RULE not in rules
            tally["protected_terms_kept"] += PROTECTED_TERM_RULE not in rules
            tally["numbers_match"] += not any(r.startswith(QUANTITY_RULES) for r in rules)
    per_locale = {}
    for locale, tally in sorted(tallies.items()):
        listings = tally["listings"] or 1
        per_locale[locale] = {
            "langid_pass": round(tally["langid_pass"] / listings, 4),
            "protected_terms_kept": round(tally["protected_terms_kept"] / listings, 4),
            "numbers_match": round(tally["numbers_match"] / listings, 4),
            "attempts_mean": round(tally["attempts"] / listings, 3),
            "listings": int(tally["listings"]),
            "statuses": {
                k.split(":", 1)[1]: int(v) for k, v in tally.items() if k.startswith("status:")
            },
        }
    return per_locale


def run_graph(
    records: list[GoldRecord],
    locales: list[str],
    out_dir: Path,
    settings: Settings,
    run_id: str,
    seller: SellerProfile | None = None,
) -> tuple[dict[str, Product], list[ProductOutcome], dict[str, Any], str]:
    """The whole graph on the records turned into products, with the seller profile's values
    where a record lacks them (embedded model unless settings name a server): the products,
    their outcomes, run.json's body and the model's name."""
    products = {}
    for record in records:
        product = with_profile(to_product(record), seller)
        products[product.sku] = product
    outcomes: list[ProductOutcome] = []
    spec = JobSpec(list(products.values()), locales, out_dir / "run", run_id, seller=seller)
    with connect(settings) as client:
        report = asyncio.run(run_job(spec, settings, client, collected=outcomes))
    return products, outcomes, report, client.model_id


def evaluate_localize(
    records: list[GoldRecord],
    locales: list[str],
    out_dir: Path,
    settings: Settings,
    seller: SellerProfile | None = None,
) -> dict[str, Any]:
    """Run the graph on the records (embedded model unless settings name a server)."""
    products, outcomes, report, model = run_graph(
        records, locales, out_dir, settings, "eval-localize", seller
    )
    return {
        "per_locale": localize_metrics(products, outcomes, settings),
        "model": model,
        "model_usage": report["model_usage"],
        "wall_seconds": report["wall_seconds"],
    }
