"""checks: every check on one locale's listing, safe fixes applied, and the verdict (where the
listing goes next), recorded in state and the audit log for routing to read."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.checks.fallback import replaceable, with_fallback
from listingsmith.checks.listing import check_listing
from listingsmith.checks.verdict import listing_route, open_findings
from listingsmith.config import Settings
from listingsmith.domain import Draft, Finding
from listingsmith.nodes.assembly import composed_listing
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.policies.engine import apply_fixes
from listingsmith.state import (
    LocaleState,
    attributes_of,
    category_id_of,
    conflicts_of,
    dumps,
    findings_of,
    listing_of,
    pivot_of,
    product_of,
)
from listingsmith.text.languages import language_of


@timed("checks")
async def checks(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Check, apply delete/truncate fixes, and check the fixed text again: what ships is what
    the second check saw. When the model's attempts are spent, the failing model-written fields
    are replaced by text composed from data and checked again. Then judge: finalize, localize
    again, or a person."""
    settings = deps_of(runtime).settings
    reviewed = bool(state.get("human"))
    attempts = state.get("attempts", 0)
    listing = listing_of(state)
    findings = findings_of(state)
    replaced: list[str] = []
    if listing is not None:
        listing, findings, applied, packs = _checked(state, listing, settings)
    else:
        applied, packs = [], []
    sign_off = state["locale"] in settings.sign_off_locales
    route = listing_route(findings, attempts, settings.max_attempts, reviewed, listing, sign_off)
    if route == "human_review" and not reviewed:
        replaced = replaceable(listing, findings)
        if replaced:
            composed = composed_listing(state, state["locale"], settings)
            listing = with_fallback(listing, replaced, composed)
            applied += [f.model_copy(update={"fixed": True}) for f in open_findings(findings)]
            listing, findings, more, packs = _checked(state, listing, settings)
            applied += more
            route = listing_route(
                findings, settings.max_attempts, settings.max_attempts, False, sign_off=sign_off
            )
    found = dumps(findings)
    record(
        runtime,
        state,
        "checks",
        {
            "input_hash": content_hash(state.get("listing")),
            "output_hash": content_hash(listing.model_dump()) if listing else None,
            "packs": packs,
            "fixed": dumps(applied),
            "fallback": replaced,
            "origins": listing.origins if listing else {},
            "findings": found,
            "verdict": route,
        },
        state["locale"],
        attempts,
    )
    return {
        "listing": listing.model_dump(mode="json") if listing else None,
        "findings": found,
        "route": route,
        "history": dumps(applied + findings),
        "packs": packs,
    }


def _checked(
    state: LocaleState, listing: Draft, settings: Settings
) -> tuple[Draft, list[Finding], list[Finding], list[str]]:
    """The listing after its safe fixes, the findings on it, the fixes applied, the packs."""
    product, attributes, pivot = product_of(state), attributes_of(state), pivot_of(state)
    locale = state["locale"]
    category, data_language = category_id_of(state), language_of(product.source_locale)
    # The graph knows both, and that fields without an origin are the model's.
    known = {"category_id": category, "data_language": data_language, "drafted": True}
    first, packs = check_listing(listing, product, attributes, locale, settings, pivot, **known)
    fixed_listing, marked = apply_fixes(listing, first)
    applied = [f for f in marked if f.fixed]
    remaining = (
        check_listing(fixed_listing, product, attributes, locale, settings, pivot, **known).findings
        if applied
        else first  # nothing changed: the first check stands
    )
    if not state.get("human"):
        # Attribute conflicts go to a person once; a reviewer's edit is not held for them again.
        remaining = remaining + [
            c.finding(locale, settings.conflict_hold_confidence) for c in conflicts_of(state)
        ]
    return fixed_listing, remaining, applied, packs
