"""review: policy packs, fact-check and language ID on one locale's listing; safe fixes applied."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.attributes.fusion import Conflict
from listingsmith.audit.log import content_hash
from listingsmith.config import Settings
from listingsmith.domain import Attribute, Draft, Finding, Product
from listingsmith.facts.verify import fact_findings
from listingsmith.locale.glossary import protected_term_findings, protected_terms
from listingsmith.locale.langid import language_findings
from listingsmith.nodes.decision import review_outcome
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.nodes.output_checks import degeneration_findings, leak_findings
from listingsmith.policies.engine import apply_fixes, check_policies
from listingsmith.policies.rules import RuleContext
from listingsmith.state import LocaleState
from listingsmith.text.languages import language_of


def check_listing(
    listing: Draft,
    product: Product,
    pivot: Draft,
    attributes: list[Attribute],
    locale: str,
    settings: Settings,
) -> tuple[list[Finding], list[str]]:
    """Every finding of every deterministic check, and the policy packs applied."""
    context = RuleContext(
        attributes={a.name.lower(): a.value for a in attributes if a.source == "seller"},
        brand=product.brand,
        language=language_of(locale),
    )
    findings, packs = check_policies(
        listing, locale, product.marketplace, product.category, context
    )
    findings += fact_findings(
        listing,
        attributes,
        locale,
        settings.quantity_rel_tolerance,
        language_of(product.source_locale),
    )
    findings += leak_findings(listing, product, pivot, locale)
    findings += degeneration_findings(listing, locale)
    findings += protected_term_findings(listing, pivot, protected_terms(product), locale)
    findings += language_findings(
        listing, locale, settings.language_min_confidence, settings.language_min_field_chars
    )
    return findings, packs


@timed("review")
async def review(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Check, apply delete/truncate fixes, and check the fixed text again: what ships is what
    the second check saw."""
    if state.get("listing") is None:
        return {}
    settings = deps_of(runtime).settings
    product = Product(**state["product"])
    attributes = [Attribute(**a) for a in state["attributes"]]
    locale = state["locale"]
    pivot = Draft(**state["draft"])
    first, packs = check_listing(
        Draft(**state["listing"]), product, pivot, attributes, locale, settings
    )
    fixed_listing, marked = apply_fixes(Draft(**state["listing"]), first)
    applied = [f for f in marked if f.fixed]
    remaining = (
        check_listing(fixed_listing, product, pivot, attributes, locale, settings)[0]
        if applied
        else first  # nothing changed: the first check stands
    )
    if not state.get("human"):
        # Attribute conflicts go to a person once; a reviewer's edit is not held for them again.
        remaining = remaining + [
            Conflict(**c).finding(locale, settings.conflict_hold_confidence)
            for c in state.get("conflicts", [])
        ]
    remaining_dump = [f.model_dump(mode="json") for f in remaining]
    verdict = review_outcome(
        remaining_dump, state.get("attempts", 0), settings.max_attempts, state.get("human")
    )
    record(
        runtime,
        state,
        "review",
        {
            "input_hash": content_hash(state["listing"]),
            "output_hash": content_hash(fixed_listing.model_dump()),
            "packs": packs,
            "fixed": [f.model_dump(mode="json") for f in applied],
            "findings": remaining_dump,
            "verdict": verdict,
        },
        locale,
        state.get("attempts"),
    )
    return {
        "listing": fixed_listing.model_dump(mode="json"),
        "findings": [f.model_dump(mode="json") for f in remaining],
        "history": [f.model_dump(mode="json") for f in applied + remaining],
        "packs": packs,
    }
