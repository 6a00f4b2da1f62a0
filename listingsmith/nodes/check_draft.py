"""check_draft: the fact-check of the pivot draft before it is translated."""

from __future__ import annotations

from typing import Any

from langgraph.runtime import Runtime

from listingsmith.audit.log import content_hash
from listingsmith.domain import Attribute, Draft, Product
from listingsmith.facts.verify import fact_findings
from listingsmith.nodes.decision import redraft
from listingsmith.nodes.deps import Deps, deps_of, record, timed
from listingsmith.nodes.output_checks import degeneration_findings, leak_findings
from listingsmith.state import ProductState
from listingsmith.text.languages import language_of


@timed("check_draft")
async def check_draft(state: ProductState, runtime: Runtime[Deps]) -> dict[str, Any]:
    """Claims the attributes contradict or do not support, and copied prompt examples: an
    invented fact is fixed once in the pivot, not once per locale."""
    product = Product(**state["product"])
    attributes = [Attribute(**a) for a in state["attributes"]]
    pivot = Draft(**state["draft"])
    locale = product.source_locale
    findings = fact_findings(
        pivot,
        attributes,
        locale,
        deps_of(runtime).settings.quantity_rel_tolerance,
        language_of(locale),
    )
    findings += leak_findings(pivot, product, pivot, locale)
    findings += degeneration_findings(pivot, locale)
    found = [f.model_dump(mode="json") for f in findings]
    again = redraft(found, state.get("draft_attempts", 0), deps_of(runtime).settings.max_attempts)
    record(
        runtime,
        state,
        "check_draft",
        {
            "input_hash": content_hash(state["draft"]),
            "findings": found,
            "verdict": "redraft" if again else "translate",
        },
        attempt=state.get("draft_attempts"),
    )
    return {"draft_findings": found}
