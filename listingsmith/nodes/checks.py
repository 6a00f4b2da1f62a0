"""checks: every check on one locale's listing, safe fixes applied, and the verdict (where the
listing goes next), recorded in state and the audit log for routing to read."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.checks import check_listing, listing_route
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


@timed("checks")
async def checks(state: LocaleState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Check, apply delete/truncate fixes, and check the fixed text again: what ships is what
    the second check saw. Then judge: finalize, localize again, or a person."""
    listing = listing_of(state)
    settings = deps_of(runtime).settings
    reviewed = bool(state.get("human"))
    if listing is None:
        # The model's output failed: localize's finding is judged as it stands.
        return {
            "route": listing_route(
                findings_of(state), state.get("attempts", 0), settings.max_attempts, reviewed
            )
        }
    product, attributes, pivot = product_of(state), attributes_of(state), pivot_of(state)
    locale, category_id = state["locale"], category_id_of(state)
    first, packs = check_listing(
        listing, product, attributes, locale, settings, pivot, category_id=category_id
    )
    fixed_listing, marked = apply_fixes(listing, first)
    applied = [f for f in marked if f.fixed]
    remaining = (
        check_listing(
            fixed_listing, product, attributes, locale, settings, pivot, category_id=category_id
        ).findings
        if applied
        else first  # nothing changed: the first check stands
    )
    if not reviewed:
        # Attribute conflicts go to a person once; a reviewer's edit is not held for them again.
        remaining = remaining + [
            c.finding(locale, settings.conflict_hold_confidence) for c in conflicts_of(state)
        ]
    route = listing_route(remaining, state.get("attempts", 0), settings.max_attempts, reviewed)
    found = dumps(remaining)
    record(
        runtime,
        state,
        "checks",
        {
            "input_hash": content_hash(state["listing"]),
            "output_hash": content_hash(fixed_listing.model_dump()),
            "packs": packs,
            "fixed": dumps(applied),
            "findings": found,
            "verdict": route,
        },
        locale,
        state.get("attempts"),
    )
    return {
        "listing": fixed_listing.model_dump(mode="json"),
        "findings": found,
        "route": route,
        "history": dumps(applied + remaining),
        "packs": packs,
    }
