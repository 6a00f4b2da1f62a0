"""`policies check FILE.jsonl` builds a line's rule context and output findings without the
Product, Attribute and Finding models' validation and serializer: the same values as those."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from listingsmith.attributes.text import seller_attributes
from listingsmith.batch.policy_lines import (
    ListingLine,
    _draft,
    _parsed,
    finding_line,
    line_context,
    regime_of,
)
from listingsmith.checks.listing import pack_context, policy_findings
from listingsmith.config import Settings
from listingsmith.domain import Finding, Product, Severity
from listingsmith.taxonomy.catalog import scope_category

DEV = Path(__file__).resolve().parents[2] / "evals" / "data" / "policies" / "dev.jsonl"
FINDING = TypeAdapter(Finding)


def old_context(listing: ListingLine) -> Any:
    """The context as `check` made it before: through the product and its seller attributes."""
    product = Product(
        sku=listing.id or "listing",
        title=listing.listing.title or listing.id or "listing",
        attributes=listing.attributes,
        category=listing.category,
        marketplace=listing.marketplace,
        brand=listing.brand,
    )
    return pack_context(product, seller_attributes(product, units=False), listing.locale, None)


@pytest.mark.parametrize(
    ("brand", "attributes"),
    [
        (None, {}),
        ("ACME ", {"Colour": "red", "weight_kg": 2.5, "vegan": True, "sizes": ["S", "M"]}),
        (None, {"Brand": " Loomi ", "maker": "Weaver GmbH"}),
        ("", {"brand": "Loomi", "BRAND": "Other"}),
        ("Acme", {"brand": "Loomi", "ingredients@de": "Wasser", "Warnings @DE": "heiß"}),
        (None, {"ingredients@fr": "eau", " Material ": "cotton", "count": 3, "gone": None}),
        ("  ", {"manufacturer": "Acme GmbH", "gtin": 4006381333931, "recycled": False}),
    ],
)
@pytest.mark.parametrize("locale", ["en-US", "de-DE", "fr-FR"])
def test_line_context_is_the_product_s(
    brand: str | None, attributes: dict[str, Any], locale: str
) -> None:
    listing = ListingLine.model_validate(
        {
            "id": "x",
            "locale": locale,
            "marketplace": "amazon",
            "brand": brand,
            "listing": {"title": "Bottle"},
            "attributes": attributes,
        }
    )
    assert line_context(listing) == old_context(listing)


def dev_findings(lines: int) -> list[Finding]:
    """The findings of `lines` lines spread evenly over the dev corpus (its first lines are
    one regime's, and a new dev round of that regime would crowd the others out)."""
    settings = Settings()
    found = []
    every = DEV.read_text(encoding="utf-8").splitlines()
    for number, text in enumerate(every[:: max(1, len(every) // lines)][:lines], 1):
        listing, _ = _parsed(number, json.loads(text), {})
        if listing is None:
            continue
        assert line_context(listing) == old_context(listing)
        category = scope_category(listing.category, listing.category_id)
        checked = policy_findings(
            _draft(listing),
            listing.locale,
            listing.marketplace,
            category,
            line_context(listing),
            settings,
        )
        found += checked.findings
    return found


def test_finding_lines_are_the_models_json_dump() -> None:
    findings = dev_findings(300)
    # Every optional value given, the severity a warning, and no span.
    change = {"span": None, "suggested_fix": "Add it.", "fixed": True, "severity": Severity.WARN}
    findings.append(findings[0].model_copy(update=change))
    assert len({f.rule_id for f in findings}) >= 20  # many rules and kinds, built both ways
    assert any(f.span is None for f in findings) and any(f.span for f in findings)
    for finding in findings:
        expected = {
            **FINDING.dump_python(finding, mode="json"),
            "regime": regime_of(finding.rule_id),
        }
        assert repr(finding_line(finding)) == repr(expected), finding.rule_id  # types too
