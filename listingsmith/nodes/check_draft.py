"""check_draft: the fact-check of the pivot draft before it is translated, and its verdict."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.checks.fallback import replaceable, with_fallback
from listingsmith.checks.listing import check_pivot
from listingsmith.checks.verdict import open_findings, redraft
from listingsmith.nodes.assembly import composed_listing
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.state import (
    PivotVerdict,
    ProductState,
    attributes_of,
    category_id_of,
    dumps,
    pivot_of,
    product_of,
)


@timed("check_draft")
async def check_draft(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Claims the attributes contradict or do not support, and copied prompt examples: an
    invented fact is fixed once in the pivot, not once per locale. Once the redrafts are spent,
    the failing model-written fields are composed from data instead. Routing reads the verdict."""
    settings = deps_of(runtime).settings
    product, attributes, pivot = product_of(state), attributes_of(state), pivot_of(state)
    category = category_id_of(state)
    findings = check_pivot(pivot, product, attributes, settings, category)
    again = redraft(findings, state.get("draft_attempts", 0), settings.max_attempts)
    replaced = [] if again else replaceable(pivot, findings)
    update: dict[str, Any] = {}
    if replaced:
        composed = composed_listing(state, product.source_locale, settings)
        pivot = with_fallback(pivot, replaced, composed)
        fixed = [f.model_copy(update={"fixed": True}) for f in open_findings(findings)]
        findings = check_pivot(pivot, product, attributes, settings, category)
        update = {"draft": pivot.model_dump(mode="json"), "draft_history": dumps(fixed)}
    verdict: PivotVerdict = "redraft" if again else "translate"
    found = dumps(findings)
    record(
        runtime,
        state,
        "check_draft",
        {
            "input_hash": content_hash(state["draft"]),
            "output_hash": content_hash(pivot.model_dump()),
            "fallback": replaced,
            "findings": found,
            "verdict": verdict,
        },
        attempt=state.get("draft_attempts"),
    )
    return {**update, "draft_findings": found, "draft_verdict": verdict}
