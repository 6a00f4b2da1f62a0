"""Localisation evaluation: run the whole graph on dataset records and score each locale's
listings: language ID, protected terms, numbers against the attributes, attempts."""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.datasets import GoldRecord
from listingsmith.attributes.fusion import fuse
from listingsmith.attributes.text import seller_attributes, text_attributes
from listingsmith.batch.job import JobSpec, run_job
from listingsmith.batch.runner import ProductOutcome
from listingsmith.config import Settings
from listingsmith.domain import Product, Status
from listingsmith.facts.verify import Verdict, check_claims, evidence_claims
from listingsmith.locale.glossary import protected_term_findings, protected_terms
from listingsmith.locale.langid import language_findings
from listingsmith.serving.connect import connect

BRAND_NAMES = ("brand", "brand name", "manufacturer")


def to_product(record: GoldRecord) -> Product:
    """A catalogue product from an evaluation record: gold values as the seller's fields."""
    attributes = {name: values[0] for name, values in record.gold.items() if values}
    brand = next((attributes[n] for n in attributes if n.lower() in BRAND_NAMES), None)
    return Product(
        sku=re.sub(r"[^\w.-]", "_", record.id),
        title=record.title,
        description=record.description,
        category=record.category,
        brand=brand,
        attributes=attributes,
    )


def localize_metrics(
    products: dict[str, Product], outcomes: list[ProductOutcome], settings: Settings
) -> dict[str, Any]:
    """Per locale: shares of listings passing language ID, keeping protected terms, with every
    number matching the attributes; mean attempts; status counts."""
    tallies: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(float))
    for outcome in outcomes:
        product = products[outcome.sku]
        attributes, _ = fuse(seller_attributes(product) + text_attributes(product))
        evidence = evidence_claims(attributes, "en")
        terms = protected_terms(product)
        for item in outcome.listings:
            tally = tallies[item.locale]
            tally[f"status:{item.decision.status.value}"] += 1
            if item.listing is None or item.decision.status is Status.FAILED:
                tally["no_listing"] += 1
                continue
            tally["listings"] += 1
            tally["attempts"] += item.decision.attempts
            listing = item.listing
            tally["langid_pass"] += not language_findings(
                listing,
                item.locale,
                settings.language_min_confidence,
                settings.language_min_field_chars,
            )
            pivot = outcome.pivot or listing
            tally["protected_terms_kept"] += not protected_term_findings(
                listing, pivot, terms, item.locale
            )
            checks = [
                c
                for text in listing.fields().values()
                for c in check_claims(
                    text, attributes, item.locale, settings.quantity_rel_tolerance, "en", evidence
                )
                if c.claim.kind == "quantity"
            ]
            tally["numbers_match"] += all(c.verdict is Verdict.SUPPORTED for c in checks)
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
    records: list[GoldRecord], locales: list[str], out_dir: Path, settings: Settings, run_id: str
) -> tuple[dict[str, Product], list[ProductOutcome], dict[str, Any], str]:
    """The whole graph on the records turned into products (embedded model unless settings name
    a server): the products, their outcomes, run.json's body and the model's name."""
    products = {}
    for record in records:
        product = to_product(record)
        products[product.sku] = product
    outcomes: list[ProductOutcome] = []
    spec = JobSpec(list(products.values()), locales, out_dir / "run", run_id)
    with connect(settings) as client:
        report = asyncio.run(run_job(spec, settings, client, collected=outcomes))
    return products, outcomes, report, client.model_id


def evaluate_localize(
    records: list[GoldRecord], locales: list[str], out_dir: Path, settings: Settings
) -> dict[str, Any]:
    """Run the graph on the records (embedded model unless settings name a server)."""
    products, outcomes, report, model = run_graph(
        records, locales, out_dir, settings, "eval-localize"
    )
    return {
        "per_locale": localize_metrics(products, outcomes, settings),
        "model": model,
        "model_usage": report["model_usage"],
        "wall_seconds": report["wall_seconds"],
    }
